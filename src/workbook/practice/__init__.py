"""Practice sets: scenarios (data with a schema) of a presenter to question,
and the engine that answers questions and writes the debrief (twinned in
``practice.js`` for the browser)."""

from workbook.practice._briefs import BRIEFS_PATH, Brief, load_briefs, presenter_briefs
from workbook.practice._engine import MOVES, Debrief, PracticeSession, Turn, debrief, play
from workbook.practice._load import SCENARIOS_DIR, default_scenarios, load_scenario, load_scenarios, scenario

__all__ = [
    "BRIEFS_PATH",
    "MOVES",
    "SCENARIOS_DIR",
    "Brief",
    "Debrief",
    "PracticeSession",
    "Turn",
    "debrief",
    "default_scenarios",
    "load_briefs",
    "load_scenario",
    "load_scenarios",
    "play",
    "presenter_briefs",
    "scenario",
]
