"""Hand-in without Jupyter: the book's "Download my hand-in" file is what
`workbook collect --from` accepts, and it is graded like any other hand-in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import bank_key, first_embedded, item
from tests.conftest import OfflineContext
from workbook.assignments import assignment_items
from workbook.grading import collect_submissions, grade_submissions, init_course, release_assignment

pytestmark = pytest.mark.browser
PAGE = "book/questioning/graded-practice.html"


def test_a_downloaded_hand_in_is_collected_and_graded(offline: OfflineContext, tmp_path: Path) -> None:
    page = offline.page(PAGE)
    ids = assignment_items("questioning")
    expect(page.locator("[data-exercise-id]")).to_have_count(len(ids))
    first = next(i for i in ids if item(i)["type"] == "choice")
    data = item(first)
    root = page.locator(f'[data-exercise-id="{first}"]')
    right = next(o["text"] for o in data["options"] if o["correct"])
    root.get_by_label(right, exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    page.evaluate(
        f"localStorage.setItem('alw:{bank_key('classify_open_or_closed')}:classify_open_or_closed', '{{\"answer\": {{\"selected\": [0]}}}}')"
    )

    panel = page.get_by_role("region", name="Hand in")
    panel.get_by_role("button", name="Download my hand-in").click()
    expect(panel.get_by_role("status")).to_contain_text("Type the learner id your trainer gave you first")

    panel.get_by_label("Your learner id").fill("ada.lovelace")
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download my hand-in").click()
        confirm_hand_in(panel)
    download = info.value
    assert re.fullmatch(r"ada\.lovelace_questioning_\d{8}T\d{6}\.json", download.suggested_filename)
    folder = tmp_path / "downloads"
    folder.mkdir()
    download.save_as(folder / download.suggested_filename)
    expect(panel.get_by_role("status")).to_contain_text(f"Saved 1 of {len(ids)} answers")

    saved = json.loads((folder / download.suggested_filename).read_text())
    assert (saved["learner"], saved["assignment"]) == ("ada.lovelace", "questioning")
    assert list(saved["answers"][bank_key(first)]) == [first]  # only this assignment's items

    course = init_course(tmp_path / "course")
    release_assignment(course, "questioning")
    summary = collect_submissions(course, "questioning", downloads=folder)
    assert summary.collected == ["ada.lovelace"]
    (result,) = grade_submissions(course, "questioning", jobs=1)
    marks = {i["item_id"]: i["points"] for i in result.items}
    assert marks[first] == 1
    assert sum(marks.values()) == 1


def test_the_learner_id_is_remembered(offline: OfflineContext) -> None:
    page = offline.page(PAGE)
    panel = page.get_by_role("region", name="Hand in")
    panel.get_by_label("Your learner id").fill("sam")
    with page.expect_download():
        panel.get_by_role("button", name="Download my hand-in").click()
        confirm_hand_in(panel)
    page.reload()
    expect(page.get_by_role("region", name="Hand in").get_by_label("Your learner id")).to_have_value("sam")


def confirm_hand_in(panel: Locator) -> None:
    """Hand in fewer than all: the panel asks first, in the page."""
    panel.get_by_role("button", name=re.compile(r"^Hand in \d+ of \d+$")).click()


def stored_key(item_id: str) -> str:
    return f"alw:{bank_key(item_id)}:{item_id}"


def set_stored(page: Page, key: str, raw: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, raw])


def test_unreadable_stored_answers_are_left_out_and_counted(offline: OfflineContext, tmp_path: Path) -> None:
    """A stored answer that is not {answer: …} (JSON null, a number, broken text) is left out of
    the hand-in and counted, so the file is still collected; on the next visit each exercise moves
    its bad answer under a set-aside key, as its notice says."""
    page = offline.page(PAGE)
    ids = assignment_items("questioning")
    first = next(i for i in ids if item(i)["type"] == "choice")
    root = page.locator(f'[data-exercise-id="{first}"]')
    root.get_by_label(next(o["text"] for o in item(first)["options"] if o["correct"]), exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    bad = dict(zip([i for i in ids if i != first][:3], ["null", "5", "{broken"], strict=True))
    for item_id, raw in bad.items():
        set_stored(page, stored_key(item_id), raw)
    set_stored(page, stored_key("classify_open_or_closed"), "null")  # not in this assignment: not counted

    panel = page.get_by_role("region", name="Hand in")
    panel.get_by_label("Your learner id").fill("grace")
    folder = tmp_path / "downloads"
    folder.mkdir()
    with page.expect_download() as info:
        panel.get_by_role("button", name="Download my hand-in").click()
        confirm_hand_in(panel)
    info.value.save_as(folder / info.value.suggested_filename)
    expect(panel.get_by_role("status")).to_have_text(
        f"Saved 1 of {len(ids)} answers to {info.value.suggested_filename}. 3 unreadable entries were left out."
        " Send this file to your trainer."
    )
    saved = json.loads((folder / info.value.suggested_filename).read_text())
    assert saved["answers"] == {bank_key(first): {first: saved["answers"][bank_key(first)][first]}}
    assert saved["skipped"] == 3

    course = init_course(tmp_path / "course")
    release_assignment(course, "questioning")
    summary = collect_submissions(course, "questioning", downloads=folder)
    assert summary.collected == ["grace"]

    page.reload()
    for item_id, raw in bad.items():
        notice = page.locator(f'[data-exercise-id="{item_id}"] .alw-notice')
        expect(notice).to_contain_text("could not be read, so it was set aside in this browser")
        keys = page.evaluate("Object.keys(localStorage)")
        assert stored_key(item_id) not in keys
        (aside,) = [k for k in keys if k.startswith(f"{stored_key(item_id)}:set-aside:")]
        assert page.evaluate("k => localStorage.getItem(k)", aside) == raw
    panel = page.get_by_role("region", name="Hand in")
    with page.expect_download():
        panel.get_by_role("button", name="Download my hand-in").click()
        confirm_hand_in(panel)
    expect(panel.get_by_role("status")).to_contain_text(f"Saved 1 of {len(ids)} answers")
    expect(panel.get_by_role("status")).not_to_contain_text("unreadable")


# ---- length caps ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rewrite", "smart"])
def test_every_typed_answer_has_a_length_cap(offline: OfflineContext, kind: str) -> None:
    """Each text box, the learner id included, has a maxlength (graded practice, and the SMART page)."""
    page = offline.page(PAGE if kind == "rewrite" else first_embedded(kind)[0])
    expect(page.locator(".alw-exercise").first).to_be_visible()
    typed = page.locator(".alw-exercise").locator("textarea, input:not([type]), input[type=text]")
    assert typed.count() > 0
    caps = typed.evaluate_all("els => els.map(e => [e.id, e.maxLength])")
    assert all(cap > 0 for _, cap in caps), caps


def test_a_stored_answer_longer_than_the_input_is_cut_before_marking(offline: OfflineContext) -> None:
    page = offline.page(PAGE)
    rewrite = next(i for i in assignment_items("questioning") if item(i)["type"] == "rewrite")
    long = "What would help you most here? " * 200  # 6,200 characters: far beyond the input's 500
    set_stored(page, stored_key(rewrite), json.dumps({"answer": {"text": long}}))
    page.reload()
    root = page.locator(f'[data-exercise-id="{rewrite}"]')
    box = root.get_by_label("Your question")
    expect(box).to_have_value(long[:500])
    assert box.evaluate("e => e.maxLength") == 500
    expect(root.locator(".alw-notice")).to_be_hidden()
    expect(root.locator(".alw-feedback")).not_to_be_empty()
    assert root.get_attribute("data-verdict") in {"right", "partly", "wrong"}
