"""One readable feedback page per learner.

Built from the grading results, not from nbgrader's generate_feedback, which
prints every test cell with its code and traceback. These pages show the
learner's answers (escaped), the points with partial credit, the explanation
from the bank and the question rules the book uses, and a model answer: never
any test code.
"""

from __future__ import annotations

from pathlib import Path

from workbook.grading._course import Course, CourseError
from workbook.grading._grade import LearnerResult, load_results
from workbook.grading._templates import render

__all__ = ["FEEDBACK_FILE", "feedback_page", "write_feedback"]

FEEDBACK_FILE = "feedback.html"


def feedback_page(result: LearnerResult, *, title: str) -> str:
    """The HTML feedback page for one learner's result."""
    pct = round(100 * result.score / result.max_score) if result.max_score else 0
    return render("feedback.html.j2", r=result, title=title, pct=pct)


def write_feedback(course: Course, assignment: str) -> list[Path]:
    """Write ``feedback/LEARNER/ASSIGNMENT/feedback.html`` for every graded
    learner (nbgrader's layout, so ``nbgrader release_feedback`` can hand them back)."""
    results = load_results(course, assignment)
    if not results:
        raise CourseError(f"no grading results for '{assignment}'; run `workbook grade {assignment}` first")
    title = assignment.replace("-", " ").replace("_", " ").capitalize()
    written = []
    for result in results:
        path = course.root / "feedback" / result.learner / assignment / FEEDBACK_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_page(result, title=title), encoding="utf-8")
        written.append(path)
    return written
