"""Every pattern the learner's text meets (the question rules, the SMART
rules, and the avoid and about patterns of rewrite items) is safe: in the
subset that Python and JavaScript read alike, and fast on long, hostile
answers in both engines.

A security review found one rule pattern that backtracked exponentially: a
161-character answer held the grader for minutes and froze the page for 35 s.
Here each pattern is timed on adversarial texts up to the longest answer a
learner can give, and compared with a trivial pattern timed on the same texts,
in Python and under Node. tests/test_rules_redos.py also runs a ReDoS checker
(npm's recheck) on every pattern.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from workbook.banks._load import default_banks
from workbook.grading._scoring import _MAX_TEXT
from workbook.rules import check_smart_action, classify_question
from workbook.rules._engine import default_rules
from workbook.rules._patterns import pattern_problem
from workbook.rules._smart import default_smart_rules

HERE = Path(__file__).parent
SRC = HERE.parent / "src" / "workbook"
# The longest text each pattern can meet (checked against the widgets' maxlength
# by test_lengths_reach_the_longest_answer): 500 a rewrite answer or a logged
# question, 600 a SMART exercise answer, 1,002 the action log's action and
# measure (500 each) joined by ". ", 2,000 where the autograder cuts an answer.
LONGEST = {"rewrite": 500, "question log": 500, "smart exercise": 600, "action form": 1_002, "grader": _MAX_TEXT}
# growing, so a runaway pattern is caught while still short, and each longest
LENGTHS = (64, 250, 500, 600, 1_002, 2_000)
TRIVIAL = "[0-9]"  # looks at every character once and never backtracks
# A pattern may cost this many times the trivial one on the same texts: linear
# patterns measure 2-25 times, a quadratic one about 3,000 times at 2,000 characters.
FACTOR = 100
# Seconds; below this, timer noise and a busy machine dominate (a pattern
# measured 2.0 ms against a 2.0 ms floor while two test processes and a book
# build shared two cores). A quadratic pattern takes tens of milliseconds at
# 2,000 characters, so it is still caught.
FLOOR = 0.010

UNITS = (
    "x - ",
    "x. ",
    "word ",
    "a, ",
    "and ",
    "and-",
    "what ",
    "what, ",
    "wh-",
    "so, um, ",
    "is there anything else about ",
    "what kind of ",
    "you should ",
    "how about ",
    "don't you ",
    "then, ",
    "hr ",
    "help ",
    "a",
    " ",
    "-",
    ",",
    "?",
    "? x ",
    "'",
    "\u2026 ",
    "a'a ",
    "team ",
    "leave stay ",
    "six ",
    "i will try ",
    "by the ",
)


def adversarial_texts(length: int = LENGTHS[-1]) -> list[str]:
    texts = []
    for unit in UNITS:
        body = (unit * (length // len(unit) + 1))[:length]
        texts += [body, body[:-1] + "?", "what " + body[: length - 5], body[: length - 6] + " what?"]
    return texts


def every_browser_pattern() -> list[tuple[str, str, str]]:
    """(where, source, flags) for each pattern the learner's text meets, as the browser compiles it.

    The question rules' normalise, rules and adjustments sections, the SMART
    rules' normalise steps and checks, and the avoid and about patterns of
    every rewrite item in every bank. The flags are those of ``new RegExp``
    in question_rules.js and smart_rules.js: "g" for normalise steps (they
    replace every match), none for the rest (they test).
    """
    data = default_rules().data
    found = [
        (f"question_rules.yaml {section} '{entry['id']}'", entry["pattern"], "g" if section == "normalise" else "")
        for section in ("normalise", "rules", "adjustments")
        for entry in data[section]
        if entry["pattern"]
    ]
    smart = default_smart_rules().data
    found += [(f"smart_rules.yaml normalise '{step['id']}'", step["pattern"], "g") for step in smart["normalise"]]
    found += [
        (f"smart_rules.yaml {element['id']} '{check['id']}'", check["pattern"], "")
        for element in smart["elements"]
        for check in element["checks"]
        if "pattern" in check
    ]
    for bank in default_banks().banks:
        for item in bank.items:
            if item["type"] != "rewrite":
                continue
            for key in ("avoid", "about"):
                for index, entry in enumerate(item.get(key, [])):
                    pattern = entry if isinstance(entry, str) else entry["pattern"]
                    found.append((f"{bank.name} '{item['id']}' {key}[{index}]", pattern, ""))
    return found


def every_pattern() -> list[tuple[str, str]]:
    """(where, pattern) for each rule, normalise step, adjustment, SMART check and bank pattern."""
    return [(where, source) for where, source, _ in every_browser_pattern()]


def python_seconds(pattern: str, texts: list[str]) -> float:
    compiled = re.compile(pattern, re.ASCII)
    slowest = 0.0
    for text in texts:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            compiled.sub("", text)
            best = min(best, time.perf_counter() - start)
        slowest = max(slowest, best)
    return slowest


def test_rewrite_items_carry_patterns() -> None:
    wheres = [where for where, _ in every_pattern()]
    assert any(" avoid[" in w for w in wheres)
    assert any(" about[" in w for w in wheres)
    assert any(w.startswith("smart_rules.yaml normalise") for w in wheres)
    assert any(w.startswith("smart_rules.yaml ") and "normalise" not in w for w in wheres)


def _numbers(path: Path, pattern: str) -> list[int]:
    """Every number that ``pattern`` (one group) finds in the source file ``path``."""
    return [int(n) for n in re.findall(pattern, path.read_text(encoding="utf-8"))]


def test_lengths_reach_the_longest_answer() -> None:
    """The adversarial texts are as long as the longest answer each pattern can meet.

    Read from the widgets: the exercises' MAX_TEXT in runtime.js (the inputs' maxlength, and
    the cut of a stored answer before it is marked), the question log's input,
    and the action log's limits on action and measure (typed or imported),
    which the SMART checks read joined by ". ".
    """
    exercise = SRC / "exercises" / "runtime.js"
    assert _numbers(exercise, r"const MAX_TEXT = \{ rewrite: (\d+)") == [LONGEST["rewrite"]]
    assert _numbers(exercise, r"const MAX_TEXT = \{[^}]*\bsmart: (\d+)") == [LONGEST["smart exercise"]]
    question_log = SRC / "tools" / "meeting_record.js"
    assert _numbers(question_log, r"const MAX_QUESTION = (\d+);") == [LONGEST["question log"]]
    store = SRC / "tools" / "log_store.js"
    action = _numbers(store, r"const LIMITS = \{[^}]*\baction: (\d+)")
    measure = _numbers(store, r"const LIMITS = \{[^}]*\bmeasure: (\d+)")
    assert [a + len(". ") + m for a, m in zip(action, measure, strict=True)] == [LONGEST["action form"]]
    form = SRC / "tools" / "action_form.js"
    assert _numbers(form, r'\b(?:action|measure): field\([^)]*maxlength: "(\d+)"') == action + measure
    assert set(LONGEST.values()) <= set(LENGTHS)
    assert max(LENGTHS) == max(LONGEST.values())


def test_every_pattern_is_in_the_common_subset() -> None:
    problems = {where: pattern_problem(p) for where, p in every_pattern() if pattern_problem(p)}
    assert not problems


def test_every_pattern_is_fast_in_python() -> None:
    slow = {}
    for length in LENGTHS:
        texts = adversarial_texts(length)
        budget = max(FACTOR * python_seconds(TRIVIAL, texts), FLOOR)
        for where, pattern in every_pattern():
            if where in slow:
                continue
            seconds = python_seconds(pattern, texts)
            if seconds > budget:
                slow[where] = f"{seconds * 1000:.1f} ms at {length} characters (budget {budget * 1000:.1f} ms)"
    assert not slow


def test_every_pattern_is_fast_in_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the pattern timing test")
    patterns = [("trivial", TRIVIAL), *every_pattern()]
    cases = tmp_path / "cases.json"
    groups = [adversarial_texts(length) for length in LENGTHS]
    data = {"patterns": [{"id": w, "pattern": p} for w, p in patterns], "groups": groups, "repeats": 3}
    cases.write_text(json.dumps({**data, "stop_seconds": 0.5}), encoding="utf-8")
    run = subprocess.run(
        [node, str(HERE / "js" / "time_patterns.mjs"), str(cases)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    timings = [json.loads(line) for line in run.stdout.splitlines()]
    assert [t["id"] for t in timings] == [w for w, _ in patterns]
    budgets = [max(FACTOR * seconds, FLOOR) for seconds in timings[0]["seconds"]]
    slow = {
        t["id"]: f"{seconds * 1000:.1f} ms at {length} characters (budget {budget * 1000:.1f} ms)"
        for t in timings[1:]
        for seconds, budget, length in zip(t["seconds"], budgets, LENGTHS, strict=False)
        if seconds > budget
    }
    assert not slow


# "At once" for one answer: backtracking would take seconds. The best of a
# few runs, after a first call that loads the rules, so a busy machine (or
# the one-off loading) is not mistaken for a slow pattern.
AT_ONCE = 0.05


def fastest(call: Callable[[], object], runs: int = 5) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def test_the_review_s_hostile_answer_is_classified_at_once() -> None:
    """The answer that froze the page (`"x - " * 40 + "x"`), and much longer ones."""
    for text in ["x - " * 40 + "x", *adversarial_texts()]:
        assert fastest(lambda text=text: classify_question(text)) < AT_ONCE, text[:40]


def test_hostile_actions_are_checked_at_once() -> None:
    """The SMART checks on the longest action a learner can give, as a sentence or as the action log's fields."""
    half = (LONGEST["action form"] - len(". ")) // 2
    for text in adversarial_texts(LONGEST["grader"]):
        fields = {"action": text[:half], "owner": text[:100], "due": "2026-01-01", "measure": text[-half:]}
        for action in (text, fields):
            assert fastest(lambda action=action: check_smart_action(action, today="2026-01-01")) < AT_ONCE, text[:40]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        pytest.param(r"(?<=not )hr", "only (?:…), (?=…) and (?!…)", id="lookbehind"),
        pytest.param(r"(?P<team>hr)", "only (?:…), (?=…) and (?!…)", id="named-group"),
        pytest.param(r"(?i)hr", "only (?:…), (?=…) and (?!…)", id="inline-flag"),
        pytest.param(r"hr++", "possessive", id="possessive"),
        pytest.param(r"\Ahr", "not understood the same way", id="python-only-anchor"),
        pytest.param(r"\p{L}", "not understood the same way", id="unicode-property"),
        pytest.param(r"[\b]", "not understood the same way", id="backspace-in-class"),
        pytest.param(r"[]hr]", "empty class", id="leading-bracket"),
        pytest.param(r"hr{", "not a quantifier", id="lone-brace"),
        pytest.param(r"(hr", "not closed", id="unbalanced"),
        pytest.param(r"\1(hr)", "back-reference", id="forward-reference"),
    ],
)
def test_patterns_outside_the_common_subset_are_refused(pattern: str, problem: str) -> None:
    found = pattern_problem(pattern)
    assert found is not None
    assert problem in found


def test_bank_patterns_may_not_nest_repeats() -> None:
    assert "catastrophically" in (pattern_problem(r"(?:\w+\s*)+help", simple=True) or "")
    assert pattern_problem(r"(?:\w+\s*)+help") is None  # the rules file is timed instead
    assert pattern_problem(r"\bwho (?:else )?could help\b", simple=True) is None
    assert "longer than" in (pattern_problem("a" * 301, simple=True) or "")
