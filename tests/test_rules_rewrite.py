"""Rewrite items are marked on what the question says, not only on its form:
each item's `avoid` patterns (the hidden advice it asked to remove) and
`about` patterns (the presenter's issue), the same in Python and in the
browser, and checked when a bank is loaded."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules_accuracy import labelled
from workbook import BankError
from workbook.banks._load import default_banks, load_bank
from workbook.grading._scoring import score_item
from workbook.rules import mark_rewrite
from workbook.rules._engine import default_rules

HERE = Path(__file__).parent
RULES = default_rules().data["rewrite"]

# Answers a learner might give to any rewrite item, including the stock ones.
PROBES = (
    "What do you think?",
    "What is your favourite colour?",
    "What would happen if you took this to HR?",
    "Who in HR could help?",
    "What do you think about bringing in a consultant?",
    "And is there anything else about stuck?",
    "How do you feel about it?",
    "What would help?",
    "Why didn't you tell your manager?",
    "So, um, who else could, like, help you with this, Sam?",
    "",
)


def rewrite_items() -> list[dict[str, Any]]:
    return [item for bank in default_banks().banks for item in bank.items if item["type"] == "rewrite"]


def item(item_id: str) -> dict[str, Any]:
    return default_banks().item(item_id)[1]


def test_every_rewrite_item_names_what_to_avoid_and_what_to_stay_on() -> None:
    items = rewrite_items()
    assert len(items) >= 17
    for each in items:
        assert each.get("avoid"), each["id"]
        assert each.get("about"), each["id"]
        assert all(entry["feedback"].strip() for entry in each["avoid"]), each["id"]


@pytest.mark.parametrize(
    "answer",
    ["What would happen if you took this to HR?", "Who in HR could help?", "How might human resources see it?"],
)
def test_an_open_question_that_keeps_the_advice_is_marked_down(answer: str) -> None:
    hr = item("rewrite_have_you_spoken_to_hr")
    mark = mark_rewrite(hr, answer)
    assert mark is not None
    assert mark.verdict.verdict == "open"
    assert (mark.score, mark.correct, mark.avoided) == (RULES["avoid_max_score"], False, "hr")
    assert mark.notes[1].startswith("HR is still in the question")
    assert score_item(hr, {"text": answer}).fraction == RULES["avoid_max_score"]


def test_an_open_question_off_the_presenter_s_issue_gets_partial_credit() -> None:
    hr = item("rewrite_have_you_spoken_to_hr")
    mark = mark_rewrite(hr, "What is your favourite colour?")
    assert mark is not None
    assert (mark.verdict.verdict, mark.score, mark.correct, mark.off_topic) == (
        "open",
        RULES["off_topic_max_score"],
        False,
        True,
    )
    assert mark.notes[1] == hr["off_topic"]


def test_a_stock_question_earns_no_more_than_half_on_any_item() -> None:
    for each in rewrite_items():
        mark = mark_rewrite(each, "What do you think?")
        assert mark is not None
        assert mark.score <= 0.5, each["id"]


def test_the_clean_questions_the_course_teaches_earn_full_marks() -> None:
    stuck = item("rewrite_long_preamble_stuck")
    for answer in (
        "And is there anything else about stuck?",
        "What kind of stuck is that?",
        "And that's stuck like what?",
    ):
        mark = mark_rewrite(stuck, answer)
        assert mark is not None
        assert mark.correct, (answer, mark.notes)
    theory = mark_rewrite(stuck, "How is the restructure connected to feeling stuck?")
    assert theory is not None
    assert (theory.avoided, theory.correct) == ("restructure", False)
    drift = mark_rewrite(stuck, "What is going on for you?")
    assert drift is not None
    assert drift.off_topic


def test_co_coaching_items_mark_down_the_coach_s_own_advice() -> None:
    manager = mark_rewrite(item("rewrite_cocoaching_have_you_asked_your_manager"), "How could your manager help?")
    team = mark_rewrite(item("rewrite_cocoaching_dont_you_think_tell_team"), "When will you tell your team first?")
    assert manager is not None
    assert team is not None
    assert (manager.avoided, team.avoided) == ("manager", "team_first")


def test_each_item_s_model_answer_is_right_and_its_original_is_not() -> None:
    for each in rewrite_items():
        model = mark_rewrite(each, each["model_answer"])
        original = mark_rewrite(each, each["original"])
        assert model is not None
        assert model.correct, each["id"]
        assert original is not None
        assert not original.correct, each["id"]


def test_python_and_javascript_mark_rewrites_alike(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the rewrite parity test")
    spoken = [question for _, question in labelled("spoken_questions.tsv")]
    cases = [
        (each, answer)
        for each in rewrite_items()
        for answer in (each["model_answer"], each["original"], *PROBES, *spoken[::7])
    ]
    path = tmp_path / "cases.json"
    path.write_text(
        json.dumps({"rules": default_rules().data, "cases": [{"item": i, "text": t} for i, t in cases]}),
        encoding="utf-8",
    )
    run = subprocess.run(
        [node, str(HERE / "js" / "mark_rewrites.mjs"), str(path)], capture_output=True, text=True, check=True
    )
    from_js = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(from_js) == len(cases)
    mismatches = []
    for (each, text), js in zip(cases, from_js, strict=True):
        mark = mark_rewrite(each, text)
        py = None
        if mark is not None:
            py = {
                "verdict": asdict(mark.verdict),
                "score": mark.score,
                "correct": mark.correct,
                "avoided": mark.avoided,
                "off_topic": mark.off_topic,
                "notes": list(mark.notes),
            }
        if py != js:
            mismatches.append((each["id"], text, py, js))
    assert not mismatches, mismatches[:3]


# ---- bank load: malformed patterns are refused with file, line, item and pattern


def write_bank(tmp_path: Path, **changes: Any) -> Path:
    rewrite = {
        "id": "rewrite_sample",
        "type": "rewrite",
        "prompt": "Rewrite this leading question as one open question.",
        "explanation": "The original carries advice.",
        "original": "Have you thought about going to HR?",
        "expected": "open",
        "model_answer": "Who else could help with this?",
        "avoid": [{"id": "hr", "pattern": r"\bhr\b", "feedback": "HR is still in the question."}],
        "about": [r"\bhelp"],
        **changes,
    }
    bank = {"schema_version": 1, "bank": "sample", "version": 1, "title": "Sample", "items": [rewrite]}
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return path


def test_a_sample_rewrite_bank_loads(tmp_path: Path) -> None:
    assert load_bank(write_bank(tmp_path)).items[0]["avoid"][0]["id"] == "hr"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"avoid": [{"id": "hr", "pattern": "(?<=to )hr", "feedback": "HR again."}]},
            r"items\[0\]\.avoid\[0\]\.pattern: bad pattern '\(\?<=to \)hr': .*only \(\?:",
            id="lookbehind",
        ),
        pytest.param(
            {"about": [r"(?:\w+\s*)+help"]},
            r"items\[0\]\.about\[0\]: bad pattern '\(\?:\\w\+\\s\*\)\+help': .*catastrophically",
            id="nested-repeat",
        ),
        pytest.param(
            {"about": [{"id": "helpers", "pattern": "(help"}]},
            r"items\[0\]\.about\[0\]\.pattern: bad pattern '\(help': .*not closed",
            id="unbalanced",
        ),
        pytest.param(
            {"avoid": [{"id": "hr", "pattern": r"\bHR\b", "feedback": "HR again."}]},
            r"items\[0\]\.avoid\[0\]\.pattern: bad pattern '\\bHR\\b': use lower case",
            id="upper-case",
        ),
        pytest.param(
            {"avoid": [{"id": "help", "pattern": r"\bhelp\b", "feedback": "Help again."}]},
            r"items\[0\]\.model_answer: the model answer must earn full marks, but: .*Help again\.",
            id="model-answer-avoided",
        ),
        pytest.param(
            {"about": [r"\bmentor\b"]},
            r"items\[0\]\.model_answer: the model answer must earn full marks",
            id="model-answer-off-topic",
        ),
        pytest.param(
            {"avoid": [{"id": "hr", "pattern": r"\bhr\b"}]},
            r"items\[0\]\.avoid\[0\]: 'feedback' is a required property",
            id="avoid-without-feedback",
        ),
    ],
)
def test_bad_patterns_are_refused_with_file_line_item_and_pattern(
    tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = write_bank(tmp_path, **changes)
    with pytest.raises(BankError, match=rf"sample\.yaml:\d+: item 'rewrite_sample' {message}"):
        load_bank(path)
