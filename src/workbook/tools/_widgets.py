"""The set tools as anywidgets. Each tool is one ES module (bundled with the
shared helpers and, for the action log and the meeting runner, the SMART
checks, and for the meeting runner the question rules) that keeps its
data in the browser's localStorage; ``data`` mirrors it back to Python when
the widget runs live in Jupyter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from workbook._bundle import bundle_module, compact
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules
from workbook.tools._data import default_tool_data

_HERE = Path(__file__).parent
_CSS = compact((_HERE / "tools.css").read_text(encoding="utf-8"))


class _Tool(anywidget.AnyWidget):
    _css = _CSS
    config = traitlets.Dict().tag(sync=True)
    data = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)


class ActionLog(_Tool):
    """Actions with owner, due date and measure; reviews and history over meetings."""

    _esm = bundle_module(_HERE / "action_log.js")


class MeetingRunner(_Tool):
    """Members, airtime bids, a timer per stage, a tagged question log and agreed actions."""

    _esm = bundle_module(_HERE / "meeting_runner.js")
    rules = traitlets.Dict().tag(sync=True)


class ReflectiveJournal(_Tool):
    """Journal entries guided by Gibbs' cycle or What? So what? Now what?"""

    _esm = bundle_module(_HERE / "reflective_journal.js")


def action_log() -> ActionLog:
    """The action log, with the course's SMART checks (``rules/smart_rules.yaml``)."""
    return ActionLog(config={"smart_rules": default_smart_rules().data})


def meeting_runner() -> MeetingRunner:
    """The set-meeting runner, with its stages, the SMART checks and the question rules."""
    data: dict[str, Any] = default_tool_data()
    config = {"meeting": data["meeting"], "smart_rules": default_smart_rules().data}
    return MeetingRunner(config=config, rules=default_rules().data)


def reflective_journal() -> ReflectiveJournal:
    """The reflective journal, with its frameworks."""
    return ReflectiveJournal(config=default_tool_data()["journal"])
