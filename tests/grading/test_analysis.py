"""Item statistics against values worked out by hand (Moodle's definitions)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbook.grading._analysis import (
    assignment_statistics,
    histogram,
    item_statistics,
    option_counts,
    upper_and_lower_groups,
)

# Four learners, three one-mark items, each learner right on a prefix of the
# items (a perfect Guttman pattern). Totals 3, 2, 1, 0.
GUTTMAN = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float)

# Item 2 is answered by learners 1 and 3, whose other marks are 1 and 0; item 3
# only by learner 2. Totals 2, 2, 1, 0.
MIXED = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=float)

ONES = np.ones(3)


def test_facility_is_the_mean_mark_as_a_share_of_the_maximum() -> None:
    marks = np.array([[2, 0.5], [1, 0], [0, 1]], dtype=float)
    stats = item_statistics(marks, np.array([2.0, 1.0]))
    assert stats[0].facility == pytest.approx(0.5)  # (2 + 1 + 0) / 3 / 2
    assert stats[1].facility == pytest.approx(0.5)  # (0.5 + 0 + 1) / 3 / 1


def test_discrimination_index_is_the_item_rest_correlation() -> None:
    """Worked by hand: item 1 has marks 1,1,1,0 against rests 2,1,0,0: sums of
    squared deviations 0.75 and 2.75, of cross products 0.75, so
    r = 0.75 / sqrt(0.75 × 2.75) = sqrt(3/11). Item 2: marks 1,1,0,0, rests
    2,1,1,0: 1 / sqrt(1 × 2). Item 3: marks 1,0,0,0, rests 2,2,1,0: again
    0.75 / sqrt(0.75 × 2.75)."""
    stats = item_statistics(GUTTMAN, ONES)
    assert [s.discrimination_index for s in stats] == pytest.approx(
        [math.sqrt(3 / 11), 1 / math.sqrt(2), math.sqrt(3 / 11)]
    )


def test_discriminative_efficiency_is_one_when_marks_and_rests_are_in_the_same_order() -> None:
    stats = item_statistics(GUTTMAN, ONES)
    assert [s.discriminative_efficiency for s in stats] == pytest.approx([1.0, 1.0, 1.0])


def test_negative_and_zero_discrimination_worked_by_hand() -> None:
    """MIXED, item 1: marks 1,1,0,0, rests 1,1,1,0: cross products 0.5, squares
    1 and 0.75, r = 0.5 / sqrt(0.75); sorted, the cross products are also 0.5,
    so the efficiency is 1. Item 2: marks 1,0,1,0, rests 1,2,0,0: cross
    products -0.5, squares 1 and 2.75; sorted (0,0,1,1 against 0,0,1,2) they
    are 1.5, so the efficiency is -1/3. Item 3: marks 0,1,0,0, rests 2,1,1,0:
    cross products 0, so both are 0."""
    stats = item_statistics(MIXED, ONES)
    assert [s.discrimination_index for s in stats] == pytest.approx(
        [0.5 / math.sqrt(0.75), -0.5 / math.sqrt(2.75), 0.0], abs=1e-12
    )
    assert [s.discriminative_efficiency for s in stats] == pytest.approx([1.0, -1 / 3, 0.0], abs=1e-12)


def test_discrimination_index_agrees_with_numpy_on_partial_credit() -> None:
    rng = np.random.default_rng(7)
    marks = rng.integers(0, 5, size=(20, 6)) / 2  # half marks, out of 2
    stats = item_statistics(marks, np.full(6, 2.0))
    for k, s in enumerate(stats):
        rest = marks.sum(axis=1) - marks[:, k]
        assert s.discrimination_index == pytest.approx(np.corrcoef(marks[:, k], rest)[0, 1])
        assert s.standard_deviation == pytest.approx(np.std(marks[:, k], ddof=1))
        assert s.discriminative_efficiency is not None
        assert abs(s.discrimination_index or 0) <= abs(s.discriminative_efficiency) + 1e-12 <= 1 + 1e-12


def test_cronbachs_alpha_error_ratio_and_standard_error_worked_by_hand() -> None:
    """GUTTMAN: item variances 1/4, 1/3, 1/4 (sum 5/6); totals 3,2,1,0 have
    variance 5/3. Alpha = 3/2 × (1 - (5/6)/(5/3)) = 0.75; error ratio
    sqrt(1 - 0.75) = 0.5; standard error 0.5 × sqrt(5/3)."""
    stats = assignment_statistics(GUTTMAN)
    assert stats.learners == 4
    assert stats.mean == pytest.approx(1.5)
    assert stats.standard_deviation == pytest.approx(math.sqrt(5 / 3))
    assert stats.alpha == pytest.approx(0.75)
    assert stats.error_ratio == pytest.approx(0.5)
    assert stats.standard_error == pytest.approx(0.5 * math.sqrt(5 / 3))


def test_alpha_of_zero_leaves_all_the_spread_to_error() -> None:
    """MIXED: item variances 1/3, 1/3, 1/4 sum to 11/12, the variance of the totals 2,2,1,0."""
    stats = assignment_statistics(MIXED)
    assert stats.alpha == pytest.approx(0.0, abs=1e-12)
    assert stats.error_ratio == pytest.approx(1.0)
    assert stats.standard_error == pytest.approx(math.sqrt(11 / 12))


@pytest.mark.parametrize(
    "marks",
    [
        pytest.param(np.zeros((0, 3)), id="no learners"),
        pytest.param(np.array([[1.0, 0.0, 1.0]]), id="one learner"),
        pytest.param(np.ones((5, 3)), id="everyone the same"),
        pytest.param(np.array([[1.0], [0.0], [1.0]]), id="one item"),
    ],
)
def test_too_little_data_gives_none_never_nan(marks: np.ndarray) -> None:
    items = item_statistics(marks, np.ones(marks.shape[1]))
    test = assignment_statistics(marks)
    assert test.alpha is None
    assert test.error_ratio is None
    assert test.standard_error is None
    for s in items:
        assert s.discrimination_index is None
        assert s.discriminative_efficiency is None
    values = [v for s in items for v in vars(s).values()] + list(vars(test).values())
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_an_item_everyone_got_right_has_no_discrimination_but_the_others_do() -> None:
    marks = np.column_stack([np.ones(4), GUTTMAN[:, 1], GUTTMAN[:, 2]])
    stats = item_statistics(marks, ONES)
    assert stats[0].facility == 1.0
    assert stats[0].standard_deviation == 0.0
    assert stats[0].discrimination_index is None
    # item 2: marks 1,1,0,0 against rests 2,1,1,1: cross products 0.5, squares 1 and 0.75
    assert stats[1].discrimination_index == pytest.approx(0.5 / math.sqrt(0.75))


def test_two_learners_are_enough_for_items_but_not_for_alpha() -> None:
    marks = np.array([[1.0, 1.0], [0.0, 0.0]])
    assert item_statistics(marks, np.ones(2))[0].discrimination_index == pytest.approx(1.0)
    assert assignment_statistics(marks).alpha is None


def test_upper_and_lower_groups_are_27_percent_each_and_never_overlap() -> None:
    totals = np.array([5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 0.0])
    lower, upper = upper_and_lower_groups(totals)  # round(2.7) = 3 each
    assert lower == [9, 1, 5]
    assert upper == [4, 6, 2]
    assert upper_and_lower_groups(np.array([1.0, 2.0])) == ([0], [1])
    assert upper_and_lower_groups(np.array([1.0])) == ([], [])


def test_upper_lower_difference_uses_the_groups() -> None:
    totals_order = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    # totals 2, 1, 1, 0: one learner per group, the top (row 0) and the bottom (row 3)
    stats = item_statistics(totals_order, np.ones(2))
    assert [s.upper_lower for s in stats] == [1.0, 1.0]


def test_option_counts_by_group() -> None:
    chosen = [{"a"}, {"b"}, {"a", "c"}, set(), {"b"}]
    counts = option_counts(chosen, ["a", "b", "c", "d"], upper=[2, 0], lower=[3, 4])
    assert [(c.option_id, c.everyone, c.upper, c.lower) for c in counts] == [
        ("a", 2, 2, 0),
        ("b", 2, 0, 1),
        ("c", 1, 1, 0),
        ("d", 0, 0, 0),
    ]


# Ten learners, item A out of 2 (with a half mark) and item B out of 1:
#   row    0    1    2    3    4    5    6    7    8    9
#   A      2    2    1    1    0    2    0    1    0    0.5
#   B      1    0    1    0    1    1    0    1    0    0
#   total  3    2    2    1    1    3    0    2    0    0.5
# Groups of round(0.27 × 10) = 3. By total, in row order where tied: rows 6, 8
# (0), 9 (0.5), 3, 4 (1), 1, 2, 7 (2), 0, 5 (3). Lower: 6, 8, 9; upper: 7, 0, 5
# (of the three learners on 2, the last in row order, 7, is in the group).
KELLEY = np.array(
    [[2, 1], [2, 0], [1, 1], [1, 0], [0, 1], [2, 1], [0, 0], [1, 1], [0, 0], [0.5, 0]],
    dtype=float,
)
KELLEY_MAX = np.array([2.0, 1.0])
# Who answered: learners 6 and 8 left item B blank (a 0 either way), learner 8 item A.
KELLEY_ANSWERED = np.ones((10, 2), dtype=bool)
KELLEY_ANSWERED[[6, 8], 1] = False
KELLEY_ANSWERED[8, 0] = False


def test_kelley_groups_worked_by_hand() -> None:
    lower, upper = upper_and_lower_groups(KELLEY.sum(axis=1))
    assert (lower, upper) == ([6, 8, 9], [7, 0, 5])


@pytest.mark.parametrize(
    ("k", "facility", "upper_lower", "answered"),
    [
        # A: 9.5 marks / 10 learners / 2; upper (1 + 2 + 2) / 3 = 5/3, lower
        # (0 + 0 + 0.5) / 3 = 1/6: (5/3 - 1/6) / 2 = 0.75
        pytest.param(0, 0.475, 0.75, 9, id="A-partial-credit"),
        # B: 5 / 10 / 1; upper 3/3, lower 0/3: 1
        pytest.param(1, 0.5, 1.0, 8, id="B-one-mark"),
    ],
)
def test_difficulty_and_upper_lower_discrimination_worked_by_hand(
    k: int, facility: float, upper_lower: float, answered: int
) -> None:
    """Facility (difficulty) is the mean mark as a share of the maximum; the
    upper-lower index is the upper group's facility less the lower group's."""
    stats = item_statistics(KELLEY, KELLEY_MAX, KELLEY_ANSWERED)[k]
    assert stats.facility == pytest.approx(facility)
    assert stats.upper_lower == pytest.approx(upper_lower)
    assert stats.answered == answered


def test_distractor_counts_in_the_kelley_groups_worked_by_hand() -> None:
    """Key a, distractors b, c and d; learner 8 chose nothing. Upper 7, 0, 5 all
    chose the key; the lower group (6, 8, 9) chose c, nothing and b."""
    chosen = [{"a"}, {"a"}, {"b"}, {"b"}, {"c"}, {"a"}, {"c"}, {"a"}, set(), {"b"}]
    lower, upper = upper_and_lower_groups(KELLEY.sum(axis=1))
    counts = option_counts(chosen, ["a", "b", "c", "d"], upper=upper, lower=lower)
    assert [(c.option_id, c.everyone, c.upper, c.lower) for c in counts] == [
        ("a", 4, 3, 0),
        ("b", 3, 0, 1),
        ("c", 2, 0, 1),
        ("d", 0, 0, 0),  # a distractor nobody chose: a candidate to rewrite
    ]


@pytest.mark.parametrize(
    ("learners", "size"),
    [
        pytest.param(2, 1, id="2-one-each"),
        pytest.param(3, 1, id="3-round-0.81"),
        pytest.param(5, 1, id="5-round-1.35"),
        pytest.param(6, 2, id="6-round-1.62"),
        pytest.param(10, 3, id="10-round-2.7"),
        pytest.param(11, 3, id="11-round-2.97"),
        pytest.param(20, 5, id="20-round-5.4"),
        pytest.param(100, 27, id="100"),
    ],
)
def test_kelley_group_size_is_27_percent_rounded(learners: int, size: int) -> None:
    lower, upper = upper_and_lower_groups(np.arange(learners, dtype=float))
    assert (len(lower), len(upper)) == (size, size)
    assert not set(lower) & set(upper)


@pytest.mark.parametrize(
    ("percentages", "counts"),
    [
        pytest.param([], [0] * 10, id="nobody"),
        pytest.param([0, 9.99, 10, 55], [2, 1, 0, 0, 0, 1, 0, 0, 0, 0], id="lower-edge-in-the-band"),
        pytest.param([90, 99.9, 100], [0] * 9 + [3], id="100-percent-in-the-top-band"),
    ],
)
def test_histogram_bands_of_ten_percent(percentages: list[float], counts: list[int]) -> None:
    assert histogram(np.array(percentages, dtype=float)) == counts
