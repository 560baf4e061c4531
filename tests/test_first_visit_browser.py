"""A learner's first visit, in a fresh browser profile (nothing stored yet):
no page logs a console error or throws, and the search page has one search
field whose icon never covers the query, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, expect

from tests.book_pages import all_pages
from tests.conftest import OfflineContext

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
QUERY = "stacked questions"


@pytest.mark.parametrize("path", all_pages())
def test_a_first_visit_logs_no_console_error(offline: OfflineContext, path: str) -> None:
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url')})")

    offline.context.on("console", record)
    page = offline.page(path)
    page.wait_for_load_state("networkidle")  # widgets rendered, search index read
    assert errors == []  # page errors (uncaught exceptions) are checked by the fixture


def visible_search_fields(page) -> list:  # type: ignore[no-untyped-def]
    return [f for f in page.locator("input[type='search'], input[name='q']").all() if f.is_visible()]


@pytest.mark.parametrize("size", SIZES)
def test_the_search_page_has_one_field_and_its_icon_clears_the_query(offline: OfflineContext, size: str) -> None:
    page = offline.context.new_page()
    page.set_viewport_size(SIZES[size])
    page.goto(f"{offline.origin}/search.html?q={QUERY.replace(' ', '+')}")
    page.wait_for_load_state("networkidle")
    fields = visible_search_fields(page)
    assert len(fields) == 1, f"{len(fields)} search fields on the search page"
    field = fields[0]
    expect(field).to_have_value(QUERY)
    expect(field).to_have_accessible_name("Search the workbook…")
    # The query's first letter starts after the magnifier, not under it.
    text_left = field.evaluate(
        "f => f.getBoundingClientRect().left + parseFloat(getComputedStyle(f).paddingLeft)"
        " + parseFloat(getComputedStyle(f).borderLeftWidth)"
    )
    form = field.locator("xpath=ancestor::form[1]")
    icons = [i for i in form.locator("i, svg, .fa-magnifying-glass").all() if i.is_visible()]
    for icon in icons:
        box = icon.bounding_box()
        assert box is not None
        field_box = field.bounding_box()
        assert field_box is not None
        overlaps_vertically = (
            box["y"] < field_box["y"] + field_box["height"] and box["y"] + box["height"] > field_box["y"]
        )
        if overlaps_vertically and box["x"] < text_left:
            assert box["x"] + box["width"] <= text_left, (
                f"the search icon ends at {box['x'] + box['width']}, the text starts at {text_left}"
            )
    expect(page.locator("#search-results")).to_contain_text("Search Results", ignore_case=True)


@pytest.mark.parametrize("size", SIZES)
def test_every_page_offers_one_way_to_search(offline: OfflineContext, size: str) -> None:
    page = offline.context.new_page()
    page.set_viewport_size(SIZES[size])
    page.goto(f"{offline.origin}/book/welcome.html")
    fields = visible_search_fields(page)
    buttons = [b for b in page.locator(".search-button-field, .search-button").all() if b.is_visible()]
    assert len(fields) + len(buttons) <= 1, f"{len(fields)} search fields and {len(buttons)} search buttons"
