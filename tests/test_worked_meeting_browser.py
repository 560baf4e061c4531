"""The worked meeting in the built book: every line and note of both
transcripts on its page, in order, each note inside its line's list item and
labelled with it; the pause points where the data puts them; and, in headless
Chromium at phone and desktop sizes in light and dark mode, notes beside their
lines only where there is room, no sideways scroll, no axe-core WCAG problems,
and a pause point answered from the keyboard showing what was asked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page, expect

from tests.book_pages import HTML, item
from tests.conftest import OfflineContext
from tests.test_book_browser import AXE, WCAG_TAGS
from workbook.meetings import Meeting, default_meetings
from workbook.rules import default_rules

pytestmark = pytest.mark.browser

PAGES = {
    "worked_meeting": "book/practice/worked-meeting.html",
    "worked_meeting_gone_wrong": "book/practice/worked-meeting-gone-wrong.html",
}
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)


def words(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def plain(text: str) -> str:
    """Text as the page shows it: typographic quotes straightened, spaces collapsed."""
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def soup(meeting_id: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / PAGES[meeting_id]).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("meeting_id", list(PAGES))
def test_every_line_and_note_is_on_the_page_with_its_line(meeting_id: str) -> None:
    meeting: Meeting = default_meetings()[meeting_id]
    page = soup(meeting_id)
    turns = page.select("ol.alw-transcript > li.alw-turn")
    lines = [line for segment in meeting.segments for line in segment["lines"]]
    assert len(turns) == len(lines)
    verdicts = default_rules().data["verdicts"]
    for number, (turn, line) in enumerate(zip(turns, lines, strict=True), start=1):
        said = turn.select_one(".alw-line")
        assert said is not None
        shown = plain(words(said))
        assert shown.startswith(f"{number} ")
        assert plain(line.get("says", line.get("narration", ""))) in shown, number
        if "who" in line:
            assert meeting.person(line["who"])["name"] in shown
        notes = turn.select('.alw-notes > [role="note"]')
        expected = list(line.get("notes", []))
        if "question" in line and not any(n["kind"] == "question" for n in expected):
            expected.insert(0, {"kind": "question", "text": ""})
        assert len(notes) == len(expected), number
        for note, entry in zip(notes, expected, strict=True):
            assert note["aria-label"] == f"Note on line {number}"
            label = verdicts[line["question"]] if entry["kind"] == "question" else None
            text = plain(words(note))
            if label:
                assert text.startswith(plain(label) + ".")
            assert plain(entry["text"]) in text


@pytest.mark.parametrize("meeting_id", list(PAGES))
def test_each_pause_point_sits_after_its_stretch_of_the_meeting(meeting_id: str) -> None:
    html = (HTML / PAGES[meeting_id]).read_text(encoding="utf-8")
    state = json.loads(_STATE.search(html).group(1))["state"]  # type: ignore[union-attr]
    views = [(m.start(), json.loads(m.group(1))["model_id"]) for m in _VIEW.finditer(html)]
    at = {state[model]["state"]["item"]["id"]: where for where, model in views if "item" in state[model]["state"]}
    segments = default_meetings()[meeting_id].segments
    starts = [html.index(f'id="{meeting_id.replace("_", "-")}-{s["id"].replace("_", "-")}"') for s in segments]
    assert starts == sorted(starts)
    pauses = [(index, s["pause"]) for index, s in enumerate(segments) if "pause" in s]
    assert sorted(at) == sorted(p for _, p in pauses)
    for index, item_id in pauses:
        after = starts[index + 1] if index + 1 < len(starts) else len(html)
        assert starts[index] < at[item_id] < after, item_id


# ---- in the browser ----------------------------------------------------------------


@pytest.fixture
def offline_dark(browser: Browser, site: str) -> Iterator[OfflineContext]:
    ctx = OfflineContext(browser, site)
    ctx.context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    yield ctx
    ctx.context.close()
    assert ctx.outside == []
    assert ctx.errors == []


def open_page(request: pytest.FixtureRequest, mode: str, path: str, size: str) -> Page:
    offline: OfflineContext = request.getfixturevalue("offline_dark" if mode == "dark" else "offline")
    page = offline.page(path)
    page.set_viewport_size(SIZES[size])
    expect(page.locator("[data-exercise-id]").first).to_be_visible()
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


def axe_problems(page: Page) -> list[Any]:
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def note_places(page: Page) -> list[dict[str, float]]:
    """For each note, its box against its own line's box."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.alw-turn')].flatMap(turn => {
            const line = turn.querySelector('.alw-line').getBoundingClientRect();
            return [...turn.querySelectorAll('[role="note"]')].map(note => {
              const box = note.getBoundingClientRect();
              return {lineRight: line.right, lineBottom: line.bottom, lineTop: line.top, left: box.left, top: box.top};
            });
        })"""
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("meeting_id", list(PAGES))
def test_notes_sit_beside_or_under_their_lines_and_axe_passes(
    request: pytest.FixtureRequest, meeting_id: str, size: str, mode: str
) -> None:
    page = open_page(request, mode, PAGES[meeting_id], size)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    places = note_places(page)
    assert places
    for place in places:
        if size == "desktop":
            assert place["left"] >= place["lineRight"]
            assert place["top"] >= place["lineTop"] - 1
        else:
            assert place["top"] >= place["lineBottom"]
    assert axe_problems(page) == []


@pytest.mark.parametrize("meeting_id", list(PAGES))
def test_a_pause_point_answered_by_keyboard_shows_what_was_asked(
    request: pytest.FixtureRequest, meeting_id: str
) -> None:
    page = open_page(request, "light", PAGES[meeting_id], "phone")
    segments = default_meetings()[meeting_id].segments
    item_id = next(s["pause"] for s in segments if "pause" in s)
    data = item(item_id)
    root = page.locator(f'[data-exercise-id="{item_id}"]')
    root.get_by_label("Your question").focus()
    page.keyboard.type("Um, so what's going on for you with the rota?")
    page.keyboard.press("Enter")
    feedback = root.locator(".alw-feedback")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(feedback).to_contain_text("Open question")
    reveal = root.get_by_role("button", name="Show the model answer")
    reveal.focus()
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text(data["model_answer"])
    # what was asked in the meeting: the model answer in the good version, the original in the other
    asked = data["model_answer"] if meeting_id == "worked_meeting" else data["original"]
    expect(feedback.locator(".alw-reveal .alw-explanation")).to_contain_text(asked)
    assert axe_problems(page) == []
