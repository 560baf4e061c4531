"""The package's exceptions. Every message names the file and the place in it."""


class WorkbookError(Exception):
    """Base class for errors a course author or trainer can act on."""


class BankError(WorkbookError):
    """An item bank is missing, malformed or inconsistent."""


class RulesError(WorkbookError):
    """A free-text rules file is malformed."""
