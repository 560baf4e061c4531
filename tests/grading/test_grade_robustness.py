"""One hand-in never stops the cohort, and one command at a time works on a course.

The marking itself is plain Python on data; these tests make it slow or kill
its worker on purpose (by replacing the marking function before the workers
are forked) to prove the safety net around it: a time limit per learner, a dead
worker replaced and its learner retried once, an exit status that counts who
could not be graded, and a course lock that keeps two runs from mixing.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbook.cli import main
from workbook.grading import (
    Course,
    CourseBusyError,
    _grade,
    collect_submissions,
    course_lock,
    grade_submissions,
    init_course,
    load_results,
    release_assignment,
)
from workbook.grading._demo import DEMO_ASSIGNMENT, _answers, _download

pytestmark = pytest.mark.slow

LEARNERS = [f"learner{n}" for n in range(6)]
WORKBOOK = str(Path(sys.executable).parent / "workbook")
_real_mark = _grade._mark_learner


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    root = tmp_path_factory.mktemp("robust") / "course"
    made = init_course(root)
    release_assignment(made, DEMO_ASSIGNMENT)
    released = next((root / "release" / DEMO_ASSIGNMENT).glob("*.ipynb"))
    downloads = root.parent / "downloads"
    downloads.mkdir()
    rng = random.Random(7)
    for name in LEARNERS:
        _download(downloads / f"{name}.json", name, _answers(released, rng.choice([0.3, 0.7, 1.0]), rng))
    collect_submissions(made, DEMO_ASSIGNMENT, downloads=downloads)
    return made


@pytest.fixture(scope="module")
def alone(course: Course) -> dict[str, dict[str, Any]]:
    """Each learner's result when nothing goes wrong."""
    return {r.learner: _marks(r) for r in grade_submissions(course, DEMO_ASSIGNMENT, jobs=2)}


def _marks(result: Any) -> dict[str, Any]:
    return {
        "status": result.status,
        "score": result.score,
        "items": [(i["item_id"], i["points"]) for i in result.items],
    }


def _gradebook(course: Course) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return {
            s.student_id: {g.name: float(g.score) for nb in s.notebooks for g in nb.grades}
            for s in gradebook.assignment_submissions(DEMO_ASSIGNMENT)
        }


def _slow_for_learner2(root: str, assignment: str, released: str, learner: str) -> dict[str, Any]:
    if learner == "learner2":
        time.sleep(60)
    return _real_mark(root, assignment, released, learner)


def _dies_for_learner3(root: str, assignment: str, released: str, learner: str) -> dict[str, Any]:
    if learner == "learner3":
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_mark(root, assignment, released, learner)


def _dies_once_for_learner4(root: str, assignment: str, released: str, learner: str) -> dict[str, Any]:
    marker = Path(root) / "results" / "died-once"
    if learner == "learner4" and not marker.exists():
        marker.write_text("x", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_mark(root, assignment, released, learner)


@pytest.fixture
def regrade(course: Course) -> Iterator[None]:
    """Leave the course graded normally for the next test."""
    yield
    (course.root / "results" / "died-once").unlink(missing_ok=True)
    grade_submissions(course, DEMO_ASSIGNMENT, jobs=2)


@pytest.mark.usefixtures("regrade")
def test_a_hand_in_that_takes_too_long_is_stopped_and_the_rest_are_graded(
    course: Course, alone: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_grade, "_mark_learner", _slow_for_learner2)
    start = time.monotonic()
    results = {r.learner: r for r in grade_submissions(course, DEMO_ASSIGNMENT, jobs=2, time_limit=2)}
    assert time.monotonic() - start < 30
    slow = results.pop("learner2")
    assert slow.status == "not graded"
    assert slow.problems == ["could not be graded: marking took longer than 2 s"]
    assert {name: _marks(r) for name, r in results.items()} == {n: m for n, m in alone.items() if n != "learner2"}
    saved = json.loads((course.results_dir(DEMO_ASSIGNMENT) / "learner2.json").read_text())
    assert saved["status"] == "not graded"


@pytest.mark.usefixtures("regrade")
def test_a_worker_that_dies_is_replaced_its_learner_retried_once_and_the_rest_graded(
    course: Course, alone: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_grade, "_mark_learner", _dies_for_learner3)
    results = {r.learner: r for r in grade_submissions(course, DEMO_ASSIGNMENT, jobs=2)}
    dead = results.pop("learner3")
    assert (dead.status, dead.problems) == (
        "not graded",
        ["could not be graded: the marking process stopped twice (exit code -9)"],
    )
    assert {name: _marks(r) for name, r in results.items()} == {n: m for n, m in alone.items() if n != "learner3"}


@pytest.mark.usefixtures("regrade")
def test_a_worker_that_dies_once_is_retried_and_its_learner_graded(
    course: Course, alone: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_grade, "_mark_learner", _dies_once_for_learner4)
    results = {r.learner: _marks(r) for r in grade_submissions(course, DEMO_ASSIGNMENT, jobs=2)}
    assert (course.root / "results" / "died-once").exists()
    assert results == alone


@pytest.mark.usefixtures("regrade")
def test_the_exit_status_counts_the_learners_not_graded(
    course: Course, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_grade, "_mark_learner", _dies_for_learner3)
    assert main(["grade", DEMO_ASSIGNMENT, "--course", str(course.root), "--jobs", "2"]) == 1
    out = capsys.readouterr()
    assert "graded 5 of 6; 1 could not be graded (reasons above)" in out.out
    assert "learner3: could not be graded: the marking process stopped twice" in out.err
    monkeypatch.undo()
    assert main(["grade", DEMO_ASSIGNMENT, "--course", str(course.root)]) == 0


def test_the_gradebook_holds_the_marks_of_the_answers(course: Course, alone: dict[str, dict[str, Any]]) -> None:
    """nbgrader's gradebook (and so its formgrader and exports) agrees with the results files."""
    assert _gradebook(course) == {name: dict(marks["items"]) for name, marks in alone.items()}
    autograded = course.root / "autograded" / "learner0" / DEMO_ASSIGNMENT / f"{DEMO_ASSIGNMENT}.ipynb"
    assert autograded.is_file()


def test_a_trainers_hand_marked_grade_is_kept_and_flagged(course: Course) -> None:
    from nbgrader.api import Gradebook

    item = "choice_stacked_questions_fix"
    with Gradebook(course.db_url) as gradebook:
        grade = gradebook.find_grade(item, DEMO_ASSIGNMENT, DEMO_ASSIGNMENT, "learner1")
        grade.manual_score = 0.5
        gradebook.db.commit()
    try:
        grade_submissions(course, DEMO_ASSIGNMENT, learners=["learner1"])
        with Gradebook(course.db_url) as gradebook:
            grade = gradebook.find_grade(item, DEMO_ASSIGNMENT, DEMO_ASSIGNMENT, "learner1")
            assert (grade.manual_score, grade.score, grade.needs_manual_grade) == (0.5, 0.5, True)
    finally:
        with Gradebook(course.db_url) as gradebook:
            grade = gradebook.find_grade(item, DEMO_ASSIGNMENT, DEMO_ASSIGNMENT, "learner1")
            grade.manual_score = None
            gradebook.db.commit()
        grade_submissions(course, DEMO_ASSIGNMENT, learners=["learner1"])


def test_a_second_command_on_the_course_stops_with_a_clear_message(course: Course) -> None:
    with course_lock(course, "grade"):
        busy_message = r"`workbook grade` \(process \d+, since .*\) is running"
        with pytest.raises(CourseBusyError, match=busy_message), course_lock(course, "collect"):
            pass  # pragma: no cover
        busy = subprocess.run(
            [WORKBOOK, "feedback", DEMO_ASSIGNMENT, "--course", str(course.root)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert busy.returncode == 1
    assert "`workbook grade`" in busy.stderr
    assert "is running on this course; run `workbook feedback` when it has finished" in busy.stderr


def test_two_grade_runs_at_once_leave_the_gradebook_as_one_run_does(
    course: Course, alone: dict[str, dict[str, Any]]
) -> None:
    """The second waits for the first (--wait); every learner ends graded, as when graded alone."""
    command = [WORKBOOK, "grade", DEMO_ASSIGNMENT, "--course", str(course.root), "--jobs", "2", "--wait", "120"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("waiting for `workbook grade`" in err for _, err in outputs)
    assert {r.learner: _marks(r) for r in load_results(course, DEMO_ASSIGNMENT)} == alone
    assert _gradebook(course) == {name: dict(marks["items"]) for name, marks in alone.items()}
