"""Feedback pages: verdicts in words and icons, what to work on with links,
points apart from the question, and next steps for a file that could not be read."""

from __future__ import annotations

import re
from dataclasses import asdict
from itertools import pairwise
from typing import Any

import pytest

from workbook.banks import default_banks
from workbook.grading._book_pages import BookPage, BookPages
from workbook.grading._feedback import feedback_page, half_points, handed_in_at, verdict
from workbook.grading._grade import LearnerResult
from workbook.grading._scoring import best_path, score_item

CLEAN = BookPage("book/questioning/clean-language", "Clean Language")
PRACTICE = BookPage("book/questioning/graded-practice", "Graded practice: Questioning")
PAGES = BookPages({"q_right": CLEAN, "q_part": CLEAN}, {"questioning": PRACTICE}, "https://example.org/course")


def item(item_id: str, points: float, *, answered: bool = True, given: str = "my answer") -> dict[str, Any]:
    return {
        "item_id": item_id,
        "fraction": points / 2,
        "correct": points == 2,
        "answered": answered,
        "given": [given] if answered else [],
        "notes": ["A note from the bank."],
        "model_answer": ["The model answer."],
        "problem": None if answered else "not answered",
        "response": "",
        "points": points,
        "max_points": 2.0,
        "prompt": f"The question {item_id}?",
        "explanation": "The explanation.",
    }


def result(**changes: Any) -> LearnerResult:
    fields: dict[str, Any] = {
        "learner": "ada",
        "assignment": "questioning",
        "status": "graded",
        "score": 3.2667,
        "max_score": 8.0,
        "submitted_at": "2026-11-20 09:30:00.000000 UTC",
        "items": [
            item("q_right", 2),
            item("q_part", 1.2667, given="<b>bold</b> & <script>x()</script>"),
            item("q_wrong", 0),
            item("q_blank", 0, answered=False),
        ],
    }
    return LearnerResult(**(fields | changes))


@pytest.mark.parametrize(
    ("points", "answered", "expected"),
    [
        pytest.param(2, True, "full", id="all points"),
        pytest.param(0.5, True, "part", id="some points"),
        pytest.param(0, True, "none", id="no points"),
        pytest.param(0, False, "unanswered", id="not answered"),
    ],
)
def test_verdict_follows_the_points(points: float, answered: bool, expected: str) -> None:
    assert verdict(item("x", points, answered=answered)) == expected


def test_scores_are_rounded_to_half_points_and_dates_are_readable() -> None:
    assert [half_points(v) for v in (4.53, 4.8, 15.0, 0.24)] == ["4.5", "5", "15", "0"]
    assert handed_in_at("2026-11-20 09:30:00.000000 UTC") == "20 Nov 2026, 09:30 UTC"
    assert handed_in_at("2026-11-05 17:04:09") == "5 Nov 2026, 17:04"
    assert handed_in_at("sometime") == "sometime"
    assert handed_in_at(None) is None


def test_each_question_says_right_partly_or_wrong_in_words_and_icons() -> None:
    html = feedback_page(result(), title="Questioning", pages=PAGES)
    statuses = re.findall(r'<p class="status"><span class="icon" aria-hidden="true">(.)</span> ([^<]+) <span', html)
    assert statuses == [("✓", "Right"), ("◐", "Partly right"), ("✗", "Wrong"), ("–", "Not answered")]


def test_points_are_kept_apart_from_the_question_text() -> None:
    html = feedback_page(result(), title="Questioning", pages=PAGES)
    assert re.search(r'<h3 id="q2">Question 2</h3>\s*<p class="status">.*· 1.5 of 2 points', html)
    assert '<p class="prompt">The question q_part?</p>' in html
    assert "Score: 3.5 out of 8 points (41 %)" in html


def test_what_to_work_on_links_the_pages_that_teach_the_missed_questions() -> None:
    html = feedback_page(result(), title="Questioning", pages=PAGES)
    top = html[html.index("What to work on") : html.index("Your answers, question by question")]
    assert "3 questions to revisit" in top
    assert '<a href="https://example.org/course/book/questioning/clean-language.html">Clean Language</a>' in top
    assert re.search(r'question <a href="#q2">2</a>', top)  # q_right is not listed: it was right
    assert re.search(r'the explanations below:\s*questions <a href="#q3">3</a>, <a href="#q4">4</a>', top)


def test_learner_text_is_escaped() -> None:
    html = feedback_page(result(), title="Questioning", pages=PAGES)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;" in html
    assert "<script" not in html


def test_a_file_that_could_not_be_read_gets_next_steps_and_no_score() -> None:
    reason = "the answers file was not used: 50,000,097 bytes is too large for an answers file"
    html = feedback_page(result(unreadable=reason, problems=[reason]), title="Questioning", pages=PAGES)
    assert "We could not read your hand-in, so nothing was marked" in html
    assert f"What went wrong:</strong> {reason}." in html
    assert (
        '<a href="https://example.org/course/book/questioning/graded-practice.html">Graded practice: Questioning</a>'
        in html
    )
    assert "send the new file to your trainer" in html
    assert "Score" not in html
    assert "out of" not in html
    assert html.count(reason) == 1  # not repeated under "About your hand-in"


def test_without_book_pages_the_steps_still_read_and_nothing_is_linked() -> None:
    html = feedback_page(result(status="not graded", problems=["questioning.ipynb is an empty file"]), title="Q")
    assert "What went wrong:</strong> questioning.ipynb is an empty file." in html
    assert "this module's graded-practice page" in html
    assert "href=" not in html


def test_headings_are_in_order() -> None:
    html = feedback_page(result(problems=["cell 3 (added by the learner) ran too long"]), title="Q", pages=PAGES)
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels))


def graded_item(item_id: str, answer: dict[str, Any]) -> dict[str, Any]:
    """A bank item marked as ``workbook grade`` marks it, in the result's shape."""
    _, bank_item = default_banks().item(item_id)
    marked = score_item(bank_item, answer)
    return {
        **asdict(marked),
        "points": marked.fraction * 3,
        "max_points": 3.0,
        "prompt": bank_item["prompt"],
        "explanation": bank_item["explanation"],
    }


def dilemma_item() -> dict[str, Any]:
    return default_banks().item("dilemma_dominant_member")[1]


def test_a_practice_set_and_a_dilemma_show_their_debriefs_on_the_feedback_page() -> None:
    practice = graded_item(
        "practice_set_weekend_rota",
        {"questions": ["Hi Sam, um, what's been happening with the rota?", "Why haven't you sorted it?"]},
    )
    assert 0 < practice["fraction"] < 1  # partial credit: the share of insights reached
    dilemma = graded_item("dilemma_dominant_member", {"path": [c["id"] for c in best_path(dilemma_item())]})
    assert dilemma["fraction"] == 1
    html = feedback_page(result(items=[practice, dilemma]), title="Practice")
    assert "You asked 2 questions. Open questions: 1, “Why” questions: 1." in html
    assert "Reached: Most of the swaps come from one colleague, Dev" in html
    assert "A question that could have reached it: “What happens when a shift isn&#39;t covered?”" in html
    assert "Psychological safety: " in html
    assert "The presenter&#39;s ownership: " in html
