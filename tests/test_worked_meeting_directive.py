"""The worked-meeting directives (book/_ext/worked_meeting.py) in a small
Sphinx project: a stretch of the meeting renders as a numbered list with its
notes, a stretch left out or shown twice fails a strict build, and an unknown
meeting or stretch is an error at the directive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sphinx_page import build_page
from workbook.meetings import default_meetings

MEETING = "worked_meeting_gone_wrong"


def build(tmp_path: Path, body: str) -> tuple[str, str]:
    """Build ``body`` as the only page; the page's HTML and the warnings about it."""
    return build_page(tmp_path, "worked_meeting", "Meeting", body)


def segments(*ids: str) -> str:
    return "".join(f"```{{meeting-segment}} {MEETING} {i}\n```\n\n" for i in ids)


def all_ids() -> list[str]:
    return [s["id"] for s in default_meetings()[MEETING].segments]


def test_every_stretch_once_builds_cleanly_with_numbered_lines_and_notes(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, f"```{{meeting-cast}} {MEETING}\n```\n\n" + segments(*all_ids()))
    assert warnings == ""
    lines = sum(len(s["lines"]) for s in default_meetings()[MEETING].segments)
    assert html.count('<li class="alw-turn"') == lines
    assert f'id="worked-meeting-gone-wrong-line-{lines}"' in html
    assert 'role="note"' in html
    assert 'aria-label="Note on line 1"' in html
    assert "Leading question.</strong>" in html
    assert "worked-meeting.css" in html


def test_a_stretch_left_out_or_shown_twice_is_a_warning(tmp_path: Path) -> None:
    ids = all_ids()
    _, warnings = build(tmp_path, segments(*ids[:-1], ids[0]))
    assert f"segment '{ids[-1]}' is shown on no page; show it once" in warnings
    assert f"segment '{ids[0]}' is shown on index, index; show it once" in warnings


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("```{meeting-segment} no_meeting opening\n```\n", "no worked meeting 'no_meeting' (known: worked_meeting, "),
        (segments("coffee"), "no segment 'coffee' in meeting 'worked_meeting_gone_wrong' (segments: updates, "),
    ],
    ids=["unknown-meeting", "unknown-segment"],
)
def test_an_unknown_meeting_or_stretch_is_an_error_at_the_directive(tmp_path: Path, body: str, message: str) -> None:
    _, warnings = build(tmp_path, body)
    assert "index.md:3: ERROR" in warnings
    assert message in warnings
