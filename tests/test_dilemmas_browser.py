"""A facilitation dilemma in the built book, in headless Chromium, offline:
played to its best ending from the keyboard alone (each consequence in a live
region, focus moved to what comes next), restarted, and restored after a
reload; a weaker path marked as such with the strongest path on request; and
axe-core's WCAG 2.2 AA checks, with contrast and target size in the light and
the dark theme, in every state, at 390 px wide with no sideways scroll."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import bank_key, embedded_items, item
from tests.conftest import OfflineContext
from tests.test_book_browser import AXE, WCAG_TAGS, feedback, tab_into
from tests.test_book_layout_browser import offline_dark  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

PAGE = "book/practice/facilitation-dilemmas.html"
DILEMMA = "dilemma_dominant_member"
BEST = ["round_of_questions", "ask_about_silence"]  # the strongest path (tests/cases/marking.yaml works it out)
PHONE = {"width": 390, "height": 844}


def open_dilemma(offline: OfflineContext) -> tuple[Page, Locator, dict[str, Any]]:
    page = offline.page(PAGE)
    page.set_viewport_size(PHONE)
    root = page.locator(f'[data-exercise-id="{DILEMMA}"]')
    expect(root).to_be_visible()
    return page, root, item(DILEMMA)


def choice(data: dict[str, Any], choice_id: str) -> dict[str, Any]:
    return next(c for n in data["nodes"] for c in n["choices"] if c["id"] == choice_id)


def ending(data: dict[str, Any], ending_id: str) -> dict[str, Any]:
    return next(e for e in data["endings"] if e["id"] == ending_id)


def active_text(page: Page) -> str:
    return page.evaluate("document.activeElement.textContent")  # type: ignore[no-any-return]


def tab_to(page: Page, text: str, *, limit: int = 10) -> None:
    """Press Tab until the focused control reads ``text``."""
    for _ in range(limit):
        if active_text(page) == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {text!r}")


def stored(page: Page) -> Any:
    raw = page.evaluate("k => localStorage.getItem(k)", f"alw:{bank_key(DILEMMA)}:{DILEMMA}")
    return None if raw is None else json.loads(raw)["answer"]


def assert_accessible(page: Page) -> None:
    """axe on the whole page, in the dilemma's present state, and no sideways scrolling."""
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def contrast_and_size(page: Page, mode: str) -> list[Any]:
    """axe's contrast and target-size rules on the dilemma, in the theme ``mode``."""
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    root = page.locator(f'[data-exercise-id="{DILEMMA}"]')
    rules = "{runOnly: {type: 'rule', values: ['color-contrast', 'target-size']}}"
    result = root.evaluate(f"el => axe.run(el, {rules})")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_every_dilemma_is_on_the_page() -> None:
    assert [i for i in embedded_items()[PAGE] if item(i)["type"] == "dilemma"] == [
        i for i in embedded_items()[PAGE] if i.startswith("dilemma_")
    ]
    assert len(embedded_items()[PAGE]) == 9


def test_a_dilemma_played_by_keyboard_to_its_best_ending_then_restarted_and_restored(offline: OfflineContext) -> None:
    page, root, data = open_dilemma(offline)
    said = root.locator(".alw-dilemma-said")
    expect(said).to_have_attribute("aria-live", "polite")
    expect(root.locator(".alw-scene")).to_have_text(data["scene"])
    assert_accessible(page)

    tab_into(page, root)
    assert page.evaluate("document.activeElement.classList.contains('alw-dilemma-choice')")
    first, second = (choice(data, c) for c in BEST)
    tab_to(page, first["text"])
    page.keyboard.press("Enter")
    expect(said).to_contain_text(first["consequence"])
    assert active_text(page) == "Continue"
    assert_accessible(page)

    page.keyboard.press("Enter")
    situation = next(n for n in data["nodes"] if n["id"] == first["next"])["situation"]
    assert active_text(page) == situation  # focus on the new situation, read out first
    expect(root.locator(".alw-dilemma-path > li")).to_have_count(1)
    page.keyboard.press("Tab")
    tab_to(page, second["text"])
    page.keyboard.press("Enter")
    expect(said).to_contain_text(second["consequence"])
    assert active_text(page) == "See how it ends"
    page.keyboard.press("Enter")

    best = ending(data, second["next"])
    expect(root).to_have_attribute("data-verdict", "right")
    expect(feedback(root)).to_contain_text(best["title"])
    expect(feedback(root)).to_contain_text(f"Psychological safety: {best['safety']}")
    expect(feedback(root)).to_contain_text(f"The presenter's ownership: {best['ownership']}")
    expect(feedback(root)).to_contain_text("Sources: " + "; ".join(s["cite"] for s in best["sources"]))
    assert page.evaluate("document.activeElement.classList.contains('alw-ending-title')")
    assert stored(page) == {"path": BEST}
    assert_accessible(page)

    page.reload()
    root = page.locator(f'[data-exercise-id="{DILEMMA}"]')
    expect(feedback(root)).to_contain_text(best["title"])
    expect(root).to_have_attribute("data-verdict", "right")
    expect(root.locator(".alw-dilemma-path > li")).to_have_count(2)
    expect(root.locator(".alw-dilemma-choice")).to_have_count(0)

    restart = root.get_by_role("button", name="Start again", exact=True)
    restart.focus()
    page.keyboard.press("Enter")
    root = page.locator(f'[data-exercise-id="{DILEMMA}"]')
    expect(feedback(root)).to_contain_text("Your answer is cleared")
    expect(root.locator(".alw-dilemma-path > li")).to_have_count(0)
    expect(root.locator(".alw-dilemma-choice")).to_have_count(3)
    assert page.evaluate("document.activeElement.classList.contains('alw-dilemma-choice')")
    assert stored(page) is None


def test_a_weaker_path_is_marked_and_the_strongest_path_is_shown_on_request(offline: OfflineContext) -> None:
    page, root, data = open_dilemma(offline)
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_have_text("Play the dilemma through to an ending first.")
    named = choice(data, "name_marcus")
    root.get_by_role("button", name=named["text"], exact=True).click()
    root.get_by_role("button", name="See how it ends", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "wrong")
    expect(feedback(root)).to_contain_text(ending(data, named["next"])["title"])
    root.get_by_role("button", name="Show the model answer", exact=True).click()
    model = feedback(root).locator(".alw-reveal li")
    expect(model).to_have_text([choice(data, c)["text"] for c in BEST])
    assert_accessible(page)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_dilemma_contrast_and_target_size_in_every_state(request: pytest.FixtureRequest, mode: str) -> None:
    offline: OfflineContext = request.getfixturevalue("offline_dark" if mode == "dark" else "offline")
    page, root, data = open_dilemma(offline)
    assert contrast_and_size(page, mode) == []
    first, second = (choice(data, c) for c in BEST)
    root.get_by_role("button", name=first["text"], exact=True).click()
    assert contrast_and_size(page, mode) == []
    root.get_by_role("button", name="Continue", exact=True).click()
    root.get_by_role("button", name=second["text"], exact=True).click()
    root.get_by_role("button", name="See how it ends", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "right")
    root.get_by_role("button", name="Show the model answer", exact=True).click()
    assert contrast_and_size(page, mode) == []
