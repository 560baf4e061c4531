"""Looking at a handed-in notebook as data, for the trainer's notes.

Marks never come from the notebook (they come from the answers file), so the
notebook is only read to tell the trainer what the learner did to it. It is
hostile input: it is parsed with a size limit, nothing in it is executed or
trusted, and any failure becomes a note instead of an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from workbook.assignments import test_cells

__all__ = ["MAX_NOTEBOOK_BYTES", "Released", "notebook_notes"]

MAX_NOTEBOOK_BYTES = 5_000_000


@dataclass(frozen=True)
class Released:
    """The released notebook of an assignment (the course's own), read once per grading run."""

    path: Path
    test_cells: dict[str, Any]  # by grade id
    cell_ids: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> Released:
        cells = nbformat.read(path, as_version=4).cells
        return cls(path, test_cells(cells), frozenset(c.get("id") for c in cells))

    def points(self) -> dict[str, float]:
        """Points available per test cell."""
        return {grade_id: float(c.metadata.nbgrader["points"]) for grade_id, c in self.test_cells.items()}


def _cells(path: Path) -> tuple[list[Any] | None, str | None]:
    """The notebook's cells as plain JSON values, or why they cannot be read."""
    if path.is_symlink() or not path.is_file():
        return None, f"the notebook {path.name} is missing from the hand-in"
    size = path.stat().st_size
    if size == 0:
        return None, f"{path.name} is an empty file"
    if size > MAX_NOTEBOOK_BYTES:
        return None, f"{path.name} is {size / 1e6:.1f} MB, over the {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB limit"
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"{path.name} is not a notebook (not a text file)"
    except json.JSONDecodeError as exc:
        return None, f"{path.name} is not a notebook: broken JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
    except (RecursionError, ValueError) as exc:  # nesting too deep, a number too long
        return None, f"{path.name} is not a notebook ({type(exc).__name__})"
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return None, f"{path.name} is not a notebook (JSON without notebook cells)"
    return cells, None


def _released_cell(cell: dict[str, Any], released: Released) -> bool:
    cell_id = cell.get("id")
    return isinstance(cell_id, str) and cell_id in released.cell_ids


def notebook_notes(path: Path, released: Released) -> list[str]:
    """What a trainer should know about a handed-in notebook; never raises for its content."""
    cells, problem = _cells(path)
    if cells is None:
        return [f"{problem}; marks come from the answers file only"] if problem else []
    added = sum(
        1
        for cell in cells
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and not _released_cell(cell, released)
    )
    if not added:
        return []
    cells_word = "cell" if added == 1 else "cells"
    return [f"{added} code {cells_word} added by the learner {'was' if added == 1 else 'were'} not run"]
