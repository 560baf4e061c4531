"""The practice sets in the built book, in headless Chromium: a scripted play
typed and asked with Enter, the replies announced in the conversation log, the
count and the time, End and debrief with the figures the grader computes,
keyboard-only play, and axe-core's WCAG 2.2 AA checks at the start, in the
middle and at the debrief, in the light and the dark theme, at 390 px."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import bank_key
from tests.conftest import OfflineContext
from tests.test_book_layout_browser import offline_dark  # noqa: F401  (a fixture)
from tests.test_marks_browser import axe_problems
from tests.test_practice import GOOD_PLAY
from workbook.practice import debrief, play, scenario

pytestmark = pytest.mark.browser

PAGE = "book/practice/practice-sets.html"
PHONE = {"width": 390, "height": 844}
ITEM = "practice_set_weekend_rota"


def open_set(offline: OfflineContext, viewport: dict[str, int] | None = None) -> tuple[Page, Locator]:
    page = offline.page(PAGE)
    if viewport:
        page.set_viewport_size(viewport)
    root = page.locator('[data-practice-set="weekend_rota"]')
    expect(root).to_be_visible()
    expect(root).to_have_attribute("data-exercise-id", ITEM)
    return page, root


def question_box(root: Locator) -> Locator:
    return root.get_by_label("Your question to Sam", exact=True)


def ask(root: Locator, question: str) -> None:
    box = question_box(root)
    box.fill(question)
    box.press("Enter")


def end(root: Locator) -> Locator:
    return root.get_by_role("button", name="End and debrief", exact=True)


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def test_all_four_practice_sets_are_on_the_page(offline: OfflineContext) -> None:
    page = offline.page(PAGE)
    ids = page.locator("[data-practice-set]").evaluate_all("els => els.map((e) => e.dataset.practiceSet)")
    assert ids == ["weekend_rota", "month_end", "back_on_site", "two_camps"]


def test_a_scripted_play_through_to_the_debrief(offline: OfflineContext) -> None:
    page, root = open_set(offline)
    questions = GOOD_PLAY[:5]
    expected = play(scenario("weekend_rota"), questions)
    log = root.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    for number, (question, turn) in enumerate(zip(questions, expected.turns, strict=True), 1):
        ask(root, question)
        expect(log.locator(".alw-turn")).to_have_count(number)
        last = log.locator(".alw-turn").last
        expect(last.locator(".alw-asked")).to_have_text(f"You: {question}")
        expect(last.locator(".alw-reply")).to_have_text(f"Sam: {turn.reply}")
        expect(root.locator(".alw-practice-status")).to_contain_text(f"Questions asked: {number}.")
        expect(question_box(root)).to_have_value("")
    minutes, seconds = divmod(expected.elapsed, 60)
    expect(root.locator(".alw-practice-status")).to_have_text(
        f"Questions asked: 5. Time used: {minutes}:{seconds:02d} of 12:00."
    )
    end(root).click()
    summary = debrief(expected)
    live = root.locator(".alw-feedback")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("You reached 3 of the 6 things Sam had not said, in 5 questions.")
    expect(live.locator("[data-move='open']")).to_have_text("Open questions: 2")
    expect(live.locator("[data-move='silence']")).to_have_text("Silences: 1")
    expect(live.locator("[data-move='leading']")).to_have_text("Leading questions: 1")
    expect(live.locator("[data-move='why']")).to_have_text("“Why” questions: 1")
    expect(live.locator("[data-reached]")).to_have_count(3)
    missed = live.locator("[data-missed='software_promise']")
    expect(missed).to_contain_text("A question that could have reached it:")
    expect(missed.locator("q")).to_have_text("What support have you had from your manager?")
    expect(live.locator(".alw-airtime")).to_have_attribute("data-own-ideas", str(summary.own_ideas_percent))
    expect(live.locator(".alw-suggestion")).to_have_attribute("data-suggestion", summary.suggestion)
    expect(question_box(root)).to_be_disabled()
    assert root.get_attribute("data-verdict") == "partly"
    raw = page.evaluate("k => localStorage.getItem(k)", f"alw:{bank_key(ITEM)}:{ITEM}")
    assert json.loads(raw)["answer"] == {"questions": questions}
    page.reload()
    root = page.locator('[data-practice-set="weekend_rota"]')
    expect(root.get_by_role("log").locator(".alw-turn")).to_have_count(5)
    expect(root.locator(".alw-feedback")).to_contain_text("You reached 3 of the 6")


def test_keyboard_only_play(offline: OfflineContext) -> None:
    page, root = open_set(offline)
    box = question_box(root)
    box.focus()
    page.keyboard.type("Hi Sam, what's been happening with the rota?")
    page.keyboard.press("Enter")
    expect(root.get_by_role("log").locator(".alw-turn")).to_have_count(1)
    expect(box).to_be_focused()
    page.keyboard.press("Tab")  # the Ask button
    page.keyboard.press("Tab")  # Suggested questions
    expect(root.locator(".alw-suggestions summary")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = root.locator(".alw-suggested").first
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    expect(box).to_have_value(scenario("weekend_rota")["suggestions"][0])
    page.keyboard.press("Enter")
    expect(root.get_by_role("log").locator(".alw-turn")).to_have_count(2)
    for _ in range(20):
        if page.evaluate("document.activeElement.textContent") == "End and debrief":
            break
        page.keyboard.press("Tab")
    expect(end(root)).to_be_focused()
    page.keyboard.press("Enter")
    expect(root.locator(".alw-feedback")).to_contain_text("in 2 questions.")


def test_a_blank_question_is_not_asked_and_the_time_runs_out(offline: OfflineContext) -> None:
    _, root = open_set(offline)
    box = question_box(root)
    box.press("Enter")
    expect(root.locator(".alw-practice-note")).to_contain_text("Type a question for Sam first")
    end(root).click()
    expect(root.locator(".alw-feedback")).to_have_text("Ask Sam at least one question first.")
    session = play(scenario("weekend_rota"), ["Do you?"] * 60)
    for _ in session.turns:
        ask(root, "Do you?")
    expect(root.locator(".alw-practice-note")).to_contain_text("Time is up for Sam's questions.")
    expect(box).to_be_disabled()
    expect(root.locator(".alw-practice-status")).to_contain_text(f"Questions asked: {len(session.turns)}.")


def _contexts(request: pytest.FixtureRequest, mode: str) -> OfflineContext:
    return request.getfixturevalue("offline_dark" if mode == "dark" else "offline")  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_at_the_start_in_the_middle_and_at_the_debrief_on_a_phone(
    request: pytest.FixtureRequest, mode: str
) -> None:
    offline = _contexts(request, mode)
    page, root = open_set(offline, PHONE)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    states: dict[str, Any] = {}
    root.locator(".alw-suggestions summary").click()
    states["start"] = (axe_problems(page), no_sideways_scroll(page))
    for question in GOOD_PLAY[:3]:
        ask(root, question)
    states["middle"] = (axe_problems(page), no_sideways_scroll(page))
    end(root).click()
    expect(root.locator(".alw-feedback")).to_contain_text("You reached")
    states["debrief"] = (axe_problems(page), no_sideways_scroll(page))
    assert states == {state: ([], True) for state in ("start", "middle", "debrief")}


def test_a_suggestion_asked_as_it_stands_counts_half(offline: OfflineContext) -> None:
    page, root = open_set(offline)
    root.locator(".alw-suggestions summary").click()
    root.get_by_role("button", name="Who asks for the swaps?").click()
    expect(question_box(root)).to_have_value("Who asks for the swaps?")
    page.keyboard.press("Enter")
    ask(root, "What do you do when you cover the shifts?")
    end(root).click()
    live = root.locator(".alw-feedback")
    expect(live.locator("[data-reached='one_colleague']")).to_contain_text(
        "(reached with a suggested question: counts half)"
    )
    expect(live.locator("[data-reached='covering_herself']")).not_to_contain_text("suggested")
    expect(root.locator(".alw-suggestions")).to_contain_text("counts half towards your score")
