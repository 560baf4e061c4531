"""How long each page and module takes, and what the progress page needs to know.

The book states, under each page's title, about how many minutes the page
takes and how many exercises it has, and the welcome page maps every module
with its totals. None of it is typed by hand: the build
(``book/_ext/course_pages.py``) counts each page's words and the exercises it
actually renders, and this module turns those counts into minutes, modules and
the progress page's manifest. It knows nothing of Sphinx, so it is tested on
its own (``tests/test_course_map.py``).

Minutes are the reading time at :data:`READING_WORDS_PER_MINUTE` plus each
exercise's minutes from the table of exercise types
(``workbook.exercise_types``), rounded to the nearest minute.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbook.exercise_types import exercise_type

__all__ = [
    "COURSE_SCRIPT",
    "READING_WORDS_PER_MINUTE",
    "Exercise",
    "Module",
    "Page",
    "chapters",
    "course_script",
    "facts_line",
    "modules",
    "page_minutes",
    "progress_manifest",
    "read_course_script",
]

# Adults' average silent reading rate for non-fiction in English, from a
# meta-analysis of 190 studies (Brysbaert 2019, book/bib/course-map.bib).
READING_WORDS_PER_MINUTE = 238
GRADED_PRACTICE = "graded-practice"
# The manifest with page names for URLs, once per book in _static/, for the
# SCORM adapter (book/assets/scorm.js) and the SCORM packager (workbook.scorm).
COURSE_SCRIPT = "alw-course.js"
_COURSE_PREFIX = "window.alwCourse = "  # the last part of a module's graded-practice page name


@dataclass(frozen=True)
class Exercise:
    """One exercise as a page renders it: the item, its type and its bank."""

    id: str
    type: str
    bank: str
    version: int


@dataclass(frozen=True)
class Page:
    """A built page: its name in the book (``book/questioning/grow``), title, words and exercises."""

    docname: str
    title: str
    words: int
    exercises: tuple[Exercise, ...] = ()

    @property
    def minutes(self) -> int:
        return page_minutes(self.words, [e.type for e in self.exercises])


def page_minutes(words: int, exercise_types: Iterable[str]) -> int:
    """About how many minutes a page of ``words`` with exercises of these types takes (at least 1)."""
    exercises = sum(exercise_type(t).minutes for t in exercise_types)
    return max(1, round(words / READING_WORDS_PER_MINUTE + exercises))


def facts_line(page: Page) -> str:
    """The line under a page's title: "About 12 minutes · 4 exercises" (no exercise part when there are none)."""
    line = f"About {page.minutes} minute{'s' if page.minutes != 1 else ''}"
    count = len(page.exercises)
    if count:
        line += f" · {count} exercise{'s' if count != 1 else ''}"
    return line


def chapters(toc: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """Each chapter of a ``jb-book`` table of contents (``_toc.yml``) with its
    sections' page names, in order; file suffixes are dropped, as Sphinx does."""

    def name(entry: Mapping[str, Any]) -> str:
        file = str(entry["file"])
        return file.rsplit(".", 1)[0] if file.endswith((".md", ".ipynb")) else file

    found: list[tuple[str, list[str]]] = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            found.append((name(chapter), [name(s) for s in chapter.get("sections", [])]))
    return found


@dataclass(frozen=True)
class Module:
    """A chapter with sections: its overview page first, then the sections.

    ``bank`` is the bank most of its exercises come from (None when it has
    none, as the tools chapter); ``graded`` its graded-practice page, if any."""

    pages: tuple[Page, ...]
    bank: str | None
    graded: str | None

    @property
    def title(self) -> str:
        return self.pages[0].title

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pages)

    @property
    def exercises(self) -> int:
        return sum(len(p.exercises) for p in self.pages)


def modules(toc: Mapping[str, Any], pages: Mapping[str, Page]) -> list[Module]:
    """The modules of the book, in order: every chapter with sections."""
    found: list[Module] = []
    for chapter, sections in chapters(toc):
        if not sections:
            continue
        own = tuple(pages[d] for d in (chapter, *sections) if d in pages)
        banks = Counter(e.bank for p in own for e in p.exercises)
        graded = next((p.docname for p in own if p.docname.rsplit("/", 1)[-1] == GRADED_PRACTICE), None)
        found.append(Module(own, banks.most_common(1)[0][0] if banks else None, graded))
    return found


def progress_manifest(toc: Mapping[str, Any], pages: Mapping[str, Page], url: Callable[[str], str]) -> dict[str, Any]:
    """What the progress page shows, kept small: the pages with exercises
    (``[url, title]``, URLs made by ``url`` from a page name) and, for each
    module with a bank, its bank, version, title, first page (its overview),
    graded-practice page and items, each ``[item id, page]`` with the page as an index into ``pages``.

    An item counts for the module of its bank wherever it is shown (a practice
    page may show items of several banks); an item shown on two pages is
    listed once, on the first, in table-of-contents order."""
    order = [d for chapter, sections in chapters(toc) for d in (chapter, *sections) if d in pages]
    with_items = [d for d in order if pages[d].exercises]
    index = {d: i for i, d in enumerate(with_items)}
    entries: list[dict[str, Any]] = []
    for module in modules(toc, pages):
        if module.bank is None:
            continue
        seen: dict[str, int] = {}
        version = 0
        for docname in with_items:
            for e in pages[docname].exercises:
                if e.bank == module.bank and e.id not in seen:
                    seen[e.id] = index[docname]
                    version = e.version
        entries.append(
            {
                "bank": module.bank,
                "version": version,
                "title": module.title,
                "start": url(module.pages[0].docname),
                "graded": url(module.graded) if module.graded else None,
                "items": [[item, page] for item, page in seen.items()],
            }
        )
    return {"pages": [[url(d), pages[d].title] for d in with_items], "modules": entries}


def course_script(manifest: Mapping[str, Any]) -> str:
    """The classic script that gives every page the course manifest (page names as URLs) as ``window.alwCourse``."""
    text = json.dumps(manifest, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")
    return f"{_COURSE_PREFIX}{text};\n"


def read_course_script(text: str) -> dict[str, Any]:
    """The manifest in a script written by :func:`course_script`."""
    if not text.startswith(_COURSE_PREFIX):
        raise ValueError(f"not a course script: it does not start with {_COURSE_PREFIX!r}")
    return json.loads(text[len(_COURSE_PREFIX) :].rstrip().rstrip(";"))  # type: ignore[no-any-return]
