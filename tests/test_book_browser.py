"""The built book in headless Chromium, served on localhost, offline: every
exercise answers with specific feedback, answers survive a reload, everything
works from the keyboard alone, and axe-core finds no WCAG 2.2 AA violation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.book_pages import HTML, bank_key, check_label, embedded_items, first_embedded, item
from tests.conftest import OfflineContext
from workbook.rules import classify_question

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
ASSETS = "_static/widget-assets"  # shared widget files, written by book/_ext/widget_assets.py
STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def open_exercise(offline: OfflineContext, kind: str, *, under: str = "book/") -> tuple[Page, Locator, dict[str, Any]]:
    page_path, data = first_embedded(kind, under)
    page = offline.page(page_path)
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    expect(root).to_be_visible()
    return page, root, data


def feedback(root: Locator) -> Locator:
    return root.locator(".alw-feedback")


def rule_message(text: str) -> str:
    verdict = classify_question(text)
    assert verdict is not None
    return verdict.message


# ---- rendering -------------------------------------------------------------


def test_questioning_module_embeds_enough_exercises() -> None:
    """At least 4 exercises of at least 3 types on the Questioning pages."""
    ids = [i for page, ids in embedded_items().items() if page.startswith("book/questioning/") for i in ids]
    assert len(ids) >= 4
    assert len({item(i)["type"] for i in ids}) >= 3
    assert len(ids) == len(set(ids)), "an item is embedded twice"


@pytest.mark.parametrize("page_path", sorted(embedded_items()))
def test_every_exercise_renders_offline_with_the_markup_contract(offline: OfflineContext, page_path: str) -> None:
    page = offline.page(page_path)
    for item_id in embedded_items()[page_path]:
        root = page.locator(f'[data-exercise-id="{item_id}"]')
        expect(root).to_be_visible()
        expect(root.locator('[aria-live="polite"][role="status"].alw-feedback')).to_have_count(1)
        expect(root.locator("fieldset > legend").first).to_have_text(item(item_id)["prompt"])
        expect(root.get_by_role("button", name=check_label(item_id), exact=True)).to_be_visible()


# ---- feedback per exercise type ---------------------------------------------


def test_choice_gives_feedback_for_the_option_chosen(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "choice")
    wrong = next(o for o in data["options"] if not o["correct"])
    root.get_by_label(wrong["text"], exact=True).check()
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))  # nothing checked yet
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text("Not quite.")
    expect(root.locator('.alw-option[data-mark="wrong"] .alw-row-note')).to_have_text(wrong["feedback"])
    expect(feedback(root)).not_to_contain_text(data["explanation"])
    expect(root).to_have_attribute("data-verdict", "wrong")
    if data.get("multiple"):
        root.get_by_label(wrong["text"], exact=True).uncheck()
    for option in data["options"]:
        if option["correct"]:
            root.get_by_label(option["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text("Correct.")
    expect(feedback(root)).to_contain_text(data["explanation"])
    expect(root).to_have_attribute("data-verdict", "right")


def statement_group(root: Locator, statement: dict[str, Any]) -> Locator:
    """A classify statement's radio group, found by its text (statements are shown shuffled)."""
    return root.get_by_role("group", name=statement["text"], exact=True)


def test_classify_reports_each_statement(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "classify")
    labels = {c["id"]: c["label"] for c in data["categories"]}
    statements = data["statements"]
    for index, statement in enumerate(statements):
        choice = statement["category"]
        if index == 0:  # one deliberate mistake
            choice = next(c for c in labels if c != statement["category"])
        statement_group(root, statement).get_by_label(labels[choice], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    n = len(statements)
    expect(feedback(root)).to_contain_text(f"{n - 1} of {n} sorted correctly.")
    expect(statement_group(root, statements[0]).locator(".alw-row-note")).to_contain_text(statements[0]["feedback"])
    expect(root).to_have_attribute("data-verdict", "partly")
    right = labels[statements[0]["category"]]
    statement_group(root, statements[0]).get_by_label(right, exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text(f"{n} of {n} sorted correctly.")
    expect(feedback(root)).to_contain_text(data["explanation"])
    expect(root).to_have_attribute("data-verdict", "right")


def current_order(root: Locator) -> list[str]:
    return root.locator(".alw-step-text").all_inner_texts()


def test_order_checks_the_sequence(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "order")
    steps = data["steps"]
    assert current_order(root) != steps, "the steps must not start in the right order"
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text("in the right place.")
    for target, step in enumerate(steps):
        while current_order(root).index(step) > target:
            root.get_by_role("button", name=f"Move up: {step}").click()
    assert current_order(root) == steps
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text("All in the right order.")
    expect(feedback(root)).to_contain_text(data["explanation"])
    expect(root).to_have_attribute("data-verdict", "right")


def test_rewrite_feedback_comes_from_the_shared_rules(offline: OfflineContext) -> None:
    _, root, data = open_exercise(offline, "rewrite")
    box = root.get_by_label("Your question")
    box.fill(data["original"])
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text(rule_message(data["original"]))
    expect(feedback(root)).not_to_contain_text(data["model_answer"])
    box.fill(data["model_answer"])
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text(rule_message(data["model_answer"]))
    expect(feedback(root).locator(".alw-model")).to_have_text(f"One possible answer: {data['model_answer']}")
    expect(root).to_have_attribute("data-verdict", "right")


def test_rewrite_asks_for_text_when_blank(offline: OfflineContext) -> None:
    _, root, _ = open_exercise(offline, "rewrite")
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_have_text("Type your question first.")
    expect(root).not_to_have_attribute("data-verdict", re.compile(".*"))


def test_learner_text_is_never_interpreted_as_html(offline: OfflineContext) -> None:
    page, root, _ = open_exercise(offline, "rewrite")
    hostile = '<img src=x onerror="window.pwned=1">What next?'
    root.get_by_label("Your question").fill(hostile)
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).not_to_be_empty()
    page.reload()
    restored = page.locator(f'[data-exercise-id="{root.get_attribute("data-exercise-id")}"]')
    expect(restored.get_by_label("Your question")).to_have_value(hostile)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.pwned") is None


# ---- progress kept in the browser -------------------------------------------


def test_answers_are_restored_after_reload(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "choice")
    chosen = data["options"][-1]["text"]
    root.get_by_label(chosen, exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    shown = feedback(root).inner_text()
    page.reload()
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    expect(root.get_by_label(chosen, exact=True)).to_be_checked()
    expect(feedback(root)).not_to_be_empty()
    assert feedback(root).inner_text() == shown
    expect(root).to_have_attribute("data-verdict", "right" if data["options"][-1]["correct"] else "wrong")


def test_order_and_rewrite_answers_are_restored(offline: OfflineContext) -> None:
    page_path, rewrite = first_embedded("rewrite")
    page = offline.page(page_path)
    root = page.locator(f'[data-exercise-id="{rewrite["id"]}"]')
    root.get_by_label("Your question").fill("What would help most?")
    root.get_by_label("Your question").press("Enter")
    expect(feedback(root)).not_to_be_empty()
    order_page, order = first_embedded("order")
    page.goto(f"{offline.origin}/{order_page}")
    oroot = page.locator(f'[data-exercise-id="{order["id"]}"]')
    oroot.locator("button.alw-move:not([disabled])").first.click()
    moved = current_order(oroot)
    oroot.get_by_role("button", name="Check", exact=True).click()
    page.reload()
    expect(page.locator(f'[data-exercise-id="{order["id"]}"] .alw-step-text')).to_have_text(moved)
    page.goto(f"{offline.origin}/{page_path}")
    expect(page.locator(f'[data-exercise-id="{rewrite["id"]}"]').get_by_label("Your question")).to_have_value(
        "What would help most?"
    )


def saved_answer_keys(page: Page) -> list[str]:
    """The answers this browser keeps (``alw:bank@version:item``), not its seed or learner id."""
    return [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith("alw:") and "@" in k]


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("{not json", id="broken-json"),
        pytest.param('{"answer": {"selected": ["no_such_option"]}}', id="unknown-option"),
        pytest.param('{"answer": {"placed": ["open"]}}', id="foreign-shape"),
        pytest.param('"just a string"', id="wrong-type"),
    ],
)
def test_corrupted_storage_is_set_aside_with_a_notice(offline: OfflineContext, stored: str) -> None:
    page, root, data = open_exercise(offline, "choice")
    assert saved_answer_keys(page) == []
    key = f"alw:{bank_key(data['id'])}:{data['id']}"
    page.evaluate(f"localStorage.setItem('{key}', {json.dumps(stored)})")
    page.reload()
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    expect(root.locator(".alw-notice")).to_contain_text("could not be read, so it was set aside")
    (aside,) = saved_answer_keys(page)  # kept under a set-aside key, never dropped
    assert aside.startswith(f"{key}:set-aside:")
    assert page.evaluate(f"localStorage.getItem('{aside}')") == stored
    root.get_by_label(data["options"][0]["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).not_to_be_empty()


def test_download_my_answers_saves_json(offline: OfflineContext, tmp_path: Path) -> None:
    page, root, data = open_exercise(offline, "choice")
    correct = next(o for o in data["options"] if o["correct"])
    root.get_by_label(correct["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    page.evaluate("localStorage.setItem('alw:questioning@1:broken_entry', '{oops')")
    page.goto(f"{offline.origin}/notebooks/questioning-practice.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers").click()
    download = info.value
    assert download.suggested_filename == "action-learning-answers.json"
    target = tmp_path / "answers.json"
    download.save_as(target)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["format"] == "action-learning-workbook-answers"
    assert saved["answers"][bank_key(data["id"])][data["id"]]["answer"]["selected"] == [correct["id"]]
    assert saved["skipped"] == 1
    expect(page.locator(".alw-download-panel [role=status]")).to_have_text(
        "Saved 1 answer to action-learning-answers.json. 1 unreadable entry was left out."
    )


# ---- keyboard only ----------------------------------------------------------


def tab_into(page: Page, root: Locator, *, limit: int = 300) -> None:
    """Press Tab from the top of the page until focus lands inside ``root``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if root.evaluate("el => el.contains(document.activeElement)"):
            return
    raise AssertionError("Tab never reached the exercise")


def focused(page: Page, attribute: str) -> str | None:
    return page.evaluate(f"document.activeElement.getAttribute({json.dumps(attribute)})")


def test_keyboard_choice_arrows_move_without_submitting(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "choice")
    assert not data.get("multiple")
    tab_into(page, root)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused control has no visible focus ring"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(feedback(root)).to_be_empty()
    shown = root.locator(".alw-option label").all_inner_texts()  # options are shown shuffled
    correct = shown.index(next(o["text"] for o in data["options"] if o["correct"]))
    for _ in range(correct):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # Enter operates the option, as Space does
    expect(root.locator("input").nth(correct)).to_be_checked()
    expect(feedback(root)).to_be_empty()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Space")
    expect(feedback(root)).to_contain_text("Correct.")


def test_keyboard_classify(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "classify")
    ids = [c["id"] for c in data["categories"]]
    by_text = {s["text"]: s for s in data["statements"]}
    shown = [by_text[t] for t in root.locator("fieldset.alw-statement > legend").all_inner_texts()]
    tab_into(page, root)
    for index, statement in enumerate(shown):
        page.keyboard.press("Space")  # select the first category of this statement
        for _ in range(ids.index(statement["category"])):
            page.keyboard.press("ArrowRight")
        expect(root.locator("fieldset.alw-statement").nth(index).locator("input:checked")).to_have_attribute(
            "value", statement["category"]
        )
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    n = len(data["statements"])
    expect(feedback(root)).to_contain_text(f"{n} of {n} sorted correctly.")


def test_keyboard_order(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "order")
    steps = data["steps"]
    tab_into(page, root)
    while page.evaluate("document.activeElement.classList.contains('alw-move')") is False:
        page.keyboard.press("Tab")
    presses = 0
    while current_order(root) != steps:
        order = current_order(root)
        target = next(i for i, s in enumerate(order) if s != steps[i])
        want = (str(order.index(steps[target])), "-1")
        # arrow keys walk between the move buttons; Enter and Space both press them
        while (focused(page, "data-pos"), focused(page, "data-dir")) != want:
            here = int(focused(page, "data-pos") or 0)
            page.keyboard.press("ArrowDown" if here < int(want[0]) else "ArrowUp")
        page.keyboard.press("Enter" if presses % 2 else "Space")
        presses += 1
        assert presses < 50
    expect(root.locator(".alw-visually-hidden[role=status]")).to_contain_text("is now number")
    while page.evaluate("document.activeElement.textContent") != "Check":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(feedback(root)).to_contain_text("All in the right order.")


def test_keyboard_rewrite(offline: OfflineContext) -> None:
    page, root, data = open_exercise(offline, "rewrite")
    tab_into(page, root)
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    page.keyboard.type(data["model_answer"])
    page.keyboard.press("Enter")
    expect(feedback(root)).to_contain_text(rule_message(data["model_answer"]))


# ---- accessibility, offline, weight -------------------------------------------


@pytest.mark.parametrize("page_path", sorted(embedded_items()))
def test_every_page_gives_feedback_and_axe_finds_no_wcag_aa_violations(offline: OfflineContext, page_path: str) -> None:
    page = offline.page(page_path)
    expect(page.locator("[data-exercise-id]")).to_have_count(len(embedded_items()[page_path]))
    for item_id in embedded_items()[page_path]:  # every exercise answers, even unanswered
        root = page.locator(f'[data-exercise-id="{item_id}"]')
        root.get_by_role("button", name=check_label(item_id), exact=True).click()
        expect(feedback(root)).not_to_be_empty()  # so the feedback is checked by axe too
    # From the top, as a reader arrives: pressing Check scrolled the verdicts
    # into view, and axe counts a control passing under the sticky header as
    # an obscured target.
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []


def test_book_pages_reference_nothing_outside(offline: OfflineContext) -> None:
    """No page in the build loads a script, style, font or image from elsewhere."""
    import re

    loads = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)
    offenders = [p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html") if loads.search(p.read_text("utf-8"))]
    assert offenders == []


def widget_state(page_path: str) -> str:
    """The widget-state JSON a built page embeds, as text."""
    match = STATE.search((HTML / page_path).read_text(encoding="utf-8"))
    assert match, f"{page_path} embeds no widget state"
    return match.group(1)


def asset_refs(page_path: str) -> dict[str, set[str]]:
    """Shared widget file names a page refers to, by the key that refers to them."""
    refs: dict[str, set[str]] = {}
    for model in json.loads(widget_state(page_path))["state"].values():
        values = model["state"]
        for key, value in [*values.items(), *(values.get("config") or {}).items()]:
            if isinstance(value, dict) and "$asset" in value:
                refs.setdefault(key, set()).add(value["$asset"])
    return refs


def busiest_page() -> str:
    return max(embedded_items(), key=lambda p: (len(embedded_items()[p]), len(widget_state(p))))


def test_exercise_page_weight_budget(offline: OfflineContext) -> None:
    """The loader and the exercise module (ten exercise types, the hand-in,
    progress and self-assessment panels), cached after the first exercise page,
    are at most 95 KB;
    the busiest page then adds only its own items (at
    most 60 KB of widget state, the rules and stylesheet being cached too); a
    whole exercise page stays under 1 MB."""
    page_path = busiest_page()
    sizes: dict[str, int] = {}
    context = offline.context
    context.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    page = offline.page(page_path)
    expect(page.locator("[data-exercise-id]")).to_have_count(len(embedded_items()[page_path]))
    total = sum(sizes.values())
    loader = next(size for url, size in sizes.items() if "widget-loader.js" in url)
    (module,) = asset_refs(page_path)["_esm"]
    assert loader + sizes[f"{offline.origin}/{ASSETS}/{module}"] <= 95_000
    assert len(widget_state(page_path).encode("utf-8")) <= 60_000
    assert total < 1_000_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


# ---- shared widget files, cached across pages --------------------------------


def asset_requests(offline: OfflineContext, page_path: str) -> set[str]:
    """The shared widget files the browser loads for a page, rendered."""
    loaded: list[str] = []
    page = offline.context.new_page()
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    page.on("requestfinished", lambda r: loaded.append(r.url) if f"/{ASSETS}/" in r.url else None)
    page.goto(f"{offline.origin}/{page_path}")
    expect(page.locator("[data-exercise-id]")).to_have_count(len(embedded_items()[page_path]))
    page.close()
    return {url.rsplit("/", 1)[1] for url in loaded}


def test_exercise_pages_load_the_same_shared_files(offline: OfflineContext) -> None:
    """Two exercise pages refer to, and load, the same module, stylesheet and
    rules files, so the second page's visit finds them in the cache."""
    first, _ = first_embedded("rewrite", "book/questioning/")
    second, _ = first_embedded("rewrite", "book/co-coaching/")
    assert first != second
    refs_first, refs_second = asset_refs(first), asset_refs(second)
    assert len(refs_first["_esm"]) == 1
    assert refs_first["_esm"] == refs_second["_esm"]
    assert refs_first["_css"] == refs_second["_css"]
    assert refs_first["rules"] == refs_second["rules"]
    loaded_first = asset_requests(offline, first)
    loaded_second = asset_requests(offline, second)
    assert loaded_first == set().union(*refs_first.values())
    assert loaded_second <= loaded_first
    for name in loaded_first:
        assert re.fullmatch(r"(esm|css|data)-[0-9a-f]{16}\.js", name)
        assert (HTML / ASSETS / name).is_file()


def test_the_busiest_page_adds_only_its_items_after_another_page() -> None:
    """After one exercise page with a rewrite exercise, the busiest page needs
    no shared file the first did not load: only its own embedded state."""
    first, _ = first_embedded("rewrite")
    busiest = busiest_page()
    assert set().union(*asset_refs(busiest).values()) <= set().union(*asset_refs(first).values())


def test_no_page_embeds_a_module_stylesheet_or_rules() -> None:
    """Every page's widget state refers to the shared files instead of carrying them."""
    pages = [p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html") if STATE.search(p.read_text("utf-8"))]
    assert len(pages) >= len(embedded_items())
    for page_path in pages:
        text = widget_state(page_path)
        assert "export default" not in text, page_path
        for model in json.loads(text)["state"].values():
            values = model["state"]
            shared = {k: values.get(k) for k in ("_esm", "_css", "rules")}
            shared["smart_rules"] = (values.get("config") or {}).get("smart_rules")
            for key, value in shared.items():
                assert value is None or set(value) in ({"$asset"}, {"$same_as"}), (page_path, key)


def test_a_missing_shared_file_stops_only_the_widgets_that_need_it(browser: Any, site: str) -> None:
    """If the rules file cannot be loaded, the rewrite exercises say so and
    the other exercises on the page still work."""
    page_path, rewrite = first_embedded("rewrite")
    other = next(i for i in embedded_items()[page_path] if item(i)["type"] != "rewrite")
    (rules,) = asset_refs(page_path)["rules"]
    context = browser.new_context()
    context.route(f"**/{ASSETS}/{rules}", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site}/{page_path}")
    expect(page.locator(".alw-widget", has_text="could not be shown").first).to_be_visible()
    expect(page.locator(f'[data-exercise-id="{rewrite["id"]}"]')).to_have_count(0)
    expect(page.locator(f'[data-exercise-id="{other}"]')).to_be_visible()
    context.close()


def test_works_from_file_url(browser: Any) -> None:
    """A learner can open the built HTML straight from disk: the shared widget
    files load as classic scripts from file: URLs, and exercises of two pages
    render and give feedback."""
    page_path, data = first_embedded("rewrite")
    choice_path, choice = first_embedded("choice", "book/co-coaching/")
    context = browser.new_context()
    outside: list[str] = []
    loaded: list[str] = []
    context.route("http*://**/*", lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("requestfinished", lambda r: loaded.append(r.url) if f"/{ASSETS}/" in r.url else None)
    page.goto((HTML / page_path).as_uri())
    root = page.locator(f'[data-exercise-id="{data["id"]}"]')
    root.get_by_label("Your question").fill(data["model_answer"])
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text(rule_message(data["model_answer"]))
    page.goto((HTML / choice_path).as_uri())
    root = page.locator(f'[data-exercise-id="{choice["id"]}"]')
    right = [o for o in choice["options"] if o["correct"]]
    for option in right:
        root.get_by_label(option["text"], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(root)).to_contain_text("Correct.")
    context.close()
    assert outside == []
    assert loaded, "the shared widget files were not loaded"
    assert all(url.startswith("file://") for url in loaded)
    assert {url.rsplit("/", 1)[1] for url in loaded} >= set().union(*asset_refs(page_path).values())


def test_search_works_offline_from_the_search_page(offline: OfflineContext) -> None:
    """The search index is loaded by the search page only, and searching finds course pages."""
    page = offline.page("search.html?q=Revans")
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible(timeout=10_000)
    assert results.count() >= 3
    assert offline.outside == []
