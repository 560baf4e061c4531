"""What an assignment asks: the bank items behind its test cells.

An assignment's source (``exercises/NAME/NAME.md``) is the one definition of
which items it grades; the book's graded-practice pages read it from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.grading._course import EXERCISES_DIR, CourseError

__all__ = ["assignment_items", "test_cells"]


def test_cells(cells: list[Any]) -> dict[str, Any]:
    """An assignment's test cells (nbgrader ``grade`` cells) by grade id, in order."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in cells if c.metadata.get("nbgrader", {}).get("grade")}


def assignment_items(name: str, *, exercises: Path = EXERCISES_DIR) -> list[str]:
    """Item ids graded by assignment ``name``, in order."""
    import jupytext

    source = exercises / name / f"{name}.md"
    if not source.is_file():
        raise CourseError(f"{source}: no such assignment source")
    return list(test_cells(jupytext.read(source).cells))
