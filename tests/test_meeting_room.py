"""The meeting runner in the room, in headless Chromium, on a phone-sized and a
laptop-sized screen: bids and presenter order open until the first presenter,
the Present view (full screen or covering the page, wake lock, Escape), the
sticky timer bar, the one-minute warning and its chime, the confirm step
before finishing, and the summary's print and download. Time is driven by
Playwright's clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import OfflineContext
from tests.test_tools_browser import (
    LOG_KEY,
    MEETING_KEY,
    TODAY,
    add_action,
    finish_meeting,
    open_tool,
    run_axe,
    set_up_members,
    stored,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}

# Stand-ins for the browser features headless Chromium lacks or refuses: a wake
# lock that records being asked for and released, and an AudioContext that
# counts the notes it is asked to play.
STUBS = """
window.wakeLog = [];
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {
  request: async (kind) => { window.wakeLog.push('request ' + kind);
    return {released: false, release: async function () { this.released = true; window.wakeLog.push('release'); }}; }
}});
window.notes = 0;
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createGain() { return {gain: {setValueAtTime() {}, exponentialRampToValueAtTime() {}}, connect: (d) => d}; }
  createOscillator() { return {frequency: {}, connect: (g) => g, start: () => { window.notes += 1; }, stop() {}}; }
};
window.printed = [];
window.print = () => window.printed.push(document.body.classList.contains('alw-print-summary'));
"""


@pytest.fixture(params=sorted(VIEWPORTS))
def room(request: pytest.FixtureRequest, offline: OfflineContext) -> tuple[Page, Locator]:
    """The meeting runner at one of the two screen sizes, with Ann (facilitating), Ben and Cat, not yet started."""
    offline.context.add_init_script(STUBS)
    page, tool = open_tool(offline, "runner")
    page.set_viewport_size(VIEWPORTS[request.param])
    set_up_members(tool, {"Ann": 0, "Ben": 30, "Cat": 20})
    page.clock.pause_at(f"{TODAY}T09:30:00")
    tool.get_by_role("button", name="Start the meeting").click()
    return page, tool


def agenda(tool: Locator) -> list[str]:
    return tool.locator(".alw-timer .alw-agenda li").all_inner_texts()


def test_bids_and_order_stay_open_until_the_first_presenter(room: tuple[Page, Locator]) -> None:
    page, tool = room
    timer = tool.locator(".alw-timer")
    timer.get_by_role("button", name="Next stage").click()
    expect(timer.locator("h3")).to_have_text("Now: Bids for airtime (stage 2 of 6)")
    bid = tool.get_by_label("Minutes bid by Cat")
    expect(bid).to_be_enabled()
    bid.fill("40")
    bid.press("Tab")
    expect(tool.locator(".alw-timer .alw-agenda li").nth(3)).to_have_text("Presenter: Cat: 40 minutes")
    up = tool.get_by_role("button", name="Move Cat up")
    up.focus()
    page.keyboard.press("Enter")
    page.clock.run_for(100)  # the live region is filled 50 ms after it is emptied
    expect(tool.locator("p.alw-status").first).to_have_text("Moved Cat up: now 2 of 3.")
    expect(tool.get_by_role("button", name="Move Cat up")).to_be_focused()
    page.keyboard.press("Enter")
    page.clock.run_for(100)
    expect(tool.locator("p.alw-status").first).to_have_text("Moved Cat up: now 1 of 3.")
    # At the top, Move up is disabled, so focus goes to the member's other button.
    expect(tool.get_by_role("button", name="Move Cat up")).to_be_disabled()
    expect(tool.get_by_role("button", name="Move Cat down")).to_be_focused()
    assert agenda(tool)[2:4] == ["Presenter: Cat: 40 minutes", "Presenter: Ben: 30 minutes"]
    assert stored(page, MEETING_KEY)["run"]["stages"][2]["name"] == "Presenter: Cat"
    timer.get_by_role("button", name="Next stage").click()
    expect(timer.locator("h3")).to_have_text("Now: Presenter: Cat (stage 3 of 6)")
    expect(tool.get_by_label("Minutes bid by Cat")).to_be_disabled()
    expect(tool.get_by_role("button", name="Move Ben up")).to_be_disabled()


def test_the_facilitator_who_bids_is_warned_gently(room: tuple[Page, Locator]) -> None:
    _, tool = room
    tool.locator(".alw-timer").get_by_role("button", name="Next stage").click()
    tool.get_by_label("Minutes bid by Ann").fill("10")
    tool.get_by_label("Minutes bid by Ann").press("Tab")
    expect(tool.locator(".alw-airtime").locator("xpath=..")).to_contain_text("Ann also bids to present")


def test_present_view(room: tuple[Page, Locator]) -> None:
    page, tool = room
    present_button = tool.locator(".alw-timer").get_by_role("button", name="Present")
    present_button.click()
    expect(page.get_by_role("dialog", name="Check-in")).to_be_visible()
    view = tool.locator(".alw-present")
    expect(view).to_have_attribute("aria-modal", "true")
    box = view.bounding_box()
    size = page.viewport_size
    assert box
    assert size
    assert box["width"] >= size["width"] - 1
    assert box["height"] >= size["height"] - 1
    clock = view.locator(".alw-present-clock")
    page.clock.run_for(1000)
    expect(clock).to_have_text("14:59")
    digits = clock.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert digits >= 80, f"the clock's digits are {digits}px high"
    clock_box = clock.bounding_box()
    assert clock_box
    assert clock_box["x"] >= 0
    assert clock_box["x"] + clock_box["width"] <= size["width"]
    expect(view.locator(".alw-present-prompt")).to_contain_text("how they are arriving")
    expect(view.locator(".alw-present-next")).to_have_text("Next: Bids for airtime (5 minutes)")
    expect(view.get_by_role("button", name="Pause")).to_be_focused()
    assert page.evaluate("window.wakeLog") == ["request screen"]
    # Tab stays in the view: Pause, Next stage, Exit, and round to Pause.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(view.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Space")
    page.clock.run_for(100)
    expect(view.get_by_role("button", name="Resume")).to_be_visible()
    expect(view.locator(".alw-present-level")).to_have_text("Paused")
    expect(view.locator("[role=status]")).to_have_text("Paused Check-in.")
    page.keyboard.press("Space")
    page.clock.run_for("14:00")
    expect(view.locator(".alw-present-level")).to_have_text("One minute left")
    expect(view.locator("[role=status]")).to_have_text("One minute left for Check-in.")
    view.get_by_role("button", name="Next stage").click()
    expect(view.locator("h3")).to_have_text("Bids for airtime")
    page.clock.resume()  # axe-core waits on timers of its own
    assert run_axe(page) == []
    view.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Escape")
    expect(view).to_be_hidden()
    expect(present_button).to_be_focused()
    assert page.evaluate("window.wakeLog") == ["request screen", "release"]
    expect(tool.locator(".alw-timer h3")).to_have_text("Now: Bids for airtime (stage 2 of 6)")


def test_the_timer_bar_stays_in_view_while_logging(room: tuple[Page, Locator]) -> None:
    page, tool = room
    bar = tool.locator(".alw-timer-bar")
    page.clock.run_for(1000)
    expect(bar).to_contain_text("Check-in")
    expect(bar.locator(".alw-bar-clock")).to_have_text("14:59 left")
    add_action(tool, "Email Jo", "Ben", button="Add agreed action")
    # Scrolled to the action form, well below the timer (the bar leaves with the end of the tool, as it should).
    tool.get_by_label("Action", exact=True).evaluate("e => e.scrollIntoView({block: 'center'})")
    page.clock.run_for(1000)
    expect(bar.locator(".alw-bar-clock")).to_have_text("14:58 left")
    clock = bar.locator(".alw-bar-clock").bounding_box()
    size = page.viewport_size
    assert clock
    assert size
    assert clock["y"] >= 0
    assert clock["y"] + clock["height"] <= size["height"]
    # Nothing (the theme's header or back-to-top button) lies over the clock.
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.alw-timer-bar') !== null",
        [clock["x"] + clock["width"] / 2, clock["y"] + clock["height"] / 2],
    )
    assert on_top
    assert page.evaluate("window.scrollY") > 200, "the page should have scrolled past the top of the tool"
    expect(page.locator("#pst-back-to-top")).to_be_hidden()
    bar.get_by_role("button", name="Pause").click()
    expect(bar.locator(".alw-bar-clock")).to_have_text("14:58 left (paused)")
    bar.get_by_role("button", name="Next stage").click()
    expect(bar.locator(".alw-bar-stage")).to_have_text("Bids for airtime")


def test_one_minute_warning_is_seen_heard_and_optionally_chimed(room: tuple[Page, Locator]) -> None:
    page, tool = room
    timer = tool.locator(".alw-timer")
    chime = tool.get_by_label("Chime at one minute left (sound)")
    expect(chime).not_to_be_checked()
    warning = timer.locator(".alw-warning")
    page.clock.run_for("13:59")
    expect(warning).to_be_hidden()
    page.clock.run_for("00:02")
    expect(warning).to_be_visible()
    expect(warning).to_have_text("⚠ One minute left for Check-in.")
    expect(tool.locator(".alw-timer-bar")).to_contain_text("One minute left")
    expect(timer.locator("[role=status]")).to_have_text("One minute left for Check-in.")
    assert page.evaluate("window.notes") == 0, "no sound unless asked for"
    chime.check()
    timer.get_by_role("button", name="Next stage").click()
    page.clock.run_for("04:01")
    expect(timer.locator("[role=status]")).to_have_text("One minute left for Bids for airtime.")
    assert page.evaluate("window.notes") == 2
    page.clock.run_for("01:00")
    expect(warning).to_be_hidden()
    expect(timer.locator("[role=status]")).to_have_text("Time is up for Bids for airtime.")


def test_finishing_asks_first(room: tuple[Page, Locator]) -> None:
    page, tool = room
    add_action(tool, "Email Jo", "Ben", button="Add agreed action")
    finish = tool.get_by_role("button", name="Finish the meeting")
    finish.click()
    question = tool.get_by_text("Finish the meeting now?")
    expect(question).to_have_text(
        "Finish the meeting now? The clock stops and 1 agreed action will go to the action log."
    )
    expect(question).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(tool.get_by_role("button", name="Keep going")).to_be_focused()
    page.keyboard.press("Enter")
    expect(question).to_be_hidden()
    expect(finish).to_be_focused()
    expect(tool.locator(".alw-timer")).to_be_visible()
    assert stored(page, LOG_KEY) is None
    assert not stored(page, MEETING_KEY)["run"]["finished"]
    finish_meeting(tool)
    expect(tool.locator(".alw-summary h3")).to_be_focused()
    assert stored(page, LOG_KEY)["meetings"][0]["actions"][0]["action"] == "Email Jo"


def test_summary_prints_alone_and_downloads(room: tuple[Page, Locator], tmp_path: Path) -> None:
    page, tool = room
    tool.get_by_label("Question asked").fill("What would help?")
    tool.get_by_role("button", name="Log question").click()
    add_action(tool, "Email Jo", "Ben", "2026-03-16", "Reply received", button="Add agreed action")
    page.clock.run_for("20:00")
    finish_meeting(tool)
    summary = tool.locator(".alw-summary")
    summary.get_by_role("button", name="Print the summary").click()
    assert page.evaluate("window.printed") == [True]
    page.emulate_media(media="print")
    visible = "e => getComputedStyle(e).visibility === 'visible' && getComputedStyle(e).display !== 'none'"
    assert summary.locator("table").first.evaluate(visible)
    assert not page.locator("h1").first.evaluate(visible)
    assert not tool.locator(".alw-members").evaluate(visible)
    assert not summary.locator("button", has_text="Start a new meeting").evaluate(visible)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.body.classList.contains('alw-print-summary')") is False
    assert page.locator("h1").first.evaluate(visible)
    page.emulate_media(media="screen")
    with page.expect_download() as info:
        summary.get_by_role("button", name="Download the summary (Markdown)").click()
    assert info.value.suggested_filename == f"meeting-summary-{TODAY}.md"
    target = tmp_path / "summary.md"
    info.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# Summary of the meeting on {TODAY}\n")
    assert "- Check-in: 15 planned, 20 used" in text
    assert "## Balance of the 1 question asked" in text
    assert "1. Email Jo (owner: Ben; due: 2026-03-16; measure: Reply received)" in text
    assert "1 action added to the action log" in text
    page.clock.resume()  # axe-core waits on timers of its own
    assert run_axe(page) == []
