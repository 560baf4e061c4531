"""Widget classes. One ES module (exercise.js, bundled with the question rules)
renders every type; the loader in the book imports it once per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from workbook._bundle import bundle_module, compact
from workbook.banks._load import Bank, default_banks
from workbook.grading._answers import record_answer
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

    The browser shows options in an order seeded per browser or, when
    ``graded`` (a graded-practice page), by the learner id once it is known
    (see ``_shuffle.py``); answers name options by id, never by position.
    """

    kind: ClassVar[str] = ""
    answer = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    graded = traitlets.Bool(False).tag(sync=True)

    def __init__(self, *, item: dict[str, Any], bank: Bank, **kwargs: Any) -> None:
        if item.get("type") != self.kind:
            msg = f"{type(self).__name__} needs a '{self.kind}' item, got '{item.get('type')}' ({item.get('id')})"
            raise ValueError(msg)
        super().__init__(item=item, bank=bank.name, bank_version=bank.version, **kwargs)
        self.observe(self._record, names="answer")

    def _record(self, change: dict[str, Any]) -> None:
        """Live in Jupyter, keep each checked answer in the answers file beside
        the notebook, so it is saved, and handed in, with the assignment."""
        if change["new"] is not None:
            record_answer(
                Path.cwd(), bank=self.bank, version=self.bank_version, item_id=self.item["id"], answer=change["new"]
            )


class ChoiceExercise(Exercise):
    """Single or multiple answer, with feedback for each option."""

    kind = "choice"


class ClassifyExercise(Exercise):
    """Sort statements into categories."""

    kind = "classify"


class OrderExercise(Exercise):
    """Put steps in sequence with Move up / Move down buttons."""

    kind = "order"


class RewriteExercise(Exercise):
    """Free text, with feedback from the shared question rules."""

    kind = "rewrite"
    rules = traitlets.Dict().tag(sync=True)

    def __init__(self, *, item: dict[str, Any], bank: Bank, **kwargs: Any) -> None:
        super().__init__(item=item, bank=bank, rules=default_rules().data, **kwargs)


class MatchExercise(Exercise):
    """Match each item on the left to one option, with feedback for each pair."""

    kind = "match"


class SpotExercise(Exercise):
    """Name the type of each marked response in a short dialogue."""

    kind = "spot"


class SmartExercise(Exercise):
    """Draft an action; feedback per SMART element from the shared SMART checks."""

    kind = "smart"
    rules = traitlets.Dict().tag(sync=True)

    def __init__(self, *, item: dict[str, Any], bank: Bank, **kwargs: Any) -> None:
        super().__init__(item=item, bank=bank, rules=default_smart_rules().data, **kwargs)


class TimingExercise(Exercise):
    """Allot minutes to the stages of a meeting within its total, with a running total."""

    kind = "timing"


class DownloadAnswers(_Base):
    """A button that saves every answer kept in this browser as one JSON file."""


_CLASSES: dict[str, type[Exercise]] = {
    c.kind: c
    for c in (
        ChoiceExercise,
        ClassifyExercise,
        OrderExercise,
        RewriteExercise,
        MatchExercise,
        SpotExercise,
        SmartExercise,
        TimingExercise,
    )
}


def exercise(item_id: str, *, graded: bool = False) -> Exercise:
    """The widget for bank item ``item_id``; ``graded`` for a graded-practice page."""
    bank, item = default_banks().item(item_id)
    return _CLASSES[item["type"]](item=item, bank=bank, graded=graded)


def download_answers() -> DownloadAnswers:
    """The "Download my answers" button."""
    return DownloadAnswers(item={"id": "download_answers", "type": "download"})


def hand_in(assignment: str) -> DownloadAnswers:
    """The "Download my hand-in" button for a graded assignment: the learner id,
    the assignment and only its answers, in the file ``workbook collect --from`` reads."""
    from workbook.grading._assignments import assignment_items

    items = assignment_items(assignment)
    return DownloadAnswers(
        item={"id": f"hand_in_{assignment}", "type": "download", "assignment": assignment, "items": items}
    )


def graded_practice(assignment: str) -> None:
    """Show every exercise of a graded assignment, then its hand-in button (for a book page)."""
    from IPython.display import display

    from workbook.grading._assignments import assignment_items

    for item_id in assignment_items(assignment):
        display(exercise(item_id, graded=True))
    display(hand_in(assignment))
