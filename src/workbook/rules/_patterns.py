"""Checks for the regular expressions that rules and bank items carry as data.

Every pattern is run by Python's ``re`` (ASCII mode) and by the browser's
``RegExp`` (no flags), so it must mean the same thing to both. ``pattern_problem``
accepts a conservative common subset and says what is wrong with anything
else. Bank patterns (``avoid``/``about`` on rewrite items) are also held to a
simple shape: no repeated group that itself repeats, the usual cause of
catastrophic backtracking. The rules file may use such groups where they are
unambiguous; ``tests/test_rules_safety.py`` times every pattern, from both
files, on long adversarial text in both engines.
"""

from __future__ import annotations

import re

__all__ = ["MAX_BANK_PATTERN", "pattern_problem"]

MAX_BANK_PATTERN = 300

_CLASS_ESCAPES = frozenset("dDwWsStnrf")
_ESCAPES = _CLASS_ESCAPES | frozenset("bB")
_HEX = re.compile(r"x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}")
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")
_GROUP_OPENERS = ("(?:", "(?=", "(?!")


def pattern_problem(pattern: str, *, simple: bool = False) -> str | None:
    """What keeps ``pattern`` out of the common subset, or None if it is fine.

    ``simple`` (bank patterns) also refuses a repeated group that contains a
    repeat, such as ``(\\w+\\s*)+``, and patterns longer than ``MAX_BANK_PATTERN``.
    """
    if simple and len(pattern) > MAX_BANK_PATTERN:
        return f"longer than {MAX_BANK_PATTERN} characters"
    if any(ord(ch) > 0xFFFF for ch in pattern):
        return "characters outside the Basic Multilingual Plane are read differently by Python and JavaScript"
    problem = _Scanner(pattern, simple=simple).scan()
    if problem:
        return problem
    try:
        re.compile(pattern, re.ASCII)
    except re.error as exc:
        return str(exc)
    return None


class _Scanner:
    """One pass over the pattern: escapes, classes, groups and quantifiers."""

    def __init__(self, pattern: str, *, simple: bool) -> None:
        self.p = pattern
        self.simple = simple
        self.i = 0
        self.groups_closed = 0
        self.capturing = 0
        # per open group: does its body repeat unboundedly?
        self.stack: list[bool] = [False]

    def scan(self) -> str | None:
        while self.i < len(self.p):
            problem = self._step()
            if problem:
                return problem
        if len(self.stack) != 1:
            return "unbalanced '(': a group is not closed"
        return None

    def _step(self) -> str | None:
        """Read one atom (and its quantifier) or one piece of syntax."""
        p, ch = self.p, self.p[self.i]
        if ch == "(":
            return self._open_group()
        if ch == "|":
            self.i += 1
            return None
        if ch in "*+?":
            return f"'{ch}' at {self.i} has nothing to repeat"
        if ch == "{":
            return f"'{{' at {self.i} is not a quantifier: escape it as \\{{"
        if ch in "]}":
            return f"unescaped '{ch}' at {self.i}: escape it"
        body_repeats = False
        if ch == "\\":
            problem = self._escape(in_class=False)
        elif ch == "[":
            problem = self._char_class()
        elif ch == ")":
            if len(self.stack) == 1:
                return f"unbalanced ')' at {self.i}"
            body_repeats = self.stack.pop()
            self.groups_closed += 1
            self.i += 1
            problem = None
        else:
            self.i += 1
            problem = None
        return problem or self._quantifier(body_repeats, p[self.i] if self.i < len(p) else "")

    def _open_group(self) -> str | None:
        p = self.p
        if p.startswith("(?", self.i):
            if p[self.i : self.i + 3] not in _GROUP_OPENERS:
                return f"'{p[self.i : self.i + 4]}' at {self.i}: only (?:…), (?=…) and (?!…) groups are allowed"
            self.i += 3
        else:
            self.capturing += 1
            self.i += 1
        self.stack.append(False)
        return None

    def _quantifier(self, body_repeats: bool, ch: str) -> str | None:
        """Read the quantifier ``ch`` starts (if any) and record unbounded repeats."""
        p, start = self.p, self.i
        unbounded = bounded_many = False
        if ch and ch in "*+?":
            unbounded = ch != "?"
            self.i += 1
        elif ch == "{":
            match = _QUANTIFIER.match(p, self.i)
            if not match:
                return f"'{{' at {self.i} is not a quantifier: escape it as \\{{"
            low, comma, high = match.group(1), match.group(2), match.group(3)
            if comma and high and int(high) < int(low):
                return f"quantifier {match.group(0)} at {self.i}: the maximum is below the minimum"
            unbounded = bool(comma) and not high
            bounded_many = not unbounded and int(high or low) > 1
            self.i = match.end()
        if self.i > start:
            problem = self._after_quantifier(start)
            if problem:
                return problem
        if self.simple and body_repeats and (unbounded or bounded_many):
            return f"a repeated group that itself repeats (at {start}) can backtrack catastrophically; simplify it"
        if unbounded or body_repeats:
            self.stack[-1] = True
        return None

    def _after_quantifier(self, start: int) -> str | None:
        p = self.p
        if p.startswith("+", self.i):
            return f"possessive quantifier at {start} is not supported by JavaScript"
        if p.startswith("?", self.i):
            self.i += 1
        if self.i < len(p) and p[self.i] in "*+?{":
            return f"'{p[self.i]}' at {self.i} repeats a quantifier"
        return None

    def _escape(self, *, in_class: bool) -> str | None:
        p = self.p
        if self.i + 1 >= len(p):
            return "the pattern ends with a lone backslash"
        nxt = p[self.i + 1]
        if nxt in (_CLASS_ESCAPES if in_class else _ESCAPES):
            self.i += 2
            return None
        hex_match = _HEX.match(p, self.i + 1)
        if hex_match:
            self.i = hex_match.end()
            return None
        if nxt.isdigit() and not in_class:
            number = int(nxt)
            if number == 0 or number > self.capturing or self.groups_closed == 0:
                return f"'\\{nxt}' at {self.i}: a back-reference must name an earlier, closed group"
            self.i += 2
            return None
        if nxt.isascii() and not nxt.isalnum() and nxt not in " \t":
            self.i += 2
            return None
        where = " inside [...]" if in_class else ""
        return f"'\\{nxt}' at {self.i}{where} is not understood the same way by Python and JavaScript"

    def _char_class(self) -> str | None:
        p, start = self.p, self.i
        self.i += 1
        if p.startswith("^", self.i):
            self.i += 1
        if p.startswith("]", self.i):
            return f"'[' at {start}: an empty class or a leading ']' differs between Python and JavaScript"
        while self.i < len(p):
            ch = p[self.i]
            if ch == "\\":
                problem = self._escape(in_class=True)
                if problem:
                    return problem
                continue
            if ch == "[":
                return f"unescaped '[' inside the class at {start}: escape it"
            if ch == "]":
                self.i += 1
                return None
            self.i += 1
        return f"'[' at {start} is not closed"
