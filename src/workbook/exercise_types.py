"""The exercise types: one table, from which every Python registry of types follows.

Each type's *facts* live here: what the learner does, its default points in an
assignment, and which shared rules its widget carries. Each type's *code*
lives with the layer it belongs to (the bank check beyond the schema in
``banks/_load.py``, the widget in ``exercises/_widgets.py``, the scorer and
model answer in ``grading/_scoring.py``, the demo's right and wrong answers in
``grading/_demo.py``), in a dict keyed by type that ``by_type`` checks against
this table when the module is imported, so a type added here and forgotten
there fails at once, naming the module and the type. This module imports
nothing of the package, so every layer can read it; the accessors of
``ExerciseType`` reach each layer's code lazily, one way in for a caller.

What is not Python (the bank schema's type enum and branches, the browser's
``TYPES`` in ``exercises/exercise.js`` and the README's list) is tied to this
table by ``tests/test_exercise_types.py``.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from workbook.grading._scoring import ItemResult

__all__ = ["TYPES", "ExerciseType", "by_type", "exercise_type"]

Rules = Literal["question", "smart"]
V = TypeVar("V")


@dataclass(frozen=True)
class ExerciseType:
    """One exercise type's facts."""

    name: str  # the item's ``type`` in a bank
    summary: str  # what the learner does (the widget's docstring)
    points: int  # an item's points in an assignment; types with several parts earn more, with partial credit
    # About how long a learner takes over one item, reading its feedback
    # included; pages and the course map add these to the reading time
    # (``workbook.course_map``). Estimates, not measurements: a minute to read
    # a prompt and choose, two to sort, order or match several statements,
    # three to write or plan something of one's own and act on the feedback.
    minutes: int
    rules: Rules | None = None  # the shared rules the widget carries to the browser: question or SMART rules

    @property
    def widget_name(self) -> str:
        """The public widget class in ``workbook.exercises`` (``ChoiceExercise``)."""
        return f"{self.name.capitalize()}Exercise"

    def widget(self) -> type:
        """The widget class for this type's items."""
        return _layer("workbook.exercises._widgets", "WIDGETS")[self.name]  # type: ignore[no-any-return]

    def score(self, item: dict[str, Any], answer: Any) -> ItemResult:
        """Mark ``answer`` to ``item`` as the grader does."""
        from workbook.grading._scoring import score_item

        return score_item(item, answer)

    def model_answer(self, item: dict[str, Any]) -> list[str]:
        """The model answer shown on feedback pages."""
        return _layer("workbook.grading._scoring", "_MODELS")[self.name](item)  # type: ignore[no-any-return]

    def right_answer(self, item: dict[str, Any]) -> Any:
        """An answer that earns full marks (the demo cohort's, and the tests')."""
        return _layer("workbook.grading._demo", "RIGHT")[self.name](item)

    def wrong_answer(self, item: dict[str, Any], rng: random.Random) -> Any:
        """An answer that earns less than full marks."""
        return _layer("workbook.grading._demo", "WRONG")[self.name](item, rng)


TYPES: Mapping[str, ExerciseType] = {
    t.name: t
    for t in (
        ExerciseType("choice", "Single or multiple answer, with feedback for each option.", 1, minutes=1),
        ExerciseType("classify", "Sort statements into categories.", 2, minutes=2),
        ExerciseType("order", "Put steps in sequence with Move up / Move down buttons.", 2, minutes=2),
        ExerciseType(
            "rewrite", "Free text, with feedback from the shared question rules.", 2, minutes=3, rules="question"
        ),
        ExerciseType("match", "Match each item on the left to one option, with feedback for each pair.", 2, minutes=2),
        ExerciseType("spot", "Name the type of each marked response in a short dialogue.", 2, minutes=2),
        ExerciseType(
            "smart",
            "Draft an action; feedback per SMART element from the shared SMART checks.",
            2,
            minutes=3,
            rules="smart",
        ),
        ExerciseType(
            "timing", "Allot minutes to the stages of a meeting within its total, with a running total.", 2, minutes=3
        ),
        ExerciseType(
            "practice",
            "Question a simulated presenter in a practice set, then see a debrief.",
            3,
            minutes=15,
            rules="question",
        ),
        ExerciseType(
            "dilemma", "Steer a facilitation dilemma through its choices to an ending, with a debrief.", 2, minutes=5
        ),
    )
}


def exercise_type(name: str) -> ExerciseType:
    """The type called ``name``; a ``KeyError`` naming the known types if there is none."""
    try:
        return TYPES[name]
    except KeyError:
        raise KeyError(f"no exercise type '{name}' (known: {', '.join(TYPES)})") from None


def by_type(registry: dict[str, V], *, where: str) -> dict[str, V]:
    """``registry`` (per-type code of one layer, named ``where``), checked to
    cover exactly the types of the table, in the table's order."""
    missing = [t for t in TYPES if t not in registry]
    extra = [t for t in registry if t not in TYPES]
    if missing or extra:
        problems = [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(extra)}" if extra else ""]
        raise RuntimeError(
            f"{where}: the exercise types differ from workbook.exercise_types: " + "; ".join(filter(None, problems))
        )
    return {t: registry[t] for t in TYPES}


def _layer(module: str, name: str) -> Mapping[str, Any]:
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
