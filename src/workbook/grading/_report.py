"""The cohort report: one self-contained HTML page (the score chart inline as
SVG) and CSV files.

Per assignment: where to start the workshop (the items the cohort found
hardest, with the commonest wrong answers and the book page that teaches
them), the hand-ins and their score distribution, Moodle's statistics for the
assignment and for each item, how often each option of a choice item was
chosen by the upper and lower groups, every learner with a link to their
feedback page and any problem with their hand-in, and the files that could not
be collected. A hand-in that could not be read is shown as such, never as
0 %, and is left out of every statistic. Then each learner's progress across
assignments, and the shift in self-assessment per capability for the learners
who handed in both a before and an after (``_self_assessment.py``).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np

from workbook._errors import WorkbookError
from workbook.grading._analysis import (
    GROUP_SHARE,
    AssignmentStatistics,
    ItemStatistics,
    assignment_statistics,
    histogram,
    item_statistics,
    option_counts,
    upper_and_lower_groups,
)
from workbook.grading._book_pages import BookPage, BookPages, book_pages
from workbook.grading._collect import load_rejected
from workbook.grading._course import Course, CourseError
from workbook.grading._feedback import FEEDBACK_FILE, unreadable_reason
from workbook.grading._grade import LearnerResult, load_results
from workbook.grading._self_assessment import ShiftRow, cohort_self_assessment
from workbook.grading._templates import render

__all__ = ["NOT_ENOUGH_DATA", "AssignmentSummary", "summarise", "write_report"]

START_HERE = 3
NOT_ENOUGH_DATA = "not enough data"
WEAK_DISCRIMINATION = 0.2
_CSV_FORMULA = re.compile(r"\s*[=+\-@\u2212]|[\t\r\n]")  # with .match: at the start


@dataclass(frozen=True)
class OptionRow:
    """One option of a choice item in the distractor table."""

    option_id: str
    text: str
    key: bool
    everyone: int
    upper: int
    lower: int


@dataclass(frozen=True)
class ItemRow:
    """One item as the report shows it."""

    item_id: str
    prompt: str
    kind: str
    page: BookPage | None
    href: str | None
    stats: ItemStatistics
    wrong_answers: list[tuple[str, int]]
    options: list[OptionRow] | None = None  # choice items with option ids in the results

    @property
    def commonest_wrong(self) -> tuple[str, int] | None:
        """The wrong answer given most often: for a choice item, the text of the
        distractor chosen most often; otherwise the commonest marked response."""
        if self.options is not None:
            chosen = max((o for o in self.options if not o.key), key=lambda o: o.everyone, default=None)
            return (chosen.text, chosen.everyone) if chosen and chosen.everyone else None
        return self.wrong_answers[0] if self.wrong_answers else None


@dataclass(frozen=True)
class LearnerRow:
    """One learner's hand-in of one assignment."""

    learner: str
    percent: float | None  # None: nothing was marked
    score: float
    max_score: float
    unreadable: str | None
    problems: list[str]
    feedback_href: str | None


@dataclass
class AssignmentSummary:
    """Everything the report shows about one assignment."""

    name: str
    title: str
    hand_ins: int
    marked: int
    unreadable: int
    mean_pct: float | None
    histogram: list[int]
    test: AssignmentStatistics
    items: list[ItemRow]  # in the assignment's order
    hardest_first: list[ItemRow]
    start_here: list[ItemRow]
    learners: list[LearnerRow]
    rejected: list[dict[str, str]]  # files not collected: file, reason
    group_size: int
    page: BookPage | None = None
    page_href: str | None = None
    notes: list[str] = field(default_factory=list)


def summarise(
    name: str,
    results: list[LearnerResult],
    rejected: list[dict[str, str]],
    *,
    pages: BookPages | None = None,
    bank_item: Callable[[str], dict[str, Any] | None] | None = None,
    feedback_href: Callable[[str], str | None] | None = None,
) -> AssignmentSummary:
    """The report's figures for one assignment.

    ``bank_item`` looks up an item's bank entry (for option texts and keys);
    ``feedback_href`` gives the link to a learner's feedback page, if any.
    """
    pages = pages or BookPages()
    bank_item = bank_item or _bank_item
    readable = [r for r in results if unreadable_reason(r) is None]
    ids = _item_ids(results)
    index = {item_id: k for k, item_id in enumerate(ids)}
    marks = np.zeros((len(readable), len(ids)))
    max_marks = np.zeros(len(ids))
    answered = np.zeros((len(readable), len(ids)), dtype=bool)
    chosen: dict[str, list[set[str] | None]] = {item_id: [] for item_id in ids}
    responses: dict[str, Counter[str]] = {item_id: Counter() for item_id in ids}
    prompts: dict[str, str] = {}
    for row, result in enumerate(readable):
        picks: dict[str, set[str] | None] = {}
        for item in result.items:
            col = index[item["item_id"]]
            marks[row, col] = item["points"]
            max_marks[col] = max(max_marks[col], item["max_points"])
            answered[row, col] = item["answered"]
            prompts[item["item_id"]] = item["prompt"]
            picks[item["item_id"]] = set(item["selected"]) if "selected" in item else None
            if item["answered"] and item["points"] < item["max_points"]:
                responses[item["item_id"]][item["response"] or item["problem"] or "?"] += 1
        for item_id in ids:
            chosen[item_id].append(picks.get(item_id, set()))
    stats = item_statistics(marks, max_marks, answered)
    lower, upper = upper_and_lower_groups(marks.sum(axis=1))
    items = []
    for k, item_id in enumerate(ids):
        entry = bank_item(item_id) or {}
        page = pages.teaching.get(item_id)
        items.append(
            ItemRow(
                item_id=item_id,
                prompt=prompts.get(item_id) or entry.get("prompt", ""),
                kind=entry.get("type", ""),
                page=page,
                href=pages.href(page),
                stats=stats[k],
                wrong_answers=responses[item_id].most_common(3),
                options=_options(entry, chosen[item_id], upper=upper, lower=lower),
            )
        )
    learners = [_learner_row(r, feedback_href) for r in sorted(results, key=lambda r: r.learner)]
    percentages = np.array([row.percent for row in learners if row.percent is not None])
    page = pages.graded_practice.get(name)
    ranked = sorted((i for i in items if i.stats.facility is not None), key=lambda i: i.stats.facility or 0.0)
    hardest_first = ranked + [i for i in items if i.stats.facility is None]
    return AssignmentSummary(
        name=name,
        title=name.replace("-", " ").replace("_", " ").capitalize(),
        hand_ins=len(results),
        marked=len(readable),
        unreadable=len(results) - len(readable),
        mean_pct=float(percentages.mean()) if len(percentages) else None,
        histogram=histogram(percentages),
        test=assignment_statistics(marks),
        items=items,
        hardest_first=hardest_first,
        start_here=[i for i in ranked if (i.stats.facility or 0.0) < 1][:START_HERE],
        learners=learners,
        rejected=rejected,
        group_size=len(upper),
        page=page,
        page_href=pages.href(page),
    )


def _bank_item(item_id: str) -> dict[str, Any] | None:
    from workbook.banks._load import default_banks

    try:
        return default_banks().item(item_id)[1]
    except WorkbookError:
        return None


def _options(
    entry: dict[str, Any], chosen: list[set[str] | None], *, upper: list[int], lower: list[int]
) -> list[OptionRow] | None:
    """The distractor table of a choice item (None for other items, or when
    the results predate option ids: grade again to see it)."""
    if entry.get("type") != "choice" or any(c is None for c in chosen):
        return None
    options = entry["options"]
    picks = [c or set() for c in chosen]
    counts = option_counts(picks, [o["id"] for o in options], upper=upper, lower=lower)
    return [
        OptionRow(o["id"], o["text"], bool(o["correct"]), c.everyone, c.upper, c.lower)
        for o, c in zip(options, counts, strict=True)
    ]


def _learner_row(result: LearnerResult, feedback_href: Callable[[str], str | None] | None) -> LearnerRow:
    reason = unreadable_reason(result)
    percent = None if reason or not result.max_score else 100 * result.score / result.max_score
    return LearnerRow(
        learner=result.learner,
        percent=percent,
        score=result.score,
        max_score=result.max_score,
        unreadable=reason,
        problems=[p for p in result.problems if p != reason],
        feedback_href=feedback_href(result.learner) if feedback_href else None,
    )


def _item_ids(results: list[LearnerResult]) -> list[str]:
    ids: dict[str, None] = {}
    for result in results:
        for item in result.items:
            ids.setdefault(item["item_id"], None)
    return list(ids)


def write_report(
    course: Course, *, out: Path, assignments: list[str] | None = None, book_url: str | None = None
) -> Path:
    """Write ``index.html`` and CSV files for ``assignments`` (default: all
    graded) into ``out``. Items link to the book pages that teach them under
    ``book_url`` (default: the checkout's built book, ``_build/html``, if any)."""
    names = assignments or [a for a in course.assignments() if load_results(course, a)]
    if not names:
        raise CourseError(f"{course.root}: nothing graded yet; run `workbook grade ASSIGNMENT` first")
    out.mkdir(parents=True, exist_ok=True)
    pages = book_pages(book_url=book_url, near=[course.root, Path.cwd()])
    all_results = {name: load_results(course, name) for name in names}
    summaries = [
        summarise(
            name,
            all_results[name],
            load_rejected(course, name),
            pages=pages,
            feedback_href=_feedback_link(course, name, out),
        )
        for name in names
    ]
    progress = _progress(summaries, names)
    sa_learners, sa_rows = cohort_self_assessment(course.root, names)
    _write_csvs(out, summaries, all_results, names, progress)
    _write_self_assessment_csv(out, sa_rows)
    plots = {s.name: _histogram_svg(s) for s in summaries}
    html = render(
        "report.html.j2",
        summaries=summaries,
        names=names,
        progress=progress,
        sa_learners=sa_learners,
        sa_rows=sa_rows,
        plots=plots,
        linked=pages.url is not None,
        found_pages=bool(pages.teaching),
        group_percent=round(100 * GROUP_SHARE),
        not_enough=NOT_ENOUGH_DATA,
        weak=WEAK_DISCRIMINATION,
    )
    path = out / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def _feedback_link(course: Course, assignment: str, out: Path) -> Callable[[str], str | None]:
    def link(learner: str) -> str | None:
        page = course.root / "feedback" / learner / assignment / FEEDBACK_FILE
        if not page.is_file():
            return None
        return quote(Path(os.path.relpath(page.resolve(), out.resolve())).as_posix())

    return link


def _progress(summaries: list[AssignmentSummary], names: list[str]) -> list[dict[str, Any]]:
    by_name = {s.name: {row.learner: row for row in s.learners} for s in summaries}
    everyone = sorted({row.learner for s in summaries for row in s.learners})
    return [
        {
            "learner": learner,
            "cells": [_progress_cell(by_name[name].get(learner)) for name in names],
        }
        for learner in everyone
    ]


def _progress_cell(row: LearnerRow | None) -> str:
    if row is None:
        return "not handed in"
    if row.percent is None:
        return "could not be read"
    return f"{round(row.percent)} %"


def _number(value: float | None, digits: int = 3) -> str:
    return NOT_ENOUGH_DATA if value is None else f"{value:.{digits}f}"


def _text(value: object) -> str:
    """A text cell that a spreadsheet will not run as a formula.

    A cell is guarded (with a leading apostrophe) if it starts with a formula
    sign (``= + - @``), a full-width or small form of one (``＝ ＋ － ＠ ﹦``; the
    Unicode compatibility form is checked), a minus sign (``−``), or a tab,
    return or newline, or with spaces before any of these.
    """
    import unicodedata

    text = str(value)
    start = unicodedata.normalize("NFKC", text[:40])
    return f"'{text}" if _CSV_FORMULA.match(text) or _CSV_FORMULA.match(start) else text


def _write_rows(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _write_self_assessment_csv(out: Path, rows: list[ShiftRow]) -> None:
    def mean(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    _write_rows(
        out / "self-assessment.csv",
        [
            "capability",
            "learners",
            *(f"{q}_{w}" for q in ("confidence", "frequency") for w in ("before", "after", "shift")),
        ],
        (
            [
                _text(r.capability),
                str(r.learners),
                *(mean(getattr(r, w)[q]) for q in ("confidence", "frequency") for w in ("before", "after", "shift")),
            ]
            for r in rows
        ),
    )


def _write_csvs(
    out: Path,
    summaries: list[AssignmentSummary],
    results: dict[str, list[LearnerResult]],
    names: list[str],
    progress: list[dict[str, Any]],
) -> None:
    _write_rows(
        out / "items.csv",
        [
            "assignment",
            "item",
            "facility",
            "discrimination",
            "answered",
            "commonest_wrong_answers",
            "prompt",
            "discrimination_index",
            "discriminative_efficiency",
            "teaching_page",
        ],
        (
            [
                _text(s.name),
                _text(i.item_id),
                _number(i.stats.facility),
                _number(i.stats.upper_lower),
                str(i.stats.answered),
                _text("; ".join(f"{text} ({n})" for text, n in i.wrong_answers)),
                _text(i.prompt),
                _number(i.stats.discrimination_index),
                _number(i.stats.discriminative_efficiency),
                _text(i.page.docname if i.page else ""),
            ]
            for s in summaries
            for i in s.items
        ),
    )
    rows = []
    for s in summaries:
        for row in s.learners:
            marked = row.percent is not None
            rows.append(
                [
                    _text(s.name),
                    _text(row.learner),
                    "marked" if marked else "could not be read",
                    f"{row.score:g}" if marked else "",
                    f"{row.max_score:g}",
                    f"{row.percent:.1f}" if row.percent is not None else "",
                    _text("; ".join(([row.unreadable] if row.unreadable else []) + row.problems)),
                ]
            )
    _write_rows(
        out / "learners.csv", ["assignment", "learner", "status", "score", "max_score", "percent", "problems"], rows
    )
    _write_rows(
        out / "progress.csv",
        ["learner", *map(_text, names)],
        ([_text(row["learner"]), *row["cells"]] for row in progress),
    )


def _svg(figure: Any, *, title: str) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    # No metadata: no creation date (reports of the same data are identical) and no RDF block.
    figure.savefig(
        buffer,
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    plt.close(figure)
    text = buffer.getvalue()
    svg = text[text.index("<svg") :]
    start = svg.index(">") + 1
    from markupsafe import escape

    return f'{svg[: start - 1]} role="img" aria-label="{escape(title)}">{svg[start:]}'


def _histogram_svg(s: AssignmentSummary) -> str:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "font.size": 12,
            "font.family": "sans-serif",
            "svg.hashsalt": "workbook",
        }
    )
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(7, 3))
    labels = [f"{10 * k}–{10 * k + 10}" for k in range(10)]
    bars = axes.bar(labels, s.histogram, color="#2f5f8f")
    axes.bar_label(bars, labels=[str(n) if n else "" for n in s.histogram], padding=2)
    axes.set_xlabel("score (% of points)")
    axes.set_ylabel("learners")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=11)
    counts = ", ".join(f"{label} %: {n}" for label, n in zip(labels, s.histogram, strict=True) if n)
    return _svg(figure, title=f"Learners by score band, {s.title}: {counts or 'no marked hand-ins'}")
