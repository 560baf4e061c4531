"""Named hand-ins, graded through ``workbook grade``, against results worked out
by hand (tests/grading/files/<name> beside tests/grading/expected/<name>.json;
see files/README.md): right, wrong and partly right answers, a blank hand-in,
answers to an earlier version, and notebooks that are broken, altered or not
notebooks at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from workbook.cli import main
from workbook.grading._course import Course, init_course
from workbook.grading._grade import LearnerResult, load_results
from workbook.grading._release import release_assignment
from workbook.grading._scoring import EARLIER_VERSION

pytestmark = pytest.mark.slow

ASSIGNMENT = "questioning"
FILES = Path(__file__).parent / "files"
EXPECTED = Path(__file__).parent / "expected"
NAMES = sorted(p.stem for p in EXPECTED.glob("*.json"))
PROBLEMS = {EARLIER_VERSION: "earlier version"}
STAMP = "2026-11-20 09:30:00.000000 UTC"


def _change(notebook: Any, change: dict[str, Any]) -> None:
    """Apply one ``notebook-change.json`` to the released notebook, as a learner would in Jupyter."""

    def test_cell(grade_id: str) -> int:
        return next(
            i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
        )

    if "delete_test_cell" in change:
        del notebook.cells[test_cell(change["delete_test_cell"])]
    if "replace_test_cell" in change:
        notebook.cells[test_cell(change["replace_test_cell"]["grade_id"])].source = change["replace_test_cell"][
            "source"
        ]
    if "add_code_cell" in change:
        notebook.cells.insert(2, nbformat.v4.new_code_cell(change["add_code_cell"]))


def hand_in(course: Course, name: str, released: Path) -> None:
    """Put ``files/<name>`` where a collected hand-in goes: submitted/<name>/questioning."""
    source = FILES / name
    folder = course.root / "submitted" / name / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text(STAMP, encoding="utf-8")
    for path in source.iterdir():
        if path.name != "notebook-change.json":
            shutil.copyfile(path, folder / path.name)
    if not (folder / released.name).exists():
        notebook = nbformat.read(released, as_version=4)
        change = source / "notebook-change.json"
        if change.exists():
            _change(notebook, json.loads(change.read_text(encoding="utf-8")))
        nbformat.write(notebook, folder / released.name)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, LearnerResult]:
    course = init_course(tmp_path_factory.mktemp("hand-ins") / "course")
    release_assignment(course, ASSIGNMENT)
    released = next((course.root / "release" / ASSIGNMENT).glob("*.ipynb"))
    for name in NAMES:
        hand_in(course, name, released)
    assert main(["grade", ASSIGNMENT, "--course", str(course.root), "--jobs", "2"]) == 0
    return {r.learner: r for r in load_results(course, ASSIGNMENT)}


def test_every_named_hand_in_has_its_files_and_is_graded(graded: dict[str, LearnerResult]) -> None:
    assert sorted(p.name for p in FILES.iterdir() if p.is_dir()) == NAMES
    assert sorted(graded) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_hand_in_gets_the_result_worked_out_by_hand(name: str, graded: dict[str, LearnerResult]) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    result = graded[name]
    got = {
        i["item_id"]: {
            "points": i["points"],
            "max_points": i["max_points"],
            "problem": PROBLEMS.get(i["problem"], i["problem"]),
        }
        for i in result.items
    }
    want = {
        item_id: {"points": e["points"], "max_points": e["max_points"], "problem": e.get("problem")}
        for item_id, e in expected["items"].items()
    }
    assert list(got) == list(want)  # the assignment's order
    assert got == want
    assert (result.status, result.score, result.max_score) == (
        expected["status"],
        pytest.approx(expected["score"]),
        expected["max_score"],
    )
    assert result.score == pytest.approx(sum(e["points"] for e in expected["items"].values()))
    assert result.unreadable == expected["unreadable"]
    assert result.problems == expected["problems"]
