"""Exercise widgets: anywidgets whose feedback logic runs in the browser.

The same objects work live in JupyterLab and Notebook 7 and, through the
book's widget loader, in the static pages with no kernel.

Names are imported on first use, so that a grading kernel, whose display cells
only check that their items exist, never loads the widget libraries.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from workbook.banks._load import default_banks
from workbook.exercise_types import TYPES

__all__ = sorted(
    [
        "DownloadAnswers",
        "Exercise",
        "course_progress",
        "download_answers",
        "exercise",
        "graded_practice",
        "hand_in",
        "self_assessment",
        *(t.widget_name for t in TYPES.values()),  # ChoiceExercise …: one per exercise type
    ]
)


def exercise(item_id: str) -> Any:
    """The widget for bank item ``item_id``.

    Under the grader (``WORKBOOK_GRADING`` set by ``workbook grade``) there is
    no one to click, so display cells only check that the item exists.
    """
    default_banks().item(item_id)
    if os.environ.get("WORKBOOK_GRADING"):
        return None
    return importlib.import_module("workbook.exercises._widgets").exercise(item_id)


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'workbook.exercises' has no attribute '{name}'")
    return getattr(importlib.import_module("workbook.exercises._widgets"), name)
