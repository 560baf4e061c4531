"""Marking one answer against its bank item: the Python twin of the mark
functions in ``exercises/exercise.js``, used by the autograder and feedback.

Each type gives a fraction of the item's points (partial credit), whether it
is fully right, which of its parts are right, the answer as the learner gave
it (plain text, escaped later by the templates), notes from the bank's own
feedback, and a model answer. The notes say what the exercise's page says
after Check, in the feedback page's words (tests/cases/marking.yaml pins
both against hand-worked cases).
An answer of the wrong shape is never an exception: it scores 0 with a reason.
An answer to an earlier version of an item (saved under an older bank version,
or a choice answer naming options by position, as version 1 did) scores 0 and
says so: it is never marked against the current options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbook.answers import AnswerSheet
from workbook.rules._engine import QuestionRules, default_rules, mark_rewrite

__all__ = ["EARLIER_VERSION", "ItemResult", "score_handed_in", "score_item"]

_MAX_TEXT = 2_000
EARLIER_VERSION = "answered an earlier version of this exercise; not marked"


@dataclass(frozen=True)
class ItemResult:
    """How one answer to one item was marked."""

    item_id: str
    fraction: float
    correct: bool
    answered: bool
    given: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    model_answer: list[str] = field(default_factory=list)
    problem: str | None = None
    response: str = ""  # a short key for "commonest wrong answers" in the report
    selected: list[str] = field(default_factory=list)  # choice: the option ids chosen (distractor table)
    # Right or wrong per part, in the item's order, as the page marks them: the
    # options chosen (choice), statements (classify), positions (order), pairs
    # (match), marked lines (spot), SMART elements (smart), stages (timing),
    # the scenario's insights reached (practice); empty for rewrite and
    # dilemma, which are marked as a whole.
    parts: list[bool] = field(default_factory=list)


def score_item(item: dict[str, Any], answer: Any, rules: QuestionRules | None = None) -> ItemResult:
    """Mark ``answer`` (the stored answer object, or None) for bank ``item``."""
    model = _MODELS[item["type"]](item)
    if answer is None:
        return ItemResult(item["id"], 0.0, False, False, model_answer=model, problem="not answered")
    try:
        return _MARKERS[item["type"]](item, answer, rules, model)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return ItemResult(item["id"], 0.0, False, True, model_answer=model, problem="the answer could not be read")


def score_handed_in(
    item: dict[str, Any], sheet: AnswerSheet | None, *, bank: str, version: int, rules: QuestionRules | None = None
) -> ItemResult:
    """Mark the answer a hand-in holds for ``item`` of bank ``bank`` at ``version``.

    A sheet that answers the item only under an earlier bank version is
    reported as such, scoring 0, never marked against the current item.
    """
    answer = sheet.answer(bank, version, item["id"]) if sheet is not None else None
    if answer is None and sheet is not None and sheet.earlier_versions(bank, version, item["id"]):
        return _earlier_version(item, _MODELS[item["type"]](item))
    return score_item(item, answer, rules)


def _earlier_version(item: dict[str, Any], model: list[str]) -> ItemResult:
    return ItemResult(item["id"], 0.0, False, False, model_answer=model, problem=EARLIER_VERSION)


def _choice(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    """``answer["selected"]`` names options by id; whole numbers are positions, from version 1."""
    selected = answer["selected"]
    options = item["options"]
    if not isinstance(selected, list):
        raise TypeError
    if any(isinstance(i, int) and not isinstance(i, bool) for i in selected):
        return _earlier_version(item, model)
    ids = {o["id"] for o in options}
    if len(set(selected)) != len(selected) or not all(isinstance(i, str) and i in ids for i in selected):
        raise ValueError
    chosen = [o for o in options if o["id"] in selected]
    total = sum(o["correct"] for o in options)
    right = sum(o["correct"] for o in chosen)
    wrong = len(chosen) - right
    fraction = max(0.0, (right - wrong) / total)
    notes = [o["feedback"] for o in chosen]
    if item.get("multiple") and total - right:  # as the page: a single answer's one key is in the model answer
        notes.append(f"You have missed {total - right} correct option{'s' if total - right > 1 else ''}.")
    return ItemResult(
        item["id"],
        fraction,
        right == total and wrong == 0,
        bool(chosen),
        given=[o["text"] for o in chosen],
        selected=[o["id"] for o in chosen],
        parts=[bool(o["correct"]) for o in chosen],
        notes=notes,
        model_answer=model,
        response=" + ".join(f"{o['id']}: {_short(o['text'])}" for o in chosen) or "none",
    )


def _classify(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    placed = answer["placed"]
    statements = item["statements"]
    labels = {c["id"]: c["label"] for c in item["categories"]}
    if not isinstance(placed, list) or len(placed) != len(statements):
        raise ValueError
    if not all(p is None or p in labels for p in placed):
        raise ValueError
    right = sum(p == s["category"] for p, s in zip(placed, statements, strict=True))
    given = [f"{s['text']} → {labels[p] if p else '(not sorted)'}" for p, s in zip(placed, statements, strict=True)]
    notes = [s["feedback"] for p, s in zip(placed, statements, strict=True) if p != s["category"]]
    wrong = [str(i + 1) for i, (p, s) in enumerate(zip(placed, statements, strict=True)) if p != s["category"]]
    return ItemResult(
        item["id"],
        right / len(statements),
        right == len(statements),
        any(p is not None for p in placed),
        given=given,
        parts=[p == s["category"] for p, s in zip(placed, statements, strict=True)],
        notes=notes,
        model_answer=model,
        response="statements " + ", ".join(wrong) + " misplaced" if wrong else "all right",
    )


def _order(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    order = answer["order"]
    steps = item["steps"]
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(steps):
        raise ValueError
    right = sum(a == b for a, b in zip(order, steps, strict=True))
    first_wrong = next((i for i, (a, b) in enumerate(zip(order, steps, strict=True)) if a != b), None)
    notes = [] if first_wrong is None else [f"Step {first_wrong + 1} should be: {steps[first_wrong]}"]
    return ItemResult(
        item["id"],
        right / len(steps),
        right == len(steps),
        True,
        given=[f"{i + 1}. {s}" for i, s in enumerate(order)],
        parts=[a == b for a, b in zip(order, steps, strict=True)],
        notes=notes,
        model_answer=model,
        response=f"{right} of {len(steps)} in place",
    )


def _rewrite(item: dict[str, Any], answer: Any, rules: QuestionRules | None, model: list[str]) -> ItemResult:
    text = answer["text"]
    if not isinstance(text, str):
        raise TypeError
    text = text[:_MAX_TEXT]
    mark = mark_rewrite(item, text, rules or default_rules())
    if mark is None:
        return ItemResult(item["id"], 0.0, False, False, model_answer=model, problem="not answered")
    response = f"{mark.verdict.verdict} question"
    if mark.avoided:
        response = f"keeps '{mark.avoided}': {response}"
    elif mark.off_topic:
        response = f"off the presenter's issue: {response}"
    return ItemResult(
        item["id"],
        mark.score,
        mark.correct,
        True,
        given=[text],
        notes=list(mark.notes),
        model_answer=model,
        response=response,
    )


def _picks(item: dict[str, Any], picks: Any, rows: list[tuple[str, str, str]], model: list[str]) -> ItemResult:
    """Match and spot: one pick per row; ``rows`` are (text, expected id, feedback)."""
    labels = {c["id"]: c["label"] for c in item.get("options") or item["categories"]}
    if not isinstance(picks, list) or len(picks) != len(rows) or not all(p is None or p in labels for p in picks):
        raise ValueError
    right = sum(p == want for p, (_, want, _) in zip(picks, rows, strict=True))
    wrong = [str(i + 1) for i, (p, (_, want, _)) in enumerate(zip(picks, rows, strict=True)) if p != want]
    return ItemResult(
        item["id"],
        right / len(rows),
        right == len(rows),
        any(p is not None for p in picks),
        parts=[p == want for p, (_, want, _) in zip(picks, rows, strict=True)],
        given=[
            f"{_short(text)} → {labels[p] if p else '(not chosen)'}"
            for p, (text, _, _) in zip(picks, rows, strict=True)
        ],
        notes=[feedback for p, (_, want, feedback) in zip(picks, rows, strict=True) if p != want],
        model_answer=model,
        response="rows " + ", ".join(wrong) + " wrong" if wrong else "all right",
    )


def _match(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    rows = [(p["text"], p["match"], p["feedback"]) for p in item["pairs"]]
    return _picks(item, answer["matched"], rows, model)


def _spot(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    rows = [
        (f"{line['speaker']}: {line['text']}", line["category"], line["feedback"])
        for line in item["dialogue"]
        if line.get("category")
    ]
    return _picks(item, answer["spotted"], rows, model)


def _smart(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    from workbook.rules._smart import check_smart_action, default_smart_rules

    text = answer["text"]
    if not isinstance(text, str):
        raise TypeError
    checks = check_smart_action(text[:_MAX_TEXT])
    if checks is None:
        return ItemResult(item["id"], 0.0, False, False, model_answer=model, problem="not answered")
    labels = {e["id"]: e["label"] for e in default_smart_rules().data["elements"]}
    met = sum(c.met for c in checks)
    missing = [labels[c.element] for c in checks if not c.met]
    return ItemResult(
        item["id"],
        met / len(checks),
        met == len(checks),
        True,
        given=[text[:_MAX_TEXT]],
        parts=[c.met for c in checks],
        notes=[f"{labels[c.element]}: {c.message}" for c in checks if not c.met],
        model_answer=model,
        response="missing " + ", ".join(missing) if missing else "all met",
    )


def _timing(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    minutes = answer["minutes"]
    stages = item["stages"]
    if not isinstance(minutes, list) or len(minutes) != len(stages):
        raise ValueError
    if not all(
        m is None or (isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= item["total"]) for m in minutes
    ):
        raise ValueError
    in_range = [m is not None and s["min"] <= m <= s["max"] for m, s in zip(minutes, stages, strict=True)]
    allotted = sum(m or 0 for m in minutes)
    fraction = (sum(in_range) + (allotted == item["total"])) / (len(stages) + 1)
    notes = [
        f"{s['name']}: aim for {s['min']}–{s['max']} minutes. {s['feedback']}"
        for ok, s in zip(in_range, stages, strict=True)
        if not ok
    ]
    if allotted != item["total"]:
        notes.insert(0, f"The plan allots {allotted} of the {item['total']} minutes.")
    return ItemResult(
        item["id"],
        fraction,
        all(in_range) and allotted == item["total"],
        any(m is not None for m in minutes),
        given=[f"{s['name']}: {'—' if m is None else m} min" for m, s in zip(minutes, stages, strict=True)],
        parts=in_range,
        notes=notes,
        model_answer=model,
        response=f"{sum(in_range)} of {len(stages)} stages in range, {allotted} of {item['total']} minutes",
    )


def _practice(item: dict[str, Any], answer: Any, rules: QuestionRules | None, model: list[str]) -> ItemResult:
    """The questions are replayed through the question rules and the scenario (as the page plays
    them); the share of the presenter's insights reached is the score, and the debrief the notes."""
    from workbook.practice._engine import MAX_QUESTIONS, debrief, debrief_lines, play

    questions = answer["questions"]
    if not isinstance(questions, list) or len(questions) > MAX_QUESTIONS:
        raise ValueError
    if not all(isinstance(q, str) for q in questions):
        raise TypeError
    scenario = item["scenario"]
    session = play(scenario, questions, rules or default_rules())
    if not session.turns:
        return ItemResult(item["id"], 0.0, False, False, model_answer=model, problem="not answered")
    summary = debrief(session)
    return ItemResult(
        item["id"],
        summary.score,
        not summary.missed,
        True,
        given=[t.question for t in session.turns],
        parts=[i["id"] in summary.reached for i in scenario["insights"]],
        notes=debrief_lines(scenario, summary),
        model_answer=model,
        response=f"{len(summary.reached)} of {len(scenario['insights'])} insights reached",
    )


# A dilemma's ending earns its quality's share of the points: the strongest
# ending all of them, a mixed one half (partial credit), a poor one none.
DILEMMA_CREDIT = {"best": 1.0, "mixed": 0.5, "poor": 0.0}


def walk_dilemma(item: dict[str, Any], path: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The choices ``path`` (choice ids) makes from the first node, and the ending
    it reaches (None if it stops before one); a ``ValueError`` if a step is not
    a choice of the node it is taken at, or the path goes on past an ending."""
    if not isinstance(path, list):
        raise TypeError
    nodes = {n["id"]: n for n in item["nodes"]}
    endings = {e["id"]: e for e in item["endings"]}
    node: dict[str, Any] | None = item["nodes"][0]
    ending = None
    taken = []
    for step in path:
        if node is None:
            raise ValueError
        choice = next((c for c in node["choices"] if c["id"] == step), None)
        if choice is None:
            raise ValueError
        taken.append(choice)
        node, ending = nodes.get(choice["next"]), endings.get(choice["next"])
    return taken, ending


def best_path(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The first path, in the authored order, that reaches a best ending (the bank checks there is one)."""
    nodes = {n["id"]: n for n in item["nodes"]}
    best = {e["id"] for e in item["endings"] if e["quality"] == "best"}

    def search(node: dict[str, Any]) -> list[dict[str, Any]] | None:
        for choice in node["choices"]:
            if choice["next"] in best:
                return [choice]
            if choice["next"] in nodes:
                rest = search(nodes[choice["next"]])
                if rest is not None:
                    return [choice, *rest]
        return None

    return search(item["nodes"][0]) or []


def debrief(ending: dict[str, Any]) -> list[str]:
    """An ending's debrief, as the page shows it after the ending is reached."""
    return [
        f"Psychological safety: {ending['safety']}",
        f"Challenge: {ending['challenge']}",
        f"The presenter's ownership: {ending['ownership']}",
        "Sources: " + "; ".join(s["cite"] for s in ending["sources"]) + ".",
    ]


def _dilemma(item: dict[str, Any], answer: Any, _rules: QuestionRules | None, model: list[str]) -> ItemResult:
    """``answer["path"]`` names the choices taken by id; the ending reached earns its quality's credit."""
    taken, ending = walk_dilemma(item, answer["path"])
    given = [c["text"] for c in taken]
    if ending is None:
        notes = ["The path stops before an ending."] if taken else []
        return ItemResult(item["id"], 0.0, False, False, given=given, notes=notes, model_answer=model)
    return ItemResult(
        item["id"],
        DILEMMA_CREDIT[ending["quality"]],
        ending["quality"] == "best",
        True,
        given=given,
        notes=[f"Ending: {ending['title']}", *debrief(ending)],
        model_answer=model,
        response=f"{ending['id']} ({ending['quality']})",
    )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MODELS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "choice": lambda item: [o["text"] for o in item["options"] if o["correct"]],
    "classify": lambda item: [
        f"{s['text']} → {next(c['label'] for c in item['categories'] if c['id'] == s['category'])}"
        for s in item["statements"]
    ],
    "order": lambda item: [f"{i + 1}. {s}" for i, s in enumerate(item["steps"])],
    "rewrite": lambda item: [item["model_answer"]],
    "match": lambda item: [
        f"{p['text']} → {next(o['label'] for o in item['options'] if o['id'] == p['match'])}" for p in item["pairs"]
    ],
    "spot": lambda item: [
        f"{line['speaker']}: {line['text']} → {next(c['label'] for c in item['categories'] if c['id'] == line['category'])}"
        for line in item["dialogue"]
        if line.get("category")
    ],
    "smart": lambda item: [item["model_answer"]],
    "timing": lambda item: (
        [f"{s['name']}: {s['min']}–{s['max']} min" for s in item["stages"]] + [f"Total: exactly {item['total']} min"]
    ),
    "practice": lambda item: [f"{i['summary']} For example: “{i['example']}”" for i in item["scenario"]["insights"]],
    "dilemma": lambda item: [f"{i + 1}. {c['text']}" for i, c in enumerate(best_path(item))],
}

_MARKERS: dict[str, Callable[[dict[str, Any], Any, QuestionRules | None, list[str]], ItemResult]] = {
    "choice": _choice,
    "classify": _classify,
    "order": _order,
    "rewrite": _rewrite,
    "match": _match,
    "spot": _spot,
    "smart": _smart,
    "timing": _timing,
    "practice": _practice,
    "dilemma": _dilemma,
}
