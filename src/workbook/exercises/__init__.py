"""Exercise widgets: anywidgets whose feedback logic runs in the browser.

The same objects work live in JupyterLab and Notebook 7 and, through the
book's widget loader, in the static pages with no kernel.
"""

from workbook.exercises._widgets import (
    ChoiceExercise,
    ClassifyExercise,
    DownloadAnswers,
    Exercise,
    MatchExercise,
    OrderExercise,
    RewriteExercise,
    SmartExercise,
    SpotExercise,
    TimingExercise,
    download_answers,
    exercise,
    graded_practice,
    hand_in,
)

__all__ = [
    "ChoiceExercise",
    "ClassifyExercise",
    "DownloadAnswers",
    "Exercise",
    "MatchExercise",
    "OrderExercise",
    "RewriteExercise",
    "SmartExercise",
    "SpotExercise",
    "TimingExercise",
    "download_answers",
    "exercise",
    "graded_practice",
    "hand_in",
]
