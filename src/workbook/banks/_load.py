"""Load and validate item banks.

Schema checks come first (shape and types); the checks a schema cannot express
(one correct option in a single-answer choice, categories that exist, a
SMART model answer that passes the SMART checks, a timing plan that can fit,
ids unique across banks) follow, then the item-writing checks
(``_item_writing``: no key given away by its place or length). Every error names the file, line, item and key.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook._errors import BankError, WorkbookError
from workbook._yaml_source import YamlSource, schema_problem
from workbook.banks._item_writing import item_writing_problems
from workbook.exercise_types import by_type

if TYPE_CHECKING:
    import jsonschema

__all__ = ["BANKS_DIR", "Bank", "BankSet", "check_banks", "default_banks", "load_bank", "load_banks"]

BANKS_DIR = Path(__file__).parent
SCHEMA_PATH = BANKS_DIR / "bank.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    from workbook._jsonschema import jsonschema  # imported on first validation only

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@dataclass(frozen=True)
class Bank:
    """One module's items, as validated data."""

    path: Path
    name: str
    version: int
    title: str
    items: tuple[dict[str, Any], ...]
    outcomes: tuple[dict[str, Any], ...] = ()  # the module's learning outcomes, each listing its items' ids


@dataclass(frozen=True)
class BankSet:
    """All banks, with items looked up by id across them."""

    banks: tuple[Bank, ...]

    def item(self, item_id: str) -> tuple[Bank, dict[str, Any]]:
        """The bank and item for ``item_id``; a clear error if there is none."""
        for bank in self.banks:
            for item in bank.items:
                if item["id"] == item_id:
                    return bank, item
        names = ", ".join(b.name for b in self.banks) or "none"
        msg = f"no item '{item_id}' in any bank (banks: {names}; folder {BANKS_DIR})"
        raise BankError(msg)


def load_bank(path: Path) -> Bank:
    """Read and validate one bank file."""
    source = YamlSource(path, BankError)
    data = source.data
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        raise _schema_error(source, errors[0], extra=len(errors) - 1)
    _check_semantics(source, data)
    problems = item_writing_problems(source, data)
    if problems:
        count = f"{len(problems)} item-writing problem{'s' if len(problems) > 1 else ''}"
        raise BankError(f"{path}: {count}:\n" + "\n".join(problems))
    items = tuple(_loaded(i) for i in data["items"])
    return Bank(path, data["bank"], data["version"], data["title"], items, tuple(data.get("outcomes", [])))


def load_banks(folder: Path = BANKS_DIR) -> BankSet:
    """Read every ``*.yaml`` bank in ``folder``; ids must be unique across all of them."""
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        msg = f"{folder}: no item banks (*.yaml) found"
        raise BankError(msg)
    banks = tuple(load_bank(p) for p in paths)
    names = Counter(bank.name for bank in banks)
    seen: dict[str, Bank] = {}
    for bank in banks:
        if names[bank.name] > 1:
            msg = f"{bank.path}: bank name '{bank.name}' is used by another bank file too"
            raise BankError(msg)
        for index, item in enumerate(bank.items):
            if item["id"] in seen:
                source = YamlSource(bank.path, BankError)
                other = seen[item["id"]].path
                raise source.fail(("items", index, "id"), f"duplicate id, already used in {other}", item_id=item["id"])
            seen[item["id"]] = bank
    for bank in banks:
        _check_outcome_items(bank, seen)
    return BankSet(banks)


def _check_outcome_items(bank: Bank, known: dict[str, Bank]) -> None:
    """Every item an outcome lists exists, in this bank or another (ids are unique across banks)."""
    for o_index, outcome in enumerate(bank.outcomes):
        for i_index, item_id in enumerate(outcome["items"]):
            if item_id not in known:
                source = YamlSource(bank.path, BankError)
                where = ("outcomes", o_index, "items", i_index)
                problem = f"no item '{item_id}' in any bank (module '{bank.title}')"
                raise source.fail(where, problem, item_id=outcome["id"], what="outcome")


@cache
def default_banks() -> BankSet:
    """The banks shipped with the package, loaded and validated once per process."""
    return load_banks()


def check_banks(folder: Path = BANKS_DIR, *, exercises: Path | None = None) -> list[str]:
    """Validate all banks, and that every learning outcome is assessed by an item
    graded in the assignments in ``exercises`` (default: the book's, found from
    the working directory, ``workbook.assignments``); return report lines:
    counts per bank and type, then a total."""
    from workbook.alignment import check_alignment, graded_items  # it reads the banks through this package

    bank_set = load_banks(folder)
    check_alignment(bank_set, graded_items(exercises))
    lines = []
    for bank in bank_set.banks:
        counts = Counter(item["type"] for item in bank.items)
        per_type = " ".join(f"{t}={n}" for t, n in sorted(counts.items()))
        lines.append(
            f"{bank.name} (v{bank.version}): {len(bank.items)} items: {per_type} outcomes={len(bank.outcomes)}"
        )
    total = sum(len(b.items) for b in bank_set.banks)
    outcome_total = sum(len(b.outcomes) for b in bank_set.banks)
    lines.append(f"items={total} banks={len(bank_set.banks)} outcomes={outcome_total}")
    return lines


def _schema_error(source: YamlSource, error: jsonschema.ValidationError, *, extra: int) -> WorkbookError:
    path = tuple(error.absolute_path)
    item_id = None
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        items = source.data.get("items") if isinstance(source.data, dict) else None
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            item_id = item["id"]
    problem = schema_problem(error)
    if extra:
        problem += f" (and {extra} more problem{'s' if extra > 1 else ''})"
    return source.fail(path, problem, item_id=item_id)


def _check_semantics(source: YamlSource, data: dict[str, Any]) -> None:
    outcome_ids: set[str] = set()
    for index, outcome in enumerate(data.get("outcomes", [])):
        if outcome["id"] in outcome_ids:
            raise source.fail(
                ("outcomes", index, "id"), "duplicate outcome id in this bank", item_id=outcome["id"], what="outcome"
            )
        outcome_ids.add(outcome["id"])
    local_ids: set[str] = set()
    for index, item in enumerate(data["items"]):
        item_id = item["id"]
        if item_id in local_ids:
            raise source.fail(("items", index, "id"), "duplicate id in this bank", item_id=item_id)
        local_ids.add(item_id)
        problem = _item_problem(item)
        if problem:
            key, message = problem
            raise source.fail(("items", index, *key), message, item_id=item_id)


Problem = tuple[tuple[str | int, ...], str] | None


def _item_problem(item: dict[str, Any]) -> Problem:
    check = _SEMANTIC_CHECKS[item["type"]]
    return check(item) if check else None


def _choice_problem(item: dict[str, Any]) -> Problem:
    correct = sum(1 for o in item["options"] if o["correct"])
    if item.get("multiple", False):
        if correct == 0:
            return ("options",), "a multiple-answer choice needs at least one correct option"
    elif correct != 1:
        return ("options",), f"a single-answer choice needs exactly one correct option, found {correct}"
    texts = [o["text"] for o in item["options"]]
    if len(set(texts)) != len(texts):
        return ("options",), "two options have the same text"
    return None


def _choices_problem(key: str, choices: list[dict[str, Any]]) -> Problem:
    """Ids and labels of categories or options, which the learner must tell apart."""
    for field in ("id", "label"):
        seen: set[str] = set()
        for index, choice in enumerate(choices):
            if choice[field] in seen:
                return (key, index, field), f"'{choice[field]}' is used twice in {key}"
            seen.add(choice[field])
    return None


def _classify_problem(item: dict[str, Any]) -> Problem:
    problem = _choices_problem("categories", item["categories"])
    if problem:
        return problem
    ids = [c["id"] for c in item["categories"]]
    for s_index, statement in enumerate(item["statements"]):
        if statement["category"] not in ids:
            known = ", ".join(ids)
            return ("statements", s_index, "category"), f"'{statement['category']}' is not a category (known: {known})"
    return None


def _match_problem(item: dict[str, Any]) -> Problem:
    problem = _choices_problem("options", item["options"])
    if problem:
        return problem
    known = [o["id"] for o in item["options"]]
    texts: set[str] = set()
    for index, pair in enumerate(item["pairs"]):
        if pair["text"] in texts:
            return ("pairs", index, "text"), f"'{pair['text']}' is used twice in pairs"
        texts.add(pair["text"])
        if pair["match"] not in known:
            return ("pairs", index, "match"), f"'{pair['match']}' is not an option (known: {', '.join(known)})"
    return None


def _spot_problem(item: dict[str, Any]) -> Problem:
    problem = _choices_problem("categories", item["categories"])
    if problem:
        return problem
    known = [c["id"] for c in item["categories"]]
    marked = 0
    for index, line in enumerate(item["dialogue"]):
        if "category" not in line:
            continue
        marked += 1
        if line["category"] not in known:
            return (
                "dialogue",
                index,
                "category",
            ), f"'{line['category']}' is not a category (known: {', '.join(known)})"
    if marked == 0:
        return ("dialogue",), "no line has a category, so there is nothing for the learner to spot"
    return None


def _smart_problem(item: dict[str, Any]) -> Problem:
    from workbook.rules._smart import check_smart_action  # only when validating

    unmet = [r for r in check_smart_action(item["model_answer"]) or [] if not r.met]
    if unmet:
        missing = "; ".join(f"{r.element}: {r.message}" for r in unmet)
        return ("model_answer",), f"the model answer must meet every SMART check, but misses {missing}"
    if all(r.met for r in check_smart_action(item["original"]) or []):
        return ("original",), "the draft already meets every SMART check, so there is nothing to improve"
    return None


def _timing_problem(item: dict[str, Any]) -> Problem:
    stages, total = item["stages"], item["total"]
    names: set[str] = set()
    for index, stage in enumerate(stages):
        if stage["name"] in names:
            return ("stages", index, "name"), f"'{stage['name']}' is used twice in stages"
        names.add(stage["name"])
        if stage["min"] > stage["max"]:
            return ("stages", index, "max"), f"max ({stage['max']}) is less than min ({stage['min']})"
        if stage["max"] > total:
            return ("stages", index, "max"), f"max ({stage['max']}) is more than the meeting's total ({total})"
    low, high = sum(s["min"] for s in stages), sum(s["max"] for s in stages)
    if not low <= total <= high:
        return ("total",), f"no plan can fit: the stages allow {low} to {high} minutes in all, but the total is {total}"
    return None


def _rewrite_problem(item: dict[str, Any]) -> Problem:
    """Avoid/about patterns are safe and lower case; the model answer earns full marks, the original does not."""
    import re

    from workbook.rules._engine import about_pattern, mark_rewrite  # only when validating
    from workbook.rules._patterns import pattern_problem

    for key in ("avoid", "about"):
        entries = item.get(key, [])
        ids = [e["id"] for e in entries if isinstance(e, dict)]
        for index, entry in enumerate(entries):
            path: tuple[str | int, ...] = (key, index) if isinstance(entry, str) else (key, index, "pattern")
            pattern = about_pattern(entry)
            problem = pattern_problem(pattern, simple=True)
            if problem is None and any(ch.isupper() for ch in re.sub(r"\\.", "", pattern)):
                problem = "use lower case: answers are lower-cased before they are matched"
            if problem:
                return path, f"bad pattern '{pattern}': {problem}"
            if isinstance(entry, dict) and ids.count(entry["id"]) > 1:
                return (key, index, "id"), f"'{entry['id']}' is used twice in {key}"
    model = mark_rewrite(item, item["model_answer"])
    if model is None or not model.correct:
        why = " ".join(model.notes) if model else "it is blank"
        return ("model_answer",), f"the model answer must earn full marks, but: {why}"
    original = mark_rewrite(item, item["original"])
    if original is not None and original.correct:
        return ("original",), "the original already earns full marks, so there is nothing to rewrite"
    return None


def _practice_problem(item: dict[str, Any]) -> Problem:
    """The scenario exists (a broken scenario file raises its own error, naming that file)."""
    from workbook.practice._load import default_scenarios

    known = default_scenarios()
    if item["scenario"] not in known:
        return ("scenario",), f"no scenario '{item['scenario']}' (known: {', '.join(known)})"
    return None


def _loaded(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the widget and the grader read it: a practice item carries its scenario, not only its id."""
    if item["type"] != "practice":
        return item
    from workbook.practice._load import default_scenarios

    return {**item, "scenario": default_scenarios()[item["scenario"]]}


def _dilemma_problem(item: dict[str, Any]) -> Problem:
    """Every id distinct, every choice leads somewhere, a best ending and a
    weaker one, everything reachable from the first node, and no path that
    goes round in a circle: so every path ends in an ending (and its debrief)."""
    places: dict[str, tuple[str | int, ...]] = {}
    for key in ("nodes", "endings"):
        for index, entry in enumerate(item[key]):
            if entry["id"] in places:
                return (key, index, "id"), f"'{entry['id']}' is used twice among the nodes and endings"
            places[entry["id"]] = (key, index)
    problem = _dilemma_choices_problem(item, places)
    if problem:
        return problem
    qualities = {e["quality"] for e in item["endings"]}
    if "best" not in qualities:
        return ("endings",), "no ending has quality 'best', so no path earns full marks"
    if qualities == {"best"}:
        return ("endings",), "every ending has quality 'best', so no choice matters"
    return _dilemma_paths_problem(item, places)


def _dilemma_choices_problem(item: dict[str, Any], places: dict[str, tuple[str | int, ...]]) -> Problem:
    """Choice ids unique in the dilemma (a saved path names them), each leading to a node or an ending."""
    choices: set[str] = set()
    for n_index, node in enumerate(item["nodes"]):
        for c_index, choice in enumerate(node["choices"]):
            where: tuple[str | int, ...] = ("nodes", n_index, "choices", c_index)
            if choice["id"] in choices:
                return (*where, "id"), f"'{choice['id']}' is used twice among the choices"
            choices.add(choice["id"])
            if choice["next"] not in places:
                known = ", ".join(places)
                return (*where, "next"), f"'{choice['next']}' is neither a node nor an ending (known: {known})"
    return None


def _dilemma_paths_problem(item: dict[str, Any], places: dict[str, tuple[str | int, ...]]) -> Problem:
    """A depth-first walk from the first node: a choice back to a node on the
    current path is a circle; whatever the walk never meets cannot be reached."""
    by_id = {node["id"]: node for node in item["nodes"]}
    state: dict[str, str] = {}  # "open" while on the current path, "done" once explored

    def visit(node_id: str) -> Problem:
        state[node_id] = "open"
        for choice in by_id[node_id]["choices"]:
            target = choice["next"]
            if state.get(target) == "open":
                return (
                    *places[node_id],
                    "choices",
                ), f"a choice leads back to '{target}', so a path can go round for ever"
            if target in by_id and target not in state:
                problem = visit(target)
                if problem:
                    return problem
            state.setdefault(target, "done")
        state[node_id] = "done"
        return None

    problem = visit(item["nodes"][0]["id"])
    if problem:
        return problem
    unreached = next((place for place in places if place not in state), None)
    if unreached:
        return (*places[unreached], "id"), f"'{unreached}' cannot be reached from the first node"
    return None


# The checks a schema cannot express, per exercise type (None: the schema says it all).
_SEMANTIC_CHECKS: dict[str, Callable[[dict[str, Any]], Problem] | None] = by_type(
    {
        "choice": _choice_problem,
        "classify": _classify_problem,
        "order": None,
        "match": _match_problem,
        "spot": _spot_problem,
        "smart": _smart_problem,
        "timing": _timing_problem,
        "rewrite": _rewrite_problem,
        "practice": _practice_problem,
        "dilemma": _dilemma_problem,
    },
    where=__name__,
)
