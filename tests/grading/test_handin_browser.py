"""Hand-in without Jupyter: the book's "Download my hand-in" file is what
`workbook collect --from` accepts, and it is graded like any other hand-in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.book_pages import bank_key, item
from tests.conftest import OfflineContext
from workbook.grading._assignments import assignment_items
from workbook.grading._collect import collect_submissions
from workbook.grading._course import init_course
from workbook.grading._grade import grade_submissions
from workbook.grading._release import release_assignment

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
    page.reload()
    expect(page.get_by_role("region", name="Hand in").get_by_label("Your learner id")).to_have_value("sam")
