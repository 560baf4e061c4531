"""The Content-Security-Policy every built page carries (book/_ext/content_policy.py),
in headless Chromium: using every exercise type, each tool, the search page, My
progress, a practice set and a dilemma breaks no rule of it, on the served book
and opened from disk; a script injected without a hash is refused, and so is
eval. Without the policy these tests fail: nothing would be refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.book_pages import HTML, all_pages, check_label, course_banks, embedded_items, first_embedded
from tests.conftest import OfflineContext
from tests.test_tools_browser import add_action, download, finish_meeting, open_tool, set_up_members, write_entry
from workbook.exercise_types import TYPES

pytestmark = pytest.mark.browser

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)" />')
# Registered before any page script runs, in every page of the context: each
# violation is reported to the test through a binding.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) =>
  window.alwCspViolation({directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample}));"""
INJECT = """() => { const s = document.createElement("script"); s.textContent = "window.alwInjected = true"; document.head.append(s); }"""
# A script the policy does allow (blob:, as the widget loader's module) tries eval.
TRY_EVAL = """() => new Promise((done) => {
  const s = document.createElement("script");
  s.src = URL.createObjectURL(new Blob(["try { eval('1'); window.alwEval = 'ran'; } catch (e) { window.alwEval = e.name; }"], {type: "text/javascript"}));
  s.onload = () => done(window.alwEval);
  document.head.append(s);
})"""


def watch(context: BrowserContext) -> list[dict[str, Any]]:
    violations: list[dict[str, Any]] = []
    context.expose_binding("alwCspViolation", lambda _source, found: violations.append(found))
    context.add_init_script(LISTEN)
    return violations


@pytest.fixture
def watched(offline: OfflineContext) -> tuple[OfflineContext, list[dict[str, Any]]]:
    return offline, watch(offline.context)


def test_every_page_carries_the_policy_before_any_script_or_style() -> None:
    pages = [*all_pages(), "index.html"]
    assert len(pages) > 40
    for path in pages:
        text = (HTML / path).read_text("utf-8")
        meta = META.search(text)
        assert meta, f"{path} has no Content-Security-Policy"
        for first in ("<script", "<link", "<style"):
            at = text.find(first)
            assert at == -1 or meta.start() < at, f"{path}: the policy comes after a {first}"
        directives = dict(d.strip().split(" ", 1) for d in meta.group(1).split(";"))
        assert directives["default-src"] == "'self'"
        assert "unsafe" not in directives["script-src"], path
        assert "http" not in meta.group(1), path


def test_using_the_book_breaks_no_rule_of_the_policy(
    watched: tuple[OfflineContext, list[dict[str, Any]]], tmp_path: Path
) -> None:
    offline, violations = watched
    by_page: dict[str, list[str]] = {}
    banks, kinds = course_banks(), set(TYPES)
    for page_path, ids in embedded_items().items():  # the first exercise of each type
        for item_id in ids:
            kind = banks.item(item_id)[1]["type"]
            if page_path.startswith("book/") and kind in kinds:
                kinds.remove(kind)
                by_page.setdefault(page_path, []).append(item_id)
    assert not kinds, f"no exercise of type {kinds} in the book"
    for page_path, ids in by_page.items():
        page = offline.page(page_path)
        for item_id in ids:
            root = page.locator(f'[data-exercise-id="{item_id}"]')
            question = root.get_by_label(re.compile("^Your question to "))
            if question.count():  # a practice set: ask the presenter one question first
                question.fill("What have you tried so far?")
                question.press("Enter")
            if root.locator(".alw-dilemma-choice").count():
                root.locator(".alw-dilemma-choice").first.click()
            root.get_by_role("button", name=check_label(item_id), exact=True).click()
            expect(root.locator(".alw-feedback")).not_to_be_empty()
        page.close()

    page, tool = open_tool(offline, "log")
    add_action(tool, "Email the director about the rota", "Ben", "2026-03-16", "Reply received")
    assert download(page, tool, "Save a copy of my log (file)", tmp_path / "log.json").stat().st_size > 0
    page, tool = open_tool(offline, "journal")
    write_entry(tool, "After the set", {"Description": "We met for the first time."})
    assert download(page, tool, "Save a copy of my journal (file)", tmp_path / "journal.json").stat().st_size > 0
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    tool.get_by_role("button", name="Start the meeting").click()
    tool.get_by_label("Question asked").fill("What would help?")
    tool.get_by_role("button", name="Log question").click()
    page.clock.fast_forward("20:00")
    finish_meeting(tool)
    download(page, tool, "Download the summary (Markdown)", tmp_path / "meeting.md")

    search = offline.page("search.html")
    search.locator(".bd-search-container form.bd-search input").fill("Revans")
    search.keyboard.press("Enter")
    expect(search.locator("#search-results li").first).to_be_visible(timeout=10_000)
    progress = offline.page("book/progress.html")
    expect(progress.locator("[data-progress-module]").first).to_be_visible()
    assert violations == []


def injected_and_eval_refused(page: Page, violations: list[dict[str, Any]]) -> None:
    page.evaluate(INJECT)
    assert page.evaluate("window.alwInjected") is None
    assert page.evaluate(TRY_EVAL) == "EvalError"
    for _ in range(50):  # the events arrive through the binding, a moment later
        if {v["directive"] for v in violations} >= {"script-src-elem", "script-src"}:
            break
        page.wait_for_timeout(20)
    assert {v["directive"] for v in violations} >= {"script-src-elem", "script-src"}, violations


def test_a_script_without_a_hash_and_eval_are_refused(watched: tuple[OfflineContext, list[dict[str, Any]]]) -> None:
    offline, violations = watched
    page = offline.page("book/welcome.html")
    injected_and_eval_refused(page, violations)


def test_the_policy_holds_from_disk(browser: Browser) -> None:
    """Opened from a file: URL, 'self' is the book's own files: an exercise renders
    and gives feedback with no violation, and an injected script is still refused."""
    page_path, data = first_embedded("rewrite")
    context = browser.new_context()
    violations = watch(context)
    page = context.new_page()
    page.goto((HTML / page_path).as_uri())
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    root.get_by_label("Your question").fill(data["model_answer"])
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root.locator(".alw-feedback")).not_to_be_empty()
    assert violations == []
    injected_and_eval_refused(page, violations)
    context.close()
