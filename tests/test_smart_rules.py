"""SMART action checks: the shipped rules give the verdicts the fixture file lists for
each element, for a sentence (the exercise) and for the action log's fields alike; the
browser's evaluator (smart_rules.js, run here under Node) agrees with the Python one on
every fixture; the course's own model actions pass; and a broken rules file is reported
with file, line and key."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import RulesError
from workbook.banks._load import default_banks
from workbook.rules import check_smart_action, load_smart_rules
from workbook.rules._smart import SMART_RULES_PATH, default_smart_rules

HERE = Path(__file__).parent
ROOT = HERE.parent
ELEMENTS = ["specific", "measurable", "assignable", "realistic", "time_related"]
LETTERS = "SMART"
TODAY = "2026-03-02"
FIELDS = ("action", "owner", "due", "measure")


def fixture_rows() -> list[tuple[str, dict[str, str]]]:
    """(expected, fields) for each row of tests/data/smart_actions.tsv."""
    lines = (HERE / "data" / "smart_actions.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert rows[0] == ["expected", *FIELDS]
    return [(expected, dict(zip(FIELDS, cells, strict=True))) for expected, *cells in rows[1:]]


def as_input(fields: dict[str, str]) -> str | dict[str, str]:
    """A row with only an action is a sentence; otherwise the action log's fields."""
    only_action = not any(fields[name] for name in FIELDS[1:]) and fields["action"]
    return fields["action"] if only_action else fields


def verdicts(results: list[Any] | None) -> str:
    if results is None:
        return "blank"
    return "".join(letter if r.met else "-" for letter, r in zip(LETTERS, results, strict=True))


def test_the_fixture_covers_sentences_fields_and_every_verdict() -> None:
    rows = fixture_rows()
    assert sum(isinstance(as_input(f), str) for _, f in rows) >= 40
    assert sum(isinstance(as_input(f), dict) for _, f in rows) >= 15
    for position, letter in enumerate(LETTERS):
        assert {e[position] for e, _ in rows if e != "blank"} == {letter, "-"}, letter


@pytest.mark.parametrize(("expected", "fields"), [pytest.param(e, f, id=str(f)[:60]) for e, f in fixture_rows()])
def test_each_fixture_action_gets_the_listed_verdicts(expected: str, fields: dict[str, str]) -> None:
    results = check_smart_action(as_input(fields), today=TODAY)
    if results is not None:
        assert [r.element for r in results] == ELEMENTS
    assert verdicts(results) == expected


@pytest.mark.parametrize(
    "sentence", [f["action"] for _, f in fixture_rows() if isinstance(as_input(f), str)], ids=lambda s: s[:40]
)
def test_a_sentence_in_the_logs_action_field_gets_the_same_results(sentence: str) -> None:
    as_fields = check_smart_action({"action": sentence, "owner": "", "due": "", "measure": ""}, today=TODAY)
    assert as_fields == check_smart_action(sentence, today=TODAY)


def test_python_and_javascript_agree(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the parity test (Debian package nodejs)")
    rules_json = tmp_path / "smart_rules.json"
    rules_json.write_text(json.dumps(default_smart_rules().data), encoding="utf-8")
    sentences = [f["action"] for _, f in fixture_rows() if isinstance(as_input(f), str)]
    actions: list[str | dict[str, str]] = [as_input(f) for _, f in fixture_rows()]
    actions += [{"action": s} for s in sentences]
    run = subprocess.run(
        [node, str(HERE / "js" / "check_smart_actions.mjs"), str(rules_json), TODAY],
        input="".join(json.dumps(a) + "\n" for a in actions),
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    from_js = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(from_js) == len(actions)
    mismatches = []
    for action, js in zip(actions, from_js, strict=True):
        py = check_smart_action(action, today=TODAY)
        py_list = [asdict(r) for r in py] if py is not None else None
        if py_list != js:
            mismatches.append((action, py_list, js))
    assert not mismatches, mismatches[:3]


def test_a_due_date_is_judged_against_today() -> None:
    action = {"action": "Email the rota to Ann", "owner": "Jo", "due": "2026-03-09", "measure": "Rota sent"}
    assert verdicts(check_smart_action(action, today="2026-03-09")) == "SMART"
    late = check_smart_action(action, today="2026-03-10")
    assert late is not None
    assert (late[4].met, late[4].check) == (False, "time_related_due_past")


def test_realism_is_not_claimed_where_a_pattern_cannot_judge_it() -> None:
    results = check_smart_action("I will email the three ward managers by Friday.")
    assert results is not None
    realistic = results[3]
    assert (realistic.met, realistic.check) == (True, "none")
    assert "beyond a pattern" in realistic.message
    no_step = check_smart_action("I will do my best by Friday.")
    assert no_step is not None
    assert (no_step[3].met, no_step[3].check) == (False, "needs_specific")


def test_the_letters_are_dorans() -> None:
    labels = [e["label"] for e in default_smart_rules().data["elements"]]
    assert labels == ["Specific", "Measurable", "Assignable", "Realistic", "Time-related"]


def smart_items() -> list[dict[str, Any]]:
    return [item for bank in default_banks().banks for item in bank.items if item["type"] == "smart"]


def test_every_smart_model_answer_passes_and_every_draft_does_not() -> None:
    items = smart_items()
    assert len(items) >= 4
    for item in items:
        assert verdicts(check_smart_action(item["model_answer"])) == "SMART", item["id"]
        assert verdicts(check_smart_action(item["original"])) != "SMART", item["id"]


def bank_item(item_id: str) -> dict[str, Any]:
    return default_banks().item(item_id)[1]


def test_the_checks_sort_the_banks_reviewable_actions_as_the_item_does() -> None:
    """The classify item's 'clear enough to review' actions pass every check; the others do not."""
    item = bank_item("classify_accountability_smart_or_not")
    for statement in item["statements"]:
        passes = verdicts(check_smart_action(statement["text"])) == "SMART"
        assert passes == (statement["category"] == "smart"), statement["text"]


def test_the_checks_find_the_weakest_letter_the_item_names() -> None:
    """Each draft in 'which part of SMART most needs work?' fails the letter its key names."""
    item = bank_item("classify_accountability_weakest_smart_letter")
    letters = {c["id"]: c["label"][0] for c in item["categories"]}
    for statement in item["statements"]:
        found = verdicts(check_smart_action(statement["text"]))
        assert found[LETTERS.index(letters[statement["category"]])] == "-", (statement["text"], found)


def page_example_actions() -> list[str]:
    """Example actions quoted on the accountability pages and the action-log tool page."""
    pages = [*sorted((ROOT / "book" / "accountability").glob("*.md")), ROOT / "book" / "tools" / "action-log.md"]
    quoted = re.compile(r"[\"“]((?:If [^\"”]*then )?I will [^\"”]+|(?:By|Before|On) [^\"”]*I will [^\"”]+)[\"”]")
    return [match.group(1) for page in pages for match in quoted.finditer(page.read_text(encoding="utf-8"))]


def test_the_pages_example_actions_pass() -> None:
    examples = page_example_actions()
    assert len(examples) >= 4
    failing = {text: verdicts(check_smart_action(text)) for text in examples}
    assert {text: v for text, v in failing.items() if v != "SMART"} == {}


def rules_with(change: object, tmp_path: Path) -> Path:
    data = yaml.safe_load(SMART_RULES_PATH.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "smart_rules.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["elements"][0]["checks"][0].update(pattern="(unclosed"),
            r"smart_rules\.yaml:\d+: elements\[0\]\.checks\[0\]\.pattern: check 'specific_vague_verb': bad pattern",
            id="bad-pattern",
        ),
        pytest.param(
            lambda d: d["elements"].reverse(),
            r"smart_rules\.yaml:\d+: elements\[0\]\.id: 'specific' was expected",
            id="elements-out-of-order",
        ),
        pytest.param(
            lambda d: d["elements"][1]["checks"][0].update(met="yes"),
            r"elements\[1\]\.checks\[0\]\.met: 'yes' is not of type 'boolean'",
            id="met-not-boolean",
        ),
        pytest.param(
            lambda d: d["elements"][4]["checks"][1].update(id="specific_named_step"),
            r"smart_rules\.yaml:1: \(top level\): ids must be unique, repeated: specific_named_step",
            id="duplicate-check-id",
        ),
        pytest.param(
            lambda d: d["elements"][2]["checks"][1].update(field="deadline"),
            r"elements\[2\]\.checks\[1\]\.field: 'deadline' is not one of",
            id="unknown-field",
        ),
        pytest.param(
            lambda d: d["elements"][2]["checks"][1].pop("field"),
            r"elements\[2\]\.checks\[1\]: .* is not valid under any of the given schemas",
            id="is-without-field",
        ),
        pytest.param(
            lambda d: d["elements"][3]["needs"].update(element="time_related"),
            r"elements\[3\]\.needs\.element: 'time_related' is not an element listed before 'realistic'",
            id="needs-a-later-element",
        ),
        pytest.param(
            lambda d: d["normalise"][0].update(pattern="[unclosed"),
            r"normalise\[0\]\.pattern: step 'straight_apostrophes': bad pattern",
            id="bad-normalise-pattern",
        ),
    ],
)
def test_rules_file_errors_name_file_line_and_key(tmp_path: Path, change: object, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        load_smart_rules(rules_with(change, tmp_path))
