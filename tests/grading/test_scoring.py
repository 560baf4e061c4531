"""Marking answers against bank items, with partial credit and reasons."""

from __future__ import annotations

from typing import Any

import pytest

from workbook.banks._load import default_banks
from workbook.grading._scoring import score_item


def item(item_id: str) -> dict[str, Any]:
    return default_banks().item(item_id)[1]


def first(kind: str, **where: Any) -> dict[str, Any]:
    return next(
        i
        for bank in default_banks().banks
        for i in bank.items
        if i["type"] == kind and all(i.get(k) == v for k, v in where.items())
    )


def test_single_choice_right_and_wrong() -> None:
    choice = item("choice_lpq_meaning")
    right = [i for i, o in enumerate(choice["options"]) if o["correct"]]
    wrong = next(i for i, o in enumerate(choice["options"]) if not o["correct"])
    assert score_item(choice, {"selected": right}).fraction == 1.0
    marked = score_item(choice, {"selected": [wrong]})
    assert (marked.fraction, marked.correct) == (0.0, False)
    assert marked.notes[0] == choice["options"][wrong]["feedback"]
    assert marked.given == [choice["options"][wrong]["text"]]


def test_classify_gives_credit_per_statement() -> None:
    classify = first("classify")
    placed = [s["category"] for s in classify["statements"]]
    other = next(c["id"] for c in classify["categories"] if c["id"] != placed[0])
    marked = score_item(classify, {"placed": [other, *placed[1:]]})
    assert marked.fraction == pytest.approx((len(placed) - 1) / len(placed))
    assert marked.notes == [classify["statements"][0]["feedback"]]
    assert marked.response == "statements 1 misplaced"


def test_order_gives_credit_per_step_in_place() -> None:
    order = first("order")
    steps = list(order["steps"])
    steps[0], steps[1] = steps[1], steps[0]
    marked = score_item(order, {"order": steps})
    assert marked.fraction == pytest.approx((len(steps) - 2) / len(steps))
    assert marked.notes == [f"Step 1 should be: {order['steps'][0]}"]


def test_rewrite_uses_the_question_rules() -> None:
    rewrite = item("rewrite_were_you_angry")
    assert score_item(rewrite, {"text": rewrite["model_answer"]}).correct
    closed = score_item(rewrite, {"text": rewrite["original"]})
    assert not closed.correct
    assert closed.fraction <= 0.5
    assert closed.notes
    assert closed.response.endswith("question")


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"selected": [99]}, id="index-out-of-range"),
        pytest.param({"selected": "1"}, id="not-a-list"),
        pytest.param({"order": []}, id="wrong-key"),
        pytest.param(["selected"], id="not-an-object"),
    ],
)
def test_answers_of_the_wrong_shape_score_zero_with_a_reason(answer: Any) -> None:
    marked = score_item(item("choice_lpq_meaning"), answer)
    assert (marked.fraction, marked.answered, marked.problem) == (0.0, True, "the answer could not be read")


def test_no_answer_scores_zero_and_still_shows_the_model_answer() -> None:
    marked = score_item(item("choice_lpq_meaning"), None)
    assert (marked.fraction, marked.answered, marked.problem) == (0.0, False, "not answered")
    assert marked.model_answer
