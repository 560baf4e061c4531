"""Looking at one hand-in before and after nbgrader runs it, so every problem
is reported with a reason a trainer can act on, and none stops the others."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.utils import compute_checksum

from workbook.grading._answers import ANSWERS_FILE, AnswerSheet, SubmissionError, read_answers
from workbook.grading._assignments import test_cells

__all__ = ["MAX_NOTEBOOK_BYTES", "Inspection", "Released", "inspect_submission", "problems_after_grading"]

MAX_NOTEBOOK_BYTES = 5_000_000


@dataclass(frozen=True)
class Released:
    """The released notebook of an assignment, read once per grading run."""

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


@dataclass
class Inspection:
    """What was found in one learner's submitted folder."""

    fatal: str | None = None  # set when nbgrader cannot grade the notebook at all
    notes: list[str] = field(default_factory=list)
    sheet: AnswerSheet | None = None
    unreadable: str | None = None  # set when an answers file was handed in but could not be used


def _read_notebook(path: Path) -> tuple[Any, str | None]:
    if not path.is_file():
        return None, f"the notebook {path.name} is missing from the hand-in"
    size = path.stat().st_size
    if size == 0:
        return None, f"{path.name} is an empty file"
    if size > MAX_NOTEBOOK_BYTES:
        return (
            None,
            f"{path.name} is {size / 1e6:.1f} MB, over the {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB limit for a notebook",
        )
    try:
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        return None, f"{path.name} is not a notebook (not a text file)"
    except json.JSONDecodeError as exc:
        return None, f"{path.name} is not a notebook: broken JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
    if not isinstance(data, dict) or "cells" not in data:
        return None, f"{path.name} is not a notebook (JSON without notebook cells)"
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except (nbformat.ValidationError, ValueError, TypeError, KeyError) as exc:
        return None, f"{path.name} is not a valid notebook ({str(exc).splitlines()[0][:160]})"
    if not notebook.cells:
        return None, f"{path.name} has no cells"
    return notebook, None


def inspect_submission(folder: Path, released: Released) -> Inspection:
    """Check a submitted folder against the released notebook ``released``."""
    found = Inspection()
    notebook, found.fatal = _read_notebook(folder / released.path.name)
    try:
        found.sheet = read_answers(folder / ANSWERS_FILE)
    except SubmissionError as exc:
        if (folder / ANSWERS_FILE).exists():
            found.unreadable = f"the answers file was not used: {_local(exc)}"
        found.notes.append(found.unreadable or "no answers file was handed in")
    if notebook is None:
        return found
    submitted = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in notebook.cells}
    for grade_id, cell in released.test_cells.items():
        mine = submitted.get(grade_id)
        if mine is None:
            found.notes.append(f"test cell '{grade_id}' was deleted; the released version was used")
        elif compute_checksum(mine) != compute_checksum(cell):
            found.notes.append(f"test cell '{grade_id}' was altered; the released version was used")
    return found


def _local(exc: SubmissionError) -> str:
    """The error without the (long, absolute) folder of the file."""
    text = str(exc)
    return text.split(ANSWERS_FILE, 1)[-1].lstrip(": ") or text


def problems_after_grading(notebook_path: Path, released: Released) -> list[str]:
    """Errors in cells the learner added (the released cells are the course's own)."""
    if not notebook_path.is_file():
        return []
    notes: list[str] = []
    for number, cell in enumerate(nbformat.read(notebook_path, as_version=4).cells, start=1):
        if cell.cell_type != "code" or cell.get("id") in released.cell_ids:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error":
                continue
            name = output.get("ename", "")
            if name in {"KeyboardInterrupt", "CellTimeoutError", "TimeoutError", "DeadKernelError"}:
                notes.append(f"cell {number} (added by the learner) ran too long and was stopped")
            elif name == "MemoryError":
                notes.append(f"cell {number} (added by the learner) ran out of memory and was stopped")
            else:
                notes.append(f"cell {number} (added by the learner) failed with {name}")
    return list(dict.fromkeys(notes))
