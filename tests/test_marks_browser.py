"""Marks where the answer is, exercise numbers, Try again, the model answer
and the hand-in panel, in headless Chromium at desktop and phone sizes: each
operated from the keyboard, announced through a live region, and passing
axe-core's WCAG 2.2 AA checks once feedback is showing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import bank_key, embedded_items, item
from tests.conftest import OfflineContext
from tests.test_book_browser import AXE, WCAG_TAGS, feedback, open_exercise, statement_group
from workbook.assignments import assignment_items

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
HAND_IN_PAGE = "book/questioning/graded-practice.html"


def sized(offline: OfflineContext, kind: str, size: str) -> tuple[Page, Locator, dict[str, Any]]:
    page, root, data = open_exercise(offline, kind)
    page.set_viewport_size(SIZES[size])
    return page, root, data


def press(button: Locator) -> None:
    """Operate a button from the keyboard, as a learner without a mouse does."""
    button.focus()
    button.press("Enter")


def axe_problems(page: Page) -> list[Any]:
    """axe-core's WCAG 2.2 AA violations on the page, scrolled to the top (a
    control passing under the sticky header would count as an obscured target)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def stored(page: Page, data: dict[str, Any]) -> Any:
    raw = page.evaluate("k => localStorage.getItem(k)", f"alw:{bank_key(data['id'])}:{data['id']}")
    return None if raw is None else json.loads(raw)


@pytest.mark.parametrize("size", SIZES)
def test_choice_marks_the_chosen_option_in_place(offline: OfflineContext, size: str) -> None:
    page, root, data = sized(offline, "choice", size)
    wrong = next(o for o in data["options"] if not o["correct"])
    root.get_by_label(wrong["text"], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    row = root.locator(".alw-option").filter(has=page.get_by_label(wrong["text"], exact=True))
    expect(row).to_have_attribute("data-mark", "wrong")
    expect(row.locator(".alw-row-mark [aria-hidden='true']")).to_have_text("✗")
    expect(row.locator(".alw-row-mark .alw-visually-hidden")).to_have_text(re.compile(r"^\s*wrong\.\s*$"))
    expect(row.locator(".alw-row-note")).to_have_text(wrong["feedback"])
    live = feedback(root)
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Not quite.")
    expect(live).to_be_in_viewport()  # scrolled to after Check
    assert axe_problems(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_classify_marks_each_statement_beside_the_category_chosen(offline: OfflineContext, size: str) -> None:
    page, root, data = sized(offline, "classify", size)
    labels = {c["id"]: c["label"] for c in data["categories"]}
    first = data["statements"][0]
    wrong = next(c for c in labels if c != first["category"])
    statement_group(root, first).get_by_label(labels[wrong], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    group = statement_group(root, first)
    expect(group).to_have_attribute("data-mark", "wrong")
    chosen = group.locator(".alw-category").filter(has=page.get_by_label(labels[wrong], exact=True))
    expect(chosen.locator(".alw-row-mark")).to_contain_text("✗")
    expect(group.locator(".alw-row-note")).to_contain_text(first["feedback"])
    expect(root.locator("[data-mark]")).to_have_count(1)  # only what the learner answered is marked
    expect(feedback(root)).to_be_in_viewport()
    assert axe_problems(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_order_marks_each_step_where_it_stands(offline: OfflineContext, size: str) -> None:
    page, root, data = sized(offline, "order", size)
    press(root.get_by_role("button", name="Check", exact=True))
    steps = root.locator(".alw-step")
    expect(steps).to_have_count(len(data["steps"]))
    for i in range(len(data["steps"])):
        text = steps.nth(i).locator(".alw-step-text").inner_text()
        expect(steps.nth(i)).to_have_attribute("data-mark", "right" if data["steps"][i] == text else "wrong")
    assert axe_problems(page) == []


def test_exercises_are_numbered_in_page_order_with_their_kind(offline: OfflineContext) -> None:
    page, root, _ = open_exercise(offline, "classify")
    numbers = page.locator(".alw-exercise .alw-number")
    count = numbers.count()
    assert count > 0
    expect(numbers.first).to_have_text(re.compile(r"^Exercise 1 · "))
    expect(numbers.last).to_have_text(re.compile(rf"^Exercise {count} · "))
    expect(root.locator(".alw-number")).to_have_text(re.compile(r"^Exercise \d+ · Sort the statements$"))
    expect(root).to_have_accessible_name(re.compile(r"^Exercise \d+ · Sort the statements"))


@pytest.mark.parametrize("size", SIZES)
def test_try_again_clears_the_answer_its_stored_copy_and_the_marks(offline: OfflineContext, size: str) -> None:
    page, root, data = sized(offline, "choice", size)
    retry = root.get_by_role("button", name="Try again")
    expect(retry).to_be_hidden()  # nothing to try again before a mark
    option = data["options"][0]
    root.get_by_label(option["text"], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    expect(root.locator("[data-mark]")).to_have_count(1)
    assert stored(page, data) is not None
    press(retry)
    expect(feedback(root)).to_have_text("Your answer is cleared. Try again.")
    expect(root.locator("[data-mark]")).to_have_count(0)
    expect(root.get_by_label(option["text"], exact=True)).not_to_be_checked()
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))
    assert stored(page, data) is None
    assert root.evaluate("r => r.contains(document.activeElement)")  # focus stays in the exercise
    page.reload()
    expect(page.locator(f'[data-exercise-id="{data["id"]}"] .alw-feedback')).to_be_empty()


@pytest.mark.parametrize("size", SIZES)
def test_the_model_answer_is_shown_after_an_attempt_and_recorded(offline: OfflineContext, size: str) -> None:
    page, root, data = sized(offline, "classify", size)
    reveal = root.get_by_role("button", name="Show the model answer")
    expect(reveal).to_be_hidden()
    labels = {c["id"]: c["label"] for c in data["categories"]}
    first = data["statements"][0]
    statement_group(root, first).get_by_label(labels[first["category"]], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    press(reveal)
    shown = feedback(root).locator(".alw-reveal")
    expect(shown).to_contain_text(data["explanation"])
    for s in data["statements"]:
        expect(shown).to_contain_text(f"“{s['text']}”: {labels[s['category']].lower()}.")
    assert stored(page, data)["revealed"] is True
    assert axe_problems(page) == []
    # Trying again and answering again still says the answer was shown.
    press(root.get_by_role("button", name="Try again"))
    statement_group(root, first).get_by_label(labels[first["category"]], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    assert stored(page, data)["revealed"] is True
    page.reload()
    expect(page.locator(f'[data-exercise-id="{data["id"]}"] .alw-reveal')).to_contain_text(data["explanation"])


# ---- marks follow the answer shown ------------------------------------------------


CHANGED = "You have changed your answer since it was checked: press Check to mark it again."


def check_then_change(root: Locator, data: dict[str, Any]) -> None:
    """Answer, press Check, then change the answer as a learner would, by kind."""
    check = root.get_by_role("button", name="Check", exact=True)
    if data["type"] == "choice":
        first, second = data["options"][0]["text"], data["options"][1]["text"]
        root.get_by_label(first, exact=True).check()
        press(check)
        expect(root.locator("[data-mark]")).not_to_have_count(0)
        root.get_by_label(second, exact=True).check()
    elif data["type"] == "classify":
        labels = [c["label"] for c in data["categories"]]
        group = statement_group(root, data["statements"][0])
        group.get_by_label(labels[0], exact=True).check()
        press(check)
        expect(root.locator("[data-mark]")).not_to_have_count(0)
        group.get_by_label(labels[1], exact=True).check()
    else:  # order: a step moved
        press(check)
        expect(root.locator("[data-mark]")).not_to_have_count(0)
        press(root.get_by_role("button", name=re.compile(r"^Move down: ")).first)


@pytest.mark.parametrize("kind", ["choice", "classify", "order"])
def test_changing_an_answer_after_check_takes_its_marks_off(offline: OfflineContext, kind: str) -> None:
    page, root, data = sized(offline, kind, "phone")
    check_then_change(root, data)
    expect(root.locator("[data-mark]")).to_have_count(0)
    expect(root.locator(".alw-row-mark, .alw-row-note")).to_have_count(0)
    expect(feedback(root).locator(".alw-changed")).to_have_text(CHANGED)  # said once, in the live region
    assert axe_problems(page) == []
    press(root.get_by_role("button", name="Check", exact=True))
    expect(root.locator("[data-mark]")).not_to_have_count(0)  # the new answer is marked
    expect(feedback(root).locator(".alw-changed")).to_have_count(0)


def multiple_answer_choice() -> tuple[str, dict[str, Any]]:
    """The first multiple-answer choice item in the book with at least two right options."""
    for page_path, ids in embedded_items().items():
        for item_id in ids:
            data = item(item_id)
            if data["type"] == "choice" and data.get("multiple") and sum(o["correct"] for o in data["options"]) >= 2:
                return page_path, data
    raise AssertionError("no multiple-answer choice item with two right options")


@pytest.mark.parametrize("size", SIZES)
def test_right_options_not_chosen_are_marked_missed(offline: OfflineContext, size: str) -> None:
    page_path, data = multiple_answer_choice()
    page = offline.page(page_path)
    page.set_viewport_size(SIZES[size])
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    right = [o for o in data["options"] if o["correct"]]
    wrong = [o for o in data["options"] if not o["correct"]]
    root.get_by_label(right[0]["text"], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))

    def row(option: dict[str, Any]) -> Locator:
        return root.locator(".alw-option").filter(has=page.get_by_label(option["text"], exact=True))

    expect(row(right[0])).to_have_attribute("data-mark", "right")
    for option in right[1:]:
        expect(row(option)).to_have_attribute("data-mark", "missed")
        expect(row(option).locator(".alw-row-mark [aria-hidden='true']")).to_have_text("○")
        expect(row(option).locator(".alw-row-mark .alw-visually-hidden")).to_contain_text("missed")
    for option in wrong:  # not chosen and not right: nothing to mark
        expect(row(option)).not_to_have_attribute("data-mark", re.compile(".*"))
    expect(feedback(root)).to_contain_text(f"You have missed {len(right) - 1} correct option")
    assert axe_problems(page) == []
    # Choosing every right option leaves nothing missed.
    for option in right[1:]:
        root.get_by_label(option["text"], exact=True).check()
    press(root.get_by_role("button", name="Check", exact=True))
    expect(root.locator('[data-mark="missed"]')).to_have_count(0)
    expect(root.locator('[data-mark="right"]')).to_have_count(len(right))


# ---- the hand-in panel ----------------------------------------------------------


def check_first_choice(page: Page, ids: list[str]) -> str:
    first = next(i for i in ids if item(i)["type"] == "choice")
    root = page.locator(f'[data-exercise-id="{first}"]')
    right = next(o["text"] for o in item(first)["options"] if o["correct"])
    root.get_by_label(right, exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    return first


@pytest.mark.parametrize("size", SIZES)
def test_the_hand_in_shows_progress_and_asks_before_handing_in_fewer(offline: OfflineContext, size: str) -> None:
    page = offline.page(HAND_IN_PAGE)
    page.set_viewport_size(SIZES[size])
    ids = assignment_items("questioning")
    panel = page.get_by_role("region", name="Hand in")
    expect(panel.locator(".alw-progress")).to_have_text(f"0 of {len(ids)} exercises checked")
    check_first_choice(page, ids)
    expect(panel.locator(".alw-progress")).to_have_text(f"1 of {len(ids)} exercises checked")  # live
    panel.get_by_label("Your learner id").fill("ada")
    press(panel.get_by_role("button", name="Download my hand-in"))
    yes = panel.get_by_role("button", name=f"Hand in 1 of {len(ids)}")
    expect(yes).to_be_focused()  # the confirm step is in the page, not window.confirm
    expect(panel.get_by_role("group", name="Hand in now?")).to_contain_text(f"Only 1 of {len(ids)} exercises")
    assert axe_problems(page) == []
    press(panel.get_by_role("button", name="Go back"))
    expect(panel.get_by_role("button", name="Download my hand-in")).to_be_focused()
    press(panel.get_by_role("button", name="Download my hand-in"))
    with page.expect_download():
        press(panel.get_by_role("button", name=f"Hand in 1 of {len(ids)}"))
    status = panel.get_by_role("status")
    expect(status).to_contain_text(f"Saved 1 of {len(ids)} answers")
    expect(status).to_be_focused()
    expect(panel.get_by_role("button", name="Share the file")).to_have_count(0)  # headless: no share sheet


def test_the_hand_in_carries_revealed_and_offers_share_where_files_can_be_shared(offline: OfflineContext) -> None:
    offline.context.add_init_script(
        "navigator.canShare = () => true;"
        "navigator.share = (data) => { window.shared = data.files.map(f => f.name); return Promise.resolve(); };"
    )
    page = offline.page(HAND_IN_PAGE)
    page.set_viewport_size(SIZES["phone"])
    ids = assignment_items("questioning")
    first = check_first_choice(page, ids)
    page.locator(f'[data-exercise-id="{first}"]').get_by_role("button", name="Show the model answer").click()
    panel = page.get_by_role("region", name="Hand in")
    panel.get_by_label("Your learner id").fill("ada")
    panel.get_by_role("button", name="Download my hand-in").click()
    with page.expect_download() as info:
        panel.get_by_role("button", name=re.compile(r"^Hand in \d+ of \d+$")).click()
    saved = json.loads(Path(info.value.path()).read_text())
    assert saved["answers"][bank_key(first)][first]["revealed"] is True
    share = panel.get_by_role("button", name="Share the file")
    press(share)
    page.wait_for_function("window.shared")
    assert page.evaluate("window.shared") == [info.value.suggested_filename]
