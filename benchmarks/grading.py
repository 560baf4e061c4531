"""Grading speed, against the obvious alternative in the same run.

1. `workbook grade` (answers marked in the grader's processes) against one serial
   `nbgrader autograde` call (each notebook executed in the course's sandboxed
   kernel), on the same 40 generated hand-ins, with identical gradebook scores
   required.
2. 1,000 generated hand-ins, downloaded from the book: `workbook collect --from`
   and `workbook grade`, each timed (the goal: grading in under a minute on 2 cores).
3. The cohort report's analysis on 1,000 learners x 60 items.

Run: .venv/bin/python benchmarks/grading.py [--learners 40] [--cohort 1000] [--jobs N]
The last line is grade_speedup_vs_nbgrader=X.XX grade_1000_seconds=S.S.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbook.grading import LearnerResult, collect_submissions, init_course, release_assignment
from workbook.grading._demo import DEMO_ASSIGNMENT, _answers, _download, _hand_in  # the demo's hand-in helpers
from workbook.grading._report import summarise

BIN = Path(sys.executable).parent


def gradebook_scores(db_url: str) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        submissions = gradebook.assignment_submissions(DEMO_ASSIGNMENT)
        return {
            (s.student_id, g.name): round(float(g.score), 6)
            for s in submissions
            for nb in s.notebooks
            for g in nb.grades
        }


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def grading(learners: int, jobs: int | None) -> float:
    root = Path(tempfile.mkdtemp(prefix="grading-bench-")) / "course"
    course = init_course(root)
    release_assignment(course, DEMO_ASSIGNMENT)
    released = next((root / "release" / DEMO_ASSIGNMENT).glob("*.ipynb"))
    rng = random.Random(40)
    for n in range(learners):
        _hand_in(course, f"learner{n:03d}", released, _answers(released, rng.choice([0.3, 0.6, 0.9]), rng))
    collect_submissions(course, DEMO_ASSIGNMENT)
    plain = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    print(f"hand-ins={learners} cores={os.cpu_count()} jobs={jobs or 'default'}")
    # The obvious alternative: one `nbgrader autograde` over everyone, in the course folder.
    serial = timed([str(BIN / "nbgrader"), "autograde", DEMO_ASSIGNMENT, "--force"], root, plain)
    serial_scores = gradebook_scores(course.db_url)
    print(f"nbgrader_autograde_serial_seconds={serial:.1f} ({serial / learners:.2f} s per hand-in)")
    jobs_option = ["--jobs", str(jobs)] if jobs else []
    ours = timed([str(BIN / "workbook"), "grade", DEMO_ASSIGNMENT, *jobs_option, "--course", str(root)], root, plain)
    print(f"workbook_grade_seconds={ours:.1f} ({ours / learners:.2f} s per hand-in)")
    same = gradebook_scores(course.db_url) == serial_scores and len(serial_scores) == learners * 10
    print(f"identical_results={same}")
    if not same:
        sys.exit("workbook grade and nbgrader autograde disagree")
    return serial / ours


def cohort(learners: int, jobs: int | None) -> float:
    """A large cohort handing in book downloads: collect and grade, timed."""
    root = Path(tempfile.mkdtemp(prefix="grading-cohort-")) / "course"
    course = init_course(root)
    release_assignment(course, DEMO_ASSIGNMENT)
    released = next((root / "release" / DEMO_ASSIGNMENT).glob("*.ipynb"))
    downloads = root.parent / "downloads"
    downloads.mkdir()
    rng = random.Random(1000)
    for n in range(learners):
        answers = _answers(released, rng.choice([0.2, 0.5, 0.8, 1.0]), rng)
        _download(downloads / f"learner{n:04d}.json", f"learner{n:04d}", answers)
    plain = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    command = [str(BIN / "workbook"), "collect", DEMO_ASSIGNMENT, "--from", str(downloads), "--course", str(root)]
    print(f"collect_{learners}_seconds={timed(command, root, plain):.1f}")
    jobs_option = ["--jobs", str(jobs)] if jobs else []
    seconds = timed([str(BIN / "workbook"), "grade", DEMO_ASSIGNMENT, *jobs_option, "--course", str(root)], root, plain)
    graded = len(gradebook_scores(course.db_url)) // 10
    print(f"grade_{learners}_seconds={seconds:.1f} ({1000 * seconds / learners:.1f} ms per hand-in, {graded} graded)")
    if graded != learners:
        sys.exit(f"only {graded} of {learners} graded")
    return seconds


def report_analysis(learners: int = 1000, items: int = 60) -> float:
    rng = random.Random(1000)
    results = []
    for n in range(learners):
        ability = rng.random()
        marked = []
        for k in range(items):
            points = 2.0 if rng.random() < ability else rng.choice([0.0, 0.5, 1.0])
            marked.append(
                {
                    "item_id": f"item{k:02d}",
                    "prompt": f"Item {k}",
                    "points": points,
                    "max_points": 2.0,
                    "answered": True,
                    "response": f"answer {rng.randrange(4)}",
                    "problem": None,
                }
            )
        total = sum(i["points"] for i in marked)
        results.append(LearnerResult(f"l{n:04d}", "bench", "graded", total, 2.0 * items, None, [], marked))
    start = time.perf_counter()
    summary = summarise("bench", results, [])
    seconds = time.perf_counter() - start
    assert len(summary.items) == items
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40, help="hand-ins for the comparison with nbgrader")
    parser.add_argument("--cohort", type=int, default=1000, help="hand-ins for the large-cohort timing")
    parser.add_argument("--jobs", type=int, default=None, help="workbook grade --jobs (default: its own default)")
    args = parser.parse_args()
    print(f"report_seconds_1000x60={report_analysis():.3f}")
    large = cohort(args.cohort, args.jobs)
    speedup = grading(args.learners, args.jobs)
    print(f"grade_speedup_vs_nbgrader={speedup:.2f} grade_{args.cohort}_seconds={large:.1f}")


if __name__ == "__main__":
    main()
