"""The cohort's self-assessment shift, for the report.

A learner may hand in their self-assessment before and after with any of their
answers files (``AnswerSheet.self_assessment``). Per learner the newest saved
"before" and the newest saved "after" across their files are used; only learners
with both count, and, per capability, only those who rated it both times. An
answers file that cannot be read adds nothing here (the report already lists it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbook.answers import ANSWERS_FILE, QUESTIONS, AnswerSheet, Ratings, SubmissionError, questionnaire, read_answers

__all__ = ["ShiftRow", "cohort_self_assessment", "shift_table"]


@dataclass(frozen=True)
class ShiftRow:
    """One capability: how many learners rated it before and after, and their mean ratings."""

    capability: str
    title: str
    learners: int
    before: dict[str, float | None]  # question -> mean rating, None when no learner counts
    after: dict[str, float | None]
    shift: dict[str, float | None]


def _newest(sheets: Iterable[AnswerSheet], phase: str) -> Ratings | None:
    found = [s.self_assessment[phase] for s in sheets if phase in s.self_assessment]
    if not found:
        return None
    return max(found, key=lambda entry: entry[0] or "")[1]


def shift_table(by_learner: dict[str, list[AnswerSheet]]) -> tuple[int, list[ShiftRow]]:
    """How many learners handed in both a before and an after, and the shift per capability."""
    pairs: list[tuple[Ratings, Ratings]] = []
    for sheets in by_learner.values():
        before, after = _newest(sheets, "before"), _newest(sheets, "after")
        if before is not None and after is not None:
            pairs.append((before, after))
    rows = []
    for capability in questionnaire().capabilities:
        cid = capability["id"]
        both = [(b[cid], a[cid]) for b, a in pairs if cid in b and cid in a]
        mean_before = {q: _mean(b[q] for b, _ in both) for q in QUESTIONS}
        mean_after = {q: _mean(a[q] for _, a in both) for q in QUESTIONS}
        shift = {q: _mean(a[q] - b[q] for b, a in both) for q in QUESTIONS}
        rows.append(ShiftRow(cid, capability["title"], len(both), mean_before, mean_after, shift))
    return len(pairs), rows


def _mean(values: Iterable[int]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def cohort_self_assessment(root: Path, assignments: list[str]) -> tuple[int, list[ShiftRow]]:
    """The shift table from every collected answers file of ``assignments`` under ``root/submitted``."""
    by_learner: dict[str, list[AnswerSheet]] = {}
    submitted = root / "submitted"
    if not submitted.is_dir():
        return shift_table({})
    for learner in sorted(p for p in submitted.iterdir() if p.is_dir() and not p.is_symlink()):
        for assignment in assignments:
            path = learner / assignment / ANSWERS_FILE
            if not path.is_file() or path.is_symlink():
                continue
            try:
                sheet = read_answers(path, follow_symlinks=False)
            except SubmissionError:
                continue
            by_learner.setdefault(learner.name, []).append(sheet)
    return shift_table(by_learner)
