"""What the built book embeds: pages, their exercises and the bank items behind them."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from workbook.banks import BankSet, load_banks
from workbook.exercise_types import TYPES

HTML = Path(__file__).resolve().parent.parent / "_build" / "html"
_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


@cache
def course_banks() -> BankSet:
    """The course's banks, read once per test process: reading and checking them
    takes most of a second, and the files do not change during a run."""
    return load_banks()


@cache
def embedded_items() -> dict[str, list[str]]:
    """Page path (relative to the site) -> ids of the exercises it embeds, in page order."""
    pages: dict[str, list[str]] = {}
    for path in sorted(HTML.rglob("*.html")):
        match = _STATE.search(path.read_text(encoding="utf-8"))
        if not match:
            continue
        state = json.loads(match.group(1))["state"]
        items = [m["state"]["item"] for m in state.values() if "item" in m["state"]]
        ids = [i["id"] for i in items if i["type"] in TYPES]  # not the download or progress panels
        if ids:
            pages[path.relative_to(HTML).as_posix()] = ids
    return pages


def item(item_id: str) -> dict[str, Any]:
    return course_banks().item(item_id)[1]


# The button that marks an exercise: "Check", unless its type names its own
# (a type's `checkLabel` in src/workbook/exercises/types/).
CHECK_LABELS = {"practice": "End and debrief"}


def check_label(item_id: str) -> str:
    """The name of the button that marks exercise ``item_id``."""
    return CHECK_LABELS.get(item(item_id)["type"], "Check")


def bank_key(item_id: str) -> str:
    """``bank@version`` of the bank holding ``item_id``, as the browser stores it."""
    bank, _ = course_banks().item(item_id)
    return f"{bank.name}@{bank.version}"


def first_embedded(kind: str, under: str = "book/") -> tuple[str, dict[str, Any]]:
    """The first exercise of ``kind`` in the book, and the page it is on."""
    for page, ids in embedded_items().items():
        for item_id in ids:
            if page.startswith(under) and item(item_id)["type"] == kind:
                return page, item(item_id)
    raise AssertionError(f"no {kind} exercise under {under}")


@cache
def all_pages() -> list[str]:
    """Every page of the built book (site-relative paths). Sphinx's own folders
    (``_static``, ``_sources``) hold no pages a learner opens, and the root
    ``index.html`` only redirects to the first page."""
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not p.relative_to(HTML).parts[0].startswith("_") and 'http-equiv="Refresh"' not in p.read_text("utf-8")
    )
