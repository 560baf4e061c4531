"""The browser's rule engine (rules/question_rules.js, run here under Node) and the Python
one give identical results on one shared fixture set."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest

from workbook.rules import classify_question
from workbook.rules._engine import default_rules

HERE = Path(__file__).parent


def fixture_questions() -> list[str]:
    questions = (HERE / "data" / "rule_edge_cases.txt").read_text(encoding="utf-8").splitlines()
    for name in (
        "labelled_questions.tsv",
        "heldout_questions.tsv",
        "spoken_questions.tsv",
        "spoken_heldout_questions.tsv",
    ):
        rows = (HERE / "data" / name).read_text(encoding="utf-8").splitlines()[1:]
        questions += [row.split("\t", 1)[1] for row in rows]
    return questions


def test_python_and_javascript_agree(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the parity test (Debian package nodejs)")
    rules_json = tmp_path / "rules.json"
    rules_json.write_text(json.dumps(default_rules().data), encoding="utf-8")
    questions = fixture_questions()
    run = subprocess.run(
        [node, str(HERE / "js" / "classify_questions.mjs"), str(rules_json)],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    from_js = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(from_js) == len(questions)
    mismatches = []
    for question, js in zip(questions, from_js, strict=True):
        py = classify_question(question)
        py_dict = asdict(py) if py else None
        if py_dict != js:
            mismatches.append((question, py_dict, js))
    assert not mismatches, mismatches[:5]
