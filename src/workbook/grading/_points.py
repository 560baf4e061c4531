"""What an assignment's test cells call inside the grading kernel."""

from __future__ import annotations

from pathlib import Path

from workbook.banks._load import default_banks
from workbook.grading._answers import ANSWERS_FILE, SubmissionError, read_answers
from workbook.grading._scoring import score_handed_in

__all__ = ["points_for"]


def points_for(item_id: str, *, out_of: float) -> float:
    """Points earned on ``item_id``, from the answers file beside the notebook.

    nbgrader takes a test cell's final number as its points (partial credit), so
    this returns a number between 0 and ``out_of`` and never raises or writes to
    stderr for a learner's mistake: a missing or unreadable answers file scores
    0 here, and ``workbook grade`` reports the reason. So does an answer to an
    earlier version of the item, which is never marked.
    """
    bank, item = default_banks().item(item_id)
    try:
        sheet = read_answers(Path(ANSWERS_FILE))
    except SubmissionError:
        return 0.0
    result = score_handed_in(item, sheet, bank=bank.name, version=bank.version)
    return round(min(out_of, max(0.0, result.fraction * out_of)), 4)
