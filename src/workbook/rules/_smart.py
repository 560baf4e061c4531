"""The Python evaluator for ``smart_rules.yaml``: which SMART elements a drafted action shows.

It mirrors ``checkSmartAction`` in ``workbook/rules/smart_rules.js`` step for
step; ``tests/test_smart_rules.py`` runs both over one fixture file. Change
the two together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import RulesError
from workbook._yaml_source import load_checked

__all__ = ["SMART_RULES_PATH", "SmartCheck", "SmartRules", "check_smart_action", "load_smart_rules"]

SMART_RULES_PATH = Path(__file__).with_name("smart_rules.yaml")
_SCHEMA_PATH = Path(__file__).with_name("smart_rules.schema.json")


@dataclass(frozen=True)
class SmartCheck:
    """What the checks found for one SMART element of one action."""

    element: str
    met: bool
    check: str
    message: str


@dataclass(frozen=True)
class SmartRules:
    """A validated SMART rules file: the raw data (sent to the browser) and compiled patterns."""

    data: dict[str, Any]
    normalise: tuple[tuple[re.Pattern[str], str], ...]
    elements: tuple[tuple[dict[str, Any], tuple[tuple[re.Pattern[str], dict[str, Any]], ...]], ...]


def load_smart_rules(path: Path = SMART_RULES_PATH) -> SmartRules:
    """Read, validate and compile a SMART rules file; errors name the file, line and check."""
    source = load_checked(path, _SCHEMA_PATH, RulesError)
    data = source.data

    def compiled(path: tuple[str | int, ...], entry: dict[str, Any]) -> re.Pattern[str]:
        try:
            return re.compile(entry["pattern"], re.ASCII)
        except re.error as exc:
            raise source.fail((*path, "pattern"), f"check '{entry['id']}': bad pattern: {exc}") from exc

    ids = [n["id"] for n in data["normalise"]] + [c["id"] for e in data["elements"] for c in e["checks"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise source.fail((), f"ids must be unique, repeated: {', '.join(duplicates)}")
    normalise = tuple((compiled(("normalise", i), n), n["replace"]) for i, n in enumerate(data["normalise"]))
    elements = tuple(
        (
            element,
            tuple((compiled(("elements", e, "checks", c), check), check) for c, check in enumerate(element["checks"])),
        )
        for e, element in enumerate(data["elements"])
    )
    return SmartRules(data=data, normalise=normalise, elements=elements)


@cache
def default_smart_rules() -> SmartRules:
    """The shipped SMART rules, loaded once per process."""
    return load_smart_rules()


def normalise_action(text: str, rules: SmartRules) -> str:
    """Lower-case, collapse white space, then apply the file's normalise steps in order."""
    out = re.sub(r"\s+", " ", text.lower()).strip()
    for pattern, replacement in rules.normalise:
        out = pattern.sub(_literal(replacement), out)
    return out.strip()


def _literal(replacement: str) -> Callable[[re.Match[str]], str]:
    """A replacement used as is: no backslash or group expansion (as in the JS evaluator)."""
    return lambda _match: replacement


def check_smart_action(text: str, rules: SmartRules | None = None) -> list[SmartCheck] | None:
    """One result per SMART element, in order; ``None`` when ``text`` is blank."""
    rules = rules or default_smart_rules()
    if not text.strip():
        return None
    norm = normalise_action(text, rules)
    results = []
    for element, checks in rules.elements:
        found = next((check for pattern, check in checks if pattern.search(norm)), None)
        if found is None:
            results.append(SmartCheck(element["id"], False, "none", element["unmet"]))
        else:
            results.append(SmartCheck(element["id"], found["met"], found["id"], found["message"]))
    return results
