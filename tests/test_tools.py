"""The set tools without a browser: the state a page or a live notebook receives,
the tools' data file, and their pure JavaScript functions run under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workbook import WorkbookError
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules
from workbook.tools import (
    ActionLog,
    MeetingRunner,
    ReflectiveJournal,
    action_log,
    meeting_runner,
    reflective_journal,
)
from workbook.tools._data import TOOLS_DATA_PATH, default_tool_data, load_tool_data

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("factory", "cls", "config_keys"),
    [
        pytest.param(action_log, ActionLog, {"smart_rules"}, id="action-log"),
        pytest.param(meeting_runner, MeetingRunner, {"meeting", "smart_rules"}, id="meeting-runner"),
        pytest.param(reflective_journal, ReflectiveJournal, {"frameworks"}, id="reflective-journal"),
    ],
)
def test_tool_state_carries_code_and_data(factory: Any, cls: type, config_keys: set[str]) -> None:
    """Does each tool carry one self-contained module, its stylesheet and its data?"""
    widget = factory()
    assert isinstance(widget, cls)
    state = widget.get_state()
    assert "export default { render }" in state["_esm"]
    assert not any(line.startswith("import ") for line in state["_esm"].splitlines())
    assert ".alw-tool" in state["_css"]
    assert "@media print" in state["_css"]
    assert set(state["config"]) == config_keys
    assert state["data"] is None
    assert "item" not in state, "tools are not bank exercises"


def test_meeting_runner_tags_questions_with_the_shared_rules() -> None:
    state = meeting_runner().get_state()
    assert state["rules"] == default_rules().data
    assert "function classifyQuestion(" in state["_esm"]


@pytest.mark.parametrize("factory", [action_log, meeting_runner])
def test_action_forms_use_the_courses_one_smart_check(factory: Any) -> None:
    """The log and the runner carry the SMART rules and evaluator the exercise uses."""
    state = factory().get_state()
    assert state["config"]["smart_rules"] == default_smart_rules().data
    assert "function checkSmartAction(" in state["_esm"]


@pytest.mark.parametrize("factory", [action_log, meeting_runner, reflective_journal])
def test_each_tools_bundled_module_parses(tmp_path: Path, factory: Any) -> None:
    """The bundler's compaction leaves valid JavaScript (a stray comment line would not be)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to parse the bundled modules")
    module = tmp_path / "tool.mjs"
    module.write_text(factory().get_state()["_esm"], encoding="utf-8")
    run = subprocess.run([node, "--check", str(module)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_tools_stay_small() -> None:
    """Each tool's module and stylesheet stay in the tens of kilobytes.

    The built book loads them once per visit (cached widget-assets files), so
    the bound is on the first page of a visit; the meeting runner, the largest,
    is about 65 KB since it gained the views for the room (the Present view,
    the timer bar, the one-minute warning and the summary's print and
    download), up from 50 KB."""
    for factory in (action_log, meeting_runner, reflective_journal):
        state = factory().get_state()
        assert len(state["_esm"]) + len(state["_css"]) < 70_000, factory.__name__


def test_data_set_in_the_browser_reaches_python() -> None:
    """Live in Jupyter, the front end mirrors its stored data into `data`."""
    widget = action_log()
    log = {"format": "action-learning-action-log", "version": 1, "meetings": []}
    widget.set_state({"data": log})
    assert widget.data == log


def test_shipped_tool_data_is_valid() -> None:
    data = default_tool_data()
    assert [s["id"] for s in data["meeting"]["stages"]] == ["check_in", "bids", "presenter", "actions", "review"]
    assert {f["id"] for f in data["journal"]["frameworks"]} == {"gibbs", "what_so_what"}
    gibbs = next(f for f in data["journal"]["frameworks"] if f["id"] == "gibbs")
    assert [p["id"] for p in gibbs["prompts"]] == [
        "description",
        "feelings",
        "evaluation",
        "analysis",
        "conclusion",
        "action_plan",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param("schema_version: 2", "schema_version: 1", r"schema_version: 2 was expected", id="version"),
        pytest.param(
            "schema_version: 2\n",
            "schema_version: 2\nsmart_checks: []\n",
            r"\(top level\): unknown key: 'smart_checks' was unexpected",
            id="old-smart-checks",
        ),
        pytest.param(
            "    - id: presenter\n",
            "    - id: presenters\n",
            r"meeting\.stages: needs a stage with id 'presenter'",
            id="no-presenter",
        ),
        pytest.param(
            "  total_minutes: 150",
            "  total_minutes: 150\n  breaks: 2",
            r"meeting: unknown key: 'breaks' was unexpected",
            id="extra-key",
        ),
    ],
)
def test_tool_data_errors_name_the_file_line_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = TOOLS_DATA_PATH.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "tools.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(WorkbookError, match=message):
        load_tool_data(broken)


# ---- pure functions of the JavaScript modules, under Node -------------------


def call_js(module: str, function: str, *args: Any) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the tools' JavaScript (Debian package nodejs)")
    run = subprocess.run(
        [node, str(HERE / "js" / "call_tools.mjs"), module, function],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("bids", "available", "minutes", "scaled"),
    [
        pytest.param([30, 20], 110, [30, 20], False, id="bids-fit"),
        pytest.param([60, 60], 90, [45, 45], True, id="scaled-evenly"),
        pytest.param([50, 30, 20], 70, [35, 21, 14], True, id="scaled-exactly"),
        pytest.param([10, 10, 10], 20, [7, 7, 6], True, id="largest-remainder"),
        pytest.param([], 100, [], False, id="no-bids"),
    ],
)
def test_airtime_allocation(bids: list[int], available: int, minutes: list[int], scaled: bool) -> None:
    result = call_js(
        "meeting_model", "allocateAirtime", [{"name": str(i), "bid": b} for i, b in enumerate(bids)], available
    )
    assert [s["minutes"] for s in result["slots"]] == minutes
    assert result["scaled"] is scaled
    assert sum(minutes) <= available


def test_a_running_meeting_is_planned_again_until_the_first_presenter() -> None:
    """During check-in and bids, new bids and a new order re-plan the presenters, keeping the time used so far;
    once the first presenter has started, the plan stays as it is."""
    config = default_tool_data()["meeting"]
    members = [{"id": "a", "name": "Ann", "bid": 30}, {"id": "b", "name": "Ben", "bid": 20}]
    run = {"stages": [], "at": 1, "used": [900_000, 60_000], "started": None, "finished": False}
    state = {"members": members, "total": 150, "run": run}
    again = call_js("meeting_model", "replanRun", config, state)
    assert [s["name"] for s in again["stages"]][1:5] == [
        "Bids for airtime",
        "Presenter: Ann",
        "Presenter: Ben",
        "Actions",
    ]
    assert again["used"] == [900_000, 60_000, 0, 0, 0, 0]
    state["members"] = members[::-1]
    assert call_js("meeting_model", "replanRun", config, state)["stages"][2]["name"] == "Presenter: Ben"
    later = {**again, "at": 2}
    assert call_js("meeting_model", "replanRun", config, {**state, "run": later}) == later
    assert call_js("meeting_model", "planOpen", config, later) is False
    assert call_js("meeting_model", "planOpen", config, {**later, "at": 1}) is True
    assert call_js("meeting_model", "planOpen", config, None) is True


def test_csv_round_trip_keeps_awkward_text() -> None:
    rows = [
        ["a", "b"],
        ['say "hi", then', "line one\nline two"],
        ["=SUM(A1)", "-5% complaints"],
        ["=SUM(A1,B1)", "@x"],
        ["", "plain"],
        [" =1+1", "\u3000@x"],
        ["＝1+1", "＋1"],
        ["－1", "＠x"],
        ["'=x", "'tis"],
        ["''", "'"],
        ["\tx", "x'"],
    ]
    text = call_js("log_files", "toCsv", rows)
    assert "'=SUM(A1)" in text, "a formula-like cell is defused for spreadsheets"
    defused = ["' =1+1,'\u3000@x", "'＝1+1,'＋1", "'－1,'＠x", "''=x,''tis", "''',''", "'\tx,x'"]
    assert text.split("\r\n")[5:11] == defused
    assert [r["cells"] for r in call_js("log_files", "parseCsv", text)] == rows


def test_csv_import_keeps_an_apostrophe_it_did_not_add() -> None:
    """Only the one leading ' an export adds is taken off: a hand-written 'tis stays."""
    cells = call_js("log_files", "parseCsv", "'tis,'=x,''=x,' =1\r\n")[0]["cells"]
    assert cells == ["'tis", "=x", "'=x", " =1"]


def test_log_csv_import_names_row_and_field() -> None:
    header = "meeting_id,meeting_date,action_id,action,owner,due,measure,status,learnt,carried_from"
    text = f"{header}\nm1,2026-03-02,a1,Email Jo,Ann,2026-03-09,Reply,done,,\nm1,2026-03-02,a2,Book room,Ben,2026-02-31,Booked,maybe,,\n"
    errors = call_js("log_files", "logFromCsv", text)["errors"]
    assert errors == [
        "Row 3, field “due”: “2026-02-31” is not a date (write it as YYYY-MM-DD, for example 2026-03-31).",
        "Row 3, field “status”: “maybe” is not one of open, done, partly, not_done.",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("[]", "This JSON is not an action log", id="list"),
        pytest.param("null", "This JSON is not an action log", id="null"),
        pytest.param("5", "This JSON is not an action log", id="number"),
        pytest.param("[" * 100_000 + "]" * 100_000, "This JSON is not an action log", id="deep-nesting"),
        pytest.param('{"format": "action-learning-action-log", "version": "1"}', "of no known version", id="version"),
    ],
)
def test_wrong_shaped_json_is_not_an_action_log(text: str, error: str) -> None:
    for name in ("log.json", "log.txt"):
        (first, *_) = call_js("log_files", "logFromFile", {"name": name, "text": text})["errors"]
        assert error in first, name


def test_finishing_a_meeting_checks_every_agreed_action() -> None:
    """The meeting runner's last check before the log: the meeting's date and each action in full."""
    state = {
        "date": "275760-01-01",
        "actions": [
            {"action": "Email Jo", "owner": "Ann", "due": "2026-03-09", "measure": ""},
            {"action": "Sort it out", "owner": "Ben", "due": "next week", "measure": ""},
            {"action": "   ", "owner": 5, "due": "", "measure": ""},
            None,
        ],
    }
    assert call_js("meeting_model", "finishErrors", state) == [
        "The date of the meeting, “275760-01-01”, is not a date the action log can keep.",
        "Agreed action 2, field “due”: “next week” is not a date (write it as YYYY-MM-DD, for example 2026-03-31).",
        "Agreed action 3, field “owner”: must be text.",
        "Agreed action 3, field “action”: is empty.",
        "Agreed action 4: is not an action.",
    ]
    assert call_js("meeting_model", "finishErrors", {"date": "", "actions": state["actions"][:1]}) == []


def test_a_stored_log_keeps_its_good_actions() -> None:
    """One bad meeting or action is set aside on its own (with its problem); the rest of the log is kept."""
    good = {"id": "a1", "action": "Go", "owner": "", "due": "", "measure": "", "status": "open", "learnt": ""}
    log = {
        "format": "action-learning-action-log",
        "version": 1,
        "meetings": [
            {"id": "m1", "date": "2026-03-02", "actions": [good, {**good, "id": "a2", "status": "toString"}, good]},
            {"id": "m2", "date": "soon", "actions": []},
        ],
    }
    fixed = call_js("log_store", "repairLog", log)
    assert fixed["data"]["meetings"] == [{"id": "m1", "date": "2026-03-02", "actions": [good]}]
    assert fixed["aside"]["meetings"] == [
        {"id": "m1", "date": "2026-03-02", "actions": [{**good, "id": "a2", "status": "toString"}, good]},
        log["meetings"][1],
    ]
    assert fixed["aside"]["problems"][1] == "Meeting 1, action 3: the id “a1” is used twice."
    assert (fixed["what"], fixed["count"]) == ("1 meeting and 2 actions", 3)
    assert call_js("log_store", "repairLog", []) is None
