"""The answers file a learner hands in: its name, its format (``answers.schema.json``),
the learner-id rule, and reading and recording it.

It sits below both ``workbook.exercises`` (whose widgets record answers live
in Jupyter) and ``workbook.grading`` (which collects and marks them), so
neither imports the other.
"""

from workbook.answers._self_assessment import PHASES, QUESTIONS, Questionnaire, Ratings, questionnaire
from workbook.answers._sheet import (
    ANSWERS_FILE,
    FORMAT,
    HAND_IN_NAME,
    LEARNER_ID,
    MAX_ANSWERS_BYTES,
    SCHEMA,
    AnswerSheet,
    SubmissionError,
    read_answers,
    read_answers_and_bytes,
    record_answer,
)

__all__ = [
    "ANSWERS_FILE",
    "FORMAT",
    "HAND_IN_NAME",
    "LEARNER_ID",
    "MAX_ANSWERS_BYTES",
    "PHASES",
    "QUESTIONS",
    "SCHEMA",
    "AnswerSheet",
    "Questionnaire",
    "Ratings",
    "SubmissionError",
    "questionnaire",
    "read_answers",
    "read_answers_and_bytes",
    "record_answer",
]
