"""Widget classes. One ES module (exercise.js, bundled with the question rules)
renders every type; the loader in the book imports it once per page. The
classes follow the table of exercise types (``workbook.exercise_types``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from workbook._bundle import bundle_module, compact
from workbook.answers import record_answer
from workbook.banks._load import Bank, default_banks
from workbook.exercise_types import TYPES, ExerciseType, Rules, by_type
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules

_HERE = Path(__file__).parent


class _Base(anywidget.AnyWidget):
    _esm = bundle_module(_HERE / "exercise.js")
    _css = compact((_HERE / "exercise.css").read_text(encoding="utf-8"))
    item = traitlets.Dict().tag(sync=True)
    bank = traitlets.Unicode("").tag(sync=True)
    bank_version = traitlets.Int(0).tag(sync=True)


class Exercise(_Base):
    """An item from a bank. ``answer`` holds the learner's last checked answer.

    One class serves every exercise type (``workbook.exercise_types``): the
    browser renders the item by its ``type``. Its per-type subclasses
    (``ChoiceExercise`` …, what ``exercise()`` returns) are made from the
    table: each accepts only items of its type, and a type with shared rules
    (question or SMART rules) carries them in a ``rules`` trait.

    The browser shows options in an order seeded per browser or, when
    ``graded`` (a graded-practice page), by the learner id once it is known
    (see ``_shuffle.py``); answers name options by id, never by position.
    """

    kind: ClassVar[str] = ""  # the one type a subclass accepts
    answer = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    graded = traitlets.Bool(False).tag(sync=True)

    def __init__(self, *, item: dict[str, Any], bank: Bank, **kwargs: Any) -> None:
        if item.get("type") != self.kind:
            msg = f"{type(self).__name__} needs a '{self.kind}' item, got '{item.get('type')}' ({item.get('id')})"
            raise ValueError(msg)
        rules = _RULES[TYPES[self.kind].rules]
        if rules is not None:
            kwargs["rules"] = rules()
        super().__init__(item=item, bank=bank.name, bank_version=bank.version, **kwargs)
        self.observe(self._record, names="answer")

    def _record(self, change: dict[str, Any]) -> None:
        """Live in Jupyter, keep each checked answer in the answers file beside
        the notebook, so it is saved, and handed in, with the assignment."""
        if change["new"] is not None:
            record_answer(
                Path.cwd(), bank=self.bank, version=self.bank_version, item_id=self.item["id"], answer=change["new"]
            )


_RULES: dict[Rules | None, Callable[[], dict[str, Any]] | None] = {
    None: None,
    "question": lambda: default_rules().data,
    "smart": lambda: default_smart_rules().data,
}


def _widget_class(kind: ExerciseType) -> type[Exercise]:
    """The class for ``kind``'s items; only types with shared rules sync a
    ``rules`` trait, so the other widgets' state carries no empty one."""
    body: dict[str, Any] = {"kind": kind.name, "__doc__": kind.summary, "__module__": __name__}
    if kind.rules is not None:
        body["rules"] = traitlets.Dict().tag(sync=True)
    return type(kind.widget_name, (Exercise,), body)


class DownloadAnswers(_Base):
    """A panel over every answer kept in this browser, not an exercise: the
    button that saves them as one JSON file (``type: download``), the
    progress view (``type: progress``) or the self-assessment before and
    after (``type: self_assessment``)."""


WIDGETS: dict[str, type[Exercise]] = by_type(
    {name: _widget_class(kind) for name, kind in TYPES.items()}, where=__name__
)


def __getattr__(name: str) -> type[Exercise]:
    """The per-type classes by their public names (``ChoiceExercise`` …)."""
    for cls in WIDGETS.values():
        if cls.__name__ == name:
            return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def exercise(item_id: str, *, graded: bool = False) -> Exercise:
    """The widget for bank item ``item_id``; ``graded`` for a graded-practice page."""
    bank, item = default_banks().item(item_id)
    return WIDGETS[item["type"]](item=item, bank=bank, graded=graded)


def download_answers() -> DownloadAnswers:
    """The "Download my answers" button."""
    return DownloadAnswers(item={"id": "download_answers", "type": "download"})


def course_progress() -> DownloadAnswers:
    """The "My progress" view (``progress.js``): it reads the course's manifest
    that ``{course-progress}`` writes into the same built page."""
    return DownloadAnswers(item={"id": "course_progress", "type": "progress"})


def self_assessment() -> DownloadAnswers:
    """The self-assessment before and after (``self_assessment.js``), with the
    course's questionnaire (``workbook/answers/self_assessment.yaml``)."""
    from workbook.answers import questionnaire

    return DownloadAnswers(
        item={"id": "self_assessment", "type": "self_assessment", "questionnaire": questionnaire().as_item()}
    )


def hand_in(assignment: str) -> DownloadAnswers:
    """The "Download my hand-in" button for a graded assignment: the learner id,
    the assignment and only its answers, in the file ``workbook collect --from`` reads."""
    from workbook.assignments import assignment_items

    items = assignment_items(assignment)
    return DownloadAnswers(
        item={"id": f"hand_in_{assignment}", "type": "download", "assignment": assignment, "items": items}
    )


def graded_practice(assignment: str) -> None:
    """Show every exercise of a graded assignment, then its hand-in button (for a book page)."""
    from IPython.display import display

    from workbook.assignments import assignment_items

    for item_id in assignment_items(assignment):
        display(exercise(item_id, graded=True))
    display(hand_in(assignment))
