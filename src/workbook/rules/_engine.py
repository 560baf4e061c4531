"""The Python evaluator for ``question_rules.yaml``.

It mirrors ``classifyQuestion`` in ``workbook/rules/question_rules.js`` step for
step; ``tests/test_rules_parity.py`` runs both over one fixture file. Change
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
from workbook.rules._patterns import pattern_problem

__all__ = [
    "RULES_PATH",
    "QuestionRules",
    "RewriteMark",
    "Verdict",
    "classify_question",
    "default_rules",
    "load_rules",
    "mark_rewrite",
]

RULES_PATH = Path(__file__).with_name("question_rules.yaml")
_SCHEMA_PATH = Path(__file__).with_name("rules.schema.json")
_OPENING = re.compile(r"[a-z']+")
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc`\u00b4]")


@dataclass(frozen=True)
class Verdict:
    """What the rules decided about one piece of text."""

    verdict: str
    score: float
    rule: str
    message: str


@dataclass(frozen=True)
class QuestionRules:
    """A validated rules file: the raw data (sent to the browser) and compiled patterns."""

    data: dict[str, Any]
    normalise: tuple[tuple[re.Pattern[str], str], ...]
    rules: tuple[tuple[re.Pattern[str], dict[str, Any]], ...]
    adjustments: tuple[tuple[re.Pattern[str], dict[str, Any]], ...]


def load_rules(path: Path = RULES_PATH) -> QuestionRules:
    """Read, validate and compile a rules file; errors name the file, line and rule."""
    source = load_checked(path, _SCHEMA_PATH, RulesError)
    data = source.data

    def compiled(section: str) -> list[tuple[re.Pattern[str], dict[str, Any]]]:
        out = []
        for index, entry in enumerate(data[section]):
            problem = pattern_problem(entry["pattern"])
            if problem:
                raise source.fail((section, index, "pattern"), f"rule '{entry['id']}': bad pattern: {problem}")
            out.append((re.compile(entry["pattern"], re.ASCII), entry))
        return out

    ids = [e["id"] for section in ("normalise", "rules", "adjustments") for e in data[section]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise source.fail((), f"rule ids must be unique, repeated: {', '.join(duplicates)}")
    return QuestionRules(
        data=data,
        normalise=tuple((p, e["replace"]) for p, e in compiled("normalise")),
        rules=tuple(compiled("rules")),
        adjustments=tuple(compiled("adjustments")),
    )


@cache
def default_rules() -> QuestionRules:
    """The shipped rules, loaded once per process."""
    return load_rules()


def normalise(text: str, rules: QuestionRules) -> str:
    """Lower-case, collapse white space, then apply the file's normalise steps in order."""
    out = re.sub(r"\s+", " ", text.lower()).strip()
    for pattern, replacement in rules.normalise:
        out = pattern.sub(_literal(replacement), out)
    return out.strip()


def _literal(replacement: str) -> Callable[[re.Match[str]], str]:
    """A replacement used as is: no backslash or group expansion (as in the JS engine)."""
    return lambda _match: replacement


def classify_question(text: str, rules: QuestionRules | None = None) -> Verdict | None:
    """Classify ``text``; ``None`` when it is blank."""
    rules = rules or default_rules()
    if not text.strip():
        return None
    norm = normalise(text, rules)
    opening_match = _OPENING.search(norm)
    opening = opening_match.group(0) if opening_match else ""
    for pattern, rule in rules.rules:
        if pattern.search(norm):
            score = float(rule["score"])
            messages = [rule["message"]]
            for adj_pattern, adjustment in rules.adjustments:
                if rule["verdict"] in adjustment["verdicts"] and adj_pattern.search(norm):
                    score = min(score, float(adjustment["max_score"]))
                    messages.append(adjustment["message"])
            message = " ".join(messages).replace("{opening}", opening.capitalize())
            return Verdict(rule["verdict"], score, rule["id"], message)
    msg = "the rules file has no catch-all rule (an empty pattern) at the end"
    raise RulesError(msg)


@dataclass(frozen=True)
class RewriteMark:
    """How one rewrite answer was marked against its item."""

    verdict: Verdict
    score: float
    correct: bool
    avoided: str | None  # the id of the item's `avoid` entry the answer matched
    off_topic: bool  # matched none of the item's `about` patterns
    notes: tuple[str, ...]


def matching_text(text: str) -> str:
    """The answer as ``avoid`` and ``about`` patterns see it (as ``matchingText`` in JS)."""
    return _APOSTROPHES.sub("'", re.sub(r"\s+", " ", text.lower()).strip())


def about_pattern(entry: str | dict[str, str]) -> str:
    """An ``about`` entry is a pattern or an ``{id, pattern}`` object."""
    return entry if isinstance(entry, str) else entry["pattern"]


def mark_rewrite(item: dict[str, Any], text: str, rules: QuestionRules | None = None) -> RewriteMark | None:
    """Mark a rewrite answer: the question rules, then the item's ``avoid`` and ``about``.

    Mirrors ``markRewriteAnswer`` in question_rules.js; ``None`` when ``text`` is blank.
    """
    rules = rules or default_rules()
    verdict = classify_question(text, rules)
    if verdict is None:
        return None
    caps = rules.data["rewrite"]
    plain = matching_text(text)
    of_kind = verdict.verdict == item["expected"]
    score = verdict.score if of_kind else min(verdict.score, float(caps["wrong_kind_max_score"]))
    notes = [verdict.message]
    avoided = next((a for a in item.get("avoid", []) if re.search(a["pattern"], plain, re.ASCII)), None)
    if avoided:
        score = min(score, float(caps["avoid_max_score"]))
        notes.append(avoided["feedback"])
    about = item.get("about", [])
    off_topic = not avoided and bool(about) and not any(re.search(about_pattern(a), plain, re.ASCII) for a in about)
    if off_topic:
        score = min(score, float(caps["off_topic_max_score"]))
        notes.append(item.get("off_topic") or caps["off_topic_message"])
    correct = of_kind and score == 1
    return RewriteMark(verdict, score, correct, avoided["id"] if avoided else None, off_topic, tuple(notes))
