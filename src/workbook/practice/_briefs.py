"""Presenter briefs for role-play rounds: the cards of the trainer's kit.

Each practice-set scenario gives a brief (its presenter, the problem as first
told, its insights as what the presenter knows but has not said, and the
first reply on each topic as small facts to give if asked), and
``briefs.yaml`` adds further briefs in the same shape, checked against
``briefs.schema.json``. Ids are unique across both, so a card can be named
by id on a page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import ScenarioError
from workbook._yaml_source import YamlSource
from workbook.practice._load import default_scenarios

__all__ = ["BRIEFS_PATH", "Brief", "load_briefs", "presenter_briefs"]

BRIEFS_PATH = Path(__file__).with_name("briefs.yaml")
SCHEMA_PATH = Path(__file__).with_name("briefs.schema.json")


@dataclass(frozen=True)
class Brief:
    """One presenter's card."""

    id: str
    title: str
    format: str
    name: str
    role: str
    problem: str
    hidden: tuple[str, ...]
    details: tuple[str, ...]
    from_scenario: bool


def _from_scenario(data: dict[str, Any]) -> Brief:
    presenter = data["presenter"]
    return Brief(
        id=data["id"],
        title=data["title"],
        format=data["format"],
        name=presenter["name"],
        role=presenter["role"],
        problem=presenter["problem"],
        hidden=tuple(i["summary"] for i in data["insights"]),
        details=tuple(t["reply"][0] for t in data["topics"]),
        from_scenario=True,
    )


def load_briefs(path: Path = BRIEFS_PATH) -> list[Brief]:
    """The briefs in ``path``, validated (a ``ScenarioError`` naming the file and line if not)."""
    from workbook._jsonschema import jsonschema  # imported on first validation only

    source = YamlSource(path, ScenarioError)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(source.data), key=lambda e: list(map(str, e.path))
    )
    if errors:
        raise source.fail(tuple(errors[0].absolute_path), errors[0].message, what="brief")
    return [
        Brief(
            id=b["id"],
            title=b["title"],
            format=b["format"],
            name=b["presenter"]["name"],
            role=b["presenter"]["role"],
            problem=b["presenter"]["problem"],
            hidden=tuple(b["hidden"]),
            details=tuple(b["details"]),
            from_scenario=False,
        )
        for b in source.data["briefs"]
    ]


@cache
def presenter_briefs() -> tuple[Brief, ...]:
    """Every card: one per practice-set scenario, then the further briefs; ids unique across both."""
    briefs = [_from_scenario(s) for s in default_scenarios().values()] + load_briefs()
    seen: set[str] = set()
    for brief in briefs:
        if brief.id in seen:
            raise ScenarioError(f"{BRIEFS_PATH}: brief id '{brief.id}' is also a scenario's or another brief's id")
        seen.add(brief.id)
    return tuple(briefs)
