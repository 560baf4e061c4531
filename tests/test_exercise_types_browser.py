"""The match, spot, SMART and timing exercises in the built book, in headless Chromium,
offline: specific feedback for right and wrong answers, answers kept across a reload,
completion from the keyboard alone, no WCAG 2.2 AA violation, and nothing a learner
types (or a tampered store holds) is ever treated as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import bank_key, first_embedded
from tests.conftest import OfflineContext
from tests.test_book_browser import AXE, WCAG_TAGS, feedback, saved_answer_keys, tab_into
from tests.test_book_browser import open_exercise as open_first
from tests.test_smart_rules import as_input, fixture_rows
from workbook.rules import check_smart_action

pytestmark = pytest.mark.browser

PAGE = "book/practice/new-exercise-types.html"  # one exercise of each newer type


def open_exercise(offline: OfflineContext, kind: str) -> tuple[Page, Locator, dict[str, Any]]:
    return open_first(offline, kind, under=PAGE)


HOSTILE = '<img src=x onerror="window.pwned=1">'


def label_of(choices: list[dict[str, str]], choice_id: str) -> str:
    return next(c["label"] for c in choices if c["id"] == choice_id)


def reload_root(page: Page, data: dict[str, Any]) -> Locator:
    page.reload()
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    expect(root).to_be_visible()
    return root


def check(root: Locator) -> None:
    root.get_by_role("button", name="Check", exact=True).click()


def test_new_types_are_embedded_on_the_practice_page() -> None:
    for kind in ("match", "spot", "smart", "timing"):
        page_path, _ = first_embedded(kind, PAGE)
        assert page_path == PAGE, kind


# ---- match --------------------------------------------------------------------


def test_match_gives_feedback_for_each_pair(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "match")
    pairs, options = data["pairs"], data["options"]
    wrong = next(o["id"] for o in options if o["id"] != pairs[0]["match"])
    for index, pair in enumerate(pairs):
        root.get_by_label(pair["text"], exact=True).select_option(wrong if index == 0 else pair["match"])
    check(root)
    n = len(pairs)
    expect(feedback(root)).to_contain_text(f"{n - 1} of {n} matched correctly.")
    expect(root).to_have_attribute("data-verdict", "partly")
    first = root.locator(".alw-pair").filter(has_text=pairs[0]["text"])  # pairs are shown shuffled
    expect(first).to_have_attribute("data-mark", "wrong")  # marked beside the learner's own answer
    expect(first.locator(".alw-row-mark")).to_have_text("✗ wrong.")
    expect(first).to_contain_text(f"Not, {label_of(options, wrong).lower()}.")
    expect(first).to_contain_text(pairs[0]["feedback"])
    expect(feedback(root)).not_to_contain_text(data["explanation"])
    root.get_by_label(pairs[0]["text"], exact=True).select_option(pairs[0]["match"])
    check(root)
    expect(feedback(root)).to_contain_text(f"{n} of {n} matched correctly.")
    expect(root.locator('.alw-pair[data-mark="right"]')).to_have_count(n)
    expect(feedback(root)).to_contain_text(data["explanation"])
    expect(root).to_have_attribute("data-verdict", "right")


def test_match_answer_is_restored_after_reload(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "match")
    first, last = data["pairs"][0], data["pairs"][-1]
    root.get_by_label(first["text"], exact=True).select_option(first["match"])
    check(root)
    shown = feedback(root).inner_text()
    assert f"{len(data['pairs']) - 1} not answered yet." in shown
    root = reload_root(page, data)
    expect(root.get_by_label(first["text"], exact=True)).to_have_value(first["match"])
    expect(root.get_by_label(last["text"], exact=True)).to_have_value("")
    assert feedback(root).inner_text() == shown


def test_keyboard_match(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "match")
    by_text = {p["text"]: p for p in data["pairs"]}
    shown = [by_text[t] for t in root.locator(".alw-pair label").all_inner_texts()]  # pairs and options shuffled
    order = root.locator("select").first.locator("option").evaluate_all("els => els.map((e) => e.value)")
    assert sorted(order) == sorted(["", *(o["id"] for o in data["options"])])
    tab_into(page, root)
    for pair in shown:
        assert page.evaluate("document.activeElement.tagName") == "SELECT"
        for _ in range(order.index(pair["match"])):
            page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    n = len(data["pairs"])
    expect(feedback(root)).to_contain_text(f"{n} of {n} matched correctly.")


# ---- spot -----------------------------------------------------------------------


def marked_lines(data: dict[str, Any]) -> list[tuple[int, dict[str, str]]]:
    return [(n + 1, line) for n, line in enumerate(data["dialogue"]) if "category" in line]


def test_spot_gives_feedback_for_each_marked_line(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "spot")
    lines = marked_lines(data)
    categories = data["categories"]
    number, first = lines[0]
    wrong = next(c["id"] for c in categories if c["id"] != first["category"])
    for index, (n, line) in enumerate(lines):
        root.get_by_label(f"Response type, line {n}", exact=True).select_option(
            wrong if index == 0 else line["category"]
        )
    check(root)
    total = len(lines)
    expect(feedback(root)).to_contain_text(f"{total - 1} of {total} responses identified.")
    note = root.locator(".alw-line").nth(number - 1)
    expect(note).to_have_attribute("data-mark", "wrong")
    expect(note.locator(".alw-row-note")).to_contain_text(f"Not, {label_of(categories, wrong).lower()}.")
    expect(note).to_contain_text(first["feedback"])
    root.get_by_label(f"Response type, line {number}", exact=True).select_option(first["category"])
    check(root)
    expect(feedback(root)).to_contain_text(f"{total} of {total} responses identified.")
    expect(root).to_have_attribute("data-verdict", "right")
    expect(root.locator(".alw-line").nth(number - 1).locator(".alw-row-note")).to_contain_text(
        f"Yes, {label_of(categories, first['category']).lower()}."
    )
    expect(feedback(root)).to_contain_text(data["explanation"])


def test_spot_shows_the_dialogue_as_text(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "spot")
    expect(root.locator(".alw-dialogue > li")).to_have_count(len(data["dialogue"]))
    for n, line in enumerate(data["dialogue"]):
        expect(root.locator(".alw-dialogue > li").nth(n).locator("q")).to_have_text(line["text"])
    expect(root.locator("select")).to_have_count(len(marked_lines(data)))


def test_spot_answer_is_restored_after_reload(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "spot")
    lines = marked_lines(data)
    for n, line in lines[:2]:
        root.get_by_label(f"Response type, line {n}", exact=True).select_option(line["category"])
    check(root)
    shown = feedback(root).inner_text()
    root = reload_root(page, data)
    for n, line in lines[:2]:
        expect(root.get_by_label(f"Response type, line {n}", exact=True)).to_have_value(line["category"])
    assert feedback(root).inner_text() == shown


def test_keyboard_spot(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "spot")
    order = [""] + [c["id"] for c in data["categories"]]
    tab_into(page, root)
    for _, line in marked_lines(data):
        assert page.evaluate("document.activeElement.tagName") == "SELECT"
        page.keyboard.press("Home")
        for _ in range(order.index(line["category"])):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Space")
    n = len(marked_lines(data))
    expect(feedback(root)).to_contain_text(f"{n} of {n} responses identified.")


# ---- smart ----------------------------------------------------------------------


def smart_messages(text: str) -> list[str]:
    results = check_smart_action(text)
    assert results is not None
    return [r.message for r in results]


def test_smart_gives_feedback_for_each_element(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "smart")
    box = root.get_by_label("Your action")
    box.fill(data["original"])
    check(root)
    results = check_smart_action(data["original"])
    assert results is not None
    met = sum(r.met for r in results)
    expect(feedback(root)).to_contain_text(f"{met} of 5 SMART elements found.")
    expect(root).to_have_attribute("data-verdict", "partly" if met else "wrong")
    notes = feedback(root).locator("li")
    expect(notes).to_have_count(5)
    for note, result in zip(notes.all(), results, strict=True):
        expect(note).to_have_attribute("data-check", result.check)
        expect(note).to_contain_text(result.message)  # the browser says what the Python checks say
    expect(feedback(root)).not_to_contain_text(data["model_answer"])
    box.fill(data["model_answer"])
    check(root)
    expect(feedback(root)).to_contain_text("All five SMART elements are there.")
    expect(root).to_have_attribute("data-verdict", "right")
    for message in smart_messages(data["model_answer"]):
        expect(feedback(root)).to_contain_text(message)
    expect(feedback(root).locator(".alw-model")).to_have_text(f"One possible answer: {data['model_answer']}")
    expect(feedback(root)).to_contain_text(data["explanation"])


def test_smart_exercise_shows_the_fixture_verdicts(offline: OfflineContext) -> None:
    """Every sentence in the SMART fixture, typed into the exercise, gets its listed verdict per element."""
    _, root, _ = open_exercise(offline, "smart")
    box = root.get_by_label("Your action")
    notes = feedback(root).locator("li")
    rows = [(e, f["action"]) for e, f in fixture_rows() if isinstance(as_input(f), str)]
    assert len(rows) >= 40
    for expected, sentence in rows:
        box.fill(sentence)
        check(root)
        expect(notes).to_have_class(["alw-right" if letter != "-" else "alw-wrong" for letter in expected])
        met = sum(letter != "-" for letter in expected)
        expect(root).to_have_attribute("data-verdict", "right" if met == 5 else "partly" if met else "wrong")
        results = check_smart_action(sentence)
        assert results is not None
        expect(notes).to_contain_text([r.message for r in results])
        assert [notes.nth(i).get_attribute("data-element") for i in range(5)] == [r.element for r in results]


def test_smart_labels_are_dorans_letters(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "smart")
    root.get_by_label("Your action").fill(data["original"])
    check(root)
    expect(feedback(root).locator("li strong")).to_have_text(
        ["Specific: ", "Measurable: ", "Assignable: ", "Realistic: ", "Time-related: "]
    )


def test_smart_asks_for_text_when_blank(offline: OfflineContext) -> None:
    _, root, _ = open_exercise(offline, "smart")
    check(root)
    expect(feedback(root)).to_have_text("Type your action first.")


def test_smart_answer_is_restored_and_never_interpreted_as_html(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "smart")
    text = f"{HOSTILE}I will ask Sam\non Friday."
    root.get_by_label("Your action").fill(text)
    check(root)
    shown = feedback(root).inner_text()
    root = reload_root(page, data)
    expect(root.get_by_label("Your action")).to_have_value(text)
    assert feedback(root).inner_text() == shown
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.pwned") is None


def test_keyboard_smart(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "smart")
    tab_into(page, root)
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type(data["model_answer"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    expect(feedback(root)).to_contain_text("All five SMART elements are there.")


# ---- timing ---------------------------------------------------------------------


def workable_plan(data: dict[str, Any]) -> list[int]:
    """Every stage at its minimum, then the spare minutes shared out up to each maximum."""
    plan = [s["min"] for s in data["stages"]]
    spare = data["total"] - sum(plan)
    for i, stage in enumerate(data["stages"]):
        extra = min(spare, stage["max"] - stage["min"])
        plan[i] += extra
        spare -= extra
    assert spare == 0
    return plan


def minutes_box(root: Locator, stage: dict[str, Any]) -> Locator:
    return root.get_by_label(f"{stage['name']} (minutes)", exact=True)


def test_timing_reports_the_total_and_each_stage(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "timing")
    stages, total = data["stages"], data["total"]
    plan = workable_plan(data)
    too_long = stages[0]["max"] + 5
    for stage, minutes in zip(stages, [too_long, *plan[1:]], strict=True):
        minutes_box(root, stage).fill(str(minutes))
    over = too_long - plan[0]
    expect(root.locator(".alw-running")).to_have_text(f"Allotted {total + over} of {total} minutes, {over} over.")
    check(root)
    expect(feedback(root)).to_contain_text("Not quite.")
    expect(root).to_have_attribute("data-verdict", "partly")
    expect(feedback(root)).to_contain_text(f"Your plan is {over} minutes over the {total}")
    first = root.locator(".alw-stage").first
    expect(first).to_have_attribute("data-mark", "wrong")
    expect(first).to_contain_text(
        f"{too_long} minutes is too long (aim for {stages[0]['min']}–{stages[0]['max']} minutes)."
    )
    expect(first).to_contain_text(stages[0]["feedback"])
    expect(feedback(root)).not_to_contain_text(data["explanation"])
    minutes_box(root, stages[0]).fill(str(plan[0]))
    expect(root.locator(".alw-running")).to_have_text(f"Allotted {total} of {total} minutes.")
    check(root)
    expect(feedback(root)).to_contain_text("A workable plan.")
    expect(root).to_have_attribute("data-verdict", "right")
    expect(feedback(root)).to_contain_text(f"Your plan uses all {total} minutes.")
    expect(root.locator('.alw-stage[data-mark="right"]')).to_have_count(len(stages))
    expect(feedback(root)).to_contain_text(data["explanation"])


def test_timing_under_the_total_and_unallotted_stages(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "timing")
    first = data["stages"][0]
    minutes_box(root, first).fill(str(first["min"]))
    check(root)
    left = data["total"] - first["min"]
    expect(feedback(root)).to_contain_text(f"Your plan leaves {left} of the {data['total']} minutes unallotted")
    expect(root.locator(".alw-stage").first.locator(".alw-row-note")).to_contain_text(
        f"{first['min']} minutes is within"
    )
    expect(feedback(root)).to_contain_text(f"Not allotted yet: {data['stages'][1]['name']}")


def test_timing_refuses_minutes_that_are_not_whole(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "timing")
    minutes_box(root, data["stages"][1]).fill("12.5")
    check(root)
    expect(feedback(root)).to_have_text(
        f"Use whole minutes from 0 to {data['total']} for: {data['stages'][1]['name']}."
    )
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))
    assert saved_answer_keys(page) == []


def test_timing_answer_is_restored_after_reload(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "timing")
    plan = workable_plan(data)
    for stage, minutes in zip(data["stages"][:2], plan, strict=False):
        minutes_box(root, stage).fill(str(minutes))
    check(root)
    shown = feedback(root).inner_text()
    running = root.locator(".alw-running").inner_text()
    root = reload_root(page, data)
    for stage, minutes in zip(data["stages"][:2], plan, strict=False):
        expect(minutes_box(root, stage)).to_have_value(str(minutes))
    expect(minutes_box(root, data["stages"][2])).to_have_value("")
    expect(root.locator(".alw-running")).to_have_text(running)
    assert feedback(root).inner_text() == shown


def test_keyboard_timing(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "timing")
    tab_into(page, root)
    for minutes in workable_plan(data):
        assert page.evaluate("document.activeElement.type") == "number"
        page.keyboard.type(str(minutes))
        page.keyboard.press("Tab")
    expect(root.locator(".alw-running[role=status][aria-live=polite]")).to_contain_text(
        f"Allotted {data['total']} of {data['total']} minutes."
    )
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter in a minutes box checks the plan
    expect(feedback(root)).to_contain_text("A workable plan.")


# ---- all four: tampered storage, accessibility -------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        pytest.param("match", {"matched": [HOSTILE]}, id="match"),
        pytest.param("spot", {"spotted": [HOSTILE]}, id="spot"),
        pytest.param("smart", {"text": 42}, id="smart"),
        pytest.param("timing", {"minutes": [HOSTILE]}, id="timing"),
    ],
)
def test_tampered_storage_is_set_aside_not_rendered(offline: OfflineContext, kind: str, answer: dict[str, Any]) -> None:
    page, root, data = open_exercise(offline, kind)
    stored = json.dumps({"answer": answer})
    page.evaluate(f"localStorage.setItem('alw:{bank_key(data['id'])}:{data['id']}', {json.dumps(stored)})")
    root = reload_root(page, data)
    expect(root.locator(".alw-notice")).to_contain_text("could not be read, so it was set aside")
    expect(feedback(root)).to_be_empty()
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.pwned") is None


def test_download_includes_new_type_answers(offline: OfflineContext, tmp_path: Path) -> None:
    """collectAnswers is generic over stored keys: a timing plan and a SMART action are in the file."""
    page, root, timing = open_exercise(offline, "timing")
    plan = workable_plan(timing)
    for stage, minutes in zip(timing["stages"], plan, strict=True):
        minutes_box(root, stage).fill(str(minutes))
    check(root)
    smart = page.locator(".alw-smart")
    smart.get_by_label("Your action").fill("I will ask Sam on Friday.")
    check(smart)
    smart_id = smart.get_attribute("data-exercise-id")
    page.goto(f"{offline.origin}/notebooks/questioning-practice.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    target = tmp_path / "answers.json"
    info.value.save_as(target)
    saved = json.loads(target.read_text(encoding="utf-8"))["answers"]
    assert saved[bank_key(timing["id"])][timing["id"]]["answer"] == {"minutes": plan}
    assert saved[bank_key(str(smart_id))][str(smart_id)]["answer"] == {"text": "I will ask Sam on Friday."}


def test_axe_finds_no_wcag_aa_violations_on_the_new_types_page(offline: OfflineContext) -> None:
    page = offline.page(PAGE)
    expect(page.locator("[data-exercise-id]")).to_have_count(4)
    for select in page.locator(".alw-match select, .alw-spot select").all():
        select.select_option(index=1)  # a mix of right and wrong, so both kinds of note are checked
    page.locator(".alw-smart textarea").fill("I will try to sort it out soon.")
    page.locator(".alw-timing input").first.fill("30")
    for button in page.get_by_role("button", name="Check", exact=True).all():
        button.click()
    expect(page.locator(".alw-row-note")).not_to_have_count(0)
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
