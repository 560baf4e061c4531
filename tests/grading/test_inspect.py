"""What the trainer is told about a handed-in notebook (``notebook_notes``):
learner-added code cells that were not run, and notebooks that cannot be
read. Marks never come from the notebook, so a deleted or altered test cell
needs no note: the answers file is marked against every released item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from workbook.grading._inspect import MAX_NOTEBOOK_BYTES, Released, notebook_notes

NAME = "questioning.ipynb"
ONLY_ANSWERS = "; marks come from the answers file only"


def released_notebook() -> nbformat.NotebookNode:
    """A small assignment: an import, one exercise and its test cell (ids fixed, as a release gives them)."""
    test = nbformat.v4.new_code_cell('points_for("choice_one", out_of=1)', id="test-1")
    test.metadata["nbgrader"] = {"grade": True, "grade_id": "choice_one", "points": 1, "locked": True}
    cells = [
        nbformat.v4.new_markdown_cell("# Graded practice", id="title"),
        nbformat.v4.new_code_cell("from workbook.exercises import exercise", id="import"),
        nbformat.v4.new_code_cell('exercise("choice_one")', id="exercise-1"),
        test,
    ]
    return nbformat.v4.new_notebook(cells=cells)


@pytest.fixture
def released(tmp_path: Path) -> Released:
    path = tmp_path / "release" / NAME
    path.parent.mkdir()
    nbformat.write(released_notebook(), path)
    return Released.read(path)


def changed(change: Callable[[nbformat.NotebookNode], None]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        notebook = released_notebook()
        change(notebook)
        nbformat.write(notebook, path)

    return write


def text(content: str | bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return write


def _add(*cells: nbformat.NotebookNode) -> Callable[[nbformat.NotebookNode], None]:
    return lambda notebook: notebook.cells.extend(cells)


def _alter_test_cell(notebook: nbformat.NotebookNode) -> None:
    notebook.cells[3].source = "1"  # full marks, hard-coded


def _unchanged(notebook: nbformat.NotebookNode) -> None:
    pass


def _without_id(path: Path) -> None:
    """A code cell as nbformat 4.4 and earlier wrote it, with no id (nbformat would now refuse to write it)."""
    notebook = json.loads(nbformat.writes(released_notebook()))
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "source": "print('hello')", "outputs": []})
    path.write_text(json.dumps(notebook), encoding="utf-8")


def _link(path: Path) -> None:
    target = path.with_name("elsewhere.ipynb")
    nbformat.write(released_notebook(), target)
    path.symlink_to(target)


@pytest.mark.parametrize(
    ("write", "notes"),
    [
        pytest.param(changed(_unchanged), [], id="as-released"),
        pytest.param(
            changed(_add(nbformat.v4.new_code_cell("while True:\n    pass"))),
            ["1 code cell added by the learner was not run"],
            id="one-added-code-cell",
        ),
        pytest.param(
            changed(_add(nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y = 2"))),
            ["2 code cells added by the learner were not run"],
            id="two-added-code-cells",
        ),
        pytest.param(changed(_add(nbformat.v4.new_markdown_cell("My notes"))), [], id="added-markdown-is-not-code"),
        pytest.param(changed(lambda nb: nb.cells.pop(3)), [], id="deleted-test-cell"),
        pytest.param(changed(_alter_test_cell), [], id="altered-test-cell-keeps-its-id"),
        pytest.param(_without_id, ["1 code cell added by the learner was not run"], id="cell-without-an-id"),
        pytest.param(
            text(json.dumps({"cells": ["not a cell", 3, {"cell_type": "markdown", "source": ""}]})),
            [],
            id="odd-entries-in-cells-are-ignored",
        ),
    ],
)
def test_notes_on_a_readable_notebook(
    write: Callable[[Path], None], notes: list[str], released: Released, tmp_path: Path
) -> None:
    path = tmp_path / NAME
    write(path)
    assert notebook_notes(path, released) == notes


@pytest.mark.parametrize(
    ("write", "problem"),
    [
        pytest.param(None, f"the notebook {NAME} is missing from the hand-in", id="missing"),
        pytest.param(_link, f"the notebook {NAME} is missing from the hand-in", id="a-link-is-never-followed"),
        pytest.param(text(""), f"{NAME} is an empty file", id="empty"),
        pytest.param(
            text("My answers are in the attached Word document.\n"),
            f"{NAME} is not a notebook: broken JSON at line 1, column 1 (Expecting value)",
            id="text-not-json",
        ),
        pytest.param(
            text('{\n "cells": [\n'),
            f"{NAME} is not a notebook: broken JSON at line 3, column 1 (Expecting value)",
            id="cut-off-on-line-3",
        ),
        pytest.param(text(b"\xff\xfe\x00PK"), f"{NAME} is not a notebook (not a text file)", id="binary"),
        pytest.param(text("[]"), f"{NAME} is not a notebook (JSON without notebook cells)", id="json-list"),
        pytest.param(
            text('{"cells": {}}'), f"{NAME} is not a notebook (JSON without notebook cells)", id="cells-not-a-list"
        ),
        pytest.param(text("[" * 100_000 + "]" * 100_000), f"{NAME} is not a notebook (RecursionError)", id="too-deep"),
        pytest.param(
            text(" " * (MAX_NOTEBOOK_BYTES + 1)), f"{NAME} is 5.0 MB, over the 5 MB limit", id="over-the-size-limit"
        ),
    ],
)
def test_a_notebook_that_cannot_be_read_is_one_note_never_an_error(
    write: Callable[[Path], None] | None, problem: str, released: Released, tmp_path: Path
) -> None:
    path = tmp_path / NAME
    if write is not None:
        write(path)
    assert notebook_notes(path, released) == [problem + ONLY_ANSWERS]


def test_released_notebook_gives_each_test_cells_points(released: Released) -> None:
    assert released.points() == {"choice_one": 1.0}
    assert released.cell_ids == frozenset({"title", "import", "exercise-1", "test-1"})
