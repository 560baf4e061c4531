"""Autograding every learner's hand-in in parallel, safely.

nbgrader grades one submission at a time and most of that time is starting a
kernel, so the speed-up comes from worker processes that each keep one
in-process nbgrader API (no per-learner start-up of nbgrader itself) and grade
different learners side by side. Two workers never grade the same learner.
Kernels run under a per-cell time limit and a memory limit (see
``_limited_kernel``). Submitted files are read, never written; a learner whose
hand-in cannot be graded gets a reason, and every other learner is graded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from workbook.banks._load import SNAPSHOT_ENV, default_banks, write_snapshot
from workbook.grading._course import Course, CourseError, open_course
from workbook.grading._forkserver import FORKSERVER_ENV
from workbook.grading._inspect import Inspection, Released, inspect_submission, problems_after_grading
from workbook.grading._scoring import EARLIER_VERSION, score_handed_in

__all__ = ["LearnerResult", "grade_submissions", "kernel_environment", "load_results", "submitted_learners"]


@dataclass
class LearnerResult:
    """One learner's graded hand-in: scores come from nbgrader's gradebook."""

    learner: str
    assignment: str
    status: str  # "graded" or "not graded"
    score: float = 0.0
    max_score: float = 0.0
    submitted_at: str | None = None
    problems: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    unreadable: str | None = None  # why nothing was marked: the notebook or answers file could not be read


def submitted_learners(course: Course, assignment: str) -> list[str]:
    """Learners with a collected submission of ``assignment``."""
    root = course.root / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{assignment}") if p.is_dir())


def _released_notebook(course: Course, assignment: str) -> Released:
    notebooks = sorted((course.root / "release" / assignment).glob("*.ipynb"))
    if not notebooks:
        raise CourseError(
            f"{course.root / 'release' / assignment}: not released yet; run `workbook release {assignment}`"
        )
    return Released.read(notebooks[0])


def grade_submissions(
    course: Course,
    assignment: str,
    *,
    jobs: int | None = None,
    learners: list[str] | None = None,
    on_progress: Callable[[LearnerResult], None] | None = None,
) -> list[LearnerResult]:
    """Autograde ``learners`` (default: everyone collected) with ``jobs`` workers
    (default: one per core); write ``results/ASSIGNMENT/LEARNER.json`` for each."""
    write_snapshot(default_banks(), course.root / ".banks-validated.json")  # a broken bank stops here, once
    released = _released_notebook(course, assignment)
    learners = submitted_learners(course, assignment) if learners is None else learners
    out = course.results_dir(assignment)
    out.mkdir(parents=True, exist_ok=True)
    before = _fingerprints(course, assignment, learners)
    inspections = {
        name: inspect_submission(course.root / "submitted" / name / assignment, released) for name in learners
    }
    runnable = [name for name in learners if inspections[name].fatal is None]
    results: list[LearnerResult] = []

    def finish(name: str, error: str | None) -> None:
        result = _result(course, assignment, name, released, inspections[name], error)
        (out / f"{name}.json").write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
        results.append(result)
        if on_progress:
            on_progress(result)

    for name in learners:
        if inspections[name].fatal is not None:
            finish(name, None)
    for name, error in _autograde(course, assignment, runnable, jobs or os.cpu_count() or 1):
        finish(name, error)
    changed = [str(p) for p, digest in _fingerprints(course, assignment, learners).items() if before.get(p) != digest]
    if changed:
        raise CourseError(f"grading changed submitted files, which must never happen: {', '.join(changed)}")
    return sorted(results, key=lambda r: r.learner)


def _autograde(course: Course, assignment: str, learners: list[str], jobs: int) -> Iterator[tuple[str, str | None]]:
    if not learners:
        return
    workers = max(1, min(jobs, len(learners)))
    init = (str(course.root), course.db_url)
    # Forked workers inherit nbgrader already imported (about 2 s of start-up
    # each otherwise); the parent holds no gradebook connection at this point.
    import nbgrader.apps  # noqa: F401

    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_start_worker, initargs=init) as pool:
        futures = [pool.submit(_grade_one, assignment, name) for name in learners]
        for future in as_completed(futures):
            yield future.result()


_API: Any = None


def _start_worker(root: str, db_url: str) -> None:
    """Runs once per worker process: one nbgrader API for all its learners."""
    global _API
    warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy and kernel warnings would interleave on the terminal
    course = open_course(Path(root), db_url=db_url)
    os.environ.update(kernel_environment(course))
    _start_forkserver()
    from nbgrader.apps import NbGraderAPI

    _API = NbGraderAPI(config=course.config)


def _start_forkserver() -> None:
    """This worker's kernel fork server (see ``_forkserver``); it ends with the worker."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-kernels-"))
    path = folder / "forkserver.sock"
    subprocess.Popen([sys.executable, "-m", "workbook.grading._forkserver", str(path)], env=os.environ.copy())
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if path.exists():
        os.environ[FORKSERVER_ENV] = str(path)


def kernel_environment(course: Course) -> dict[str, str]:
    """Environment for grading kernels: IPython's files kept inside the course,
    display-only cells made cheap, and the banks validated once by the grader
    rather than once per kernel. (The course's configuration file points
    Jupyter at its memory-limited kernel spec.)"""
    return {
        "IPYTHONDIR": str(course.root / ".ipython"),
        "WORKBOOK_GRADING": "1",
        SNAPSHOT_ENV: str(course.root / ".banks-validated.json"),
    }


def _grade_one(assignment: str, learner: str) -> tuple[str, str | None]:
    try:
        outcome = _API.autograde(assignment, learner, force=True, create=True)
    except Exception as exc:  # nbgrader raises freely; one learner must not stop the rest
        return learner, f"{type(exc).__name__}: {exc}"
    if outcome["success"]:
        return learner, None
    return learner, _reason(f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}")


def _reason(text: str) -> str:
    """The most telling line of nbgrader's log: the last exception other than
    its generic "see the above traceback" wrapper."""
    found = [m.group(0).strip() for m in _EXCEPTION.finditer(text) if "NbGraderException" not in m.group(0)]
    return found[-1][:300] if found else "nbgrader could not grade this hand-in (no reason given)"


_EXCEPTION = re.compile(r"^\s*[\w.]*(?:Error|Exception|NoSuchKernel|Interrupt)\b: .*$", re.M)


def _result(
    course: Course, assignment: str, learner: str, released: Released, inspection: Inspection, error: str | None
) -> LearnerResult:
    result = LearnerResult(learner, assignment, "not graded", problems=list(inspection.notes))
    submitted = course.root / "submitted" / learner / assignment
    stamp = submitted / "timestamp.txt"
    result.submitted_at = stamp.read_text(encoding="utf-8").strip()[:40] if stamp.is_file() else None
    if inspection.fatal is not None:
        result.problems.insert(0, inspection.fatal)
    elif error is not None:
        result.problems.insert(0, f"nbgrader could not grade it: {error}")
    else:
        result.status = "graded"
        result.problems += problems_after_grading(
            course.root / "autograded" / learner / assignment / released.path.name, released
        )
    result.unreadable = result.problems[0] if result.status != "graded" else inspection.unreadable
    scores = _gradebook_scores(course, assignment, learner) if result.status == "graded" else {}
    banks = default_banks()
    for grade_id, (score, max_score) in (scores or {g: (0.0, p) for g, p in released.points().items()}).items():
        bank, item = banks.item(grade_id)
        marked = score_handed_in(item, inspection.sheet, bank=bank.name, version=bank.version)
        earned = score if result.status == "graded" else 0.0
        result.items.append(
            {
                **asdict(marked),
                "points": earned,
                "max_points": max_score,
                "prompt": item["prompt"],
                "explanation": item["explanation"],
            }
        )
        result.score += earned
        result.max_score += max_score
    earlier = [i["item_id"] for i in result.items if i["problem"] == EARLIER_VERSION]
    if earlier:
        result.problems.append(
            f"{len(earlier)} answer{'s' if len(earlier) > 1 else ''} to an earlier version of the exercises "
            f"not marked ({', '.join(earlier)}): the learner should answer them again"
        )
    return result


def _gradebook_scores(course: Course, assignment: str, learner: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, learner)
        return {g.name: (float(g.score), float(g.max_score)) for nb in submission.notebooks for g in nb.grades}


def _fingerprints(course: Course, assignment: str, learners: list[str]) -> dict[Path, str]:
    digests: dict[Path, str] = {}
    for name in learners:
        for path in sorted((course.root / "submitted" / name / assignment).rglob("*")):
            if path.is_file():
                digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def load_results(course: Course, assignment: str) -> list[LearnerResult]:
    """The results ``grade_submissions`` wrote, one per learner."""
    folder = course.results_dir(assignment)
    results = []
    for path in sorted(folder.glob("[!_]*.json")) if folder.is_dir() else []:
        try:
            results.append(LearnerResult(**json.loads(path.read_text(encoding="utf-8"))))
        except (json.JSONDecodeError, TypeError) as exc:
            raise CourseError(
                f"{path}: unreadable grading result ({exc}); run `workbook grade {assignment}` again"
            ) from exc
    return results
