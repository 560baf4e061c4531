"""Points from a mark: one rule for the grader and for the assignment's test cells."""

from __future__ import annotations

from pathlib import Path

from workbook.answers import ANSWERS_FILE, SubmissionError, read_answers
from workbook.banks._load import default_banks
from workbook.grading._scoring import score_handed_in

__all__ = ["points_earned", "points_for"]


def points_earned(fraction: float, out_of: float) -> float:
    """``fraction`` (0-1, partial credit) of ``out_of`` points, clamped and rounded."""
    return round(min(out_of, max(0.0, fraction * out_of)), 4)


def points_for(item_id: str, *, out_of: float) -> float:
    """Points earned on ``item_id``, from the answers file beside the notebook.

    A learner running the assignment notebook sees what each exercise would
    earn. ``workbook grade`` never runs notebooks: it marks the answers file in
    its own processes with the same scorer. Under plain ``nbgrader autograde``
    (sandboxed; see the README) nbgrader takes this cell's number as its
    points, so it returns a number between 0 and ``out_of`` and never raises
    for a learner's mistake: a missing or unreadable answers file scores 0, as
    does an answer to an earlier version of the item, which is never marked.
    """
    bank, item = default_banks().item(item_id)
    try:
        sheet = read_answers(Path(ANSWERS_FILE))
    except SubmissionError:
        return 0.0
    result = score_handed_in(item, sheet, bank=bank.name, version=bank.version)
    return points_earned(result.fraction, out_of)
