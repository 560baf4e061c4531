"""Practice sets: scenarios (data with a schema) of a presenter to question,
and the engine that answers questions and writes the debrief (twinned in
``practice.js`` for the browser)."""

from workbook.practice._engine import MOVES, Debrief, PracticeSession, Turn, debrief, play
from workbook.practice._load import SCENARIOS_DIR, default_scenarios, load_scenario, load_scenarios, scenario

__all__ = [
    "MOVES",
    "SCENARIOS_DIR",
    "Debrief",
    "PracticeSession",
    "Turn",
    "debrief",
    "default_scenarios",
    "load_scenario",
    "load_scenarios",
    "play",
    "scenario",
]
