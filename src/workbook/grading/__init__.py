"""Graded practice with nbgrader: course set-up, release, collection, parallel
autograding, feedback pages and the cohort report. One step per module; the
``workbook`` command is a thin layer over these functions, imported from here.

Names are imported on first use: assignment notebooks and book pages import
``points_for`` and the answers file helpers in every kernel, and should not pay
for nbgrader and jupytext each time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, for type checkers
    from workbook._errors import (
        CourseBusyError as CourseBusyError,
    )
    from workbook._errors import (
        CourseError as CourseError,
    )
    from workbook._errors import (
        SubmissionError as SubmissionError,
    )
    from workbook.answers import (
        ANSWERS_FILE as ANSWERS_FILE,
    )
    from workbook.answers import (
        AnswerSheet as AnswerSheet,
    )
    from workbook.answers import (
        read_answers as read_answers,
    )
    from workbook.answers import (
        record_answer as record_answer,
    )
    from workbook.grading._authoring import (
        POINTS as POINTS,
    )
    from workbook.grading._authoring import (
        write_assignment_source as write_assignment_source,
    )
    from workbook.grading._collect import (
        CollectSummary as CollectSummary,
    )
    from workbook.grading._collect import (
        collect_submissions as collect_submissions,
    )
    from workbook.grading._course import (
        DEFAULT_MEMORY_MB as DEFAULT_MEMORY_MB,
    )
    from workbook.grading._course import (
        Course as Course,
    )
    from workbook.grading._course import (
        init_course as init_course,
    )
    from workbook.grading._course import (
        open_course as open_course,
    )
    from workbook.grading._demo import (
        DEMO_ASSIGNMENT as DEMO_ASSIGNMENT,
    )
    from workbook.grading._demo import (
        SPECIAL as SPECIAL,
    )
    from workbook.grading._demo import (
        DemoRun as DemoRun,
    )
    from workbook.grading._demo import (
        right_answer as right_answer,
    )
    from workbook.grading._demo import (
        run_demo as run_demo,
    )
    from workbook.grading._demo import (
        wrong_answer as wrong_answer,
    )
    from workbook.grading._feedback import (
        write_feedback as write_feedback,
    )
    from workbook.grading._grade import (
        LearnerResult as LearnerResult,
    )
    from workbook.grading._grade import (
        grade_submissions as grade_submissions,
    )
    from workbook.grading._grade import (
        load_results as load_results,
    )
    from workbook.grading._grade import (
        submitted_learners as submitted_learners,
    )
    from workbook.grading._lock import (
        course_lock as course_lock,
    )
    from workbook.grading._points import (
        points_for as points_for,
    )
    from workbook.grading._release import (
        release_assignment as release_assignment,
    )
    from workbook.grading._report import (
        write_report as write_report,
    )
    from workbook.grading._scoring import (
        EARLIER_VERSION as EARLIER_VERSION,
    )
    from workbook.grading._scoring import (
        ItemResult as ItemResult,
    )
    from workbook.grading._scoring import (
        score_handed_in as score_handed_in,
    )
    from workbook.grading._scoring import (
        score_item as score_item,
    )

_WHERE = {
    "ANSWERS_FILE": "workbook.answers",
    "AnswerSheet": "workbook.answers",
    "read_answers": "workbook.answers",
    "record_answer": "workbook.answers",
    "SubmissionError": "workbook._errors",
    "CourseError": "workbook._errors",
    "CourseBusyError": "workbook._errors",
    "points_for": "_points",
    "EARLIER_VERSION": "_scoring",
    "ItemResult": "_scoring",
    "score_item": "_scoring",
    "score_handed_in": "_scoring",
    "POINTS": "_authoring",
    "write_assignment_source": "_authoring",
    "Course": "_course",
    "DEFAULT_MEMORY_MB": "_course",
    "init_course": "_course",
    "open_course": "_course",
    "course_lock": "_lock",
    "release_assignment": "_release",
    "CollectSummary": "_collect",
    "collect_submissions": "_collect",
    "LearnerResult": "_grade",
    "grade_submissions": "_grade",
    "load_results": "_grade",
    "submitted_learners": "_grade",
    "write_feedback": "_feedback",
    "write_report": "_report",
    "DEMO_ASSIGNMENT": "_demo",
    "SPECIAL": "_demo",
    "DemoRun": "_demo",
    "right_answer": "_demo",
    "run_demo": "_demo",
    "wrong_answer": "_demo",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'workbook.grading' has no attribute '{name}'")
    where = _WHERE[name]
    module = where if where.startswith("workbook.") else f"workbook.grading.{where}"
    return getattr(importlib.import_module(module), name)
