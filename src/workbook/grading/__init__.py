"""Graded practice with nbgrader: course set-up, release, collection, parallel
autograding, feedback pages and the cohort report. One step per module; the
``workbook`` command is a thin layer over these functions.

Names are imported on first use: assignment notebooks and book pages import
``points_for`` and the answers file helpers in every kernel, and should not pay
for nbgrader and jupytext each time.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "ANSWERS_FILE": "_answers",
    "AnswerSheet": "_answers",
    "SubmissionError": "_answers",
    "read_answers": "_answers",
    "record_answer": "_answers",
    "points_for": "_points",
    "ItemResult": "_scoring",
    "score_item": "_scoring",
    "Course": "_course",
    "CourseError": "_course",
    "init_course": "_course",
    "open_course": "_course",
    "release_assignment": "_release",
    "collect_submissions": "_collect",
    "LearnerResult": "_grade",
    "grade_submissions": "_grade",
    "load_results": "_grade",
    "write_feedback": "_feedback",
    "write_report": "_report",
    "run_demo": "_demo",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'workbook.grading' has no attribute '{name}'")
    return getattr(importlib.import_module(f"workbook.grading.{_WHERE[name]}"), name)
