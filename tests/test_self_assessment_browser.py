"""The self-assessment before and after on My progress, in headless Chromium
with every outside request blocked: filled in by keyboard alone, kept across a
reload, the shift shown per capability, handed in with the answers file, and
stored data that cannot be read set aside with a notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import OfflineContext
from tests.test_book_browser import tab_into
from tests.test_book_layout_browser import axe_contrast_and_size, contexts, offline_dark  # noqa: F401 (a fixture)
from tests.test_marks_browser import axe_problems
from tests.test_progress_browser import PROGRESS, open_at
from workbook.answers import QUESTIONS, questionnaire, read_answers

pytestmark = pytest.mark.browser

KEY = "alw:self-assessment"
CAPABILITIES = questionnaire().ids
BEFORE = {c: {"confidence": 1 + i % 3, "frequency": 2} for i, c in enumerate(CAPABILITIES)}
AFTER = {c: {"confidence": 4, "frequency": 1 + (i + 2) % 5} for i, c in enumerate(CAPABILITIES)}


def widget(page: Page) -> Locator:
    return page.locator("[data-self-assessment]")


def fill_by_keyboard(page: Page, ratings: dict[str, dict[str, int]]) -> None:
    """From the phase choice, Tab to each question in turn, choose its point
    with Space and the arrow keys, then Tab to Save and press Enter."""
    for capability in CAPABILITIES:
        for question in QUESTIONS:
            page.keyboard.press("Tab")
            group = f'[data-capability="{capability}"] [data-question="{question}"]'
            assert page.evaluate(f"document.activeElement.closest('{group}') !== null"), (capability, question)
            page.keyboard.press("Space")  # the first point
            for _ in range(ratings[capability][question] - 1):
                page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save my self-assessment"
    page.keyboard.press("Enter")


def shown(page: Page, capability: str, question: str) -> Locator:
    return widget(page).locator(f'tr[data-capability="{capability}"] td[data-question="{question}"]')


def no_axe_problems(page: Page, mode: str = "light") -> None:
    assert axe_problems(page) == []
    assert axe_contrast_and_size(page, mode) == []


def test_before_and_after_by_keyboard_kept_shown_as_a_shift_and_handed_in(
    offline: OfflineContext, tmp_path: Path
) -> None:
    page = open_at(offline, PROGRESS, "phone")
    sa = widget(page)
    expect(sa).to_contain_text("You have not saved a self-assessment in this browser yet.")
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    no_axe_problems(page)

    # An incomplete form is not saved: the status says what is left and focus goes there.
    sa.get_by_role("button", name="Save my self-assessment").click()
    expect(sa.get_by_role("status")).to_contain_text("12 still to answer, starting with Questioning, confidence")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None

    page.reload()
    page.wait_for_load_state("load")
    phase = widget(page).get_by_role("group", name="Which self-assessment are you filling in?")
    tab_into(page, phase)
    expect(phase.get_by_label("Before the course")).to_be_checked()
    fill_by_keyboard(page, BEFORE)
    expect(widget(page).get_by_role("status")).to_have_text(
        "Saved your self-assessment before the course. Fill in the after one when you have finished, to see the shift."
    )
    no_axe_problems(page)

    page.reload()
    page.wait_for_load_state("load")
    sa = widget(page)
    expect(shown(page, "questioning", "confidence")).to_have_text(
        f"{BEFORE['questioning']['confidence']} before, after not yet"
    )
    phase = sa.get_by_role("group", name="Which self-assessment are you filling in?")
    expect(phase.get_by_label("After the course")).to_be_checked()  # the one still to do
    tab_into(page, phase)
    fill_by_keyboard(page, AFTER)
    expect(sa.get_by_role("status")).to_contain_text("Saved your self-assessment after the course.")
    for capability in CAPABILITIES:
        for question in QUESTIONS:
            before, after = BEFORE[capability][question], AFTER[capability][question]
            cell = shown(page, capability, question)
            expect(cell).to_have_attribute("data-shift", str(after - before))
            sign = "+" if after > before else "\u2212" if after < before else ""
            expect(cell).to_have_text(f"{before} \u2192 {after} (shift {sign}{abs(after - before)})")
    no_axe_problems(page)

    # Switching back to "before" shows the before ratings again.
    phase.get_by_label("Before the course").check()
    first = sa.locator('[data-capability="questioning"] [data-question="confidence"] input:checked')
    expect(first).to_have_value(str(BEFORE["questioning"]["confidence"]))

    # Handed in: tick the box by keyboard, then download.
    panel = page.locator(".alw-download-panel")
    box = panel.get_by_label("Include my self-assessment before and after (optional)")
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    with page.expect_download() as info:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    target = tmp_path / "action-learning-answers.json"
    info.value.save_as(target)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["self_assessment"]["before"]["ratings"] == BEFORE
    assert saved["self_assessment"]["after"]["ratings"] == AFTER
    expect(panel.get_by_role("status")).to_contain_text("Your self-assessment is included.")
    sheet = read_answers(target)
    assert sheet.set_aside == []
    assert {phase: ratings for phase, (_, ratings) in sheet.self_assessment.items()} == {
        "before": BEFORE,
        "after": AFTER,
    }


def test_without_the_box_ticked_the_answers_file_has_no_self_assessment(
    offline: OfflineContext, tmp_path: Path
) -> None:
    page = open_at(offline, PROGRESS, "desktop")
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [KEY, json.dumps({"before": {"at": "2026-10-01T09:00:00.000Z", "ratings": BEFORE}})],
    )
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    info.value.save_as(tmp_path / "a.json")
    assert "self_assessment" not in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "stored",
    [
        "{oops",
        json.dumps({"before": 5}),
        json.dumps({"before": {"at": "2026-10-01", "ratings": {"questioning": {"confidence": 9, "frequency": 1}}}}),
        json.dumps({"during": {"at": "2026-10-01", "ratings": {}}}),
        json.dumps([1, 2, 3]),
    ],
    ids=["not-json", "wrong-shape", "out-of-scale", "unknown-phase", "list"],
)
def test_stored_data_that_cannot_be_read_is_set_aside_with_a_notice(offline: OfflineContext, stored: str) -> None:
    page = open_at(offline, PROGRESS, "desktop")
    expect(widget(page).get_by_role("radio").first).to_be_visible()  # rendered: nothing more is written on load
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, stored])
    page.reload()
    page.wait_for_load_state("load")
    sa = widget(page)
    expect(sa.get_by_role("note")).to_have_text(
        "Your saved self-assessment could not be read, so it was set aside in this browser. You can fill it in again."
    )
    expect(sa).to_contain_text("You have not saved a self-assessment in this browser yet.")
    kept: list[Any] = page.evaluate(
        "k => Object.keys(localStorage).filter(n => n.startsWith(k + ':set-aside:')).map(n => localStorage.getItem(n))",
        KEY,
    )
    assert kept == [stored]
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    expect(page.locator("[data-progress]")).to_be_visible()  # the rest of the page still works


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_self_assessment_with_both_saved_passes_axe_at_phone_and_desktop(
    request: pytest.FixtureRequest, mode: str
) -> None:
    offline = contexts(request, mode)
    page = open_at(offline, PROGRESS, "desktop")
    both = {
        "before": {"at": "2026-10-01T09:00:00.000Z", "ratings": BEFORE},
        "after": {"at": "2026-12-01T09:00:00.000Z", "ratings": AFTER},
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(both)])
    for size in ("phone", "desktop"):
        page = open_at(offline, PROGRESS, size)
        expect(shown(page, "listening", "confidence")).to_have_attribute("data-shift", "2")
        assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
        no_axe_problems(page, mode)
        page.close()
