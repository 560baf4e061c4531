"""Writing an assignment source: ``exercises/NAME/NAME.md``, a MyST text
notebook with nbgrader metadata, from a list of bank items.

Each item gets a display cell (the exercise widget, with instant feedback) and
a locked test cell that awards its points from the learner's answers file.
Display cells carry no nbgrader metadata on purpose: nbgrader 0.9's
re-insertion of deleted test cells assumes the cell before each test cell is a
graded one, so only test cells are nbgrader cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from workbook.assignments import find_assignment_sources
from workbook.banks._load import default_banks
from workbook.exercise_types import TYPES

__all__ = ["POINTS", "write_assignment_source"]

# Points per item type (from the table of exercise types).
POINTS = {name: kind.points for name, kind in TYPES.items()}

_HEADER = """---
jupytext:
  notebook_metadata_filter: -all
  cell_metadata_filter: nbgrader,editable,deletable,-all
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

_HOW = (
    "Work through each exercise: choose or type your answer and press **Check**. Your answers are saved "
    "beside this notebook (in `action-learning-answers.json`) each time you check, and they are handed in "
    "with it. Change an answer as often as you like; the last one you checked counts."
)


def _cell(source: str, meta: Mapping[str, object]) -> str:
    return (
        "```{code-cell} ipython3\n---\n" + yaml.safe_dump(meta, sort_keys=True).strip() + "\n---\n" + source + "\n```\n"
    )


def write_assignment_source(
    name: str, *, title: str, intro: str, items: list[str], exercises: Path | None = None
) -> Path:
    """Write (or rewrite) ``exercises/NAME/NAME.md`` for ``items``; ``exercises``
    defaults to the book's sources folder, found from the working directory."""
    banks = default_banks()
    fixed = {"deletable": False, "editable": False}
    parts = [_HEADER, f"# {title}\n\n{intro}\n\n{_HOW}\n", _cell("from workbook.exercises import exercise", fixed)]
    for number, item_id in enumerate(items, start=1):
        _, item = banks.item(item_id)
        points = POINTS[item["type"]]
        test = {
            **fixed,
            "nbgrader": {
                "grade": True,
                "grade_id": item_id,
                "locked": True,
                "points": points,
                "schema_version": 3,
                "solution": False,
            },
        }
        parts.append(f"## Exercise {number}\n")
        parts.append(_cell(f'exercise("{item_id}")', fixed))
        parts.append(
            _cell(f'from workbook.grading import points_for\n\npoints_for("{item_id}", out_of={points})', test)
        )
    path = (exercises or find_assignment_sources()) / name / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
