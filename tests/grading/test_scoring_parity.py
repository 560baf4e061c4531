"""The autograder marks every item exactly as the browser does: the Python
scorers and exercise.js's mark functions (run under Node) agree on the score
and on right or wrong, for a right and a wrong answer to every bank item; the
page's verdict (the exercise's data-verdict) is right, partly or wrong as the
score says."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_dilemmas import all_paths
from workbook.banks import default_banks
from workbook.grading import right_answer, score_item, wrong_answer
from workbook.rules import default_rules, default_smart_rules

SCRIPT = Path(__file__).resolve().parent.parent / "js" / "mark_answers.mjs"


def answers_for(item: dict[str, Any], rng: random.Random) -> list[Any]:
    """The demo's right and wrong answers, and for some types more: partly right, blank."""
    return [right_answer(item), wrong_answer(item, rng), *_more_answers(item, rng)]


def _more_answers(item: dict[str, Any], rng: random.Random) -> list[Any]:
    kind = item["type"]
    if kind == "dilemma":  # every path to an ending, and one that stops before any
        return [{"path": path} for path, _ in all_paths(item)] + [{"path": all_paths(item)[0][0][:-1]}]
    if kind not in ("match", "spot", "smart", "timing"):
        return []
    if kind == "smart":
        return [{"text": item["model_answer"]}, {"text": item["original"]}, {"text": "I will call Sam by Friday."}]
    if kind == "timing":
        lows = [s["min"] for s in item["stages"]]
        return [{"minutes": lows}, {"minutes": [s["max"] for s in item["stages"]]}, {"minutes": [None, *lows[1:]]}]
    key, rows = (
        ("matched", [p["match"] for p in item["pairs"]])
        if kind == "match"
        else ("spotted", [line["category"] for line in item["dialogue"] if line.get("category")])
    )
    choices = [c["id"] for c in item.get("options") or item["categories"]]
    return [{key: rows}, {key: [rng.choice(choices) for _ in rows]}, {key: [None] * len(rows)}]


def test_python_and_browser_marks_agree_on_every_item(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the marking parity test")
    rng = random.Random(7)
    cases = [
        (item, answer) for bank in default_banks().banks for item in bank.items for answer in answers_for(item, rng)
    ]
    data = {
        "question_rules": default_rules().data,
        "smart_rules": default_smart_rules().data,
        "cases": [{"item": item, "answer": answer} for item, answer in cases],
    }
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(data))
    out = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True, check=True).stdout
    browser = [json.loads(line) for line in out.splitlines()]
    assert len(browser) == len(cases)
    kinds = set()
    verdicts = set()
    for (item, answer), js in zip(cases, browser, strict=True):
        py = score_item(item, answer)
        if js is None:  # the browser shows no mark for a blank answer
            assert py.fraction == 0, (item["id"], answer)
            continue
        kinds.add(item["type"])
        assert (round(py.fraction, 9), py.correct) == (round(js["score"], 9), js["correct"]), (item["id"], answer, js)
        assert js["verdict"] == ("right" if py.correct else "partly" if py.fraction > 0 else "wrong")
        verdicts.add(js["verdict"])
    assert verdicts == {"right", "partly", "wrong"}
    assert kinds == {
        "choice",
        "classify",
        "order",
        "rewrite",
        "match",
        "spot",
        "smart",
        "timing",
        "practice",
        "dilemma",
    }
