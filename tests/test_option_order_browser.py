"""Options that do not give the answer away, in the built book in headless
Chromium, offline: choice options, classify statements, match pairs and
options and order steps are shown in the order the Python twin of the shuffle
(``workbook.exercises._shuffle``) says for the browser's seed, or for the
learner id on a graded-practice page; the order is stable across reloads and
differs between learners; and answers saved in an older form are set aside
with a notice, never marked against the wrong option."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.book_pages import bank_key, course_banks, embedded_items, item
from tests.conftest import OfflineContext
from tests.test_book_browser import feedback, saved_answer_keys
from workbook.exercises._shuffle import SHUFFLED, initial_order, shown

pytestmark = pytest.mark.browser

PAGE = "book/questioning/open-and-closed.html"  # choice and classify items
GRADED = "book/questioning/graded-practice.html"
MATCH_PAGE = "book/practice/new-exercise-types.html"


def shuffled_items(page_path: str) -> list[dict[str, Any]]:
    return [item(i) for i in embedded_items()[page_path] if item(i)["type"] in SHUFFLED]


def root_of(page: Page, data: dict[str, Any]) -> Locator:
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    expect(root).to_be_visible()
    return root


def on_page(page: Page, data: dict[str, Any]) -> list[list[str]]:
    """The shuffled lists of one exercise, as the page shows them."""
    root = root_of(page, data)
    kind = data["type"]
    if kind == "choice":
        return [root.locator(".alw-option label").all_inner_texts()]
    if kind == "classify":
        return [root.locator("fieldset.alw-statement > legend").all_inner_texts()]
    if kind == "match":
        options = root.locator("select").first.locator("option").all_inner_texts()[1:]  # after "Choose…"
        return [root.locator(".alw-pair label").all_inner_texts(), options]
    return [root.locator(".alw-step-text").all_inner_texts()]


def expected(data: dict[str, Any], seed: str) -> list[list[str]]:
    """The same lists as the Python twin of the shuffle says the learner seeded by ``seed`` sees them."""
    kind = data["type"]
    if kind == "choice":
        return [[o["text"] for o in shown(data, "options", seed=seed)]]
    if kind == "classify":
        return [[s["text"] for s in shown(data, "statements", seed=seed)]]
    if kind == "match":
        return [
            [p["text"] for p in shown(data, "pairs", seed=seed)],
            [o["label"] for o in shown(data, "options", seed=seed)],
        ]
    return [initial_order(data, seed=seed)]


def authored(data: dict[str, Any]) -> list[list[str]]:
    kind = data["type"]
    if kind == "choice":
        return [[o["text"] for o in data["options"]]]
    if kind == "classify":
        return [[s["text"] for s in data["statements"]]]
    if kind == "match":
        return [[p["text"] for p in data["pairs"]], [o["label"] for o in data["options"]]]
    return [list(data["steps"])]


def reseed(page: Page, **keys: str) -> None:
    """Set ``alw:<key>`` entries (seed, learner) and reload the page."""
    for key, value in keys.items():
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"alw:{key}", value])
    page.reload()


def orders(page: Page, page_path: str) -> dict[str, list[list[str]]]:
    return {data["id"]: on_page(page, data) for data in shuffled_items(page_path)}


def test_a_new_browser_gets_its_own_seed_and_the_page_shows_its_order(offline: OfflineContext) -> None:
    page = offline.page(PAGE)
    expect(page.locator("[data-exercise-id]").first).to_be_visible()
    seed = page.evaluate("localStorage.getItem('alw:seed')")
    assert re.fullmatch(r"[0-9a-f]{16}", seed)
    for data in shuffled_items(PAGE):
        assert on_page(page, data) == expected(data, seed), data["id"]


@pytest.mark.parametrize("page_path", [PAGE, MATCH_PAGE])
def test_order_is_stable_across_reloads_and_differs_between_seeds(offline: OfflineContext, page_path: str) -> None:
    page = offline.page(page_path)
    reseed(page, seed="seed-a")
    first = orders(page, page_path)
    assert first == {d["id"]: expected(d, "seed-a") for d in shuffled_items(page_path)}
    assert any(shown_now != authored(item(i)) for i, shown_now in first.items()), "nothing is shuffled"
    page.reload()
    assert orders(page, page_path) == first
    reseed(page, seed="seed-b")
    second = orders(page, page_path)
    assert second == {d["id"]: expected(d, "seed-b") for d in shuffled_items(page_path)}
    assert second != first


def test_a_graded_practice_page_orders_by_the_learner_id_in_any_browser(
    offline: OfflineContext, browser: Browser, site: str
) -> None:
    page = offline.page(GRADED)
    reseed(page, seed="seed-a")
    before = orders(page, GRADED)
    assert before == {d["id"]: expected(d, "seed-a") for d in shuffled_items(GRADED)}
    panel = page.get_by_role("region", name="Hand in")
    panel.get_by_label("Your learner id").fill("ada.lovelace")
    with page.expect_download():
        panel.get_by_role("button", name="Download my hand-in").click()
        panel.get_by_role("button", name=re.compile(r"^Hand in \d+ of \d+$")).click()  # fewer than all: confirm
    page.reload()
    by_learner = orders(page, GRADED)
    assert by_learner == {d["id"]: expected(d, "ada.lovelace") for d in shuffled_items(GRADED)}
    assert by_learner != before
    page.goto(f"{offline.origin}/{PAGE}")  # other pages keep the browser's seed
    assert orders(page, PAGE) == {d["id"]: expected(d, "seed-a") for d in shuffled_items(PAGE)}

    elsewhere = OfflineContext(browser, site)  # another browser, with its own seed
    try:
        other = elsewhere.page(GRADED)
        reseed(other, seed="seed-b", learner="ada.lovelace")
        assert orders(other, GRADED) == by_learner
    finally:
        elsewhere.context.close()
    assert elsewhere.outside == []
    assert elsewhere.errors == []


def first_choice(page_path: str) -> dict[str, Any]:
    return next(d for d in shuffled_items(page_path) if d["type"] == "choice")


def test_an_answer_saved_by_position_is_set_aside_and_not_marked(offline: OfflineContext) -> None:
    """Version 1 saved the position of the option chosen: with options shuffled
    that could name another option, so it is kept aside, with a notice, unmarked."""
    data = first_choice(PAGE)
    page = offline.page(PAGE)
    expect(root_of(page, data).get_by_role("button", name="Check", exact=True)).to_be_visible()
    # only now: a widget still rendering from the first load would set the entry aside before the reload
    key = f"alw:{bank_key(data['id'])}:{data['id']}"
    right = next(i for i, o in enumerate(data["options"]) if o["correct"])
    stored = json.dumps({"answer": {"selected": [right]}, "saved": "2026-11-20T09:00:00Z"})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, stored])
    page.reload()
    root = root_of(page, data)
    expect(root.locator(".alw-notice")).to_contain_text("named the options by their place in the list")
    expect(root.locator(".alw-notice")).to_contain_text("not marked")
    expect(root.locator("input:checked")).to_have_count(0)
    expect(feedback(root)).to_be_empty()
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))
    (aside,) = saved_answer_keys(page)
    assert aside.startswith(f"{key}:set-aside:")
    assert page.evaluate(f"localStorage.getItem('{aside}')") == stored
    root.get_by_label(data["options"][right]["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "right")
    page.reload()
    expect(root_of(page, data).locator(".alw-notice")).to_be_hidden()


def test_an_answer_to_an_earlier_bank_version_is_kept_aside_with_a_notice(offline: OfflineContext) -> None:
    data = first_choice(PAGE)
    bank, _ = course_banks().item(data["id"])
    earlier = f"alw:{bank.name}@{bank.version - 1}:{data['id']}"
    stored = json.dumps({"answer": {"selected": [0]}, "saved": "2026-11-20T09:00:00Z"})
    page = offline.page(PAGE)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [earlier, stored])
    page.reload()
    root = root_of(page, data)
    expect(root.locator(".alw-notice")).to_contain_text("older version of this exercise was kept aside")
    expect(root.locator("input:checked")).to_have_count(0)
    expect(feedback(root)).to_be_empty()
    assert page.evaluate(f"localStorage.getItem('{earlier}')") == stored  # kept, untouched
    wrong = next(o for o in data["options"] if not o["correct"])
    root.get_by_label(wrong["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "wrong")
    page.reload()
    root = root_of(page, data)
    expect(root.locator(".alw-notice")).to_be_hidden()  # this version is answered now
    expect(root.get_by_label(wrong["text"], exact=True)).to_be_checked()


def test_a_multiple_answer_choice_with_some_right_is_partly(offline: OfflineContext) -> None:
    page_path, data = next(
        (p, item(i))
        for p, ids in embedded_items().items()
        for i in ids
        if item(i)["type"] == "choice" and sum(o["correct"] for o in item(i)["options"]) > 1
    )
    page = offline.page(page_path)
    root = root_of(page, data)
    root.get_by_label(next(o["text"] for o in data["options"] if o["correct"]), exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "partly")
    for option in data["options"]:
        root.get_by_label(option["text"], exact=True).set_checked(False)
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_have_text("Choose an answer first.")
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))
