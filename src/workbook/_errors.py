"""The package's exceptions, all in one place. Every message names the file and the place in it.

Each is re-exported where it is public: ``workbook`` (all of them),
``workbook.grading`` (the course and hand-in errors) and ``workbook.answers``.
"""

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
]


class WorkbookError(Exception):
    """Base class for errors a course author or trainer can act on."""


class BankError(WorkbookError):
    """An item bank is missing, malformed or inconsistent."""


class MeetingError(WorkbookError):
    """A worked meeting's transcript is malformed, or its notes disagree with the question rules."""


class RulesError(WorkbookError):
    """A free-text rules file is malformed."""


class SubmissionError(WorkbookError):
    """A hand-in cannot be read; the message names the file and the reason."""


class CourseError(WorkbookError):
    """A course directory is missing, incomplete or misconfigured."""


class CourseBusyError(CourseError):
    """Another trainer command holds the course lock."""


class ScenarioError(WorkbookError):
    """A practice-set scenario is missing, malformed or inconsistent."""


class SandboxError(WorkbookError):
    """The grading sandbox cannot be made, so the kernel must not start."""


class ScormError(WorkbookError):
    """The built book cannot be made into a SCORM package (not built, or missing a page the package launches)."""
