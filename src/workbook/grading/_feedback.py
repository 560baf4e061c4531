"""One readable feedback page per learner.

Built from the grading results, not from nbgrader's generate_feedback, which
prints every test cell with its code and traceback. These pages open with what
to work on (the book pages that teach the questions not yet right), then show
each question with its verdict in words and an icon (never colour alone), the
points apart from the question, the learner's answer (escaped), the feedback
and explanation from the bank, and a model answer: never any test code. A
hand-in that could not be read gets what went wrong and what to do instead of
a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbook.grading._book_pages import BookPage, BookPages, book_pages
from workbook.grading._course import Course, CourseError
from workbook.grading._grade import LearnerResult, load_results
from workbook.grading._templates import render

__all__ = ["FEEDBACK_FILE", "VERDICTS", "feedback_page", "unreadable_reason", "write_feedback"]

FEEDBACK_FILE = "feedback.html"

# verdict -> (words, icon); the page's CSS adds colour on top of both.
VERDICTS = {
    "full": ("Right", "✓"),
    "part": ("Partly right", "◐"),
    "none": ("Wrong", "✗"),
    "unanswered": ("Not answered", "–"),
}


@dataclass
class WorkOn:
    """A book page to revisit and the questions on this page it would help with."""

    page: BookPage | None
    href: str | None
    questions: list[int] = field(default_factory=list)


def unreadable_reason(result: LearnerResult) -> str | None:
    """Why nothing in ``result`` could be marked, or None. Results written
    before ``unreadable`` was recorded fall back to nbgrader's reason."""
    if result.unreadable:
        return result.unreadable
    if result.status != "graded":
        return result.problems[0] if result.problems else "nbgrader could not grade it"
    return None


def verdict(item: dict[str, Any]) -> str:
    """``full``, ``part``, ``none`` or ``unanswered``, from the points earned."""
    if item["points"] >= item["max_points"] > 0:
        return "full"
    if item["points"] > 0:
        return "part"
    return "none" if item["answered"] else "unanswered"


def half_points(value: float) -> str:
    """Points rounded to the nearest half: ``4.5``, ``12``."""
    return f"{round(value * 2) / 2:g}"


def handed_in_at(stamp: str | None) -> str | None:
    """nbgrader's timestamp as "20 Nov 2026, 09:30" (the text as given if it is not one)."""
    if not stamp:
        return None
    text = stamp.removesuffix(" UTC").strip()
    for pattern in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S"):
        try:
            when = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return f"{when.day} {when:%b %Y, %H:%M}" + (" UTC" if stamp.endswith("UTC") else "")
    return stamp


def feedback_page(result: LearnerResult, *, title: str, pages: BookPages | None = None) -> str:
    """The HTML feedback page for one learner's result."""
    pages = pages or BookPages()
    reason = unreadable_reason(result)
    cards = []
    work_on: dict[str, WorkOn] = {}
    for number, item in enumerate(result.items, start=1):
        kind = verdict(item)
        page = pages.teaching.get(item["item_id"])
        cards.append(
            {
                **item,
                "number": number,
                "kind": kind,
                "words": VERDICTS[kind][0],
                "icon": VERDICTS[kind][1],
                "points_text": half_points(item["points"]),
                "max_text": half_points(item["max_points"]),
            }
        )
        if kind != "full":
            key = page.docname if page else ""
            work_on.setdefault(key, WorkOn(page, pages.href(page))).questions.append(number)
    practice = pages.graded_practice.get(result.assignment)
    return render(
        "feedback.html.j2",
        r=result,
        title=title,
        unreadable=reason,
        cards=[] if reason else cards,
        work_on=[] if reason else sorted(work_on.values(), key=lambda w: (w.page is None, w.questions[0])),
        to_revisit=sum(card["kind"] != "full" for card in cards),
        score=half_points(result.score),
        max_score=half_points(result.max_score),
        pct=round(100 * result.score / result.max_score) if result.max_score else 0,
        handed_in=handed_in_at(result.submitted_at),
        practice=practice,
        practice_href=pages.href(practice),
        problems=[p for p in result.problems if p != reason],
    )


def write_feedback(course: Course, assignment: str, *, book_url: str | None = None) -> list[Path]:
    """Write ``feedback/LEARNER/ASSIGNMENT/feedback.html`` for every graded
    learner (nbgrader's layout, so ``nbgrader release_feedback`` can hand them
    back). Links go to the book pages under ``book_url`` (default: the
    checkout's built book, ``_build/html``, if any): give the address where
    learners read the book."""
    results = load_results(course, assignment)
    if not results:
        raise CourseError(f"no grading results for '{assignment}'; run `workbook grade {assignment}` first")
    pages = book_pages(book_url=book_url, near=[course.root, Path.cwd()])
    title = assignment.replace("-", " ").replace("_", " ").capitalize()
    written = []
    for result in results:
        path = course.root / "feedback" / result.learner / assignment / FEEDBACK_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feedback_page(result, title=title, pages=pages), encoding="utf-8")
        written.append(path)
    return written
