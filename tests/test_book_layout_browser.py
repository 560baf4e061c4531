"""The book's frame in headless Chromium, offline: the course contents and page
contents open on a phone and on a desktop, by mouse and by keyboard; no page is
wider than a 320 px screen; and text keeps its contrast (and controls their
size) in the light and the dark theme, also once exercises and tools show
feedback and entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.book_pages import all_pages, embedded_items, first_embedded
from tests.conftest import OfflineContext
from tests.test_book_browser import WCAG_TAGS
from tests.test_tools_browser import PAGES, add_action, set_up_members, write_entry

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# A page with sections, so it has page contents, and a next page to go to.
CHAPTER = "book/listening/response-types.html"


@pytest.fixture
def offline_dark(browser: Browser, site: str) -> Iterator[OfflineContext]:
    """As ``offline``, with the theme switched to dark before any script runs,
    as a learner who chose dark mode on an earlier visit sees it."""
    ctx = OfflineContext(browser, site)
    ctx.context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    yield ctx
    ctx.context.close()
    assert ctx.outside == [], f"the page tried to reach outside the book: {ctx.outside}"
    assert ctx.errors == [], f"uncaught errors in the page: {ctx.errors}"


def open_at(offline: OfflineContext, path: str, viewport: dict[str, int]) -> Page:
    page = offline.context.new_page()
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    page.set_viewport_size(viewport)
    page.goto(f"{offline.origin}/{path}")
    return page


# ---- navigation ----------------------------------------------------------------


def visible_toggle(page: Page, kind: str) -> Any:
    toggles = page.locator(f"button.{kind}-toggle")
    assert toggles.count() == 1, f"{toggles.count()} .{kind}-toggle buttons: the theme scripts bind only the first"
    return toggles.first


def test_phone_course_contents_open_by_keyboard_and_lead_to_a_page(offline: OfflineContext) -> None:
    page = open_at(offline, CHAPTER, PHONE)
    toggle = visible_toggle(page, "primary")
    expect(toggle).to_be_visible()
    dialog = page.locator("dialog#pst-primary-sidebar-modal")
    expect(dialog).not_to_be_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("open", "")
    page.keyboard.press("Escape")  # closes, and gives focus back to the button
    expect(dialog).not_to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('primary-toggle')")
    toggle.click()
    link = dialog.locator("nav a.reference.internal[href]").filter(has_text="Reflection").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href
    link.click()
    page.wait_for_url(f"**/{href.split('/')[-1]}")
    expect(page.locator("dialog#pst-primary-sidebar-modal")).not_to_be_visible()


def test_phone_page_contents_open_and_close_on_a_link(offline: OfflineContext) -> None:
    page = open_at(offline, CHAPTER, PHONE)
    toggle = visible_toggle(page, "secondary")
    expect(toggle).to_be_visible()
    dialog = page.locator("dialog#pst-secondary-sidebar-modal")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    link = dialog.locator("a.nav-link[href^='#']").nth(1)
    expect(link).to_be_visible()
    target = link.get_attribute("href")
    assert target
    link.click()
    expect(dialog).not_to_be_visible()
    assert page.evaluate("location.hash") == target
    expect(page.locator(f"[id='{target[1:]}']")).to_be_in_viewport()


def test_desktop_course_contents_toggle_and_lead_to_a_page(offline: OfflineContext) -> None:
    page = open_at(offline, CHAPTER, DESKTOP)
    sidebar = page.locator("#pst-primary-sidebar")
    expect(sidebar).to_be_visible()
    toggle = visible_toggle(page, "primary")
    toggle.focus()
    page.keyboard.press("Enter")  # on a wide screen the button folds the sidebar away...
    expect(sidebar).not_to_be_visible()
    page.keyboard.press("Enter")  # ...and brings it back
    expect(sidebar).to_be_visible()
    link = sidebar.locator("nav a.reference.internal[href]").filter(has_text="Reflection").first
    href = link.get_attribute("href")
    assert href
    link.click()
    page.wait_for_url(f"**/{href.split('/')[-1]}")


def test_desktop_page_contents_are_shown_and_lead_to_a_section(offline: OfflineContext) -> None:
    page = open_at(offline, CHAPTER, DESKTOP)
    contents = page.locator("#pst-secondary-sidebar")
    expect(contents).to_be_visible()  # wide enough to show it beside the text, with no toggle
    link = contents.locator("a.nav-link[href^='#']").nth(1)
    target = link.get_attribute("href")
    assert target
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    expect(page.locator(f"[id='{target[1:]}']")).to_be_in_viewport()


# ---- reflow --------------------------------------------------------------------


def too_wide(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0 if none)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_is_wider_than_a_phone(offline: OfflineContext, width: int) -> None:
    page = open_at(offline, "index.html", {"width": width, "height": 800})
    wide = {}
    for path in all_pages():
        page.goto(f"{offline.origin}/{path}")
        page.wait_for_load_state("load")
        if too_wide(page) > 0:
            wide[path] = too_wide(page)
    assert len(all_pages()) > 20
    assert wide == {}


@pytest.mark.parametrize("width", [320, 390])
def test_meeting_runner_members_fit_a_phone(offline: OfflineContext, width: int) -> None:
    page = open_at(offline, PAGES["runner"], {"width": width, "height": 800})
    tool = page.locator(".alw-tool")
    set_up_members(tool, {"Annabelle Fotheringham": 0, "Ben": 30, "Cat": 20, "Dev": 10})
    remove = tool.get_by_role("button", name="Remove Dev")
    expect(remove).to_be_in_viewport(ratio=1)
    assert too_wide(page) == 0
    tool.get_by_role("button", name="Start the meeting").click()
    expect(tool.get_by_role("button", name="Finish the meeting")).to_be_visible()
    assert too_wide(page) == 0


@pytest.mark.parametrize("width", [320, 390])
def test_wide_tables_scroll_in_their_own_box(offline: OfflineContext, width: int) -> None:
    """A table wider than the column scrolls inside its wrapper, whose edge with
    more to show fades out, and the fade follows the scrolling."""
    page = open_at(offline, "book/welcome.html", {"width": width, "height": 800})
    scrolling = []
    for path in all_pages():
        page.goto(f"{offline.origin}/{path}")
        for box in page.locator(".bd-article .pst-scrollable-table-container").all():
            if not box.evaluate("el => el.scrollWidth > el.clientWidth"):
                continue
            scrolling.append(path)
            assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
            at_start = box.evaluate("el => getComputedStyle(el).maskImage")
            assert "calc(100% - 48px)" in at_start, at_start  # the right edge fades
            box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
            page.wait_for_function(
                "([el, before]) => getComputedStyle(el).maskImage !== before", arg=[box.element_handle(), at_start]
            )
    assert scrolling, f"no table in the book is wider than {width} px: pick a narrower width or drop this test"


# ---- contrast and target size, light and dark ------------------------------------


# Pages with no exercise and no tool: the exercise pages are checked with axe in
# test_book_browser.py (after every Check), the tools in test_tools_browser.py.
READING_PAGES = sorted(p for p in all_pages() if p not in embedded_items() and p not in PAGES.values())


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_reading_page_passes_axe_on_a_phone(request: pytest.FixtureRequest, mode: str) -> None:
    """Pages without exercises (the trainer's kit, the glossary, the references…)
    meet WCAG 2.2 AA by axe at 390 px, in the light and the dark theme."""
    offline = contexts(request, mode)
    page = open_at(offline, "index.html", PHONE)
    assert any(p.startswith("book/trainers/") for p in READING_PAGES)
    problems = {}
    for path in READING_PAGES:
        page.goto(f"{offline.origin}/{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            problems[path] = found
    assert problems == {}


def axe_contrast_and_size(page: Page, mode: str) -> list[Any]:
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast', 'target-size']}})")
    problems = [(v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]][:3]) for v in result["violations"]]
    # axe files text at 1:1 (as dark text on the dark page was) under
    # "incomplete", in case it is meant to be hidden: a ratio it did measure is
    # still a failure here.
    measured = [
        (n["target"], n["any"][0]["message"])
        for v in result["incomplete"]
        if v["id"] == "color-contrast"
        for n in v["nodes"]
        if n["any"] and "contrast ratio" in n["any"][0]["message"]
    ]
    return [*problems, ("color-contrast (incomplete)", measured)] if measured else problems


def contexts(request: pytest.FixtureRequest, mode: str) -> OfflineContext:
    return request.getfixturevalue("offline_dark" if mode == "dark" else "offline")  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_exercise_page_contrast_after_checking(request: pytest.FixtureRequest, mode: str) -> None:
    offline = contexts(request, mode)
    page_path, _ = first_embedded("choice")
    page = open_at(offline, page_path, DESKTOP)
    buttons = page.get_by_role("button", name="Check", exact=True)
    expect(buttons.first).to_be_visible()
    for button in buttons.all():
        button.click()
    expect(page.locator(".alw-feedback").first).not_to_be_empty()
    assert axe_contrast_and_size(page, mode) == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_action_log_contrast_with_an_entry(request: pytest.FixtureRequest, mode: str) -> None:
    offline = contexts(request, mode)
    page = open_at(offline, PAGES["log"], DESKTOP)
    tool = page.locator(".alw-tool")
    assert axe_contrast_and_size(page, mode) == []
    add_action(tool, "Email the team", "Ann", "2026-03-09", "Sent")
    expect(tool.get_by_role("button", name="Remove", exact=False).first).to_be_visible()
    assert axe_contrast_and_size(page, mode) == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_meeting_runner_contrast_running(request: pytest.FixtureRequest, mode: str) -> None:
    offline = contexts(request, mode)
    page = open_at(offline, PAGES["runner"], DESKTOP)
    tool = page.locator(".alw-tool")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    assert axe_contrast_and_size(page, mode) == []
    tool.get_by_role("button", name="Start the meeting").click()
    add_action(tool, "Email Jo", "Ben", button="Add agreed action")
    assert axe_contrast_and_size(page, mode) == []


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_journal_contrast_with_an_entry(request: pytest.FixtureRequest, mode: str) -> None:
    offline = contexts(request, mode)
    page = open_at(offline, PAGES["journal"], DESKTOP)
    tool = page.locator(".alw-tool")
    write_entry(tool, "An entry", {"Description": "Something happened."})
    expect(tool.get_by_role("button", name="Delete", exact=False).first).to_be_visible()
    assert axe_contrast_and_size(page, mode) == []
