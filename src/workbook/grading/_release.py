"""Releasing an assignment: nbgrader's generate_assignment, then release to the exchange."""

from __future__ import annotations

from pathlib import Path

from workbook.grading._course import Course, CourseError

__all__ = ["release_assignment"]


def release_assignment(course: Course, assignment: str) -> Path:
    """Generate the learners' version of ``assignment`` and put it in the exchange.

    Safe to repeat: a second release replaces the first.
    """
    if assignment not in course.assignments():
        known = ", ".join(course.assignments()) or "none"
        raise CourseError(f"{course.root / 'exercises'}: no assignment '{assignment}' (known: {known})")
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=course.config)
    _check(api.generate_assignment(assignment, force=True, create=True), "generate", assignment)
    if assignment in api.get_released_assignments():
        _check(api.unrelease(assignment), "unrelease", assignment)
    _check(api.release_assignment(assignment), "release", assignment)
    return course.root / "release" / assignment


def _check(outcome: dict[str, object], step: str, assignment: str) -> None:
    if not outcome.get("success"):
        detail = str(outcome.get("error") or outcome.get("log") or "").strip().splitlines()
        raise CourseError(f"nbgrader could not {step} '{assignment}': {detail[-1] if detail else 'no reason given'}")
