"""The Python evaluator for ``smart_rules.yaml``: which SMART elements an action shows.

An action is a sentence (the ``smart`` exercise) or the action log's fields
(``action``, ``owner``, ``due``, ``measure``); one set of checks reads both.
This mirrors ``checkSmartAction`` in ``workbook/rules/smart_rules.js`` step for
step; ``tests/test_smart_rules.py`` runs both over one fixture file. Change
the two together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import RulesError
from workbook._yaml_source import load_checked
from workbook.rules._patterns import pattern_problem

__all__ = [
    "SMART_RULES_PATH",
    "SmartCheck",
    "SmartRules",
    "check_smart_action",
    "default_smart_rules",
    "load_smart_rules",
]

SMART_RULES_PATH = Path(__file__).with_name("smart_rules.yaml")
_SCHEMA_PATH = Path(__file__).with_name("smart_rules.schema.json")
_FIELDS = ("action", "owner", "due", "measure")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


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
    elements: tuple[tuple[dict[str, Any], tuple[tuple[re.Pattern[str] | None, dict[str, Any]], ...]], ...]


def load_smart_rules(path: Path = SMART_RULES_PATH) -> SmartRules:
    """Read, validate and compile a SMART rules file; errors name the file, line and check."""
    source = load_checked(path, _SCHEMA_PATH, RulesError)
    data = source.data

    ids = [n["id"] for n in data["normalise"]] + [c["id"] for e in data["elements"] for c in e["checks"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise source.fail((), f"ids must be unique, repeated: {', '.join(duplicates)}")
    for e, element in enumerate(data["elements"]):
        earlier = [other["id"] for other in data["elements"][:e]]
        if "needs" in element and element["needs"]["element"] not in earlier:
            problem = f"'{element['needs']['element']}' is not an element listed before '{element['id']}'"
            raise source.fail(("elements", e, "needs", "element"), problem)
    normalise = tuple(
        (_compiled(source, ("normalise", i), n, "step"), n["replace"]) for i, n in enumerate(data["normalise"])
    )
    elements = tuple(
        (
            element,
            tuple(
                (_compiled(source, ("elements", e, "checks", c), k, "check") if "pattern" in k else None, k)
                for c, k in enumerate(element["checks"])
            ),
        )
        for e, element in enumerate(data["elements"])
    )
    return SmartRules(data=data, normalise=normalise, elements=elements)


def _compiled(source: Any, path: tuple[str | int, ...], entry: dict[str, Any], kind: str) -> re.Pattern[str]:
    """``entry``'s pattern, compiled once it is known to mean the same in Python and JavaScript."""
    problem = pattern_problem(entry["pattern"])
    if problem:
        raise source.fail((*path, "pattern"), f"{kind} '{entry['id']}': bad pattern: {problem}")
    return re.compile(entry["pattern"], re.ASCII)


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


def _is_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _field_matches(check: dict[str, Any], pattern: re.Pattern[str] | None, raw: str, norm: str, today: str) -> bool:
    if pattern is not None:
        return pattern.search(norm) is not None
    kind = check["is"]
    if kind == "filled":
        return norm != ""
    if kind == "date":
        return _is_date(raw)
    return _is_date(raw) and raw < today


def check_smart_action(
    action: str | Mapping[str, str], rules: SmartRules | None = None, *, today: str | None = None
) -> list[SmartCheck] | None:
    """One result per SMART element, in order; ``None`` when the action is blank.

    ``action`` is a sentence or a mapping of the fields ``action``, ``owner``,
    ``due`` (YYYY-MM-DD) and ``measure``; ``today`` (YYYY-MM-DD, by default
    the local date) decides whether a due date has passed.
    """
    rules = rules or default_smart_rules()
    today = today or dt.date.today().isoformat()
    fields: dict[str, str] | None = None
    if isinstance(action, str):
        text = action
        if not text.strip():
            return None
    else:
        fields = {name: str(action.get(name) or "").strip() for name in _FIELDS}
        if not any(fields.values()):
            return None
        text = ". ".join(fields[name] for name in rules.data["text_fields"] if fields[name])
    norm = normalise_action(text, rules)
    results: list[SmartCheck] = []
    for element, checks in rules.elements:
        found = next((check for pattern, check in checks if _matches(check, pattern, norm, fields, rules, today)), None)
        if found is not None:
            results.append(SmartCheck(element["id"], found["met"], found["id"], found["message"]))
            continue
        needs = element.get("needs")
        if needs and not next(r.met for r in results if r.element == needs["element"]):
            results.append(SmartCheck(element["id"], False, f"needs_{needs['element']}", needs["message"]))
            continue
        otherwise = element["otherwise"]
        results.append(SmartCheck(element["id"], otherwise["met"], "none", otherwise["message"]))
    return results


def _matches(
    check: dict[str, Any],
    pattern: re.Pattern[str] | None,
    norm: str,
    fields: dict[str, str] | None,
    rules: SmartRules,
    today: str,
) -> bool:
    if "field" not in check:
        return pattern is not None and pattern.search(norm) is not None
    if fields is None:
        return False
    raw = fields[check["field"]]
    return _field_matches(check, pattern, raw, normalise_action(raw, rules), today)
