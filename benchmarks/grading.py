"""Grading speed: `workbook grade` against one serial `nbgrader autograde` call,
on the same 40 generated hand-ins in the same run, with identical results
required; then the cohort report's analysis on 1,000 learners x 60 items.

Run: .venv/bin/python benchmarks/grading.py [--learners 40] [--jobs N]
The last line is grade_speedup_vs_nbgrader=X.XX.
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

from workbook.grading._collect import collect_submissions
from workbook.grading._course import init_course
from workbook.grading._demo import DEMO_ASSIGNMENT, _answers, _hand_in
from workbook.grading._grade import LearnerResult, kernel_environment
from workbook.grading._release import release_assignment
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
    # Where the gain comes from: serial nbgrader given workbook's kernel
    # environment (banks validated once, display cells skipped), so the rest
    # is parallel workers and one nbgrader per worker.
    env = {**plain, **kernel_environment(course)}
    tuned = timed([str(BIN / "nbgrader"), "autograde", DEMO_ASSIGNMENT, "--force"], root, env)
    print(f"nbgrader_serial_with_grading_environment_seconds={tuned:.1f} ({tuned / learners:.2f} s per hand-in)")
    same = same and gradebook_scores(course.db_url) == serial_scores
    print(f"identical_results={same}")
    if not same:
        sys.exit("workbook grade and nbgrader autograde disagree")
    print(f"speedup_from_parallel_workers={tuned / ours:.2f}")
    return serial / ours


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
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None, help="workbook grade --jobs (default: its own default)")
    args = parser.parse_args()
    print(f"report_seconds_1000x60={report_analysis():.3f}")
    speedup = grading(args.learners, args.jobs)
    print(f"grade_speedup_vs_nbgrader={speedup:.2f}")


if __name__ == "__main__":
    main()
