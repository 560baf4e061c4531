"""Marking answers against bank items, with partial credit and reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbook.answers import AnswerSheet
from workbook.banks import default_banks
from workbook.grading import EARLIER_VERSION, score_handed_in, score_item


def item(item_id: str) -> dict[str, Any]:
    return default_banks().item(item_id)[1]


def first(kind: str, **where: Any) -> dict[str, Any]:
    return next(
        i
        for bank in default_banks().banks
        for i in bank.items
        if i["type"] == kind and all(i.get(k) == v for k, v in where.items())
    )


def test_single_choice_right_and_wrong_by_option_id() -> None:
    choice = item("choice_lpq_meaning")
    right = [o["id"] for o in choice["options"] if o["correct"]]
    wrong = next(o for o in choice["options"] if not o["correct"])
    assert score_item(choice, {"selected": right}).fraction == 1.0
    marked = score_item(choice, {"selected": [wrong["id"]]})
    assert (marked.fraction, marked.correct) == (0.0, False)
    assert marked.notes[0] == wrong["feedback"]
    assert marked.given == [wrong["text"]]
    assert marked.response.startswith(f"{wrong['id']}: ")


def test_multiple_choice_gives_credit_for_right_ids_less_wrong_ones() -> None:
    choice = first("choice", multiple=True)
    right = [o["id"] for o in choice["options"] if o["correct"]]
    wrong = next(o["id"] for o in choice["options"] if not o["correct"])
    marked = score_item(choice, {"selected": [wrong, *right]})  # the order chosen does not matter
    assert marked.fraction == pytest.approx((len(right) - 1) / len(right))
    assert not marked.correct
    assert marked.response.count(" + ") == len(right)


@pytest.mark.parametrize(
    "selected",
    [pytest.param([0], id="one-position"), pytest.param([1, 2], id="two-positions")],
)
def test_a_choice_answer_by_position_is_from_version_1_and_never_marked(selected: list[int]) -> None:
    """Positions named options before they were shuffled: marking them against
    today's options could credit the wrong one, so they score 0 and say why."""
    marked = score_item(item("choice_lpq_meaning"), {"selected": selected})
    assert (marked.fraction, marked.correct, marked.problem) == (0.0, False, EARLIER_VERSION)
    assert marked.given == []
    assert marked.model_answer


def sheet_with(answers: dict[tuple[str, int], dict[str, Any]]) -> AnswerSheet:
    return AnswerSheet(Path("hand-in.json"), "ada", "questioning", None, answers)


def test_a_hand_in_answering_only_an_earlier_bank_version_is_reported_not_marked() -> None:
    bank, choice = default_banks().item("choice_lpq_meaning")
    right = [o["id"] for o in choice["options"] if o["correct"]]
    earlier = sheet_with({(bank.name, bank.version - 1): {choice["id"]: {"selected": right}}})
    marked = score_handed_in(choice, earlier, bank=bank.name, version=bank.version)
    assert (marked.fraction, marked.answered, marked.problem) == (0.0, False, EARLIER_VERSION)
    both = sheet_with(
        {
            (bank.name, bank.version - 1): {choice["id"]: {"selected": [0]}},
            (bank.name, bank.version): {choice["id"]: {"selected": right}},
        }
    )
    assert score_handed_in(choice, both, bank=bank.name, version=bank.version).fraction == 1.0
    blank = score_handed_in(choice, sheet_with({}), bank=bank.name, version=bank.version)
    assert blank.problem == "not answered"
    assert score_handed_in(choice, None, bank=bank.name, version=bank.version).problem == "not answered"


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
        pytest.param({"selected": ["no_such_option"]}, id="unknown-option-id"),
        pytest.param({"selected": [True]}, id="not-an-id"),
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
