"""Which book page teaches each bank item, for the links in the cohort report
and the feedback pages.

One definition: an item is taught on the page of the book's table of contents
that embeds it in a code cell with ``exercise("item_id")``. Graded items are
kept off the teaching pages (graded-practice pages show them all through
``graded_practice("assignment")``, and those pages never count as teaching),
so an item no teaching page embeds is taught on the page that embeds the most
items of the same bank ``topic``; among several pages that embed an item, the
one with more items of its topic wins, then the one that comes first in the
book. An assignment's graded-practice page is the one with its hand-in button
(``graded_practice(...)`` or ``hand_in(...)``).

The book's sources are found at or above the course folder or the working
directory (the package never looks beside itself: an installed package has no
book there). Without them the report and feedback pages simply have no links:
nothing here raises.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["BookPage", "BookPages", "book_pages", "find_book_source", "read_book_pages"]

TOC_FILE = "_toc.yml"
BUILT_HTML = Path("_build") / "html"
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.M | re.S)
_EXERCISE = re.compile(r"\bexercise\(\s*[\"']([A-Za-z0-9_.-]+)[\"']")
_GRADED_PRACTICE = re.compile(r"\bgraded_practice\(\s*[\"']([A-Za-z0-9_.-]+)[\"']")
_HAND_IN = re.compile(r"\b(?:graded_practice|hand_in)\(\s*[\"']([A-Za-z0-9_.-]+)[\"']")
_TITLE = re.compile(r"^# (.+)$", re.M)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`")


@dataclass(frozen=True)
class BookPage:
    """A page of the built book: its document name (``book/questioning/clean-language``) and title."""

    docname: str
    title: str


@dataclass(frozen=True)
class BookPages:
    """Teaching pages by item id and graded-practice pages by assignment, and
    the address of the built book (``None``: pages are named, not linked)."""

    teaching: Mapping[str, BookPage] = field(default_factory=dict)
    graded_practice: Mapping[str, BookPage] = field(default_factory=dict)
    url: str | None = None

    def href(self, page: BookPage | None) -> str | None:
        """The link to ``page`` in the built book, or None."""
        if page is None or self.url is None:
            return None
        return f"{self.url.rstrip('/')}/{page.docname}.html"


def find_book_source(*near: Path) -> Path | None:
    """The folder holding the book's sources (``_toc.yml`` and ``book/``):
    ``near`` (default: the working directory) or a folder above it; None when
    there is none."""
    for start in near or (Path.cwd(),):
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / TOC_FILE).is_file() and (folder / "book").is_dir():
                return folder
    return None


def read_book_pages(root: Path, topics: Mapping[str, str]) -> tuple[dict[str, BookPage], dict[str, BookPage]]:
    """Teaching page by item id (for every item in ``topics``, id -> topic) and
    graded-practice page by assignment, read from the sources under ``root``."""
    pages = []
    for docname in _toc_files(yaml.safe_load((root / TOC_FILE).read_text(encoding="utf-8"))):
        path = root / f"{docname}.md"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            pages.append((docname, _title(text, docname), text))
    graded: dict[str, BookPage] = {}
    embedded: list[tuple[BookPage, set[str]]] = []
    for docname, title, text in pages:
        page = BookPage(docname, title)
        cells = "\n".join(m.group(1) for m in _CODE_CELL.finditer(text))
        for assignment in _HAND_IN.findall(cells):
            graded.setdefault(assignment, page)
        if not _GRADED_PRACTICE.search(cells):
            embedded.append((page, set(_EXERCISE.findall(cells))))
    per_topic = [Counter(topics.get(i) for i in ids) for _, ids in embedded]
    teaching = {}
    for item_id, topic in topics.items():
        ranked = [
            (item_id not in ids, -per_topic[n][topic], n)
            for n, (_, ids) in enumerate(embedded)
            if item_id in ids or per_topic[n][topic]
        ]
        if ranked:
            teaching[item_id] = embedded[min(ranked)[2]][0]
    return teaching, graded


def book_pages(*, book_url: str | None = None, near: Iterable[Path] = (), source: Path | None = None) -> BookPages:
    """The book's pages for links; ``book_url`` defaults to the built book
    (``_build/html``) of the checkout, when it has been built."""
    from workbook.banks._load import default_banks

    root = source or find_book_source(*near)
    if root is None:
        return BookPages(url=book_url)
    topics = {item["id"]: item.get("topic", "") for bank in default_banks().banks for item in bank.items}
    try:
        teaching, graded = read_book_pages(root, topics)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, AttributeError):
        return BookPages(url=book_url)
    if book_url is None and (root / BUILT_HTML / "index.html").is_file():
        book_url = (root / BUILT_HTML).as_uri()
    return BookPages(teaching, graded, book_url)


def _toc_files(toc: Any) -> Iterator[str]:
    """Document names in the order the book shows them."""
    if isinstance(toc, dict):
        for key in ("root", "file"):
            if isinstance(toc.get(key), str):
                yield toc[key].removesuffix(".md")
        for value in toc.values():
            if isinstance(value, (dict, list)):
                yield from _toc_files(value)
    elif isinstance(toc, list):
        for entry in toc:
            yield from _toc_files(entry)


def _title(text: str, docname: str) -> str:
    found = _TITLE.search(text)
    if not found:
        return docname.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    return _ROLE.sub(r"\1", found.group(1)).replace("`", "").replace("*", "").strip()
