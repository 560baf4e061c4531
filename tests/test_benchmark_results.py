"""benchmarks/results.py keeps every figure a benchmark prints, with the machine, date and commit."""

from __future__ import annotations

from benchmarks import results as bench

OUTPUT = """\
grader questioning: first=27.0 longest=23.7 (running totals, %)
hand-ins=40 cores=2 jobs=default
nbgrader_autograde_serial_seconds=69.0 (1.72 s per hand-in)
grade_1000_seconds=9.1 (9.1 ms per hand-in, 1000 graded)
identical_results=True
{"script_ratio_html_manager_vs_ours": 3.1}
"""


def test_every_figure_is_kept_with_its_note() -> None:
    assert bench.figures(OUTPUT) == [
        ("hand-ins", "40", ""),
        ("cores", "2", ""),
        ("jobs", "default", ""),
        ("nbgrader_autograde_serial_seconds", "69.0", "(1.72 s per hand-in)"),
        ("grade_1000_seconds", "9.1", "(9.1 ms per hand-in, 1000 graded)"),
        ("identical_results", "True", ""),
    ]


def test_results_name_the_machine_date_commit_and_a_failed_run() -> None:
    text = bench.render(
        {"grading.py": (0, OUTPUT), "gaming.py": (1, "gaming_first=25.6 chance=24.7\n")},
        when="2026-12-05 18:00 UTC",
        where=bench.machine(),
        at=bench.commit(),
    )
    assert "- Date: 2026-12-05 18:00 UTC" in text
    assert "cores" in text.split("- Machine: ")[1].splitlines()[0]
    assert "| `grade_1000_seconds` | 9.1 | 9.1 ms per hand-in, 1000 graded |" in text
    assert "`benchmarks/gaming.py` (exit 1)" in text
    assert "| `gaming_first` | 25.6 |  |" in text
    assert "| `chance` | 24.7 |  |" in text
