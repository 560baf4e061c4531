"""Item analysis for a cohort, as pure functions over a score matrix.

Facility is the mean fraction of an item's points earned. Discrimination is
the upper-lower index: facility among the top 27 % of learners by total score
minus facility among the bottom 27 % (Kelley, 1939), so an item that strong
learners get right and weak learners get wrong scores near 1, and an item that
does not separate them scores near 0 or below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["ItemStats", "analyse_items", "histogram"]

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemStats:
    """Facility and discrimination for each column of a score matrix."""

    facility: NDArray[np.float64]
    discrimination: NDArray[np.float64]
    answered: NDArray[np.int64]


def analyse_items(fractions: NDArray[np.float64], answered: NDArray[np.bool_]) -> ItemStats:
    """``fractions[learner, item]`` in 0..1; ``answered`` marks real attempts.

    Unanswered items count as 0 for facility (they were set and not done).
    """
    learners = fractions.shape[0]
    if learners == 0:
        empty = np.zeros(fractions.shape[1])
        return ItemStats(empty, empty, np.zeros(fractions.shape[1], dtype=np.int64))
    totals = fractions.sum(axis=1)
    order = np.argsort(totals, kind="stable")
    group = max(1, round(GROUP_SHARE * learners))
    lower = fractions[order[:group]].mean(axis=0)
    upper = fractions[order[-group:]].mean(axis=0)
    return ItemStats(fractions.mean(axis=0), upper - lower, answered.sum(axis=0))


def histogram(percentages: NDArray[np.float64], *, bins: int = 10) -> list[int]:
    """Counts of learners in each ``100 / bins`` band of percentage score."""
    counts, _ = np.histogram(percentages, bins=bins, range=(0, 100))
    return [int(c) for c in counts]
