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

__all__ = ["RULES_PATH", "QuestionRules", "Verdict", "classify_question", "load_rules"]

RULES_PATH = Path(__file__).with_name("question_rules.yaml")
_SCHEMA_PATH = Path(__file__).with_name("rules.schema.json")
_OPENING = re.compile(r"[a-z']+")


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
