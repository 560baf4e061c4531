"""The self-assessment before and after: its questionnaire and its ratings.

The questionnaire (``self_assessment.yaml``) names, per capability, a
confidence and a frequency question on a five-point behaviourally anchored
scale. A learner's ratings are kept in the browser and may be handed in as the
answers file's optional ``self_assessment``:

    {"before": {"at": "2026-11-02T09:00:00Z", "ratings": {"questioning": {"confidence": 2, "frequency": 3}}},
     "after": {...}}

Reading them never trusts the file: a value of the wrong shape is set aside
with its reason (one message each, as for answers) and the rest is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import WorkbookError
from workbook._yaml_source import YamlSource

__all__ = [
    "PHASES",
    "QUESTIONS",
    "SCALE",
    "Questionnaire",
    "Ratings",
    "questionnaire",
    "read_self_assessment",
]

PHASES = ("before", "after")
QUESTIONS = ("confidence", "frequency")
SCALE = range(1, 6)
QUESTIONNAIRE_PATH = Path(__file__).parent / "self_assessment.yaml"
_MAX_TIME_CHARS = 64
_MAX_KEYS = 20  # phases, or capabilities in one phase: the questionnaire has 6

# A capability id -> question id -> rating (1 to 5).
Ratings = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Questionnaire:
    """The questionnaire: capabilities in order, each with its two questions."""

    version: int
    capabilities: list[dict[str, Any]]

    @property
    def ids(self) -> list[str]:
        return [c["id"] for c in self.capabilities]

    def title(self, capability: str) -> str:
        return str(next(c["title"] for c in self.capabilities if c["id"] == capability))

    def as_item(self) -> dict[str, Any]:
        """What the browser form needs (plain JSON)."""
        return {"version": self.version, "capabilities": self.capabilities}


def _load(path: Path) -> Questionnaire:
    source = YamlSource(path, WorkbookError)
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise source.fail((), "needs a whole-number version and a list of capabilities")
    capabilities = data.get("capabilities")
    if not isinstance(capabilities, list) or not capabilities:
        raise source.fail(("capabilities",), "needs a list of capabilities")
    seen: set[str] = set()
    for i, capability in enumerate(capabilities):
        where: tuple[str | int, ...] = ("capabilities", i)
        if not isinstance(capability, dict) or set(capability) != {"id", "title", *QUESTIONS}:
            raise source.fail(where, f"needs exactly id, title, {' and '.join(QUESTIONS)}")
        if capability["id"] in seen:
            raise source.fail((*where, "id"), f"'{capability['id']}' is used twice")
        seen.add(capability["id"])
        for question in QUESTIONS:
            entry = capability[question]
            anchors = entry.get("anchors") if isinstance(entry, dict) else None
            if not isinstance(entry.get("prompt"), str) or not isinstance(anchors, list):
                raise source.fail((*where, question), "needs a prompt and a list of anchors")
            if len(anchors) != len(SCALE) or not all(isinstance(a, str) and a.strip() for a in anchors):
                raise source.fail((*where, question, "anchors"), f"needs {len(SCALE)} described points")
    return Questionnaire(data["version"], capabilities)


@cache
def questionnaire() -> Questionnaire:
    """The course's questionnaire (read once)."""
    return _load(QUESTIONNAIRE_PATH)


def _shown(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:40] + "…"


def read_self_assessment(value: Any, set_aside: list[str]) -> dict[str, tuple[str | None, Ratings]]:
    """The usable phases of a handed-in ``self_assessment``: phase -> (time, ratings).

    Whatever cannot be used is appended to ``set_aside`` with its reason.
    """
    where = "self_assessment"
    known = questionnaire().ids
    if not isinstance(value, dict):
        set_aside.append(f"{where}: expected an object with 'before' and 'after'; set aside")
        return {}
    if len(value) > _MAX_KEYS:
        set_aside.append(f"{where}: {len(value):,} entries (limit {_MAX_KEYS}); set aside")
        return {}
    phases: dict[str, tuple[str | None, Ratings]] = {}
    for phase, entry in value.items():
        here = f"{where}.{phase}" if phase in PHASES else f"{where}.{_shown(phase)}"
        if phase not in PHASES:
            set_aside.append(f"{here}: not 'before' or 'after'; set aside")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("ratings"), dict):
            set_aside.append(f"{here}: expected an object with 'ratings'; set aside")
            continue
        at = entry.get("at")
        if at is not None and not (isinstance(at, str) and len(at) <= _MAX_TIME_CHARS and _is_time(at)):
            set_aside.append(f"{here}.at: must be an ISO 8601 time; set aside")
            at = None
        if len(entry["ratings"]) > _MAX_KEYS:
            set_aside.append(f"{here}.ratings: {len(entry['ratings']):,} entries (limit {_MAX_KEYS}); set aside")
            continue
        ratings: Ratings = {}
        for capability, answer in entry["ratings"].items():
            if capability not in known:
                set_aside.append(
                    f"{here}.ratings.{_shown(capability)}: not a capability in the questionnaire; set aside"
                )
            elif not _is_rating(answer):
                set_aside.append(
                    f"{here}.ratings.{capability}: expected confidence and frequency, each a whole number "
                    f"from {SCALE[0]} to {SCALE[-1]}; set aside"
                )
            else:
                ratings[capability] = {q: answer[q] for q in QUESTIONS}
        if ratings:
            phases[phase] = (at, ratings)
    return phases


def _is_rating(answer: Any) -> bool:
    return (
        isinstance(answer, dict)
        and set(answer) == set(QUESTIONS)
        and all(type(answer[q]) is int and answer[q] in SCALE for q in QUESTIONS)
    )


def _is_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
