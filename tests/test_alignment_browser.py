"""The alignment tables in the built book, in headless Chromium, offline: each
module's overview shows its outcomes with working links to the pages that
practise them and the graded-practice page that assesses them; the trainer's
guide shows every module's; on a 390 px (and 320 px) phone each row becomes a
card inside the page, in the light and the dark theme, with no axe violations;
on a desktop, three columns."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.book_pages import course_banks
from tests.conftest import OfflineContext
from tests.test_tools_browser import run_axe

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
GUIDE = "book/running-sets/trainers-guide.html"


def module_pages() -> list[tuple[str, str]]:
    """(overview page, bank name) for every module bank."""
    return [(f"book/{b.path.stem}/index.html", b.name) for b in course_banks().banks]


def open_phone(offline: OfflineContext, path: str) -> Page:
    page = offline.context.new_page()
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    page.set_viewport_size(PHONE)
    page.goto(f"{offline.origin}/{path}")
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize(("path", "bank"), module_pages(), ids=[b for _, b in module_pages()])
def test_overview_shows_each_outcome_with_working_links(offline: OfflineContext, path: str, bank: str) -> None:
    page = open_phone(offline, path)
    outcomes = next(b.outcomes for b in course_banks().banks if b.name == bank)
    rows = page.locator(".alw-alignment-table tbody tr")
    assert rows.count() == len(outcomes)
    for index, outcome in enumerate(outcomes):
        row = rows.nth(index)
        assert row.locator("th").inner_text() == outcome["text"]
        assessed = row.locator("td").nth(1).locator("a")
        assert assessed.count() >= 1, f"{outcome['id']}: no graded item linked"
        assert all(href.endswith("graded-practice.html") for href in assessed.evaluate_all("as => as.map(a => a.href)"))
    hrefs = set(page.locator(".alw-alignment-table a").evaluate_all("as => as.map(a => a.href)"))
    assert any(not h.endswith("graded-practice.html") for h in hrefs), "no page links as practice"
    for href in hrefs:
        assert page.request.get(href).ok, href


def test_trainers_guide_shows_every_module(offline: OfflineContext) -> None:
    page = open_phone(offline, GUIDE)
    banks = course_banks().banks
    assert page.locator(".alw-alignment-table").count() == len(banks)
    assert page.locator(".alw-alignment-table tbody tr").count() == sum(len(b.outcomes) for b in banks)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_tables_fit_a_phone_as_labelled_cards_and_pass_axe(offline: OfflineContext, mode: str) -> None:
    """On a phone each row is a card whose cells carry their column's name, inside
    the page's width; the region is labelled and reachable by keyboard."""
    offline.context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = open_phone(offline, GUIDE)
    region = page.locator(".alw-alignment").first
    assert region.get_attribute("tabindex") == "0"
    label = page.locator(f"#{region.get_attribute('aria-labelledby')}")
    assert label.inner_text().endswith("learning outcomes, where they are practised and what assesses them")
    for width in (PHONE["width"], 320):
        page.set_viewport_size({"width": width, "height": 700})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), f"the table overflows at {width} px"
        cell = page.locator(".alw-alignment-table tbody td").first
        assert cell.evaluate("el => getComputedStyle(el).display") == "block"
        assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Practised in"'
    assert page.locator(".alw-alignment-table thead").first.evaluate("el => el.getBoundingClientRect().height") <= 1
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('alw-alignment')")
    assert run_axe(page) == []


def test_tables_have_three_columns_on_a_desktop(offline: OfflineContext) -> None:
    page = offline.page(GUIDE)
    page.set_viewport_size({"width": 1280, "height": 800})
    header = page.locator(".alw-alignment-table").first.locator("thead th")
    assert header.all_inner_texts() == ["Outcome", "Practised in", "Assessed by (graded items)"]
    row = page.locator(".alw-alignment-table tbody tr").first
    tops = row.locator("th, td").evaluate_all("cs => cs.map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, "the cells of a row should sit side by side"
