"""Item analysis for a cohort, as pure functions over a matrix of marks.

The statistics are Moodle's (Moodle quiz statistics report; see "Quiz
statistics calculations" in Moodle's developer documentation), computed the
same way so a reviewer who knows them can read ours:

- facility index: the mean mark on an item as a share of its maximum;
- discrimination index: the Pearson correlation of the item's marks with the
  total of the *other* items (the item-rest correlation), so the item does not
  correlate with itself;
- discriminative efficiency: that covariance as a share of the largest
  covariance the two sets of marks could have, which is reached when both are
  sorted and paired in the same order;
- for the assignment, the coefficient of internal consistency (Cronbach's
  alpha), its error ratio ``sqrt(1 - alpha)`` and the standard error
  ``error ratio × standard deviation of totals``.

Variances and covariances use ``n - 1``, as Moodle does. Where a statistic is
undefined (too few learners, or marks that do not vary) it is ``None``, never
NaN: the report says "not enough data".

The upper and lower groups for the distractor table are the top and bottom
27 % of learners by total (Kelley, 1939).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "GROUP_SHARE",
    "MIN_LEARNERS_FOR_ALPHA",
    "MIN_LEARNERS_FOR_ITEMS",
    "AssignmentStatistics",
    "ItemStatistics",
    "OptionCount",
    "assignment_statistics",
    "histogram",
    "item_statistics",
    "option_counts",
    "upper_and_lower_groups",
]

GROUP_SHARE = 0.27
MIN_LEARNERS_FOR_ITEMS = 2  # a variance needs two marks
MIN_LEARNERS_FOR_ALPHA = 3  # as Moodle: the test statistics need more than two attempts


@dataclass(frozen=True)
class ItemStatistics:
    """One item's statistics; ``None`` where there is not enough data."""

    facility: float | None  # 0..1
    standard_deviation: float | None  # in marks
    discrimination_index: float | None  # -1..1
    discriminative_efficiency: float | None  # at most 1
    upper_lower: float | None  # facility in the upper group minus the lower group
    answered: int


@dataclass(frozen=True)
class AssignmentStatistics:
    """Statistics of the assignment's totals; ``None`` where there is not enough data."""

    learners: int
    mean: float | None  # in marks
    standard_deviation: float | None  # in marks
    alpha: float | None  # coefficient of internal consistency, at most 1
    error_ratio: float | None  # 0..1 while alpha is 0..1
    standard_error: float | None  # in marks


@dataclass(frozen=True)
class OptionCount:
    """How many learners chose one option: everyone, the upper and the lower group."""

    option_id: str
    everyone: int
    upper: int
    lower: int


def _varies(values: NDArray[np.float64]) -> bool:
    """Whether the values are not all equal (exactly: a mean of equal floats can drift)."""
    return bool(values.size) and bool(np.ptp(values) > 0)


def item_statistics(
    marks: NDArray[np.float64],
    max_marks: NDArray[np.float64],
    answered: NDArray[np.bool_] | None = None,
) -> list[ItemStatistics]:
    """Statistics of each column of ``marks[learner, item]`` (marks out of ``max_marks[item]``).

    ``answered`` marks real attempts (counted only); an unanswered item is a
    mark of 0, as it was set and not done.
    """
    learners, items = marks.shape
    totals = marks.sum(axis=1)
    lower, upper = upper_and_lower_groups(totals)
    stats = []
    for k in range(items):
        mark = marks[:, k]
        rest = totals - mark
        top = float(max_marks[k])
        facility = float(mark.mean()) / top if learners and top > 0 else None
        spread = None
        index = None
        efficiency = None
        if learners >= MIN_LEARNERS_FOR_ITEMS:
            spread = float(mark.std(ddof=1))
            if _varies(mark) and _varies(rest):
                deviation = mark - mark.mean()
                rest_deviation = rest - rest.mean()
                covariance = float(deviation @ rest_deviation)
                index = covariance / float(np.sqrt((deviation @ deviation) * (rest_deviation @ rest_deviation)))
                best = float((np.sort(mark) - mark.mean()) @ (np.sort(rest) - rest.mean()))
                efficiency = covariance / best if best > 0 else None
        upper_lower = None
        if len(upper) and top > 0:
            upper_lower = float(mark[upper].mean() - mark[lower].mean()) / top
        count = int(answered[:, k].sum()) if answered is not None else learners
        stats.append(ItemStatistics(facility, spread, index, efficiency, upper_lower, count))
    return stats


def assignment_statistics(marks: NDArray[np.float64]) -> AssignmentStatistics:
    """Mean, standard deviation, Cronbach's alpha, error ratio and standard error of the totals."""
    learners, items = marks.shape
    totals = marks.sum(axis=1)
    mean = float(totals.mean()) if learners else None
    spread = float(totals.std(ddof=1)) if learners >= MIN_LEARNERS_FOR_ITEMS else None
    if learners < MIN_LEARNERS_FOR_ALPHA or items < 2 or not _varies(totals):
        return AssignmentStatistics(learners, mean, spread, None, None, None)
    alpha = items / (items - 1) * (1 - float(marks.var(axis=0, ddof=1).sum()) / float(totals.var(ddof=1)))
    error_ratio = float(np.sqrt(max(0.0, 1 - alpha)))
    return AssignmentStatistics(learners, mean, spread, alpha, error_ratio, error_ratio * float(spread or 0.0))


def upper_and_lower_groups(totals: NDArray[np.float64], share: float = GROUP_SHARE) -> tuple[list[int], list[int]]:
    """Row numbers of the lower and upper groups: the bottom and top ``share``
    of learners by total, at least one each and never overlapping (empty with
    fewer than two learners). Ties at a group's edge are broken by row order."""
    learners = len(totals)
    if learners < 2:
        return [], []
    size = min(learners // 2, max(1, round(share * learners)))
    order = [int(i) for i in np.argsort(totals, kind="stable")]
    return order[:size], order[-size:]


def option_counts(
    chosen: Sequence[Collection[str]], option_ids: Sequence[str], *, upper: Collection[int], lower: Collection[int]
) -> list[OptionCount]:
    """For each option id, how many learners chose it (``chosen[learner]`` is
    the set of option ids one learner chose), overall and in each group."""
    counts = []
    for option in option_ids:
        who = [row for row, picks in enumerate(chosen) if option in picks]
        counts.append(OptionCount(option, len(who), sum(row in upper for row in who), sum(row in lower for row in who)))
    return counts


def histogram(percentages: NDArray[np.float64], *, bins: int = 10) -> list[int]:
    """Counts of learners in each ``100 / bins`` band of percentage score."""
    counts, _ = np.histogram(percentages, bins=bins, range=(0, 100))
    return [int(c) for c in counts]
