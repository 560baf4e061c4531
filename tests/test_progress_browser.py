"""The minutes and exercises under each title, the course map on the welcome
page and the My progress page, in headless Chromium at phone and desktop sizes
with every outside request blocked."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.book_pages import HTML, all_pages, bank_key, course_banks, embedded_items, item
from tests.conftest import ROOT, OfflineContext
from tests.test_book_layout_browser import axe_contrast_and_size, contexts, offline_dark  # noqa: F401 (a fixture)
from tests.test_marks_browser import axe_problems
from workbook.course_map import chapters

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PROGRESS = "book/progress.html"
WELCOME = "book/welcome.html"
FACTS = re.compile(r'<p class="alw-page-facts">About (\d+) minutes?(?: · (\d+) exercises?)?')
MANIFEST = re.compile(r'<script type="application/json" id="alw-course-manifest">(.*?)</script>', re.S)


def open_at(offline: OfflineContext, path: str, size: str) -> Page:
    page = offline.context.new_page()
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    page.set_viewport_size(SIZES[size])
    page.goto(f"{offline.origin}/{path}")
    page.wait_for_load_state("load")
    return page


def bank_of(item_id: str) -> str:
    return course_banks().item(item_id)[0].name


def single_choice_on(module: str) -> tuple[str, str]:
    """A content page of ``module`` (not its graded practice) and a single-answer choice item on it."""
    for path, ids in embedded_items().items():
        if path.startswith(f"book/{module}/") and "graded-practice" not in path:
            for i in ids:
                if item(i)["type"] == "choice" and not item(i).get("multiple") and bank_of(i) == module:
                    return path, i
    raise AssertionError(f"no single-answer choice item on a {module} page")


def answer_choice(page: Page, item_id: str, *, right: bool) -> None:
    root = page.locator(f'[data-exercise-id="{item_id}"]')
    option = next(o["text"] for o in item(item_id)["options"] if o["correct"] is right)
    root.get_by_label(option, exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "right" if right else "wrong")


def toc_order() -> list[str]:
    """The built pages in table-of-contents order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{d}.html" for chapter, sections in chapters(toc) for d in (chapter, *sections)]


def bank_items() -> dict[str, dict[str, list[str]]]:
    """Bank -> page -> that bank's items embedded on the page, from the built pages' widget state;
    an item shown on two pages counts on the first, in table-of-contents order (as My progress lists it)."""
    found: dict[str, dict[str, list[str]]] = {}
    embedded = embedded_items()
    seen: set[str] = set()
    for path in sorted(embedded, key=toc_order().index):
        for i in embedded[path]:
            if i not in seen:
                seen.add(i)
                found.setdefault(bank_of(i), {}).setdefault(path, []).append(i)
    return found


@pytest.mark.parametrize("size", SIZES)
def test_progress_counts_checked_and_right_answers_per_module(offline: OfflineContext, size: str) -> None:
    q_path, q_item = single_choice_on("questioning")
    l_path, l_item = single_choice_on("listening")
    progress = open_at(offline, PROGRESS, size)
    view = progress.locator("[data-progress]")
    entries = view.locator("[data-progress-module]")
    banks = bank_items()
    expect(entries).to_have_count(len(banks))
    for bank, pages in banks.items():
        total = len({i for ids in pages.values() for i in ids})
        entry = view.locator(f'[data-progress-module="{bank}"]')
        expect(entry).to_have_attribute("data-total", str(total))
        expect(entry).to_have_attribute("data-answered", "0")

    # answered in another tab: the open progress page follows (storage events)
    other = open_at(offline, q_path, size)
    answer_choice(other, q_item, right=True)
    other.goto(f"{offline.origin}/{l_path}")
    answer_choice(other, l_item, right=False)

    questioning = view.locator('[data-progress-module="questioning"]')
    listening = view.locator('[data-progress-module="listening"]')
    expect(questioning).to_have_attribute("data-answered", "1")
    expect(questioning).to_have_attribute("data-right", "1")
    expect(listening).to_have_attribute("data-answered", "1")
    expect(listening).to_have_attribute("data-right", "0")
    expect(questioning).to_contain_text("1 of ")
    expect(questioning).to_contain_text("checked, 1 of them right.")
    for bank in banks.keys() - {"questioning", "listening"}:
        expect(view.locator(f'[data-progress-module="{bank}"]')).to_have_attribute("data-answered", "0")

    # the links lead to exactly the pages with questioning exercises still unchecked
    unchecked = {p for p, ids in banks["questioning"].items() if set(ids) - {q_item}}
    links = questioning.locator(".alw-progress-pages a")
    hrefs = {h.removeprefix(f"{offline.origin}/") for h in links.evaluate_all("as => as.map(a => a.href)")}
    assert hrefs == unchecked
    # the page answered has one fewer left
    left = len(banks["questioning"][q_path]) - 1
    if left:
        own = questioning.locator(".alw-progress-pages li").filter(
            has=progress.locator(f'a[href$="{q_path.split("/")[-1]}"]')
        )
        expect(own).to_contain_text(f"({left} left)")
    link = links.first
    link.click()
    progress.wait_for_load_state("load")
    assert progress.url.removeprefix(f"{offline.origin}/") in unchecked

    progress.goto(f"{offline.origin}/{PROGRESS}")
    with progress.expect_download() as info:
        progress.get_by_role("button", name="Download my answers").click()
    saved = json.loads(Path(info.value.path()).read_text())
    assert {k: set(v) for k, v in saved["answers"].items()} == {bank_key(q_item): {q_item}, bank_key(l_item): {l_item}}
    assert saved["answers"][bank_key(q_item)][q_item]["verdict"] == "right"
    assert saved["answers"][bank_key(l_item)][l_item]["verdict"] == "wrong"


def test_progress_is_reachable_from_a_content_page_on_a_phone(offline: OfflineContext) -> None:
    path, _ = single_choice_on("listening")
    page = open_at(offline, path, "phone")
    link = page.locator(".alw-page-facts").get_by_role("link", name="My progress")
    expect(link).to_be_in_viewport()
    link.click()
    page.wait_for_url(f"**/{PROGRESS}")
    expect(page.locator("[data-progress]")).to_be_visible()
    # and from the course contents
    page.goto(f"{offline.origin}/{path}")
    page.locator("button.primary-toggle").click()
    contents = page.locator("dialog#pst-primary-sidebar-modal")
    contents.get_by_role("link", name="My progress").click()
    page.wait_for_url(f"**/{PROGRESS}")


def test_each_pages_stated_exercises_are_the_exercises_it_shows(offline: OfflineContext) -> None:
    stated: dict[str, int] = {}
    for path in all_pages():
        match = FACTS.search((HTML / path).read_text(encoding="utf-8"))
        if match:
            stated[path] = int(match.group(2) or 0)
    assert len(stated) > 40
    assert sum(stated.values()) > 100
    page = open_at(offline, WELCOME, "desktop")
    shown = {}
    for path in stated:
        page.goto(f"{offline.origin}/{path}")
        page.wait_for_load_state("networkidle")
        shown[path] = page.locator("[data-exercise-id]").count()
    assert shown == stated


def test_the_welcome_page_starts_here_and_maps_every_module(offline: OfflineContext) -> None:
    page = open_at(offline, WELCOME, "phone")
    start = page.locator(".alw-start a")
    expect(start).to_be_in_viewport()
    course = page.locator(".alw-course-map > li")
    expect(course).to_have_count(9)  # the seven skills modules, running sets and the tools
    stated = {
        p: FACTS.search((HTML / p).read_text(encoding="utf-8"))
        for p in all_pages()
        if p.startswith("book/questioning/")
    }
    questioning = course.filter(has_text="Questioning").first
    minutes = sum(int(m.group(1)) for m in stated.values() if m)
    exercises = sum(int(m.group(2) or 0) for m in stated.values() if m)
    expect(questioning.locator(".alw-map-module")).to_have_text(
        f"Questioning: about {minutes} minutes · {exercises} exercises"
    )
    expect(questioning.get_by_role("link", name="Graded practice: Questioning")).to_be_visible()
    start.click()
    page.wait_for_url("**/book/what-is-action-learning/index.html")
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") == 0


def test_manifest_is_small_and_lists_every_embedded_exercise_once() -> None:
    html = (HTML / PROGRESS).read_text(encoding="utf-8")
    match = MANIFEST.search(html)
    assert match
    assert len(match.group(1)) < 16_000  # about 55 bytes an exercise: ids and page titles, no item content
    manifest: dict[str, Any] = json.loads(match.group(1))
    listed = [i for m in manifest["modules"] for i, _ in m["items"]]
    assert sorted(listed) == sorted({i for ids in embedded_items().values() for i in ids})
    for module in manifest["modules"]:
        assert all(bank_of(i) == module["bank"] for i, _ in module["items"])


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", [WELCOME, PROGRESS])
def test_map_and_progress_pass_axe(request: pytest.FixtureRequest, mode: str, path: str) -> None:
    offline = contexts(request, mode)
    if path == PROGRESS:  # with entries showing answers checked and pages left
        q_path, q_item = single_choice_on("questioning")
        page = open_at(offline, q_path, "desktop")
        answer_choice(page, q_item, right=True)
        page.close()
    for size in SIZES:
        page = open_at(offline, path, size)
        page.wait_for_load_state("networkidle")
        assert axe_contrast_and_size(page, mode) == []
        assert axe_problems(page) == []
        page.close()
