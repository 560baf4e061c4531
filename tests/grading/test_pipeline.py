"""End to end on the demo cohort: release, hand-in (exchange and book
downloads), collect, parallel grading, feedback and the cohort report.

The demo's cohort is seeded random, so its scores are checked against what
they must agree with (the report, a serial run, plain nbgrader), never against
a recording; the expected marks worked out by hand are test_hand_ins.py's."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.grading._demo import BOOK_LEARNERS, DEMO_ASSIGNMENT, SPECIAL, DemoRun, run_demo
from workbook.grading._grade import grade_submissions, load_results
from workbook.grading._scoring import EARLIER_VERSION

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    return run_demo(tmp_path_factory.mktemp("demo") / "course", learners=18, jobs=2, timeout=3)


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def scores(demo: DemoRun) -> dict[str, dict[str, float]]:
    return {r.learner: {i["item_id"]: i["points"] for i in r.items} for r in load_results(demo.course, "questioning")}


def test_every_hand_in_is_graded_or_reported_with_its_reason(demo: DemoRun) -> None:
    """Does each bad hand-in get the reason a trainer needs, and is everyone else graded?"""
    by_learner = {r.learner: r for r in demo.results}
    assert set(SPECIAL) <= set(by_learner)
    assert all(r.status == "graded" for r in by_learner.values())  # marks come from answers, never from cells
    expected_problem = {
        "blank": "no answers file was handed in",
        "loops-forever": "1 code cell added by the learner was not run",
        "memory-hog": "1 code cell added by the learner was not run",
        "full-marks-trick": "1 code cell added by the learner was not run",
        "not-a-notebook": "questioning.ipynb is not a notebook: broken JSON at line 1, column 1 (Expecting value); "
        "marks come from the answers file only",
        "broken-json": "questioning.ipynb is not a notebook: broken JSON at line",
        "huge-answers": "too large for an answers file",
    }
    for learner, text in expected_problem.items():
        assert any(text in p for p in by_learner[learner].problems), (learner, by_learner[learner].problems)
    for learner in ("blank", "altered-test", "full-marks-trick"):  # no answers: hard-coded full marks earn nothing
        assert by_learner[learner].score == 0, learner
    assert by_learner["loops-forever"].score > 0  # the never-ending cell was not run, the answers were marked


def test_answers_to_an_earlier_version_are_reported_and_never_marked(demo: DemoRun) -> None:
    """Choice answers by position and answers under the earlier bank version score 0, each saying why."""
    earlier = next(r for r in demo.results if r.learner == "earlier-version")
    assert earlier.status == "graded"
    assert earlier.score == 0
    answered = [i for i in earlier.items if i["problem"] != "not answered"]
    assert answered
    assert all(i["problem"] == EARLIER_VERSION and i["points"] == 0 for i in answered)
    assert any("to an earlier version of the exercises not marked" in p for p in earlier.problems)
    page = (demo.course.root / "feedback" / "earlier-version" / "questioning" / "feedback.html").read_text()
    assert EARLIER_VERSION in page


def test_downloads_from_the_book_are_collected_and_bad_ones_listed(demo: DemoRun) -> None:
    assert {"learner01", "learner02", "learner03", "learner04", "learner05", "learner06"} <= set(
        demo.collected.collected
    )
    reasons = {r["file"]: r["reason"] for r in demo.collected.rejected}
    assert "is for 'listening'" in reasons["learner01_listening.json"]
    assert "not valid JSON" in reasons["someone_broken.json"]


def test_parallel_grading_equals_serial_and_is_idempotent(demo: DemoRun) -> None:
    """Grading again, one at a time, gives the same results, and submitted files never change."""
    submitted = demo.course.root / "submitted"
    before = digests(submitted)
    parallel = [asdict(r) for r in demo.results]
    serial = [asdict(r) for r in grade_submissions(demo.course, "questioning", jobs=1)]
    assert serial == parallel
    assert digests(submitted) == before


def test_feedback_shows_answers_escaped_and_never_test_code(demo: DemoRun) -> None:
    page = (demo.course.root / "feedback" / "html-answer" / "questioning" / "feedback.html").read_text()
    assert "&lt;script&gt;alert(&#34;gotcha&#34;)&lt;/script&gt;" in page
    assert "<script" not in page
    for learner in ("html-answer", "learner05", "blank"):
        text = (demo.course.root / "feedback" / learner / "questioning" / "feedback.html").read_text()
        assert "points_for" not in text
        assert "Traceback" not in text
        assert "A model answer" in text or "Score: 15" in text


def test_report_tables_agree_with_the_results(demo: DemoRun) -> None:
    out = demo.report.parent
    with (out / "items.csv").open() as f:
        items = {row["item"]: row for row in csv.DictReader(f)}
    graded = [r for r in demo.results if r.status == "graded" and r.unreadable is None]
    assert {r.learner for r in demo.results} - {r.learner for r in graded} == {"huge-answers"}
    for item_id, row in items.items():
        fractions = [next(i for i in r.items if i["item_id"] == item_id) for r in graded]
        facility = sum(i["points"] / i["max_points"] for i in fractions) / len(graded)
        assert float(row["facility"]) == pytest.approx(facility, abs=1e-3)
    with (out / "learners.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {r["learner"] for r in rows} == {r.learner for r in demo.results}
    huge = next(r for r in rows if r["learner"] == "huge-answers")
    assert (huge["status"], huge["percent"]) == ("could not be read", "")
    html = demo.report.read_text()
    assert "<svg" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(\s*["']?(https?:)?//""", html)  # self-contained
    assert "huge-answers" in html
    assert "someone_broken.json" in html
    assert "could not be read: the answers file was not used" in html
    assert '<a href="../feedback/learner05/questioning/feedback.html">learner05' in html


def test_the_cli_runs_each_step_on_the_course(
    demo: DemoRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = str(demo.course.root)
    assert main(["report", "questioning", "--out", str(tmp_path / "r"), "--course", course]) == 0
    assert (tmp_path / "r" / "index.html").is_file()
    assert main(["feedback", "questioning", "--course", course]) == 0
    assert main(["release", "nonexistent", "--course", course]) == 1
    assert "no assignment 'nonexistent'" in capsys.readouterr().err


def test_plain_nbgrader_in_the_course_folder_gives_the_same_scores(demo: DemoRun) -> None:
    """A trainer may run nbgrader itself: the course's config finds the grading
    kernel (started normally, without workbook's fork server) and scores agree."""
    learner = "learner03"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "autograde", "questioning", "--student", learner, "--force"],
        cwd=demo.course.root,
        env=env,
        check=True,
        capture_output=True,
    )
    from nbgrader.api import Gradebook

    with Gradebook(demo.course.db_url) as gradebook:
        submission = gradebook.find_submission("questioning", learner)
        plain = {g.name: float(g.score) for nb in submission.notebooks for g in nb.grades}
    assert plain == scores(demo)[learner]


def test_the_report_shows_the_self_assessment_shift_of_the_book_learners(demo: DemoRun) -> None:
    """The learners who ticked "Include my self-assessment" in the book: the report's
    shift per capability is the mean of their after minus their before."""

    files = sorted((demo.course.root / "downloads").glob(f"learner*_{DEMO_ASSIGNMENT}.json"))
    rated = [json.loads(f.read_text())["self_assessment"] for f in files]
    assert len(rated) == BOOK_LEARNERS
    with (demo.report.parent / "self-assessment.csv").open() as f:
        rows = {row["capability"]: row for row in csv.DictReader(f)}
    assert rows.keys() == set(rated[0]["before"]["ratings"])
    for capability, row in rows.items():
        for question in ("confidence", "frequency"):
            shifts = [
                r["after"]["ratings"][capability][question] - r["before"]["ratings"][capability][question]
                for r in rated
            ]
            assert int(row["learners"]) == BOOK_LEARNERS
            assert float(row[f"{question}_shift"]) == pytest.approx(sum(shifts) / len(shifts), abs=0.005)
    assert "Self-assessment" in demo.report.read_text()
