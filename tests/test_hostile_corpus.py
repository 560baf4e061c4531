"""The hostile-input corpus beyond grading (tests/corpus/hostile.yaml, the files
under tests/corpus/files/): malformed and hostile data files for every YAML
loader, tool imports (JSON and CSV) and corrupted browser storage for every
exercise type and tool, each with what must happen to it.

Data files end in the loader's own error, naming the file, line and key path, in
bounded time, or load with hostile text kept as text. In the built book (headless
Chromium, offline) an import or a stored value never becomes markup, never runs
script and never adds to Object.prototype; a value that cannot be used is set
aside under a key the notice names, holding it unchanged. The browser cases are
batched: one page per tool, and for the exercises a few pages that between them
hold every type, several exercises per load.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.book_pages import embedded_items
from tests.conftest import OfflineContext
from tests.test_tools_browser import JOURNAL_KEY, LOG_KEY, MEETING_KEY, download, open_tool
from workbook._errors import BankError, MeetingError, RulesError, ScenarioError, WorkbookError
from workbook.banks import default_banks
from workbook.banks._load import load_bank
from workbook.exercise_types import TYPES
from workbook.grading._report import _text as guarded
from workbook.meetings._load import load_meeting
from workbook.practice._load import load_scenario
from workbook.rules._engine import load_rules

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = CORPUS / "files"
SPEC: dict[str, Any] = yaml.safe_load((CORPUS / "hostile.yaml").read_text(encoding="utf-8"))

LOADERS: dict[str, tuple[Callable[[Path], object], type[WorkbookError]]] = {
    "bank": (load_bank, BankError),
    "rules": (load_rules, RulesError),
    "scenario": (load_scenario, ScenarioError),
    "meeting": (load_meeting, MeetingError),
}
FILE_KEYS = {"file", "loads", "keeps", "line", "where", "problem"}
SECONDS = 2.0  # any one file, loaded; normally milliseconds
MESSAGE_CHARS = 600  # an error quotes a short part of a value, never a whole file


def texts(value: Any) -> list[str]:
    """Every string inside loaded data (dicts, lists, tuples and objects' attributes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts(v)]
    return texts(vars(value)) if hasattr(value, "__dict__") else []


def file_cases() -> list[Any]:
    cases = []
    for case in SPEC["files"]:
        folder = case["file"].split("/")[0]
        for loader in LOADERS if folder == "yaml" else [folder]:
            cases.append(pytest.param(case, loader, id=f"{case['file']}-{loader}"))
    return cases


# ---- the corpus itself ------------------------------------------------------------------


def test_every_file_is_a_case_and_every_case_a_file() -> None:
    listed = [c["file"] for c in SPEC["files"]] + [c["file"] for c in SPEC["imports"]]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file())
    for case in SPEC["files"]:
        assert set(case) <= FILE_KEYS, case
        assert case["file"].split("/")[0] in {"yaml", *LOADERS}, case
        assert case.get("loads") or {"line", "problem"} <= set(case), case
    assert set(SPEC["storage"]["exercises"]) == set(TYPES), "every exercise type has its own storage cases"
    assert set(SPEC["storage"]["tools"]) == {"log", "runner", "journal"}


# ---- data files -------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "loader"), file_cases())
def test_data_file(case: dict[str, Any], loader: str) -> None:
    path = FILES / case["file"]
    load, error = LOADERS[loader]
    started = time.perf_counter()
    if case.get("loads"):
        loaded = load(path)
        if "keeps" in case:
            assert any(case["keeps"] in text for text in texts(loaded)), "hostile text is kept as text"
        return
    with pytest.raises(WorkbookError) as raised:
        load(path)
    assert time.perf_counter() - started < SECONDS
    assert type(raised.value) is error, f"{type(raised.value).__name__}, not the loader's own {error.__name__}"
    message = str(raised.value)
    assert message.startswith(f"{path}:{case['line']}: "), message[:300]
    if "where" in case:
        assert f" {case['where']}: " in message, message[:300]
    assert case["problem"] in message, message[:300]
    assert len(message) < MESSAGE_CHARS, message[:300]


# ---- the browser: what every case must leave true ------------------------------------------

INJECTED = """() => ({
  pwned: window.pwned ?? null,
  polluted: Object.prototype.polluted ?? null,
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  scripts: [...document.scripts].filter((s) => s.textContent.includes("pwned")).length,
})"""
CLEAN = {"pwned": None, "polluted": None, "images": 0, "scripts": 0}


def assert_nothing_injected(page: Page, case: str) -> None:
    assert page.evaluate(INJECTED) == CLEAN, case


def storage(page: Page) -> dict[str, str]:
    return page.evaluate("Object.fromEntries(Object.entries(localStorage))")  # type: ignore[no-any-return]


def put(page: Page, values: dict[str, str]) -> None:
    page.evaluate(
        "(values) => { localStorage.clear(); for (const [k, v] of Object.entries(values)) localStorage.setItem(k, v); }",
        values,
    )


def strings_in(raw: str) -> list[str]:
    """The text values inside stored JSON (or the whole text, if it is not JSON)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return [raw]
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return found


def assert_set_aside(notice: str, key: str, raw: str, after: dict[str, str], case: str) -> None:
    """The notice names the set-aside key; nothing of the value is lost."""
    asides = [k for k in after if k.startswith(f"{key}:set-aside:")]
    assert len(asides) == 1, (case, sorted(after))
    assert asides[0] in notice, (case, notice)
    if after[asides[0]] != raw:  # a tool kept the readable part and set aside the rest
        kept = after[asides[0]] + after.get(key, "")
        assert all(json.dumps(s)[1:-1] in kept for s in strings_in(raw)), (case, kept)
    else:
        assert key not in after, case


# ---- tool imports -------------------------------------------------------------------------

IMPORT_FIELDS = {"log": "Bring back a saved copy of a log (file)", "journal": "Add entries from a saved copy (file)"}
IMPORTED = {"log": "Imported {n} action", "journal": "Imported {n} entr"}
STORE_KEYS = {"log": LOG_KEY, "runner": MEETING_KEY, "journal": JOURNAL_KEY}


@pytest.mark.browser
@pytest.mark.parametrize("tool_name", sorted(IMPORT_FIELDS))
def test_tool_imports(offline: OfflineContext, tmp_path: Path, tool_name: str) -> None:
    """Every import case for one tool, in one page: imported as text, or refused with its reasons."""
    page, tool = open_tool(offline, tool_name)
    field = tool.get_by_label(IMPORT_FIELDS[tool_name])
    io_panel = tool.locator(".alw-io")
    for case in (c for c in SPEC["imports"] if c["tool"] == tool_name):
        before = storage(page).get(STORE_KEYS[tool_name])
        path = FILES / case["file"]
        field.set_input_files(path)
        if "imported" in case:
            expect(io_panel).to_contain_text(IMPORTED[tool_name].format(n=case["imported"]))
        else:
            expect(io_panel).to_contain_text(f"“{path.name}” was not imported")
            for text in case["errors"]:
                expect(io_panel).to_contain_text(text)
            assert storage(page).get(STORE_KEYS[tool_name]) == before, case["file"]
        assert_nothing_injected(page, case["file"])
        if case.get("csv_guarded"):
            saved = download(page, tool, "Save for a spreadsheet (CSV file)", tmp_path / "log.csv")
            cells = [c for row in csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))) for c in row]
            formulas = [c for c in cells if c[:1] in {"=", "+", "-", "@"}]
            assert formulas == [], formulas
            assert sum(c.startswith("'") for c in cells) >= case["imported"]  # the full rule: test_exported_log_…
        field.set_input_files([])  # choosing the next file fires change even if its name repeats


def call_tools(module: str, function: str, *args: Any) -> Any:
    """One exported function of a tools module, run under Node (tests/js/call_tools.mjs)."""
    script = Path(__file__).resolve().parent / "js" / "call_tools.mjs"
    done = subprocess.run(
        ["node", str(script), module, function], input=json.dumps(args), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("case", [c for c in SPEC["imports"] if c.get("csv_guarded")], ids=lambda c: c["file"])
def test_exported_log_guards_every_formula(case: dict[str, Any]) -> None:
    """The action log's CSV export guards each cell the cohort report's rule would
    (one rule, in Python and JavaScript), and reads back as it was."""
    path = FILES / case["file"]
    log = call_tools("log_files", "logFromFile", {"name": path.name, "text": path.read_text(encoding="utf-8")})["log"]
    exported = call_tools("log_files", "logToCsv", log)
    cells = [c for row in csv.reader(io.StringIO(exported)) for c in row]
    assert [c for c in cells if guarded(c) != c] == []
    assert sum(c.startswith("'") for c in cells) >= case["imported"]
    again = call_tools("log_files", "logFromFile", {"name": "again.csv", "text": exported})["log"]
    assert again == log


# ---- corrupted storage: the tools ------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("tool_name", sorted(STORE_KEYS))
def test_tool_storage(offline: OfflineContext, tool_name: str) -> None:
    """Every stored value for one tool, in one page, reloaded for each."""
    page, tool = open_tool(offline, tool_name)
    key = STORE_KEYS[tool_name]
    for case in SPEC["storage"]["tools"][tool_name]:
        raw = case["value"]
        put(page, {key: raw})
        page.reload()
        expect(tool).to_be_visible()
        notice = tool.locator(".alw-notice").first
        if case["expected"] == "kept":
            expect(tool.locator(".alw-notice:visible")).to_have_count(0)
            assert storage(page)[key] == raw or json.loads(storage(page)[key]) == json.loads(raw), raw
        else:
            expect(notice).to_contain_text("could not be read")
            assert_set_aside(notice.inner_text(), key, raw, storage(page), raw)
        assert_nothing_injected(page, raw)


# ---- corrupted storage: every exercise type ------------------------------------------------


def kind_of(item_id: str) -> str:
    return str(default_banks().item(item_id)[1]["type"])


def store_key(item_id: str) -> str:
    """The key an exercise's answer is kept under: alw:BANK@VERSION:ITEM."""
    bank, _ = default_banks().item(item_id)
    return f"alw:{bank.name}@{bank.version}:{item_id}"


def exercise_pages() -> dict[str, dict[str, list[str]]]:
    """A few pages that between them embed every type: page -> type -> exercise ids."""
    by_page: dict[str, dict[str, list[str]]] = {}
    for page, ids in embedded_items().items():
        for item_id in ids:
            by_page.setdefault(page, {}).setdefault(kind_of(item_id), []).append(item_id)
    chosen: dict[str, dict[str, list[str]]] = {}
    missing = set(TYPES)
    while missing:  # greedy: the page with most missing types, then most exercises of them
        page = max(by_page, key=lambda p: (len(missing & set(by_page[p])), sum(len(v) for v in by_page[p].values())))
        assert missing & set(by_page[page]), f"no page embeds {missing}"
        chosen[page] = {t: v for t, v in by_page[page].items() if t in missing}
        missing -= set(by_page[page])
    return chosen


def storage_cases(kind: str) -> list[dict[str, Any]]:
    cases = list(SPEC["storage"]["every_exercise"]) + list(SPEC["storage"]["exercises"][kind])
    return [c if "value" in c else {**c, "value": json.dumps({"answer": c["answer"]})} for c in cases]


@pytest.mark.browser
def test_exercise_storage(offline: OfflineContext) -> None:
    """Every stored value for every type: each round puts one case under each
    exercise of the chosen pages, reloads once and checks them all."""
    checked: set[str] = set()
    for page_path, kinds in exercise_pages().items():
        page = offline.page(page_path)
        for item_id in (i for ids in kinds.values() for i in ids):
            # rendered before anything is stored: one still rendering would set a value aside before the reload
            expect(page.locator(f'[data-exercise-id="{item_id}"]').locator(".alw-check, button").first).to_be_visible()
        queue = {kind: storage_cases(kind) for kind in kinds}
        while any(queue.values()):
            placed: dict[str, tuple[str, dict[str, Any]]] = {}  # key -> (exercise id, case)
            for kind, ids in kinds.items():
                for item_id in ids:
                    if queue[kind]:
                        placed[store_key(item_id)] = (item_id, queue[kind].pop(0))
            put(page, {key: case["value"] for key, (_, case) in placed.items()})
            page.reload()
            notices = {}
            for key, (item_id, case) in placed.items():  # every exercise has read its value
                root = page.locator(f'[data-exercise-id="{item_id}"]')
                expect(root.locator(".alw-check, button").first).to_be_visible()
                notice = root.locator(".alw-notice")
                if case["expected"] == "kept":
                    expect(notice).to_be_hidden()
                else:
                    expect(notice).to_contain_text("set aside in this browser (as “")
                    notices[key] = notice.inner_text()
            after = storage(page)
            for key, (item_id, case) in placed.items():
                label = f"{kind_of(item_id)} {item_id}: {case['value'][:80]}"
                if case["expected"] == "kept":
                    assert after[key] == case["value"], label
                else:
                    assert_set_aside(notices[key], key, case["value"], after, label)
                checked.add(kind_of(item_id))
            assert_nothing_injected(page, page_path)
    assert checked == set(TYPES)
