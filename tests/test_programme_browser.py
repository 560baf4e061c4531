"""The trainers' three-session programme page, which has no exercises (so the
per-exercise-page axe run does not reach it): axe's WCAG 2.2 AA rules, contrast
and target size, in light and dark mode, at phone and desktop widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_book_layout_browser import axe_contrast_and_size, contexts, offline_dark  # noqa: F401 (a fixture)
from tests.test_marks_browser import axe_problems
from tests.test_progress_browser import SIZES, open_at

pytestmark = pytest.mark.browser

PROGRAMME = "book/running-sets/programme.html"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_programme_page_passes_axe(request: pytest.FixtureRequest, mode: str) -> None:
    offline = contexts(request, mode)
    for size in SIZES:
        page = open_at(offline, PROGRAMME, size)
        expect(page.get_by_role("heading", name="A three-session skills programme", level=1)).to_be_visible()
        assert page.locator("h3", has_text="Timings: session").count() == 6
        assert axe_contrast_and_size(page, mode) == []
        assert axe_problems(page) == []
        page.close()
