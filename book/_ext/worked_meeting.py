"""Show a worked meeting (``src/workbook/meetings/*.yaml``) on a page.

A page writes one directive per stretch of the meeting, so its own prose,
headings and pause-point exercises can sit between them::

    ```{meeting-cast} worked_meeting
    ```

    ```{meeting-segment} worked_meeting opening
    ```

Each line becomes an item of an ordered list, numbered through the whole
meeting, with its margin notes inside the same item: the notes follow their
line in reading order, and each is a ``role="note"`` labelled with the line it
belongs to and says its kind in words, so nothing rests on position or colour.
The stylesheet (``book/assets/worked-meeting.css``) sets the notes beside
their lines where the column is wide enough and as callouts under them where
it is not. The build fails if a segment is shown twice, or never.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docutils import nodes
from docutils.nodes import Node
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from workbook import MeetingError
from workbook.banks._facts import load_timings
from workbook.meetings import Meeting, default_meetings
from workbook.rules import default_rules

logger = logging.getLogger(__name__)

NOTE_LABELS = {"facilitator": "Facilitator", "missed": "Missed opening", "process": "What is happening"}


class transcript(nodes.container):
    """``<ol>`` of turns; falls back to a container for other builders."""


class turn(nodes.container):
    """``<li>``: one line and its notes."""


class margin_note(nodes.container):
    """``<div role="note">`` labelled with its line."""


def _visit_transcript(self: HTML5Translator, node: transcript) -> None:
    self.body.append(self.starttag(node, "ol", CLASS="alw-transcript", start=str(node["start"])))


def _depart_transcript(self: HTML5Translator, node: transcript) -> None:
    self.body.append("</ol>\n")


def _visit_turn(self: HTML5Translator, node: turn) -> None:
    self.body.append(self.starttag(node, "li", CLASS="alw-turn"))


def _depart_turn(self: HTML5Translator, node: turn) -> None:
    self.body.append("</li>\n")


def _visit_note(self: HTML5Translator, node: margin_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="alw-note", role="note", **{"aria-label": node["label"]}))


def _depart_note(self: HTML5Translator, node: margin_note) -> None:
    self.body.append("</div>\n")


@cache
def _stage_names() -> dict[str, str]:
    """Each stage's and issue part's name, as timings.yaml gives it."""
    timings = load_timings()
    names = {s["id"]: s["name"] for s in timings["meeting"]["stages"]}
    names.update({p["id"]: p["name"] for p in timings["issue"]["parts"]})
    return names


def _anchor(meeting: Meeting, number: int) -> str:
    return f"{meeting.id.replace('_', '-')}-line-{number}"


class _MeetingDirective(SphinxDirective):
    has_content = False

    def meeting(self) -> Meeting:
        meetings = default_meetings()
        meeting_id = self.arguments[0]
        if meeting_id not in meetings:
            known = ", ".join(sorted(meetings))
            raise self.error(f"no worked meeting '{meeting_id}' (known: {known})")
        meeting = meetings[meeting_id]
        self.env.note_dependency(str(meeting.path))
        return meeting

    def inline(self, text: str) -> list[Node]:
        """MyST inline markup, so notes may cite sources and quotes become typographic."""
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [*parsed, *messages]


class MeetingCast(_MeetingDirective):
    """Who is in the set: a list of the cast."""

    required_arguments = 1

    def run(self) -> list[Node]:
        meeting = self.meeting()
        items = nodes.bullet_list(classes=["alw-cast"])
        for person in meeting.cast:
            para = nodes.paragraph()
            para += nodes.strong(text=person["name"])
            para += nodes.Text(f", {person['role']}: ")
            para += self.inline(person["about"])
            items += nodes.list_item("", para)
        return [items]


class MeetingSegment(_MeetingDirective):
    """One stretch of the meeting: its stage and minutes, then its numbered lines with their notes."""

    required_arguments = 2

    def run(self) -> list[Node]:
        meeting = self.meeting()
        try:
            segment = meeting.segment(self.arguments[1])
        except MeetingError as exc:
            raise self.error(str(exc)) from exc
        _shown(self.env).setdefault((meeting.id, segment["id"]), []).append(self.env.docname)
        number = 1
        for each in meeting.segments:
            if each is segment:
                break
            number += len(each["lines"])
        box = nodes.container(
            classes=["alw-meeting"], ids=[f"{meeting.id.replace('_', '-')}-{segment['id'].replace('_', '-')}"]
        )
        stage = nodes.paragraph(classes=["alw-meeting-stage"])
        stage += nodes.strong(text=_stage_names()[segment["stage"]])
        stage += nodes.Text(f" ({segment['minutes']} minute{'s' if segment['minutes'] != 1 else ''})")
        box += stage
        lines = transcript(start=number)
        for offset, line in enumerate(segment["lines"]):
            lines += self.turn(meeting, line, number + offset)
        box += lines
        return [box]

    def turn(self, meeting: Meeting, line: dict[str, Any], number: int) -> turn:
        item = turn(ids=[_anchor(meeting, number)])
        said = nodes.paragraph(classes=["alw-line"])
        said += nodes.inline(text=f"{number}", classes=["alw-line-no"])
        said += nodes.Text(" ")
        if "narration" in line:
            said["classes"].append("alw-narration")
            said += nodes.emphasis("", "", *self.inline(line["narration"]))
        else:
            person = meeting.person(line["who"])
            said += nodes.strong(text=person["name"], classes=["alw-speaker"])
            if person["role"] != "member":
                said += nodes.inline(text=f" ({person['role']})", classes=["alw-role"])
            said += nodes.Text(": ")
            said += self.inline(line["says"])
        item += said
        notes = self.notes(line, number)
        if notes:
            box = nodes.container(classes=["alw-notes"])
            box.extend(notes)
            item += box
        return item

    def notes(self, line: dict[str, Any], number: int) -> list[Node]:
        out: list[Node] = []
        verdicts = default_rules().data["verdicts"]
        entries = list(line.get("notes", []))
        if "question" in line and not any(n["kind"] == "question" for n in entries):
            entries.insert(0, {"kind": "question", "text": ""})
        for entry in entries:
            kind = entry["kind"]
            label = verdicts[line["question"]] if kind == "question" else NOTE_LABELS[kind]
            note = margin_note(classes=[f"alw-note-{kind}"], label=f"Note on line {number}")
            if kind == "question":
                note["classes"].append(f"alw-note-{line['question']}")
            para = nodes.paragraph()
            para += nodes.strong(text=f"{label}.", classes=["alw-note-label"])
            if entry["text"]:
                para += nodes.Text(" ")
                para += self.inline(entry["text"])
            note += para
            out.append(note)
        return out


def _shown(env: BuildEnvironment) -> dict[tuple[str, str], list[str]]:
    """(meeting, segment) -> the pages that show it, kept in the environment between builds."""
    return env.__dict__.setdefault("worked_meeting_segments", {})  # type: ignore[no-any-return]


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for key, pages in _shown(other).items():
        _shown(env).setdefault(key, []).extend(pages)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for pages in _shown(env).values():
        while docname in pages:
            pages.remove(docname)


def _check_every_segment_shown_once(app: Sphinx, env: BuildEnvironment) -> None:
    shown = _shown(env)
    used = {meeting_id for (meeting_id, _), pages in shown.items() if pages}
    for meeting_id in sorted(used):
        for segment in default_meetings()[meeting_id].segments:
            pages = shown.get((meeting_id, segment["id"]), [])
            if len(pages) != 1:
                where = ", ".join(pages) or "no page"
                logger.warning(
                    f"worked meeting '{meeting_id}': segment '{segment['id']}' is shown on {where}; show it once"
                )


def _add_stylesheet(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Node) -> None:
    """The stylesheet only on pages that show a meeting (book/assets/worked-meeting.css)."""
    if doctree is not None and doctree.next_node(transcript) is not None:
        app.add_css_file("worked-meeting.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(transcript, html=(_visit_transcript, _depart_transcript))
    app.add_node(turn, html=(_visit_turn, _depart_turn))
    app.add_node(margin_note, html=(_visit_note, _depart_note))
    app.add_directive("meeting-cast", MeetingCast)
    app.add_directive("meeting-segment", MeetingSegment)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    app.connect("env-check-consistency", _check_every_segment_shown_once)
    app.connect("html-page-context", _add_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
