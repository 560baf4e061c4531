"""Collecting hand-ins: from nbgrader's exchange, and answers files downloaded
from the book (for learners who never open Jupyter).

A downloaded file becomes an nbgrader submission like any other: the released
notebook, unchanged, plus the file as ``action-learning-answers.json`` and a
``timestamp.txt`` from its export time, as nbgrader's zip_collect would lay it
out. The newest hand-in per learner wins. Files that cannot be used are listed
with a reason and left where they are.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from workbook.grading._answers import ANSWERS_FILE, SubmissionError, read_answers
from workbook.grading._course import Course, CourseError

__all__ = ["CollectSummary", "collect_submissions", "load_rejected"]

REJECTED_FILE = "_rejected.json"


@dataclass
class CollectSummary:
    """Who was collected, and which files were not used and why."""

    collected: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)


def collect_submissions(course: Course, assignment: str, *, downloads: Path | None = None) -> CollectSummary:
    """Collect ``assignment`` from the exchange and, if given, a folder of downloaded answers files."""
    released = sorted((course.root / "release" / assignment).glob("*.ipynb"))
    if not released:
        raise CourseError(f"'{assignment}' has not been released; run `workbook release {assignment}` first")
    from nbgrader.apps import NbGraderAPI

    summary = CollectSummary()
    api = NbGraderAPI(config=course.config)
    before = _submitted(course, assignment)
    outcome = api.collect(assignment, update=True)
    if not outcome.get("success"):
        raise CourseError(f"nbgrader could not collect '{assignment}': {outcome.get('error') or outcome.get('log')}")
    summary.collected += sorted(set(_submitted(course, assignment)) - set(before))
    if downloads is not None:
        _collect_downloads(course, assignment, downloads, released[0], summary)
    out = course.results_dir(assignment)
    out.mkdir(parents=True, exist_ok=True)
    (out / REJECTED_FILE).write_text(json.dumps(summary.rejected, indent=1), encoding="utf-8")
    return summary


def _submitted(course: Course, assignment: str) -> dict[str, float]:
    root = course.root / "submitted"
    return {p.parent.name: p.stat().st_mtime for p in root.glob(f"*/{assignment}")} if root.is_dir() else {}


def _collect_downloads(course: Course, assignment: str, folder: Path, notebook: Path, summary: CollectSummary) -> None:
    if not folder.is_dir():
        raise CourseError(f"{folder}: no such folder of downloaded answers")
    newest: dict[str, tuple[datetime, Path]] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            sheet = read_answers(path)
        except SubmissionError as exc:
            summary.rejected.append({"file": path.name, "reason": str(exc).replace(str(path), path.name)})
            continue
        if sheet.assignment != assignment:
            reason = (
                f"it is for '{sheet.assignment}'" if sheet.assignment else "it names no assignment (not a hand-in file)"
            )
            summary.rejected.append({"file": path.name, "reason": f"not collected for '{assignment}': {reason}"})
            continue
        if not sheet.learner:
            summary.rejected.append({"file": path.name, "reason": "it names no learner"})
            continue
        when = _when(sheet.exported)
        if sheet.learner not in newest or when > newest[sheet.learner][0]:
            newest[sheet.learner] = (when, path)
    for learner, (when, path) in sorted(newest.items()):
        target = course.root / "submitted" / learner / assignment
        stamp = target / "timestamp.txt"
        if stamp.is_file() and _when(stamp.read_text(encoding="utf-8").strip()) >= when:
            continue  # the submission already there is as new or newer
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shutil.copy2(notebook, target / notebook.name)
        shutil.copyfile(path, target / ANSWERS_FILE)
        stamp.write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
        summary.collected.append(learner)


def _when(text: str | None) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def load_rejected(course: Course, assignment: str) -> list[dict[str, str]]:
    """Files the last collection could not use, with reasons."""
    path = course.results_dir(assignment) / REJECTED_FILE
    return list(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []
