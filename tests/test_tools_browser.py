"""The set tools in the built book, in headless Chromium, offline: the main flows,
data kept over a reload, export and import through real files, clear import
errors that change nothing, the meeting runner feeding the action log, keyboard-only
use, and no axe-core violations."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import OfflineContext
from tests.test_smart_rules import fixture_rows
from workbook.rules import check_smart_action, classify_question
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOG_KEY = "alw-tools:action-log@1"
MEETING_KEY = "alw-tools:meeting@1"
JOURNAL_KEY = "alw-tools:journal@1"
TODAY = "2026-03-02"
PAGES = {
    "log": "book/tools/action-log.html",
    "runner": "book/tools/meeting-runner.html",
    "journal": "book/tools/reflective-journal.html",
}
HOSTILE = '<img src=x onerror="window.pwned=1">Ask Jo'
CSV_HEADER = "meeting_id,meeting_date,action_id,action,owner,due,measure,status,learnt,carried_from"
STRAY = re.compile(r"\b(?:null|undefined|NaN)\b|\[object Object\]")


def open_tool(offline: OfflineContext, which: str, *, clock: bool = True) -> tuple[Page, Locator]:
    """A tool page, with the browser's clock set to 09:00 on TODAY (time then runs on)."""
    page = offline.context.new_page()
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    if clock:
        page.clock.install(time=f"{TODAY}T09:00:00")
    page.goto(f"{offline.origin}/{PAGES[which]}")
    tool = page.locator(".alw-tool")
    expect(tool).to_be_visible()
    return page, tool


def stored(page: Page, key: str) -> Any:
    raw = page.evaluate(f"localStorage.getItem({json.dumps(key)})")
    return None if raw is None else json.loads(raw)


def add_action(
    tool: Locator, action: str, owner: str = "", due: str = "", measure: str = "", *, button: str = "Add action"
) -> None:
    tool.get_by_label("Action", exact=True).fill(action)
    tool.get_by_label("Owner", exact=True).fill(owner)
    tool.get_by_label("Due date", exact=True).fill(due)
    tool.get_by_label("How will you know it is done?").fill(measure)
    tool.get_by_role("button", name=button, exact=True).click()


def action_item(tool: Locator, text: str) -> Locator:
    return tool.locator(".alw-current li.alw-action").filter(has=tool.page.locator(".alw-action-text", has_text=text))


def download(page: Page, tool: Locator, button: str, target: Path) -> Path:
    with page.expect_download() as info:
        tool.get_by_role("button", name=button, exact=True).click()
    info.value.save_as(target)
    return target


def run_axe(page: Page) -> list[Any]:
    page.evaluate(AXE.read_text("utf-8"))  # not a script tag: the page's policy refuses inline scripts
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


# ---- action log -------------------------------------------------------------


def fill_action(tool: Locator, fields: dict[str, str]) -> None:
    tool.get_by_label("Action", exact=True).fill(fields["action"])
    tool.get_by_label("Owner", exact=True).fill(fields["owner"])
    tool.get_by_label("Due date", exact=True).fill(fields["due"])
    tool.get_by_label("How will you know it is done?").fill(fields["measure"])


def expect_smart_panel(tool: Locator, fields: dict[str, str]) -> None:
    """The panel shows, element by element, what the Python checks find for these fields."""
    items = tool.locator(".alw-smart").first.locator("li")
    results = check_smart_action(fields, today=TODAY)
    if results is None:
        expect(items).to_have_text(["Type an action to see what the SMART checks find."])
        return
    expect(items).to_have_class(["alw-met" if r.met else "alw-unmet" for r in results])
    assert [items.nth(i).get_attribute("data-check") for i in range(5)] == [r.check for r in results], fields
    expect(items).to_contain_text([r.message for r in results])


def browser_fixture_rows() -> list[tuple[str, dict[str, str]]]:
    """The fixture rows a date field can hold (it refuses an impossible date such as 30 February)."""
    return [(e, f) for e, f in fixture_rows() if not f["due"] or is_real_date(f["due"])]


def is_real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def test_action_log_shows_the_fixture_verdicts_as_you_type(offline: OfflineContext) -> None:
    """Every fixture action, sentences in the Action field alone and the log's fields, gets its listed verdicts."""
    _, tool = open_tool(offline, "log")
    items = tool.locator(".alw-smart").first.locator("li")
    rows = browser_fixture_rows()
    assert len(rows) >= 60
    for expected, fields in rows:
        fill_action(tool, fields)
        if expected == "blank":
            expect(items).to_have_count(1)
            continue
        classes = ["alw-met" if letter != "-" else "alw-unmet" for letter in expected]
        expect(items).to_have_class(classes)
        expect_smart_panel(tool, fields)


def test_action_log_smart_panel_labels_summary_and_limits(offline: OfflineContext) -> None:
    _, tool = open_tool(offline, "log")
    panel = tool.locator(".alw-smart-panel").first
    fields = {"action": "Email the new rota to the team", "owner": "Ann", "due": "2026-03-09", "measure": "Rota sent"}
    fill_action(tool, fields)
    expect(panel.locator("li strong")).to_have_text(
        ["Specific: ", "Measurable: ", "Assignable: ", "Realistic: ", "Time-related: "]
    )
    expect(panel.locator(".alw-smart-summary")).to_have_text("SMART checks: 5 of 5 met.")
    expect(panel.locator('[data-element="realistic"]')).to_contain_text("beyond a pattern")
    expect(panel).to_contain_text(default_smart_rules().data["note"])
    tool.get_by_label("Due date", exact=True).fill("2026-02-01")
    expect(panel.locator('[data-element="time_related"]')).to_have_attribute("data-check", "time_related_due_past")
    expect(panel.locator(".alw-smart-summary")).to_have_text("SMART checks: 4 of 5 met.")


def test_action_log_review_carry_forward_and_history_survive_reload(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, "Email the rota to the team", "Ann", "2026-03-09", "Rota sent")
    add_action(tool, "Book a room for the workshop", "Ben", "2026-03-12", "Room booked")
    add_action(tool, "Draft the survey", "Cat", "2026-03-14", "Draft shared")
    expect(tool.locator(".alw-status").first).to_contain_text("Added “Draft the survey” to the meeting on 2026-03-02.")
    expect(tool.locator(".alw-current h3")).to_have_text("This meeting: 2026-03-02")
    action_item(tool, "Email the rota").get_by_label("Done", exact=True).check()
    expect(tool.locator(".alw-status").first).to_have_text("Marked “Email the rota to the team” as done.")
    action_item(tool, "Book a room").get_by_label("Partly done").check()
    action_item(tool, "Book a room").get_by_label("What was learnt").fill("Rooms go fast: book a month ahead.")
    page.reload()
    tool = page.locator(".alw-tool")
    expect(action_item(tool, "Email the rota").get_by_label("Done", exact=True)).to_be_checked()
    expect(action_item(tool, "Book a room").get_by_label("What was learnt")).to_have_value(
        "Rooms go fast: book a month ahead."
    )
    tool.get_by_label("Date of the next meeting").fill("2026-03-30")
    tool.get_by_role("button", name="Start the next meeting").click()
    expect(tool.locator(".alw-status").first).to_contain_text(
        "Started the meeting on 2026-03-30; 2 unfinished actions carried forward."
    )
    expect(tool.locator(".alw-current li.alw-action .alw-action-text")).to_have_text(
        ["Book a room for the workshop Carried forward", "Draft the survey Carried forward"]
    )
    history = tool.locator(".alw-history table")
    expect(history.locator("caption")).to_have_text("Actions agreed on 2026-03-02")
    expect(history.locator("tbody tr")).to_have_count(3)
    expect(history.locator("tbody tr").nth(1)).to_contain_text("Partly done (carried forward)")
    expect(history.locator("tbody tr").nth(1)).to_contain_text("Rooms go fast")
    page.reload()
    log = stored(page, LOG_KEY)
    assert [m["date"] for m in log["meetings"]] == ["2026-03-02", "2026-03-30"]
    assert [a["status"] for a in log["meetings"][0]["actions"]] == ["done", "partly", "open"]
    expect(page.locator(".alw-history tbody tr")).to_have_count(3)


def test_a_new_status_message_does_not_move_what_is_below_it(offline: OfflineContext) -> None:
    """The status is emptied before each message (so a repeat is announced); the
    page must not jump meanwhile, or the next click lands on the wrong radio."""
    _, tool = open_tool(offline, "log")
    add_action(tool, "Email the rota to the team", "Ann")
    add_action(tool, "Book a room for the workshop", "Ben")
    expect(tool.locator(".alw-status").first).to_contain_text("Added “Book a room for the workshop”")
    before, during = tool.evaluate(
        """tool => {
            const radios = tool.querySelectorAll(".alw-current li.alw-action input[type=radio]");
            const last = radios[radios.length - 1];
            const before = last.getBoundingClientRect().top;
            radios[0].click();
            return [before, last.getBoundingClientRect().top];
        }"""
    )
    assert during == before
    expect(tool.locator(".alw-status").first).to_have_text("Marked “Email the rota to the team” as done.")


def test_action_log_remove_can_be_undone(offline: OfflineContext) -> None:
    _, tool = open_tool(offline, "log")
    add_action(tool, "Call the supplier", "Ann")
    tool.get_by_role("button", name="Remove action: Call the supplier").click()
    expect(tool.locator(".alw-current li.alw-action")).to_have_count(0)
    tool.get_by_role("button", name="Undo remove").click()
    expect(action_item(tool, "Call the supplier")).to_have_count(1)


def test_action_log_json_and_csv_round_trip(offline: OfflineContext, tmp_path: Path) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, 'Email Jo, then "chase" her', "'=Ann", "2026-03-09", "=reply received")
    add_action(tool, "Book a room", "Ben", "", "Room booked\nfor 12")
    action_item(tool, "Book a room").get_by_label("Not done").check()
    action_item(tool, "Book a room").get_by_label("What was learnt").fill(" =1+1 and ＝2+2")
    tool.get_by_label("Date of the next meeting").fill("2026-04-01")
    tool.get_by_role("button", name="Start the next meeting").click()
    original = stored(page, LOG_KEY)
    as_json = download(page, tool, "Save a copy of my log (file)", tmp_path / "log.json")
    as_csv = download(page, tool, "Save for a spreadsheet (CSV file)", tmp_path / "log.csv")
    assert json.loads(as_json.read_text("utf-8")) == original
    assert (
        as_csv.read_text("utf-8").splitlines()[0]
        == "meeting_id,meeting_date,action_id,action,owner,due,measure,status,learnt,carried_from"
    )
    text = as_csv.read_text("utf-8")
    assert "'=reply received" in text
    assert ",''=Ann," in text, "a typed leading apostrophe gets one more, so it survives the import"
    assert "' =1+1 and ＝2+2" in text, "white space before a formula character is no escape"
    for path in (as_csv, as_json):
        page.evaluate("localStorage.clear()")
        page.reload()
        tool = page.locator(".alw-tool")
        expect(tool.locator(".alw-current")).to_contain_text("No actions yet")
        tool.get_by_label("Bring back a saved copy of a log (file)").set_input_files(path)
        expect(tool.locator(".alw-io .alw-status")).to_contain_text(
            f"Imported 4 actions from 2 meetings (“{path.name}”)."
        )
        assert stored(page, LOG_KEY) == original, path.name
    expect(tool.locator(".alw-history tbody tr")).to_have_count(2)
    expect(tool.locator(".alw-current li.alw-action")).to_have_count(2)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param("log.json", "{not json", "This is not valid JSON", id="broken-json"),
        pytest.param(
            "log.json",
            '{"format": "something-else"}',
            'it needs "format": "action-learning-action-log"',
            id="not-a-log",
        ),
        pytest.param(
            "log.json",
            '{"format": "action-learning-action-log", "version": 1, "meetings": [{"id": "m", "date": "2026-03-02", "actions": [{"id": "a", "action": "Go", "owner": "", "due": "soon", "measure": "", "status": "done", "learnt": ""}]}]}',
            "Meeting 1, action 1, field “due”: “soon” is not a date",
            id="json-bad-field",
        ),
        pytest.param(
            "log.csv", "action,owner\nGo,Ann\n", "missing: meeting_id, meeting_date, action_id, due", id="csv-columns"
        ),
        pytest.param(
            "log.csv",
            "meeting_id,meeting_date,action_id,action,owner,due,measure,status,learnt,carried_from\nm,2026-03-02,a,Go,Ann,,,done,,\nm,2026-03-02,b,,Ben,,,finished,,\n",
            "Row 3, field “status”: “finished” is not one of",
            id="csv-bad-row",
        ),
        pytest.param(
            "log.csv", 'meeting_id,meeting_date\n"m,2026', "a quoted cell is never closed", id="csv-unclosed-quote"
        ),
        pytest.param(
            "log.csv",
            f"{CSV_HEADER}\nm,2026-03-02,a,Go,Ann,,,toString,,\n",
            "Row 2, field “status”: “toString” is not one of open, done, partly, not_done.",
            id="csv-status-toString",
        ),
        pytest.param(
            "log.csv",
            f"{CSV_HEADER}\nm,2026-03-02,a,Go,Ann,,,done,,\nm,2026-03-02,b,Go,Ann,,,__proto__,,\n",
            "Row 3, field “status”: “__proto__” is not one of open, done, partly, not_done.",
            id="csv-status-proto",
        ),
        pytest.param(
            "log.json",
            '{"format": "action-learning-action-log", "version": 1, "meetings": [{"id": "m", "date": "2026-03-02", "actions": [{"id": "a", "action": "Go", "owner": "", "due": "", "measure": "", "status": "constructor", "learnt": ""}]}]}',
            "Meeting 1, action 1, field “status”: “constructor” is not one of",
            id="json-status-constructor",
        ),
        *[
            pytest.param(name, content, "This JSON is not an action log", id=f"json-{label}")
            for name, content, label in [
                ("log.json", "[]", "list"),
                ("log.json", "null", "null"),
                ("log.json", "5", "number"),
                ("log.json", "[" * 20_000 + "]" * 20_000, "deep-nesting"),
                ("log.txt", "[]", "list-without-json-suffix"),
            ]
        ],
    ],
)
def test_bad_log_imports_are_explained_and_change_nothing(
    offline: OfflineContext, tmp_path: Path, name: str, content: str, error: str
) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, "Keep me", "Ann")
    before = stored(page, LOG_KEY)
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    tool.get_by_label("Bring back a saved copy of a log (file)").set_input_files(bad)
    errors = tool.locator(".alw-io [role=alert]")
    expect(errors).to_contain_text(f"“{name}” was not imported, and your log is unchanged:")
    expect(errors).to_contain_text(error)
    assert stored(page, LOG_KEY) == before
    expect(action_item(tool, "Keep me")).to_have_count(1)


def test_corrupted_log_is_set_aside_with_a_notice(offline: OfflineContext, tmp_path: Path) -> None:
    page, _ = open_tool(offline, "log")
    page.evaluate(f"localStorage.setItem({json.dumps(LOG_KEY)}, '{{\"format\": oops')")
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-notice")).to_contain_text("could not be read, so it was set aside in this browser")
    keys = page.evaluate("Object.keys(localStorage)")
    aside = [k for k in keys if k.startswith(f"{LOG_KEY}:set-aside:")]
    assert len(aside) == 1
    assert page.evaluate(f"localStorage.getItem({json.dumps(aside[0])})") == '{"format": oops'
    copy = download(page, tool, "Download the unreadable copy", tmp_path / "copy.txt")
    assert copy.read_text("utf-8") == '{"format": oops'
    add_action(tool, "Start again", "Ann")
    assert stored(page, LOG_KEY)["meetings"][0]["actions"][0]["action"] == "Start again"


def log_action(action_id: str, action: str, **fields: str) -> dict[str, str]:
    return {
        "id": action_id,
        "action": action,
        "owner": "",
        "due": "",
        "measure": "",
        "status": "open",
        "learnt": "",
    } | fields


def test_one_bad_action_is_set_aside_not_the_whole_log(offline: OfflineContext, tmp_path: Path) -> None:
    page, _ = open_tool(offline, "log")
    bad = log_action("a2", "Sort it out", owner="Ben", due="next week")
    log = {
        "format": "action-learning-action-log",
        "version": 1,
        "meetings": [
            {"id": "m1", "date": "2026-02-23", "actions": [log_action("a1", "Earlier action", status="done"), bad]},
            {"id": "m2", "date": TODAY, "actions": [log_action("a3", "Still here", owner="Ann")]},
        ],
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [LOG_KEY, json.dumps(log)])
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-notice")).to_contain_text(
        "1 action could not be read, so it was set aside in this browser"
    )
    expect(tool.locator(".alw-notice")).to_contain_text("everything else is shown")
    expect(action_item(tool, "Still here")).to_have_count(1)
    expect(tool.locator(".alw-history tbody tr")).to_have_text([re.compile("Earlier action")])
    kept = stored(page, LOG_KEY)
    assert [[a["id"] for a in m["actions"]] for m in kept["meetings"]] == [["a1"], ["a3"]]
    (aside,) = [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith(f"{LOG_KEY}:set-aside:")]
    copy = json.loads(page.evaluate("k => localStorage.getItem(k)", aside))
    assert copy["meetings"] == [{"id": "m1", "date": "2026-02-23", "actions": [bad]}]
    assert "“next week” is not a date" in copy["problems"][0]
    downloaded = download(page, tool, "Download the unreadable copy", tmp_path / "copy.txt")
    assert json.loads(downloaded.read_text("utf-8")) == copy
    page.reload()
    expect(page.locator(".alw-tool .alw-notice")).to_be_hidden()  # the log is whole again: no second notice


def test_action_log_shows_learner_html_as_text(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, HOSTILE, HOSTILE, "", HOSTILE)
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-current .alw-action-text")).to_have_text(HOSTILE)
    expect(tool.locator(".alw-current .alw-meta")).to_contain_text(HOSTILE)
    assert page.locator(".alw-tool img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_action_log_has_a_print_stylesheet(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, "Email Jo", "Ann")
    page.emulate_media(media="print")
    expect(tool.get_by_role("button", name="Add action")).to_be_hidden()
    expect(tool.locator(".alw-current .alw-print-only")).to_have_text("Outcome: Not reviewed yet")
    expect(tool.locator(".alw-current .alw-action-text")).to_be_visible()


# ---- meeting runner -----------------------------------------------------------


def set_up_members(tool: Locator, bids: dict[str, int]) -> None:
    for name in bids:
        tool.get_by_label("Name", exact=True).fill(name)
        tool.get_by_role("button", name="Add member").click()
    for name, bid in bids.items():
        tool.get_by_label(f"Minutes bid by {name}").fill(str(bid))
        tool.get_by_label(f"Minutes bid by {name}").press("Tab")


def finish_meeting(tool: Locator) -> None:
    """Finish the meeting through its confirm step."""
    tool.get_by_role("button", name="Finish the meeting").click()
    tool.get_by_role("button", name="Finish now").click()


def test_runner_allocates_airtime_within_the_meeting(offline: OfflineContext) -> None:
    _, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 60, "Cat": 40})
    expect(tool.get_by_label("Role of Ann")).to_have_value("facilitator")
    airtime = tool.locator(".alw-airtime")
    expect(airtime).to_have_text(
        "Bids total 100 minutes and 110 are free for presenters, so every bid is met, with 10 minutes spare."
    )
    tool.get_by_label("Minutes bid by Ann").fill("70")
    tool.get_by_label("Minutes bid by Ann").press("Tab")
    expect(airtime).to_contain_text(
        "Bids total 170 minutes but only 110 are free for presenters, so each bid is scaled down"
    )
    expect(tool.locator(".alw-agenda li")).to_have_text(
        [
            "Check-in: 15 minutes",
            "Bids for airtime: 5 minutes",
            "Presenter: Ann: 45 minutes",
            "Presenter: Ben: 39 minutes",
            "Presenter: Cat: 26 minutes",
            "Actions: 10 minutes",
            "Process review: 10 minutes",
        ]
    )
    tool.get_by_label("Role of Ben").select_option("facilitator")
    expect(tool.locator(".alw-agenda").locator("xpath=..")).to_contain_text("Facilitator: Ann.")


def test_runner_timer_prompts_and_announces(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    page.clock.pause_at(f"{TODAY}T09:30:00")
    tool.get_by_role("button", name="Start the meeting").click()
    timer = tool.locator(".alw-timer")
    expect(timer.locator("h3")).to_have_text("Now: Check-in (stage 1 of 5)")
    expect(timer).to_contain_text("how they are arriving")
    page.clock.run_for(1000)
    expect(timer.locator(".alw-clock")).to_have_text("Time left: 14:59")
    page.clock.run_for("14:00")
    expect(timer.locator(".alw-clock")).to_have_text("Time left: 0:59")
    expect(timer.locator("[role=status]")).to_have_text("One minute left for Check-in.")
    page.clock.run_for("01:59")
    expect(timer.locator(".alw-clock")).to_have_text("Time left: over by 1:00")
    expect(timer.locator("[role=status]")).to_have_text("Time is up for Check-in.")
    timer.get_by_role("button", name="Next stage").click()
    expect(timer.locator("h3")).to_have_text("Now: Bids for airtime (stage 2 of 5)")
    timer.get_by_role("button", name="Pause").click()
    page.clock.run_for("03:00")
    expect(timer.locator(".alw-clock")).to_have_text("Time left: 5:00 (paused)")
    timer.get_by_role("button", name="Resume").click()
    page.clock.run_for("01:00")
    expect(timer.locator(".alw-clock")).to_have_text("Time left: 4:00")
    assert stored(page, MEETING_KEY)["run"]["used"][0] == 16 * 60_000
    page.reload()
    timer = page.locator(".alw-timer")
    expect(timer.locator("h3")).to_have_text("Now: Bids for airtime (stage 2 of 5)")
    expect(timer.locator(".alw-clock")).to_contain_text("Time left: 4:0")


QUESTIONS = [
    "What would a good outcome look like for you?",
    "Did you speak to your manager?",
    "Have you thought about asking HR?",
    "What happened next and how did you feel about it?",
    "Why did you do that?",
]


def test_runner_question_tags_match_the_python_engine(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    names = default_rules().data["verdicts"]
    box = tool.get_by_label("Question asked")
    tool.get_by_label("Asked by").select_option(label="Ann")
    for question in QUESTIONS:
        box.fill(question)
        box.press("Enter")
    expected = [classify_question(q) for q in QUESTIONS]
    assert all(expected)
    verdicts = [v.verdict for v in expected if v]
    assert len(set(verdicts)) >= 4, "the fixture should exercise several verdicts"
    items = tool.locator(".alw-question")
    expect(items).to_have_count(len(QUESTIONS))
    assert [items.nth(i).get_attribute("data-verdict") for i in range(len(QUESTIONS))] == verdicts
    expect(items.locator(".alw-tag")).to_have_text([names[v] for v in verdicts])
    expect(items.first).to_contain_text("asked by Ann")
    for verdict, label in names.items():
        expect(tool.locator(f'.alw-balance tr[data-verdict="{verdict}"] td')).to_have_text(str(verdicts.count(verdict)))
        expect(tool.locator(f'.alw-balance tr[data-verdict="{verdict}"] th')).to_have_text(label)
    box.fill(HOSTILE)
    box.press("Enter")
    expect(items.last.locator(".alw-question-text")).to_have_text(HOSTILE)
    assert page.locator(".alw-tool img").count() == 0
    page.reload()
    expect(page.locator(".alw-question")).to_have_count(len(QUESTIONS) + 1)


def test_runner_summary_feeds_the_action_log(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    tool.get_by_role("button", name="Start the meeting").click()
    tool.get_by_label("Question asked").fill("What would help?")
    tool.get_by_role("button", name="Log question").click()
    add_action(tool, "Email the director", "Ben", "2026-03-16", "Reply received", button="Add agreed action")
    add_action(tool, HOSTILE, "Ann", "2026-03-20", "Done", button="Add agreed action")
    page.clock.fast_forward("20:00")
    finish_meeting(tool)
    summary = tool.locator(".alw-summary")
    expect(summary.locator("h3")).to_be_focused()
    expect(summary).to_contain_text("Balance of the 1 question asked")
    expect(summary.locator(".alw-sent")).to_have_text(
        "2 actions added to the action log, under the meeting on 2026-03-02."
    )
    expect(summary.locator("tbody tr").first).to_contain_text("Check-in1520")
    page.goto(f"{offline.origin}/{PAGES['log']}")
    log = page.locator(".alw-tool")
    expect(action_item(log, "Email the director")).to_contain_text("Ben")
    expect(action_item(log, "Ask Jo").locator(".alw-action-text")).to_contain_text(HOSTILE)
    assert page.locator(".alw-tool img").count() == 0
    page.go_back()
    page.locator(".alw-tool").get_by_role("button", name="Start a new meeting").click()
    expect(page.locator(".alw-tool").get_by_role("button", name="Start the meeting")).to_be_focused()
    expect(page.get_by_label("Minutes bid by Ben")).to_have_value("30")


def test_runner_action_form_uses_the_same_smart_checks(offline: OfflineContext) -> None:
    _, tool = open_tool(offline, "runner")
    rows = browser_fixture_rows()
    for _, fields in [rows[0], rows[19], rows[29], *[r for r in rows if r[1]["owner"]][:6]]:
        fill_action(tool, fields)
        expect_smart_panel(tool, fields)


def test_runner_adds_to_an_existing_log_without_losing_it(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, "Earlier action", "Ann")
    page.goto(f"{offline.origin}/{PAGES['runner']}")
    tool = page.locator(".alw-tool")
    tool.get_by_label("Date of the meeting").fill("2026-03-30")
    tool.get_by_label("Date of the meeting").press("Tab")
    tool.get_by_role("button", name="Start the meeting").click()
    add_action(tool, "Later action", "Ben", button="Add agreed action")
    finish_meeting(tool)
    log = stored(page, LOG_KEY)
    assert [m["date"] for m in log["meetings"]] == ["2026-03-02", "2026-03-30"]
    assert [a["action"] for a in log["meetings"][1]["actions"]] == ["Earlier action", "Later action"]
    assert log["meetings"][1]["actions"][0]["carried_from"] == log["meetings"][0]["actions"][0]["id"]


def test_runner_sets_aside_a_bad_agreed_action_and_the_log_survives(offline: OfflineContext) -> None:
    """A stored agreed action dated "next week" is set aside on its own; finishing adds the
    others, and the action log, earlier actions included, is still read whole."""
    page, tool = open_tool(offline, "log")
    add_action(tool, "Earlier action", "Ann")
    page.goto(f"{offline.origin}/{PAGES['runner']}")
    tool = page.locator(".alw-tool")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    tool.get_by_role("button", name="Start the meeting").click()
    add_action(tool, "Email the director", "Ben", "2026-03-16", button="Add agreed action")
    meeting = stored(page, MEETING_KEY)
    bad = {"action": "Sort it out", "owner": "Ben", "due": "next week", "measure": ""}
    meeting["actions"].append(bad)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [MEETING_KEY, json.dumps(meeting)])
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-notice")).to_contain_text("1 agreed action could not be read, so it was set aside")
    expect(tool.locator(".alw-timer h3")).to_have_text("Now: Check-in (stage 1 of 5)")
    expect(tool.locator(".alw-actions-list li")).to_have_count(1)
    (aside,) = [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith(f"{MEETING_KEY}:set-aside:")]
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", aside))["actions"] == [bad]
    finish_meeting(tool)
    expect(tool.locator(".alw-summary .alw-sent")).to_have_text(
        "1 action added to the action log, under the meeting on 2026-03-02."
    )
    page.goto(f"{offline.origin}/{PAGES['log']}")
    log = page.locator(".alw-tool")
    expect(log.locator(".alw-notice")).to_be_hidden()
    expect(log.locator(".alw-current .alw-action-text")).to_have_text(["Earlier action", "Email the director"])


@pytest.mark.parametrize("which", ["log", "runner"])
def test_action_forms_refuse_a_due_date_the_log_cannot_keep(offline: OfflineContext, which: str) -> None:
    page, tool = open_tool(offline, which)
    button = "Add action"
    if which == "runner":
        set_up_members(tool, {"Ann": 0, "Ben": 30})
        tool.get_by_role("button", name="Start the meeting").click()
        button = "Add agreed action"
    tool.get_by_label("Action", exact=True).fill("Book the room")
    due = tool.get_by_label("Due date", exact=True)
    due.evaluate("e => { e.value = '275760-01-01'; }")  # the date field takes a six-digit year
    assert due.input_value() == "275760-01-01"
    tool.get_by_role("button", name=button, exact=True).click()
    expect(tool).to_contain_text("The due date “275760-01-01” is not a date the log can keep")
    expect(due).to_be_focused()
    due.evaluate("e => { e.value = ''; }")
    due.focus()
    page.keyboard.type("03")  # the month alone
    tool.get_by_role("button", name=button, exact=True).click()
    expect(tool).to_contain_text("The due date is not complete")
    if which == "log":
        assert stored(page, LOG_KEY) is None
    else:
        assert stored(page, MEETING_KEY)["actions"] == []
        finish_meeting(tool)
        expect(tool.locator(".alw-summary .alw-sent")).to_have_text("Nothing was added to the action log.")
    expect(tool.locator(".alw-action-text")).to_have_count(0)


def test_runner_refuses_a_meeting_date_the_log_cannot_keep(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    when = tool.get_by_label("Date of the meeting")
    when.evaluate("e => { e.value = '275760-01-01'; e.dispatchEvent(new Event('change', {bubbles: true})); }")
    expect(tool.locator(".alw-errors").first).to_contain_text("The date of the meeting is not a whole date")
    expect(when).to_have_value(TODAY)
    assert stored(page, MEETING_KEY)["date"] == ""
    tool.get_by_role("button", name="Start the meeting").click()
    add_action(tool, "Email Jo", "Ben", button="Add agreed action")
    finish_meeting(tool)
    assert [m["date"] for m in stored(page, LOG_KEY)["meetings"]] == [TODAY]


# ---- reflective journal -------------------------------------------------------


def write_entry(tool: Locator, title: str, answers: dict[str, str], framework: str | None = None) -> None:
    if framework:
        tool.get_by_label(framework).check()
    tool.get_by_label("Title").fill(title)
    for label, text in answers.items():
        tool.get_by_label(label, exact=True).fill(text)
    tool.get_by_role("button", name="Save entry").click()


def test_journal_entries_follow_the_frameworks_and_survive_reload(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "journal")
    expect(tool.get_by_label("Gibbs' reflective cycle – Gibbs (1988)")).to_be_checked()
    expect(tool.locator(".alw-prompts textarea")).to_have_count(6)
    write_entry(
        tool, "My first slot", {"Description": "I presented the rota issue.", "Action plan": "Ask the team first."}
    )
    expect(tool.locator(".alw-status").first).to_contain_text("Saved “My first slot”. Your journal has 1 entry.")
    tool.get_by_label(
        "What? So what? Now what? – Borton (1970), developed by Driscoll and by Rolfe, Freshwater and Jasper (2001)"
    ).check()
    expect(tool.locator(".alw-prompts textarea")).to_have_count(3)
    tool.get_by_label("Title").fill("Half-written")
    tool.get_by_label("So what?", exact=True).fill("It matters because…")
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.get_by_label("So what?", exact=True)).to_have_value("It matters because…")
    expect(tool.get_by_label("Title")).to_have_value("Half-written")
    tool.get_by_role("button", name="Save entry").click()
    entries = tool.locator(".alw-entry")
    expect(entries).to_have_count(2)
    expect(tool.get_by_role("heading", name="Your entries (2)")).to_be_visible()
    first = entries.filter(has_text="My first slot")
    expect(first.locator(".alw-meta")).to_have_text(f"{TODAY} · Gibbs' reflective cycle")
    expect(first.locator("h5")).to_have_text(["Description", "Action plan"])
    first.get_by_role("button", name="Edit: My first slot").click()
    expect(tool.get_by_label("Description")).to_have_value("I presented the rota issue.")
    tool.get_by_label("Feelings").fill("Nervous, then relieved.")
    tool.get_by_role("button", name="Save entry").click()
    expect(entries).to_have_count(2)
    expect(first.locator("h5")).to_have_text(["Description", "Feelings", "Action plan"])
    entries.filter(has_text="Half-written").get_by_role("button", name="Delete: Half-written").click()
    expect(entries).to_have_count(1)
    tool.get_by_role("button", name="Undo delete").click()
    expect(entries).to_have_count(2)
    page.reload()
    expect(page.locator(".alw-entry")).to_have_count(2)


WSWNW = "What? So what? Now what? – Borton (1970), developed by Driscoll and by Rolfe, Freshwater and Jasper (2001)"
GIBBS = "Gibbs' reflective cycle – Gibbs (1988)"


def test_journal_remembers_the_framework_chosen_across_saves_and_reloads(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "journal")
    tool.get_by_label(WSWNW).check()
    page.reload()  # chosen, nothing written yet
    tool = page.locator(".alw-tool")
    expect(tool.get_by_label(WSWNW)).to_be_checked()
    write_entry(tool, "After the set", {"What?": "I gave advice too early."})
    expect(tool.get_by_label(WSWNW)).to_be_checked()  # the next entry starts with it too
    expect(tool.locator(".alw-prompts textarea")).to_have_count(3)
    tool.get_by_role("button", name="Clear the form").click()
    expect(tool.get_by_label(WSWNW)).to_be_checked()
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.get_by_label(WSWNW)).to_be_checked()
    # Editing an older entry in another framework does not change the choice.
    tool.get_by_label(GIBBS).check()
    write_entry(tool, "Gibbs one", {"Description": "The rota."})
    tool.get_by_label(WSWNW).check()
    tool.locator(".alw-entry").filter(has_text="Gibbs one").get_by_role("button", name="Edit: Gibbs one").click()
    expect(tool.get_by_label(GIBBS)).to_be_checked()
    tool.get_by_role("button", name="Save entry").click()
    expect(tool.get_by_label(WSWNW)).to_be_checked()
    page.reload()
    expect(page.locator(".alw-tool").get_by_label(WSWNW)).to_be_checked()


def test_journal_export_import_round_trip(offline: OfflineContext, tmp_path: Path) -> None:
    page, tool = open_tool(offline, "journal")
    write_entry(tool, "Gibbs entry", {"Description": "Line one\nline two", "Analysis": HOSTILE})
    write_entry(
        tool,
        "Short one",
        {"What?": "A quiet meeting."},
        framework="What? So what? Now what? – Borton (1970), developed by Driscoll and by Rolfe, Freshwater and Jasper (2001)",
    )
    entries = stored(page, JOURNAL_KEY)["entries"]
    as_json = download(page, tool, "Save a copy of my journal (file)", tmp_path / "journal.json")
    as_md = download(page, tool, "Save as text for a portfolio (Markdown file)", tmp_path / "journal.md")
    markdown = as_md.read_text("utf-8")
    assert "## Gibbs entry" in markdown
    assert "### Analysis\n\n" + HOSTILE in markdown
    assert "*2026-03-02 · What? So what? Now what?*" in markdown
    page.evaluate("localStorage.clear()")
    page.reload()
    tool = page.locator(".alw-tool")
    tool.get_by_label("Add entries from a saved copy (file)").set_input_files(as_json)
    expect(tool.locator(".alw-io .alw-status")).to_have_text("Imported 2 entries from “journal.json”.")
    assert sorted(stored(page, JOURNAL_KEY)["entries"], key=lambda e: e["id"]) == sorted(entries, key=lambda e: e["id"])
    tool.get_by_label("Add entries from a saved copy (file)").set_input_files(as_json)
    expect(tool.locator(".alw-io .alw-status")).to_have_text(
        "Imported 0 entries from “journal.json”; 2 already in your journal were skipped."
    )
    expect(tool.locator(".alw-entry")).to_have_count(2)
    expect(tool.locator(".alw-entry .alw-pre").filter(has_text="Ask Jo")).to_have_text(HOSTILE)
    assert page.locator(".alw-tool img").count() == 0
    assert page.evaluate("window.pwned") is None


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param("[1, 2", "This is not valid JSON", id="broken-json"),
        pytest.param(
            '{"format": "action-learning-action-log"}',
            'it needs "format": "action-learning-journal"',
            id="a-log-not-a-journal",
        ),
        pytest.param(
            '{"format": "action-learning-journal", "version": 1, "entries": [{"id": "x", "framework": "gibbs", "title": "T", "date": "2026-03-02", "answers": {"so_what": "?"}}]}',
            "Entry 1, field “answers.so_what”: is not a prompt of Gibbs' reflective cycle.",
            id="wrong-prompt",
        ),
    ],
)
def test_bad_journal_imports_are_explained_and_change_nothing(
    offline: OfflineContext, tmp_path: Path, content: str, error: str
) -> None:
    page, tool = open_tool(offline, "journal")
    write_entry(tool, "Keep me", {"Description": "Something."})
    before = stored(page, JOURNAL_KEY)
    bad = tmp_path / "journal.json"
    bad.write_text(content, encoding="utf-8")
    tool.get_by_label("Add entries from a saved copy (file)").set_input_files(bad)
    errors = tool.locator(".alw-io [role=alert]")
    expect(errors).to_contain_text("“journal.json” was not imported, and your journal is unchanged:")
    expect(errors).to_contain_text(error)
    assert stored(page, JOURNAL_KEY) == before


def journal_entry(entry_id: str, title: str) -> dict[str, Any]:
    return {"id": entry_id, "framework": "gibbs", "title": title, "date": TODAY, "answers": {"description": title}}


def test_journal_import_keeps_one_entry_per_id(offline: OfflineContext, tmp_path: Path) -> None:
    page, tool = open_tool(offline, "journal")
    entries = [journal_entry("dup", "First"), journal_entry("dup", "First"), journal_entry("dup", "Second")]
    path = tmp_path / "dups.json"
    path.write_text(json.dumps({"format": "action-learning-journal", "version": 1, "entries": entries}), "utf-8")
    tool.get_by_label("Add entries from a saved copy (file)").set_input_files(path)
    expect(tool.locator(".alw-io .alw-status")).to_have_text(
        "Imported 2 entries from “dups.json”; 1 repeated in the file was skipped;"
        " 1 sharing an id with an earlier entry in the file was given a new id."
    )
    kept = stored(page, JOURNAL_KEY)["entries"]
    assert sorted(e["title"] for e in kept) == ["First", "Second"]
    assert len({e["id"] for e in kept}) == 2
    assert next(e["id"] for e in kept if e["title"] == "First") == "dup"
    expect(tool.locator(".alw-entry")).to_have_count(2)


def test_a_draft_that_is_not_text_does_not_stop_save(offline: OfflineContext) -> None:
    page, _ = open_tool(offline, "journal")
    draft = {
        "editing": None,
        "framework": "gibbs",
        "title": "Half",
        "date": TODAY,
        "answers": {"description": 42, "feelings": {"x": 1}},
    }
    journal = {"format": "action-learning-journal", "version": 1, "entries": [], "draft": draft}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [JOURNAL_KEY, json.dumps(journal)])
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-notice")).to_contain_text("Part of your unsaved draft could not be read")
    expect(tool.get_by_label("Description")).to_have_value("42")
    expect(tool.get_by_label("Feelings")).to_have_value("")
    tool.get_by_role("button", name="Save entry").click()
    expect(tool.locator(".alw-status").first).to_contain_text("Saved “Half”. Your journal has 1 entry.")
    assert stored(page, JOURNAL_KEY)["entries"][0]["answers"] == {"description": "42"}
    (aside,) = [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith(f"{JOURNAL_KEY}:set-aside:")]
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", aside)) == {"draft": draft}


# ---- keyboard only ------------------------------------------------------------


def tab_to(page: Page, accessible: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element's label or text is ``accessible``."""
    script = """() => { const e = document.activeElement; if (!e) return '';
      if (e.labels && e.labels.length) return e.labels[0].textContent;
      return e.getAttribute('aria-label') || e.textContent; }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script).strip() == accessible:
            return
    raise AssertionError(f"Tab never reached {accessible!r}")


def test_keyboard_only_action_log(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "log")
    tab_to(page, "Action")
    page.keyboard.type("Email the team")
    page.keyboard.press("Tab")
    page.keyboard.type("Ann")
    page.keyboard.press("Enter")
    expect(action_item(tool, "Email the team")).to_contain_text("Ann")
    expect(tool.get_by_label("Action", exact=True)).to_be_focused()
    tab_to(page, "Done")
    page.keyboard.press("ArrowRight")
    expect(action_item(tool, "Email the team").get_by_label("Partly done")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Start earlier.")
    tab_to(page, "Date of the next meeting")
    page.keyboard.type("03302026")
    page.keyboard.press("Enter")
    expect(tool.locator(".alw-current h3")).to_have_text("This meeting: 2026-03-30")
    assert stored(page, LOG_KEY)["meetings"][0]["actions"][0]["learnt"] == "Start earlier."


def test_keyboard_only_meeting_runner(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    tab_to(page, "Name")
    for name in ("Ann", "Ben"):
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    tab_to(page, "Minutes bid by Ben")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_to(page, "Start the meeting")
    expect(tool.locator(".alw-agenda li").nth(2)).to_have_text("Presenter: Ben: 40 minutes")
    page.keyboard.press("Enter")
    expect(tool.locator(".alw-timer").get_by_role("button", name="Pause")).to_be_focused()
    tab_to(page, "Next stage")
    page.keyboard.press("Space")
    expect(tool.locator(".alw-timer h3")).to_have_text("Now: Bids for airtime (stage 2 of 5)")
    tab_to(page, "Question asked")
    page.keyboard.type("What matters most to you here?")
    page.keyboard.press("Enter")
    expect(tool.locator(".alw-question .alw-tag")).to_have_text("Open question")
    tab_to(page, "Action")
    page.keyboard.type("Draft the plan")
    page.keyboard.press("Enter")
    tab_to(page, "Finish the meeting")
    page.keyboard.press("Enter")
    tab_to(page, "Finish now")
    page.keyboard.press("Enter")
    expect(tool.locator(".alw-summary .alw-sent")).to_contain_text("1 action added to the action log")


def test_keyboard_only_journal(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "journal")
    tab_to(page, "Gibbs' reflective cycle – Gibbs (1988)")
    page.keyboard.press("ArrowDown")
    expect(tool.locator(".alw-prompts textarea")).to_have_count(3)
    tab_to(page, "Title")
    page.keyboard.type("By keyboard")
    tab_to(page, "What?")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "Save entry")
    page.keyboard.press("Enter")
    expect(tool.locator(".alw-entry h4")).to_have_text("By keyboard")


# ---- accessibility and weight ---------------------------------------------------


def test_axe_action_log(offline: OfflineContext, tmp_path: Path) -> None:
    page, tool = open_tool(offline, "log")
    add_action(tool, "Email the team", "Ann", "2026-03-09", "Sent")
    add_action(tool, "Look into it")
    action_item(tool, "Email the team").get_by_label("Done", exact=True).check()
    tool.get_by_role("button", name="Start the next meeting").click()
    bad = tmp_path / "bad.csv"
    bad.write_text("nope\n", encoding="utf-8")
    tool.get_by_label("Bring back a saved copy of a log (file)").set_input_files(bad)
    expect(tool.locator(".alw-io [role=alert]")).not_to_be_empty()
    assert run_axe(page) == []


def test_axe_meeting_runner(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "runner")
    set_up_members(tool, {"Ann": 0, "Ben": 30})
    tool.get_by_role("button", name="Start the meeting").click()
    tool.get_by_label("Question asked").fill("Why?")
    tool.get_by_role("button", name="Log question").click()
    add_action(tool, "Email Jo", "Ben", button="Add agreed action")
    assert run_axe(page) == []
    finish_meeting(tool)
    expect(tool.locator(".alw-summary")).to_be_visible()
    assert run_axe(page) == []


def test_axe_journal(offline: OfflineContext) -> None:
    page, tool = open_tool(offline, "journal")
    write_entry(tool, "An entry", {"Description": "Something happened."})
    assert run_axe(page) == []


@pytest.mark.parametrize("which", sorted(PAGES))
def test_tool_pages_stay_under_1_mb(offline: OfflineContext, which: str) -> None:
    sizes: dict[str, int] = {}
    offline.context.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    open_tool(offline, which, clock=False)
    assert sum(sizes.values()) < 1_000_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


@pytest.mark.parametrize(
    ("which", "key", "stored_value"),
    [
        pytest.param(
            "runner", MEETING_KEY, '{"format": "action-learning-meeting", "version": 1}', id="runner-missing-fields"
        ),
        pytest.param("runner", MEETING_KEY, "[]", id="runner-wrong-type"),
        pytest.param(
            "journal",
            JOURNAL_KEY,
            '{"format": "action-learning-journal", "version": 1, "entries": [{}]}',
            id="journal-bad-entry",
        ),
        pytest.param("journal", JOURNAL_KEY, "not json", id="journal-broken-json"),
    ],
)
def test_unreadable_tool_data_is_set_aside_with_a_notice(
    offline: OfflineContext, which: str, key: str, stored_value: str
) -> None:
    page, _ = open_tool(offline, which)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, stored_value])
    page.reload()
    tool = page.locator(".alw-tool")
    expect(tool.locator(".alw-notice")).to_contain_text("could not be read, so it was set aside")
    aside = [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith(f"{key}:set-aside:")]
    assert [page.evaluate(f"localStorage.getItem({json.dumps(k)})") for k in aside] == [stored_value]
    expect(tool.get_by_role("button", name="Download the unreadable copy")).to_be_visible()


def assert_no_stray_words(tool: Locator, when: str) -> None:
    """No "null", "undefined", "NaN" or "[object Object]" among the words the tool shows."""
    found = STRAY.findall(tool.inner_text())
    assert not found, f"{when}: {found}"


@pytest.mark.parametrize("which", sorted(PAGES))
def test_tools_never_show_null_or_undefined(offline: OfflineContext, tmp_path: Path, which: str) -> None:
    _, tool = open_tool(offline, which)
    assert_no_stray_words(tool, "empty")
    if which == "log":
        tool.get_by_role("button", name="Add action").click()
        expect(tool.locator(".alw-errors").first).to_have_text("Write the action first.")
        assert_no_stray_words(tool, "no action typed")
        bad = tmp_path / "nope.csv"
        bad.write_text("nope\n", encoding="utf-8")
        tool.get_by_label("Bring back a saved copy of a log (file)").set_input_files(bad)
    elif which == "journal":
        tool.get_by_role("button", name="Save entry").click()
        expect(tool.locator(".alw-errors").first).to_have_text("Write something under at least one prompt first.")
        assert_no_stray_words(tool, "nothing written")
        bad = tmp_path / "bad.json"
        bad.write_text("[1, 2", encoding="utf-8")
        tool.get_by_label("Add entries from a saved copy (file)").set_input_files(bad)
    else:
        tool.get_by_role("button", name="Add member").click()
        expect(tool.locator(".alw-errors").first).to_have_text("Type the member's name first.")
        assert_no_stray_words(tool, "no name typed")
        tool.get_by_role("button", name="Start the meeting").click()
        tool.get_by_role("button", name="Log question").click()
        tool.get_by_role("button", name="Add agreed action").click()
        expect(tool.locator(".alw-status").filter(has_text="Write the action first.")).to_have_count(1)
        assert_no_stray_words(tool, "meeting started, nothing typed")
        finish_meeting(tool)
        expect(tool.locator(".alw-summary")).to_be_visible()
        assert_no_stray_words(tool, "summary")
        return
    expect(tool.locator(".alw-io [role=alert]")).to_contain_text("was not imported")
    assert_no_stray_words(tool, "failed import")


@pytest.mark.parametrize("which", sorted(PAGES))
def test_every_typed_field_has_a_length_cap(offline: OfflineContext, which: str) -> None:
    _, tool = open_tool(offline, which)
    if which == "log":
        add_action(tool, "Email Jo", "Ann")  # so the review's "What was learnt" box is there
    typed = tool.locator("textarea, input:not([type]), input[type=text]")
    assert typed.count() >= 3
    caps = typed.evaluate_all("els => els.map(e => [e.id, e.maxLength])")
    assert all(cap > 0 for _, cap in caps), caps
