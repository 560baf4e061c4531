"""What an assignment asks: the bank items behind its test cells.

An assignment's source, ``exercises/NAME/NAME.md`` in the book's repository
(a MyST text notebook written by ``workbook assignment new``), is the one
definition of which items it grades. The sources belong to the repository,
not to the installed package, so they are found from the book: by default the
``exercises`` folder beside the nearest ``_config.yml`` at or above the
working directory (where Jupyter Book runs a page, and where a trainer runs
``workbook``); every function also takes the folder itself. This module sits
below ``workbook.exercises`` (graded-practice pages) and ``workbook.grading``
(course set-up and authoring), which both read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook._errors import CourseError

__all__ = [
    "BOOK_CONFIG",
    "SOURCES_FOLDER",
    "assignment_items",
    "assignment_sources",
    "find_assignment_sources",
    "test_cells",
]

BOOK_CONFIG = "_config.yml"  # marks the book's root (Jupyter Book's configuration)
SOURCES_FOLDER = "exercises"  # the assignment sources, beside it


def find_assignment_sources(start: Path | None = None) -> Path:
    """The assignment sources folder of the book at or above ``start`` (default:
    the working directory); ``CourseError`` names what was looked for, and where."""
    begin = (start or Path.cwd()).resolve()
    for folder in (begin, *begin.parents):
        if (folder / BOOK_CONFIG).is_file():
            sources = folder / SOURCES_FOLDER
            if not sources.is_dir():
                raise CourseError(f"{sources}: no assignments folder beside the book's {BOOK_CONFIG}")
            return sources
    raise CourseError(
        f"{begin}: not inside the book (no {BOOK_CONFIG} here or above), so its {SOURCES_FOLDER}/ folder "
        "of assignment sources was not found; run from the book's folder or give the folder (--exercises DIR)"
    )


def test_cells(cells: list[Any]) -> dict[str, Any]:
    """An assignment's test cells (nbgrader ``grade`` cells) by grade id, in order."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in cells if c.metadata.get("nbgrader", {}).get("grade")}


def assignment_sources(exercises: Path | None = None) -> list[Path]:
    """Every assignment source: ``exercises/NAME/NAME.md``."""
    exercises = exercises or find_assignment_sources()
    if not exercises.is_dir():
        raise CourseError(f"{exercises}: no assignments folder")
    return sorted(p for p in exercises.glob("*/*.md") if p.stem == p.parent.name)


def assignment_items(name: str, *, exercises: Path | None = None) -> list[str]:
    """Item ids graded by assignment ``name``, in order."""
    import jupytext

    source = (exercises or find_assignment_sources()) / name / f"{name}.md"
    if not source.is_file():
        raise CourseError(f"{source}: no such assignment source")
    return list(test_cells(jupytext.read(source).cells))
