"""Load and validate practice-set scenarios (``scenarios/*.yaml``).

The schema (``scenario.schema.json``) checks the shape; the checks it cannot
express follow: the id is the file's name, insight and topic ids are unique,
and an insight's ``after`` names an insight listed before it. Every error
names the file, line, scenario and key path.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook._errors import ScenarioError
from workbook._yaml_source import YamlSource, schema_problem

if TYPE_CHECKING:
    import jsonschema

__all__ = ["SCENARIOS_DIR", "default_scenarios", "load_scenario", "load_scenarios", "scenario"]

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")


@cache
def _validator() -> jsonschema.Draft202012Validator:
    from workbook._jsonschema import jsonschema  # imported on first validation only

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def load_scenario(path: Path) -> dict[str, Any]:
    """Read and validate one scenario file."""
    source = YamlSource(path, ScenarioError)
    data = source.data
    scenario_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        first = errors[0]
        problem = schema_problem(first)
        if len(errors) > 1:
            problem += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise source.fail(tuple(first.absolute_path), problem, item_id=scenario_id, what="scenario")
    semantic = _semantic_problem(path, data)
    if semantic:
        key, message = semantic
        raise source.fail(key, message, item_id=scenario_id, what="scenario")
    return data  # type: ignore[no-any-return]


def _semantic_problem(path: Path, data: dict[str, Any]) -> tuple[tuple[str | int, ...], str] | None:
    if data["id"] != path.stem:
        return ("id",), f"'{data['id']}' must be the file's name ('{path.stem}')"
    for key in ("insights", "topics"):
        seen: set[str] = set()
        for index, entry in enumerate(data[key]):
            if entry["id"] in seen:
                return (key, index, "id"), f"'{entry['id']}' is used twice in {key}"
            seen.add(entry["id"])
    earlier: list[str] = []
    for index, insight in enumerate(data["insights"]):
        after = insight.get("after")
        if after is not None and after not in earlier:
            known = ", ".join(earlier) or "none"
            return ("insights", index, "after"), f"'{after}' is not an insight listed before this one (known: {known})"
        earlier.append(insight["id"])
    return None


def load_scenarios(folder: Path = SCENARIOS_DIR) -> dict[str, dict[str, Any]]:
    """Every ``*.yaml`` scenario in ``folder``, by id."""
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise ScenarioError(f"{folder}: no practice-set scenarios (*.yaml) found")
    return {p.stem: load_scenario(p) for p in paths}


@cache
def default_scenarios() -> dict[str, dict[str, Any]]:
    """The scenarios shipped with the package, loaded and validated once per process."""
    return load_scenarios()


def scenario(scenario_id: str) -> dict[str, Any]:
    """The shipped scenario ``scenario_id``; a ``ScenarioError`` naming the known ones if there is none."""
    known = default_scenarios()
    if scenario_id not in known:
        raise ScenarioError(f"no scenario '{scenario_id}' in {SCENARIOS_DIR} (known: {', '.join(known)})")
    return known[scenario_id]
