"""Action Learning Workbook: item banks, exercise widgets and question rules for the course."""

from workbook._errors import (
    BankError,
    CourseBusyError,
    CourseError,
    MeetingError,
    RulesError,
    SandboxError,
    ScenarioError,
    ScormError,
    SubmissionError,
    WorkbookError,
)

__version__ = "0.1.0"

__all__ = [
    "BankError",
    "CourseBusyError",
    "CourseError",
    "MeetingError",
    "RulesError",
    "SandboxError",
    "ScenarioError",
    "ScormError",
    "SubmissionError",
    "WorkbookError",
    "__version__",
]
