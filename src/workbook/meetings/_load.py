"""Load and check worked meetings (``meetings/*.yaml``).

The schema checks the shape. Then the checks a schema cannot express: every
speaker is in the cast; every line that asks something (has a question mark)
carries its question type, and that type is the one the shared question rules
(``workbook.rules``) give it, so the margin notes and the exercises' feedback
never disagree; a pause point is a rewrite item in a bank. Every error names
the file, line and key path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import BankError, MeetingError
from workbook._yaml_source import YamlSource, load_checked
from workbook.rules._engine import classify_question

__all__ = ["MEETINGS_DIR", "Meeting", "default_meetings", "load_meeting", "load_meetings"]

MEETINGS_DIR = Path(__file__).parent
SCHEMA_PATH = MEETINGS_DIR / "meeting.schema.json"


@dataclass(frozen=True)
class Meeting:
    """One annotated meeting, as validated data."""

    path: Path
    id: str
    title: str
    summary: str
    cast: tuple[dict[str, Any], ...]
    segments: tuple[dict[str, Any], ...]

    def person(self, person_id: str) -> dict[str, Any]:
        return next(p for p in self.cast if p["id"] == person_id)

    def segment(self, segment_id: str) -> dict[str, Any]:
        """The segment ``segment_id``; a clear error if there is none."""
        for segment in self.segments:
            if segment["id"] == segment_id:
                return segment
        known = ", ".join(s["id"] for s in self.segments)
        msg = f"{self.path}: no segment '{segment_id}' in meeting '{self.id}' (segments: {known})"
        raise MeetingError(msg)


def load_meeting(path: Path) -> Meeting:
    """Read and check one meeting file."""
    source = load_checked(path, SCHEMA_PATH, MeetingError)
    data = source.data
    _check(source, data)
    return Meeting(path, data["meeting"], data["title"], data["summary"], tuple(data["cast"]), tuple(data["segments"]))


def load_meetings(folder: Path = MEETINGS_DIR) -> dict[str, Meeting]:
    """Every ``*.yaml`` meeting in ``folder``, by id; ids must be unique."""
    meetings: dict[str, Meeting] = {}
    for path in sorted(folder.glob("*.yaml")):
        meeting = load_meeting(path)
        if meeting.id in meetings:
            msg = f"{path}: meeting id '{meeting.id}' is used by {meetings[meeting.id].path} too"
            raise MeetingError(msg)
        meetings[meeting.id] = meeting
    return meetings


@cache
def default_meetings() -> dict[str, Meeting]:
    """The meetings shipped with the package, loaded and checked once per process."""
    return load_meetings()


def _unique(source: YamlSource, entries: list[dict[str, Any]], key: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["id"] in seen:
            raise source.fail((key, index, "id"), f"'{entry['id']}' is used twice in {key}")
        seen.add(entry["id"])


def _check(source: YamlSource, data: dict[str, Any]) -> None:
    _unique(source, data["cast"], "cast")
    _unique(source, data["segments"], "segments")
    people = [p["id"] for p in data["cast"]]
    for s_index, segment in enumerate(data["segments"]):
        for l_index, line in enumerate(segment["lines"]):
            problem = _line_problem(line, people)
            if problem:
                key, message = problem
                raise source.fail(("segments", s_index, "lines", l_index, *key), message)
        if "pause" in segment:
            problem_text = _pause_problem(segment["pause"])
            if problem_text:
                raise source.fail(("segments", s_index, "pause"), problem_text)


def _line_problem(line: dict[str, Any], people: list[str]) -> tuple[tuple[str | int, ...], str] | None:
    notes = line.get("notes", [])
    if "narration" in line:
        return None
    if line["who"] not in people:
        return ("who",), f"'{line['who']}' is not in the cast (known: {', '.join(people)})"
    annotated = line.get("question")
    if annotated is None:
        if "?" in line["says"]:
            return ("question",), "the line asks a question, so it needs its question type"
        for index, note in enumerate(notes):
            if note["kind"] == "question":
                return ("notes", index, "kind"), "a question note needs the line's question type"
        return None
    verdict = classify_question(line["says"])
    if verdict is None or verdict.verdict != annotated:
        found = verdict.verdict if verdict else "nothing (blank)"
        rule = f" (rule '{verdict.rule}')" if verdict else ""
        return ("question",), f"annotated '{annotated}', but the shared question rules read it as '{found}'{rule}"
    return None


def _pause_problem(item_id: str) -> str | None:
    from workbook.banks._load import default_banks  # only when a meeting has pause points

    try:
        _, item = default_banks().item(item_id)
    except BankError:
        return f"'{item_id}' is not an item in any bank"
    if item["type"] != "rewrite":
        return f"'{item_id}' is a {item['type']} item; a pause point is a rewrite item"
    return None
