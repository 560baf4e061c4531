"""When nbgrader cannot grade a hand-in, the trainer sees the cause, not its wrapper."""

from __future__ import annotations

import pytest

from workbook.grading._grade import _reason


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        pytest.param(
            "Traceback…\n    jupyter_client.kernelspec.NoSuchKernel: No such kernel named workbook-grader\n"
            "[ERROR] There was an error\nnbgrader.converters.base.NbGraderException: Please see the above traceback",
            "jupyter_client.kernelspec.NoSuchKernel: No such kernel named workbook-grader",
            id="missing-kernel",
        ),
        pytest.param(
            "    KeyError: 'show_item'\nValueError: Points awarded (3.0) exceed max score (2.0)\n",
            "ValueError: Points awarded (3.0) exceed max score (2.0)",
            id="last-cause-wins",
        ),
        pytest.param("[ERROR] something vague", "nbgrader could not grade this hand-in (no reason given)", id="none"),
    ],
)
def test_the_cause_is_picked_from_nbgraders_log(log: str, expected: str) -> None:
    assert _reason(log) == expected
