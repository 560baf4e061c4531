"""The cohort report: one self-contained HTML page (plots inline as SVG) and CSV files.

Completion, score distribution, item facility and discrimination, the most
missed items with the commonest wrong answers, hand-ins that could not be
graded and why, and each learner's progress across assignments.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from workbook.grading._analysis import analyse_items, histogram
from workbook.grading._collect import load_rejected
from workbook.grading._course import Course, CourseError
from workbook.grading._grade import LearnerResult, load_results
from workbook.grading._templates import render

__all__ = ["AssignmentSummary", "summarise", "write_report"]

MOST_MISSED = 5


@dataclass
class AssignmentSummary:
    """Everything the report shows about one assignment."""

    name: str
    learners: int
    graded: int
    not_graded: int
    mean_pct: float
    histogram: list[int]
    items: list[dict[str, Any]]
    most_missed: list[dict[str, Any]]
    problems: list[dict[str, str]]


def summarise(name: str, results: list[LearnerResult], rejected: list[dict[str, str]]) -> AssignmentSummary:
    """The report's figures for one assignment."""
    graded = [r for r in results if r.status == "graded"]
    ids = _item_ids(results)
    index = {item_id: k for k, item_id in enumerate(ids)}
    fractions = np.zeros((len(graded), len(ids)))
    answered = np.zeros((len(graded), len(ids)), dtype=bool)
    responses: dict[str, Counter[str]] = {item_id: Counter() for item_id in ids}
    prompts: dict[str, str] = {}
    for row, result in enumerate(graded):
        for item in result.items:
            col = index[item["item_id"]]
            fractions[row, col] = item["points"] / item["max_points"] if item["max_points"] else 0.0
            answered[row, col] = item["answered"]
            prompts[item["item_id"]] = item["prompt"]
            if item["answered"] and item["points"] < item["max_points"]:
                responses[item["item_id"]][item["response"] or item["problem"] or "?"] += 1
    stats = analyse_items(fractions, answered)
    items: list[dict[str, Any]] = [
        {
            "item_id": item_id,
            "prompt": prompts.get(item_id, ""),
            "facility": float(stats.facility[k]),
            "discrimination": float(stats.discrimination[k]),
            "answered": int(stats.answered[k]),
            "wrong_answers": responses[item_id].most_common(3),
        }
        for k, item_id in enumerate(ids)
    ]
    pct = np.array([100 * r.score / r.max_score if r.max_score else 0.0 for r in graded])
    problems = [{"who": r.learner, "reason": p} for r in results for p in r.problems]
    problems += [{"who": f"file {f['file']}", "reason": f["reason"]} for f in rejected]
    return AssignmentSummary(
        name=name,
        learners=len(results),
        graded=len(graded),
        not_graded=len(results) - len(graded),
        mean_pct=float(pct.mean()) if len(pct) else 0.0,
        histogram=histogram(pct),
        items=items,
        most_missed=sorted(items, key=lambda i: i["facility"])[:MOST_MISSED],
        problems=problems,
    )


def _item_ids(results: list[LearnerResult]) -> list[str]:
    ids: dict[str, None] = {}
    for result in results:
        for item in result.items:
            ids.setdefault(item["item_id"], None)
    return list(ids)


def write_report(course: Course, *, out: Path, assignments: list[str] | None = None) -> Path:
    """Write ``index.html`` and CSV files for ``assignments`` (default: all graded) into ``out``."""
    names = assignments or [a for a in course.assignments() if load_results(course, a)]
    if not names:
        raise CourseError(f"{course.root}: nothing graded yet; run `workbook grade ASSIGNMENT` first")
    all_results = {name: load_results(course, name) for name in names}
    summaries = [summarise(name, all_results[name], load_rejected(course, name)) for name in names]
    learners = sorted({r.learner for results in all_results.values() for r in results})
    by_learner = {name: {r.learner: r for r in all_results[name]} for name in names}
    progress = [
        {"learner": learner, "cells": [_pct(by_learner[name].get(learner)) for name in names]} for learner in learners
    ]
    out.mkdir(parents=True, exist_ok=True)
    _write_csvs(out, summaries, all_results, names, progress)
    plots = {s.name: (_histogram_svg(s), _items_svg(s)) for s in summaries}
    html = render("report.html.j2", summaries=summaries, names=names, progress=progress, plots=plots)
    path = out / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def _pct(result: LearnerResult | None) -> str:
    if result is None:
        return "not handed in"
    if result.status != "graded":
        return "not graded"
    return f"{round(100 * result.score / result.max_score) if result.max_score else 0} %"


def _write_csvs(
    out: Path,
    summaries: list[AssignmentSummary],
    results: dict[str, list[LearnerResult]],
    names: list[str],
    progress: list[dict[str, Any]],
) -> None:
    with (out / "items.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["assignment", "item", "facility", "discrimination", "answered", "commonest_wrong_answers", "prompt"]
        )
        for s in summaries:
            for i in s.items:
                wrong = "; ".join(f"{text} ({n})" for text, n in i["wrong_answers"])
                w.writerow(
                    [
                        s.name,
                        i["item_id"],
                        f"{i['facility']:.3f}",
                        f"{i['discrimination']:.3f}",
                        i["answered"],
                        wrong,
                        i["prompt"],
                    ]
                )
    with (out / "learners.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["assignment", "learner", "status", "score", "max_score", "percent", "problems"])
        for name in names:
            for r in results[name]:
                percent = f"{100 * r.score / r.max_score:.1f}" if r.max_score else ""
                w.writerow(
                    [name, r.learner, r.status, f"{r.score:g}", f"{r.max_score:g}", percent, "; ".join(r.problems)]
                )
    with (out / "progress.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["learner", *names])
        for row in progress:
            w.writerow([row["learner"], *row["cells"]])


def _svg(figure: Any) -> str:
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
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 10, "svg.hashsalt": "workbook"})
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _histogram_svg(s: AssignmentSummary) -> str:
    figure, axes = _figure(6, 2.6)
    labels = [f"{10 * k}–{10 * k + 10}" for k in range(10)]
    axes.bar(labels, s.histogram, color="#3a6ea5")
    axes.set_xlabel("score (%)")
    axes.set_ylabel("learners")
    axes.tick_params(axis="x", labelsize=8)
    return _svg(figure)


def _items_svg(s: AssignmentSummary) -> str:
    figure, axes = _figure(6, 3.2)
    axes.scatter([i["facility"] for i in s.items], [i["discrimination"] for i in s.items], color="#3a6ea5")
    for i in s.items:
        axes.annotate(i["item_id"], (i["facility"], i["discrimination"]), fontsize=6, alpha=0.8)
    axes.axhline(0.2, color="#9a6700", linewidth=0.8, linestyle="--")
    axes.set_xlim(-0.05, 1.05)
    axes.set_xlabel("facility (share of points earned)")
    axes.set_ylabel("discrimination (upper − lower 27 %)")
    return _svg(figure)
