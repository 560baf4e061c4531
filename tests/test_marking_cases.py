"""Both markers against hand-written cases: tests/cases/marking.yaml gives, for
every exercise type, right, partly right, wrong, blank and malformed answers
with the score, verdict and feedback worked out by hand. The grader (Python's
score_item) and the page (exercise.js's markAnswer and verdictOf, under Node)
must each give exactly those, so neither can drift, and they cannot drift
together either (the parity test only proves they agree with each other)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook.banks._load import default_banks
from workbook.grading._scoring import EARLIER_VERSION, ItemResult, score_item
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "cases" / "marking.yaml"
SCRIPT = HERE / "js" / "mark_cases.mjs"
DATA = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]
PROBLEMS = {
    "not answered": "not answered",
    "the answer could not be read": "unreadable",
    EARLIER_VERSION: "earlier version",
}
NOT_SHOWN_BY_THE_PAGE = {"unreadable", "earlier version"}  # set aside before marking; see marking.yaml


def item_of(case: dict[str, Any]) -> dict[str, Any]:
    if "item" in case:
        item: dict[str, Any] = DATA["items"][case["item"]]
        return item
    bank, item = default_banks().item(case["bank_item"]["id"])
    assert bank.name == case["bank_item"]["bank"], case["id"]
    return item


def param(case: dict[str, Any]) -> Any:
    return pytest.param(case, id=case["id"])


def score(value: int | str) -> float:
    return float(Fraction(str(value)))


def verdict(correct: bool, fraction: float) -> str:
    """The page's verdictOf, for a mark the page would show."""
    return "right" if correct else "partly" if fraction > 0 else "wrong"


def _said(pattern: str, notes: list[str]) -> int | None:
    found = next((m for m in (re.search(pattern, n) for n in notes) if m), None)
    return int(found.group(1)) if found else None


def python_feedback(item: dict[str, Any], marked: ItemResult) -> dict[str, Any]:
    """What the feedback page tells the learner, in marking.yaml's words."""
    kind = item["type"]
    if kind == "rewrite":
        avoided = re.match(r"keeps '(\w+)': ", marked.response)
        return {
            "kind": marked.response.rsplit(": ", 1)[-1].removesuffix(" question"),
            "avoided": avoided.group(1) if avoided else None,
            "off_topic": marked.response.startswith("off the presenter's issue: "),
        }
    if kind == "dilemma":
        return {"ending": marked.response.split(" (")[0]}
    feedback: dict[str, Any] = {"parts": marked.parts}
    if kind == "choice":
        feedback["wrong_selected"] = [i for i, ok in zip(marked.selected, marked.parts, strict=True) if not ok]
        feedback["missed"] = _said(r"You have missed (\d+) correct option", marked.notes) or 0
    elif kind == "order":
        feedback["first_wrong"] = _said(r"^Step (\d+) should be", marked.notes)
    elif kind == "smart":
        elements = default_smart_rules().data["elements"]
        feedback["met"] = [e["id"] for e, ok in zip(elements, marked.parts, strict=True) if ok]
    elif kind == "timing":
        told = _said(r"^The plan allots (\d+) of the", marked.notes)
        feedback["allotted"] = item["total"] if told is None else told
    return feedback


@pytest.mark.parametrize("case", [param(c) for c in CASES])
def test_the_grader_marks_each_case_as_worked_out_by_hand(case: dict[str, Any]) -> None:
    item = item_of(case)
    expect = case["expect"]
    marked = score_item(item, case["answer"], default_rules())
    assert marked.fraction == pytest.approx(score(expect["score"]))
    assert marked.correct is expect["correct"]
    assert PROBLEMS.get(marked.problem or "") == expect.get("problem")
    shown = marked.answered and marked.problem is None
    assert (verdict(marked.correct, marked.fraction) if shown else None) == expect["verdict"]
    if shown:
        assert python_feedback(item, marked) == expect["feedback"]
    else:
        assert "feedback" not in expect


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every case marked by exercise.js under Node, by case id (one Node run)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to mark the cases as the browser does")
    path = tmp_path_factory.mktemp("cases") / "cases.json"
    data = {
        "question_rules": default_rules().data,
        "smart_rules": default_smart_rules().data,
        "cases": [{"item": item_of(c), "answer": c["answer"]} for c in CASES],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    out = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True, check=True).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(CASES)
    return {c["id"]: line for c, line in zip(CASES, lines, strict=True)}


@pytest.mark.parametrize("case", [param(c) for c in CASES])
def test_the_page_marks_each_case_as_worked_out_by_hand(
    case: dict[str, Any], browser: dict[str, dict[str, Any]]
) -> None:
    expect = case["expect"]
    got = browser[case["id"]]
    assert "error" not in got, got
    if expect.get("problem") in NOT_SHOWN_BY_THE_PAGE:
        assert got == {"shown": False, "set_aside": expect["problem"]}
        return
    if expect["verdict"] is None:
        assert got == {"shown": False}
        return
    assert got["score"] == pytest.approx(score(expect["score"]))
    assert got["correct"] is expect["correct"]
    assert got["verdict"] == expect["verdict"]
    assert got["feedback"] == expect["feedback"]


def test_rewrite_notes_are_the_same_words_in_both() -> None:
    """The rule's message and the item's avoid or off-topic note: the page and
    the feedback page show the same sentences."""
    node = shutil.which("node")
    assert node is not None
    cases = [
        c for c in CASES if c.get("bank_item", {}).get("id", "").startswith("rewrite_") and "feedback" in c["expect"]
    ]
    script = (
        "import { markAnswer } from '../src/workbook/exercises/exercise.js';"
        "const { rules, cases } = JSON.parse(process.argv[1]);"
        "for (const { item, answer } of cases) console.log(JSON.stringify(markAnswer(item, answer, rules).notes));"
    )
    data = {"rules": default_rules().data, "cases": [{"item": item_of(c), "answer": c["answer"]} for c in cases]}
    out = subprocess.run(
        [node, "--input-type=module", "-e", script, json.dumps(data)],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for case, line in zip(cases, out.splitlines(), strict=True):
        assert score_item(item_of(case), case["answer"]).notes == json.loads(line), case["id"]


def test_every_type_has_right_partly_wrong_blank_and_malformed_cases() -> None:
    """Order has no blank: its widget always holds an order."""
    seen: dict[str, set[str]] = defaultdict(set)
    for case in CASES:
        expect = case["expect"]
        kind = item_of(case)["type"]
        if expect["verdict"] is not None:
            seen[kind].add(expect["verdict"])
        elif expect.get("problem") in NOT_SHOWN_BY_THE_PAGE:
            seen[kind].add("malformed")
        else:
            seen[kind].add("blank")
    full = {"right", "partly", "wrong", "blank", "malformed"}
    expected = {kind: full - {"blank"} if kind == "order" else full for kind in seen}
    assert seen == expected
    assert set(seen) == {"choice", "classify", "order", "rewrite", "match", "spot", "smart", "timing", "dilemma"}
    single = {c["expect"]["verdict"] for c in CASES if c.get("item") == "choice_single"}
    multiple = {c["expect"]["verdict"] for c in CASES if c.get("item") == "choice_multiple"}
    assert {"right", "wrong"} <= single
    assert {"right", "partly", "wrong"} <= multiple
