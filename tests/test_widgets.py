"""Exercise widgets without a browser: the state a page or a live notebook receives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_pages import course_banks
from workbook import BankError
from workbook.exercises import (
    ChoiceExercise,
    ClassifyExercise,
    DilemmaExercise,
    DownloadAnswers,
    MatchExercise,
    OrderExercise,
    RewriteExercise,
    SmartExercise,
    SpotExercise,
    TimingExercise,
    download_answers,
    exercise,
)
from workbook.grading import ANSWERS_FILE, read_answers
from workbook.rules import default_rules, default_smart_rules

CLASSES = {
    "choice": ChoiceExercise,
    "classify": ClassifyExercise,
    "order": OrderExercise,
    "rewrite": RewriteExercise,
    "match": MatchExercise,
    "spot": SpotExercise,
    "smart": SmartExercise,
    "timing": TimingExercise,
    "dilemma": DilemmaExercise,
}
RULES = {"rewrite": default_rules().data, "smart": default_smart_rules().data}


def first_item_of(kind: str) -> tuple[str, dict[str, object]]:
    for bank in course_banks().banks:
        for item in bank.items:
            if item["type"] == kind:
                return bank.name, item
    raise AssertionError(f"no {kind} item in the banks")


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_exercise_state_carries_item_bank_and_code(kind: str) -> None:
    """Does each widget carry everything the browser needs to give feedback alone?"""
    bank_name, item = first_item_of(kind)
    widget = exercise(str(item["id"]))
    assert isinstance(widget, CLASSES[kind])
    state = widget.get_state()
    assert state["item"] == item
    assert state["bank"] == bank_name
    assert state["bank_version"] >= 1
    assert "export default" in state["_esm"]
    assert "function render(" in state["_esm"]
    assert ".alw-exercise" in state["_css"]
    assert state["answer"] is None
    assert state.get("rules") == RULES.get(kind)


def test_rewrite_widget_carries_the_shared_rules() -> None:
    _, item = first_item_of("rewrite")
    state = exercise(str(item["id"])).get_state()
    assert state["rules"] == default_rules().data


def test_answer_checked_in_jupyter_is_kept_beside_the_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In Jupyter the front end sets `answer`; it reaches Python and the answers
    file in the notebook's folder, which is handed in with the notebook."""
    monkeypatch.chdir(tmp_path)
    _, item = first_item_of("choice")
    bank, _ = course_banks().item(str(item["id"]))
    widget = exercise(str(item["id"]))
    assert widget is not None
    answer = {"selected": [item["options"][1]["id"]]}  # options by id, never by position
    widget.set_state({"answer": answer})
    assert widget.answer == answer
    sheet = read_answers(tmp_path / ANSWERS_FILE)
    assert sheet.answer(bank.name, bank.version, str(item["id"])) == answer


def test_graded_practice_exercises_are_marked_graded(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a graded-practice page the browser seeds the option order by the learner id, elsewhere by the browser."""
    from workbook.exercises import _widgets

    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    _widgets.graded_practice("questioning")
    exercises = [w for w in shown if isinstance(w, _widgets.Exercise)]
    assert exercises
    assert all(w.get_state()["graded"] is True for w in exercises)
    assert isinstance(shown[-1], DownloadAnswers)
    assert exercise("choice_lpq_meaning").get_state()["graded"] is False


def test_under_the_grader_display_cells_build_no_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBOOK_GRADING", "1")
    assert exercise("choice_lpq_meaning") is None


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        pytest.param("match", {"matched": ["presenter", None]}, id="match"),
        pytest.param("spot", {"spotted": ["probing", "advising"]}, id="spot"),
        pytest.param("smart", {"text": "I will ask Sam by Friday."}, id="smart"),
        pytest.param("timing", {"minutes": [10, None, 45]}, id="timing"),
        pytest.param("dilemma", {"path": ["round_of_questions", "ask_about_silence"]}, id="dilemma"),
    ],
)
def test_new_type_answers_reach_python(
    kind: str, answer: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does the answer shape each new type saves in the browser come back to Python unchanged?"""
    monkeypatch.chdir(tmp_path)  # the answer is also recorded beside the "notebook"
    _, item = first_item_of(kind)
    widget = exercise(str(item["id"]))
    widget.set_state({"answer": answer})
    assert widget.answer == answer
    assert widget.get_state()["answer"] == answer
    assert (tmp_path / ANSWERS_FILE).is_file()


def test_unknown_item_is_a_clear_error() -> None:
    with pytest.raises(BankError, match="no item 'not_an_item'"):
        exercise("not_an_item")


def test_widget_refuses_an_item_of_another_type() -> None:
    bank = course_banks().banks[0]
    _, item = first_item_of("choice")
    with pytest.raises(ValueError, match=r"OrderExercise needs a 'order' item, got 'choice'"):
        OrderExercise(item=item, bank=bank)


def test_download_button_shares_the_module() -> None:
    button = download_answers()
    assert isinstance(button, DownloadAnswers)
    assert button.get_state()["item"]["type"] == "download"
    assert button.get_state()["_esm"] == exercise(str(first_item_of("order")[1]["id"])).get_state()["_esm"]
