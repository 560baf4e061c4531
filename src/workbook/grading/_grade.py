"""Grading every learner's hand-in from their answers, in the trainer's process.

The exercises ask for answers, not code, so a hand-in is data. Each item's
mark is the scorer's mark of the answers file (the same scorer the feedback
pages and the book use), computed by the grader's own worker processes: the
learner's notebook is never executed, so nothing a learner's cell prints,
patches or writes can change a grade, reach another learner or outlive the
run. The marks go into nbgrader's gradebook through its API, with an
``autograded`` notebook per learner built from the released one, so nbgrader's
formgrader, exports and feedback see them as their own.

Workers (pebble's process pool) mark learners side by side under a time limit
per learner: a hand-in that takes too long, or a worker that dies, is reported
as not graded with the reason (a dead worker is replaced and its learner
retried once), and everyone else is graded. Submitted files are read, never
written.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from workbook.answers import ANSWERS_FILE, AnswerSheet, SubmissionError, read_answers
from workbook.banks._load import default_banks
from workbook.grading._course import Course, CourseError
from workbook.grading._inspect import Released, notebook_notes
from workbook.grading._points import points_earned
from workbook.grading._scoring import EARLIER_VERSION, score_handed_in

__all__ = ["MARKING_SECONDS", "LearnerResult", "grade_submissions", "load_results", "submitted_learners"]

MARKING_SECONDS = 20.0  # per learner; marking a whole hand-in normally takes milliseconds
WORKER_MEMORY_MB = 1024  # on top of what a worker holds when it starts
_STAMP_BYTES = 100


@dataclass
class LearnerResult:
    """One learner's graded hand-in."""

    learner: str
    assignment: str
    status: str  # "graded" or "not graded"
    score: float = 0.0
    max_score: float = 0.0
    submitted_at: str | None = None
    problems: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    unreadable: str | None = None  # why nothing was marked: the answers file could not be used


def submitted_learners(course: Course, assignment: str) -> list[str]:
    """Learners with a collected submission of ``assignment``."""
    root = course.root / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{assignment}") if p.is_dir() and not p.is_symlink())


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
    time_limit: float = MARKING_SECONDS,
) -> list[LearnerResult]:
    """Grade ``learners`` (default: everyone collected) with ``jobs`` workers
    (default: one per core); record each in the gradebook and write
    ``results/ASSIGNMENT/LEARNER.json``. The caller holds the course lock."""
    from nbgrader.api import Gradebook

    released = _released_notebook(course, assignment)
    learners = submitted_learners(course, assignment) if learners is None else learners
    out = course.results_dir(assignment)
    out.mkdir(parents=True, exist_ok=True)
    before = _fingerprints(course, assignment, learners)
    results: list[LearnerResult] = []
    for result in _mark_all(course, assignment, released, learners, jobs, time_limit):
        results.append(result)
        if on_progress:
            on_progress(result)
    with Gradebook(course.db_url) as gradebook:
        _record_all(gradebook, assignment, [r for r in results if r.status == "graded"])
    for result in results:
        (out / f"{result.learner}.json").write_text(json.dumps(asdict(result)), encoding="utf-8")
    changed = [str(p) for p, digest in _fingerprints(course, assignment, learners).items() if before.get(p) != digest]
    if changed:
        raise CourseError(f"grading changed submitted files, which must never happen: {', '.join(changed)}")
    return sorted(results, key=lambda r: r.learner)


def _mark_all(
    course: Course, assignment: str, released: Released, learners: list[str], jobs: int | None, time_limit: float
) -> Iterator[LearnerResult]:
    """Mark every learner in worker processes; yield each result as it is ready."""
    if not learners:
        return
    from pebble import ProcessExpired, ProcessPool

    _warm()  # forked workers inherit the validated banks and compiled rules
    workers = max(1, min(jobs or os.cpu_count() or 1, len(learners)))
    args = (str(course.root), assignment, str(released.path))
    with ProcessPool(workers, initializer=_limit_worker_memory, context=get_context("fork")) as pool:
        attempts: dict[str, int] = {}
        pending: dict[Future[Any], str] = {}

        def schedule(name: str) -> None:
            attempts[name] = attempts.get(name, 0) + 1
            pending[pool.schedule(_mark_learner, args=(*args, name), timeout=time_limit)] = name

        for name in learners:
            schedule(name)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                name = pending.pop(future)
                try:
                    yield LearnerResult(**future.result())
                except FutureTimeout:
                    yield _not_graded(course, assignment, released, name, f"marking took longer than {time_limit:g} s")
                except ProcessExpired as exc:
                    if attempts[name] < 2:
                        schedule(name)  # pebble has already replaced the worker
                        continue
                    reason = f"the marking process stopped twice (exit code {exc.exitcode})"
                    yield _not_graded(course, assignment, released, name, reason)
                except Exception as exc:  # one hand-in must never stop the others
                    yield _not_graded(course, assignment, released, name, f"{type(exc).__name__}: {exc}"[:300])


def _warm() -> None:
    from workbook.rules._engine import default_rules
    from workbook.rules._smart import default_smart_rules

    default_banks()
    default_rules()
    default_smart_rules()


def _limit_worker_memory() -> None:
    """A worker may grow by ``WORKER_MEMORY_MB``; beyond that, MemoryError for that learner only."""
    size = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                size = int(line.split()[1]) * 1024
    if size:
        limit = size + WORKER_MEMORY_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _not_graded(course: Course, assignment: str, released: Released, learner: str, reason: str) -> LearnerResult:
    result = LearnerResult(learner, assignment, "not graded", problems=[f"could not be graded: {reason}"])
    result.submitted_at = _submitted_at(course.root / "submitted" / learner / assignment)
    result.unreadable = result.problems[0]
    _mark_items(result, released, None)
    return result


def _submitted_at(folder: Path) -> str | None:
    stamp = folder / "timestamp.txt"
    if stamp.is_symlink() or not stamp.is_file():
        return None
    with stamp.open("rb") as f:
        text = f.read(_STAMP_BYTES).decode("utf-8", errors="replace").strip()
    return text[:40] or None


@cache
def _released(path: str) -> Released:
    return Released.read(Path(path))


def _mark_learner(root: str, assignment: str, released_path: str, learner: str) -> dict[str, Any]:
    """In a worker: mark one learner's answers file and write their autograded notebook."""
    released = _released(released_path)
    folder = Path(root) / "submitted" / learner / assignment
    result = LearnerResult(learner, assignment, "graded", submitted_at=_submitted_at(folder))
    result.problems += notebook_notes(folder / released.path.name, released)
    sheet = None
    try:
        sheet = read_answers(folder / ANSWERS_FILE)
    except SubmissionError as exc:
        handed_in = (folder / ANSWERS_FILE).exists() or (folder / ANSWERS_FILE).is_symlink()
        result.unreadable = f"the answers file was not used: {_local(exc)}" if handed_in else None
        result.problems.insert(0, result.unreadable or "no answers file was handed in")
    else:
        result.problems += sheet.set_aside
    _mark_items(result, released, sheet)
    earlier = [i["item_id"] for i in result.items if i["problem"] == EARLIER_VERSION]
    if earlier:
        result.problems.append(
            f"{len(earlier)} answer{'s' if len(earlier) > 1 else ''} to an earlier version of the exercises "
            f"not marked ({', '.join(earlier)}): the learner should answer them again"
        )
    _write_autograded(Path(root) / "autograded" / learner / assignment, released, result)
    return asdict(result)


def _mark_items(result: LearnerResult, released: Released, sheet: AnswerSheet | None) -> None:
    """Each test cell's item, marked from ``sheet`` (None: nothing to mark, all 0)."""
    banks = default_banks()
    for grade_id, max_points in released.points().items():
        bank, item = banks.item(grade_id)
        marked = score_handed_in(item, sheet, bank=bank.name, version=bank.version)
        earned = points_earned(marked.fraction, max_points) if result.status == "graded" else 0.0
        result.items.append(
            {
                **asdict(marked),
                "points": earned,
                "max_points": max_points,
                "prompt": item["prompt"],
                "explanation": item["explanation"],
            }
        )
        result.score += earned
        result.max_score += max_points
    result.score = round(result.score, 4)


def _local(exc: SubmissionError) -> str:
    """The error without the (long, absolute) folder of the file."""
    text = str(exc)
    return text.split(ANSWERS_FILE, 1)[-1].lstrip(": ") or text


def _write_autograded(folder: Path, released: Released, result: LearnerResult) -> None:
    """nbgrader's autograded copy, for its formgrader: the released notebook
    (never the learner's) with each test cell showing the points earned."""
    notebook = dict(_released_json(str(released.path)))
    earned = {i["item_id"]: i["points"] for i in result.items}
    cells = []
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell["cell_type"] == "code" and grade_id in earned:
            output = {"output_type": "execute_result", "data": {"text/plain": f"{earned[grade_id]:g}"}}
            cell = {**cell, "outputs": [{**output, "metadata": {}, "execution_count": None}]}
        cells.append(cell)
    notebook["cells"] = cells
    folder.mkdir(parents=True, exist_ok=True)
    (folder / released.path.name).write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    if result.submitted_at:
        (folder / "timestamp.txt").write_text(result.submitted_at, encoding="utf-8")
    elif (folder / "timestamp.txt").exists():
        (folder / "timestamp.txt").unlink()


@cache
def _released_json(path: str) -> dict[str, Any]:
    """The released notebook as written by nbgrader (valid; the course's own file)."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _record_all(gradebook: Any, assignment: str, results: list[LearnerResult]) -> None:
    """Put every graded learner's marks into nbgrader's gradebook.

    As nbgrader's own autograder does, a grade a trainer has set by hand is
    kept, and flagged for review. The rows are written in one transaction
    (nbgrader's per-learner calls cost about 60 ms each); if that fails, each
    learner is recorded on their own, so a failure fails that learner only.
    """
    try:
        _record_together(gradebook, assignment, results)
    except Exception:
        gradebook.db.rollback()
        for result in results:
            try:
                _record_together(gradebook, assignment, [result])
            except Exception as exc:  # a database error for one learner must not stop the others
                gradebook.db.rollback()
                result.status = "not graded"
                reason = f"could not be graded: the gradebook refused it ({type(exc).__name__}: {exc})"
                result.problems.insert(0, reason[:300])
                result.unreadable = result.problems[0]


def _record_together(gradebook: Any, assignment: str, results: list[LearnerResult]) -> None:
    from nbgrader.api import Grade, GradeCell, Student, SubmittedAssignment, SubmittedNotebook

    if not results:
        return
    db = gradebook.db
    found = gradebook.find_assignment(assignment)
    names = [r.learner for r in results]
    known = {row[0] for row in db.query(Student.id).filter(Student.id.in_(names))}
    db.add_all(Student(id=name) for name in names if name not in known)
    db.flush()
    submitted = {
        s.student_id: s
        for s in db.query(SubmittedAssignment).filter(
            SubmittedAssignment.assignment_id == found.id, SubmittedAssignment.student_id.in_(names)
        )
    }
    for result in results:
        if result.learner not in submitted:
            submitted[result.learner] = _new_submission(db, found, result.learner)
        submitted[result.learner].timestamp = _timestamp(result)
    db.flush()
    earned = {r.learner: {i["item_id"]: i["points"] for i in r.items} for r in results}
    grades = (
        db.query(Grade, GradeCell.name, SubmittedAssignment.student_id)
        .join(GradeCell, Grade.cell_id == GradeCell.id)
        .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
        .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .filter(SubmittedAssignment.assignment_id == found.id, SubmittedAssignment.student_id.in_(names))
    )
    for grade, cell_name, learner in grades:
        grade.auto_score = earned[learner].get(cell_name, 0.0)
        grade.needs_manual_grade = grade.manual_score is not None
    db.commit()


def _new_submission(db: Any, assignment: Any, learner: str) -> Any:
    """A submission with a row for each of the assignment's cells, as nbgrader's
    ``Gradebook.add_submission`` makes it, without committing."""
    from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook

    submission = SubmittedAssignment(assignment=assignment, student_id=learner)
    with db.no_autoflush:  # the new rows are added together, below, by cascade from the submission
        for notebook in assignment.notebooks:
            submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
            for cell in notebook.grade_cells:
                Grade(cell_id=cell.id, notebook=submitted)
            for cell in notebook.solution_cells:
                Comment(cell_id=cell.id, notebook=submitted)
            for cell in notebook.task_cells:
                Comment(cell_id=cell.id, notebook=submitted)
                Grade(cell_id=cell.id, notebook=submitted)
    db.add(submission)
    return submission


def _timestamp(result: LearnerResult) -> Any:
    from nbgrader.utils import parse_utc

    if not result.submitted_at:
        return None
    try:
        return parse_utc(result.submitted_at)
    except (ValueError, OverflowError):
        result.problems.append(f"the hand-in time '{result.submitted_at}' could not be read")
        return None


def _fingerprints(course: Course, assignment: str, learners: list[str]) -> dict[Path, str]:
    digests: dict[Path, str] = {}
    for name in learners:
        for path in sorted((course.root / "submitted" / name / assignment).rglob("*")):
            if path.is_file() and not path.is_symlink():
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
