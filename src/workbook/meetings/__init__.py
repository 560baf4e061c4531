"""Worked meetings: annotated transcripts of whole set meetings, as data the book renders."""

from workbook.meetings._load import MEETINGS_DIR, Meeting, default_meetings, load_meeting, load_meetings

__all__ = ["MEETINGS_DIR", "Meeting", "default_meetings", "load_meeting", "load_meetings"]
