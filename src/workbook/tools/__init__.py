"""Tools for an action learning set, used between and during meetings: an action
log, a set-meeting runner and a reflective journal. Each is an anywidget whose
logic runs in the browser and keeps its data there (localStorage), so it works
in the static book offline and live in Jupyter."""

from workbook.tools._widgets import (
    ActionLog,
    MeetingRunner,
    ReflectiveJournal,
    action_log,
    meeting_runner,
    reflective_journal,
)

__all__ = ["ActionLog", "MeetingRunner", "ReflectiveJournal", "action_log", "meeting_runner", "reflective_journal"]
