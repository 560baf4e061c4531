"""The answers file: what a learner hands in, from the book or from Jupyter.

The book's "Download my answers" button and the exercise widgets running live
in Jupyter write the same JSON file, ``action-learning-answers.json``:

    {"format": "action-learning-workbook-answers", "format_version": 1,
     "exported": "2026-11-26T10:00:00Z", "learner": "ada", "assignment": "questioning",
     "answers": {"questioning@1": {"choice_leading_question": {"answer": {...}, "saved": "..."}}}}

``learner`` and ``assignment`` are required only for files handed in outside
Jupyter (nbgrader's exchange already knows both). Reading never trusts the
file: it is hostile data with limits on its size, nesting, numbers, keys,
texts and counts, and every failure becomes a ``SubmissionError`` naming the
file and the place. A bad header (format, version, learner, assignment, time)
rejects the file; a bad bank or item is set aside with its reason
(``AnswerSheet.set_aside``) and the rest of the file is used.

The file's shape is defined once, in ``answers.schema.json`` (shipped with the
package). The limits that keep a hostile file from costing memory or time
(size, nesting, long numbers) are checked before the file is decoded, so
before the schema; the limits on the texts inside one answer after it.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from itertools import accumulate, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook._errors import SubmissionError
from workbook.answers._self_assessment import Ratings, read_self_assessment

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "ANSWERS_FILE",
    "FORMAT",
    "HAND_IN_NAME",
    "LEARNER_ID",
    "MAX_ANSWERS_BYTES",
    "SCHEMA",
    "AnswerSheet",
    "SubmissionError",
    "read_answers",
    "read_answers_and_bytes",
    "record_answer",
]

ANSWERS_FILE = "action-learning-answers.json"
SCHEMA: dict[str, Any] = json.loads(files("workbook.answers").joinpath("answers.schema.json").read_text("utf-8"))
FORMAT: str = SCHEMA["properties"]["format"]["const"]
MAX_ANSWERS_BYTES = 2_000_000
MAX_DEPTH = 20  # brackets inside brackets; a real file needs about 8
MAX_NUMBER_CHARS = 30  # a number written with more characters is refused before it is converted
MAX_BANKS: int = SCHEMA["properties"]["answers"]["maxProperties"]
MAX_ITEMS: int = SCHEMA["$defs"]["bank"]["maxProperties"]  # per bank
MAX_TEXT_CHARS = 5_000  # per text in an answer
MAX_ANSWER_VALUES = 1_000  # values (texts, numbers, lists, objects) in one answer
# Names the book gives hand-ins (``ada_questioning_20261120T093000.json``), with a
# browser's " (1)" for a second copy; use with fullmatch.
HAND_IN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.()-]*")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_@.-]{1,80}")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_BRACKET = str.maketrans("", "", ' \t\n\r,:"0123456789+-.eEtrufalsnNIiy')  # JSON outside strings
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_CONSTANT = re.compile(r"-?\b(?:NaN|Infinity)\b")


def _python_pattern(pattern: str) -> str:
    """A schema pattern for Python's ``re``: JSON Schema patterns are ECMA-262
    regexes, whose ``$`` is the end of the text, where Python's ``$`` also
    matches before a final newline (so ``"ada\\n"`` would pass as a learner id)."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


# A learner id (or an assignment name): the schema's rule, which the book's
# hand-in button (``LEARNER_ID`` in the exercises' JavaScript) also follows.
LEARNER_ID = re.compile(_python_pattern(SCHEMA["$defs"]["name"]["pattern"]))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    from workbook._jsonschema import jsonschema  # imported on first read only

    def pattern(
        validator: jsonschema.Draft202012Validator, value: str, instance: Any, _schema: dict[str, Any]
    ) -> Iterator[jsonschema.ValidationError]:
        if validator.is_type(instance, "string") and not re.search(_python_pattern(value), instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {value!r}")

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    checker = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern})  # type: ignore[no-untyped-call]
    return checker(SCHEMA)  # type: ignore[no-any-return]


class _Refused(ValueError):
    """A value the decoder met that an answers file never holds (raised from json's hooks)."""

    def __init__(self, token: str, problem: str) -> None:
        super().__init__(problem)
        self.token = token
        self.problem = problem


@dataclass(frozen=True)
class AnswerSheet:
    """A validated answers file: answers by (bank, version) then item id.

    ``set_aside`` lists the banks and items that could not be used, one
    message each (``answers.questioning@1.choice_x: …; set aside``); the
    rest of the file is used.
    """

    path: Path
    learner: str | None
    assignment: str | None
    exported: str | None
    answers: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    set_aside: list[str] = field(default_factory=list)
    # The optional self-assessment: phase ("before", "after") -> (time, ratings).
    self_assessment: dict[str, tuple[str | None, Ratings]] = field(default_factory=dict)

    def answer(self, bank: str, version: int, item_id: str) -> Any:
        """The learner's answer to one item of one bank version, or None."""
        return self.answers.get((bank, version), {}).get(item_id)

    def earlier_versions(self, bank: str, version: int, item_id: str) -> list[int]:
        """Bank versions before ``version`` under which this file answers ``item_id``."""
        return sorted(v for (b, v), items in self.answers.items() if b == bank and v < version and item_id in items)


def read_answers(path: Path, *, follow_symlinks: bool = True) -> AnswerSheet:
    """Read and check an answers file; ``SubmissionError`` says what is wrong and where.

    Only a regular file is read (a named pipe or a device is refused without
    waiting on it); with ``follow_symlinks=False`` a symbolic link is refused too.
    """
    return read_answers_and_bytes(path, follow_symlinks=follow_symlinks)[0]


def read_answers_and_bytes(path: Path, *, follow_symlinks: bool = True) -> tuple[AnswerSheet, bytes]:
    """As ``read_answers``, with the bytes that were read (to keep exactly what was checked)."""
    raw = _read_bytes(path, follow_symlinks=follow_symlinks)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from exc
    return _sheet(path, _decode(path, text)), raw


def _read_bytes(path: Path, *, follow_symlinks: bool) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise SubmissionError(f"{path}: a symbolic link, not a file; not read") from exc
        raise SubmissionError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(f"{path}: not a regular file; not read")
        if info.st_size > MAX_ANSWERS_BYTES:
            raise SubmissionError(_too_large(path, info.st_size))
        chunks: list[bytes] = []
        wanted = MAX_ANSWERS_BYTES + 1
        while wanted > 0 and (chunk := os.read(fd, min(wanted, 1 << 20))):
            chunks.append(chunk)
            wanted -= len(chunk)
    except OSError as exc:
        raise SubmissionError(f"{path}: cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if not raw:
        raise SubmissionError(f"{path}: the file is empty")
    if len(raw) > MAX_ANSWERS_BYTES:  # it grew while being read
        raise SubmissionError(_too_large(path, len(raw)))
    return raw


def _too_large(path: Path, size: int) -> str:
    return f"{path}: {size:,} bytes is too large for an answers file (limit {MAX_ANSWERS_BYTES:,})"


def _place(text: str, offset: int) -> str:
    """``line:column`` (from 1) of a character offset, as ``json`` reports them."""
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - text.rfind(chr(10), 0, offset)}"


def _decode(path: Path, text: str) -> Any:
    """``json.loads`` with limits: nesting checked before decoding (so no
    RecursionError), long numbers refused before conversion, NaN and Infinity refused."""
    stripped = _STRING.sub('""', text)  # no string contents (offsets are found again only for a message)
    if _too_deep(stripped) is not None or (
        ("NaN" in stripped or "Infinity" in stripped) and _CONSTANT.search(stripped)
    ):
        bare = _blank_strings(text)
        deep = _too_deep(bare)
        if deep is not None:
            raise SubmissionError(
                f"{path}:{_place(text, deep)}: nested more than {MAX_DEPTH} deep; not an answers file"
            )
        constant = _CONSTANT.search(bare)
        if constant is not None:
            raise SubmissionError(f"{path}:{_place(text, constant.start())}: {constant.group()} is not a JSON number")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from exc
    except _Refused as exc:
        at = _blank_strings(text).find(exc.token)
        where = f":{_place(text, at)}" if at >= 0 else ""
        raise SubmissionError(f"{path}{where}: {exc.problem}") from exc
    except (ValueError, RecursionError, MemoryError) as exc:  # not expected after the checks above
        raise SubmissionError(f"{path}: not valid JSON ({type(exc).__name__})") from exc


def _blank_strings(text: str) -> str:
    """``text`` with the contents of its strings blanked, every offset kept."""
    return _STRING.sub(lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


def _too_deep(bare: str) -> int | None:
    """The offset of the first bracket nested deeper than ``MAX_DEPTH``, if any."""
    brackets = bare.translate(_NOT_BRACKET)  # brackets, and any stray characters (which count 0)
    if len(brackets) <= MAX_DEPTH or max(accumulate(map(_DEPTH_STEP.get, brackets, repeat(0)))) <= MAX_DEPTH:
        return None
    depth = 0
    for match in _BRACKET.finditer(bare):
        depth += _DEPTH_STEP[match.group()]
        if depth > MAX_DEPTH:
            return match.start()
    return None  # not reached


def _int(token: str) -> int:
    if len(token) > MAX_NUMBER_CHARS:
        raise _Refused(token, f"a number of {len(token):,} characters (limit {MAX_NUMBER_CHARS})")
    return int(token)


def _float(token: str) -> float:
    if len(token) > MAX_NUMBER_CHARS:
        raise _Refused(token, f"a number of {len(token):,} characters (limit {MAX_NUMBER_CHARS})")
    value = float(token)
    if not math.isfinite(value):
        raise _Refused(token, f"the number {token} is too large")
    return value


def _constant(token: str) -> Any:
    raise _Refused(token, f"{token} is not a JSON number")


def _shown(key: str) -> str:
    """A key from the file as it can safely be shown in a message."""
    if _PLAIN_KEY.fullmatch(key):
        return key
    return json.dumps(key[:40]) + ("…" if len(key) > 40 else "")


def _sheet(path: Path, data: Any) -> AnswerSheet:
    """Check ``data`` against the schema: a problem in the header rejects the
    file; a problem in one bank or item sets that entry aside, in file order."""
    if not isinstance(data, dict):  # before the schema, whose message would quote the whole value
        raise SubmissionError(f"{path}: top level: expected a JSON object")
    data = _within_counts(path, data)
    errors = list(_validator().iter_errors(data))
    _check_header(path, data, errors)
    exported = data.get("exported")
    if exported is not None and _parse_time(exported) is None:
        raise SubmissionError(f"{path}: exported: must be an ISO 8601 time")
    set_aside: list[str] = []
    answers = _answers(data["answers"], errors, set_aside)
    phases = read_self_assessment(data["self_assessment"], set_aside) if "self_assessment" in data else {}
    return AnswerSheet(path, data.get("learner"), data.get("assignment"), exported, answers, set_aside, phases)


def _check_header(path: Path, data: Any, errors: list[jsonschema.ValidationError]) -> None:
    header = [e for e in errors if _header_key(e) is not None]
    if header:
        first = min(header, key=lambda e: _HEADER_ORDER.index(_header_key(e) or ""))
        key = _header_key(first) or ""
        raise SubmissionError(f"{path}: {key}: {_header_problem(key, first, data)}")


def _within_counts(path: Path, data: Any) -> Any:
    """Refuse too many banks, or too many items in a bank, before the schema
    walks them all (a hostile file may hold 100,000 items). A bank with too
    many items under a key that is not a bank key is set aside like any other
    bad key, so its items are left out of what the schema sees."""
    groups = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        return data
    crowded = {k for k, v in groups.items() if isinstance(v, dict) and len(v) > MAX_ITEMS}
    if len(groups) <= MAX_BANKS and not crowded:
        return data
    _check_header(path, data, list(_validator().iter_errors({**data, "answers": {}})))
    if len(groups) > MAX_BANKS:
        raise SubmissionError(f"{path}: answers: {len(groups):,} banks (limit {MAX_BANKS})")
    bank_key = _validator().evolve(schema=SCHEMA["$defs"]["bankKey"])
    for key in groups:
        if key in crowded and bank_key.is_valid(key):
            raise SubmissionError(f"{path}: answers.{_shown(key)}: {len(groups[key]):,} items (limit {MAX_ITEMS})")
    return {**data, "answers": {k: {} if k in crowded else v for k, v in groups.items()}}


_HEADER_ORDER = ("top level", "format", "format_version", "learner", "assignment", "exported", "answers")


def _header_key(error: jsonschema.ValidationError) -> str | None:
    """The header key an error is about, or None for an error inside one bank."""
    path = list(error.absolute_path)
    if not path:
        if error.validator == "required":
            return next(k for k in _HEADER_ORDER if repr(k) in error.message)
        return "top level"
    if _names(error):
        return None  # a bad bank key: set aside
    if len(path) == 1:
        return str(path[0])
    return None


def _header_problem(key: str, error: jsonschema.ValidationError, data: Any) -> str:
    found = data.get(key) if isinstance(data, dict) else None
    if key == "top level":
        return "expected a JSON object"
    if key == "format":
        return f"expected '{FORMAT}', found {json.dumps(found)[:60]}"
    if key == "format_version":
        return f"expected 1, found {json.dumps(found)[:20]}"
    if key in ("learner", "assignment"):
        return "must be letters, digits, '.', '_' or '-' (at most 64)"
    if key == "exported":
        return "must be an ISO 8601 time"
    if error.validator == "maxProperties":
        return f"{len(found or {}):,} banks (limit {MAX_BANKS})"
    return "expected an object of banks"


def _names(error: jsonschema.ValidationError) -> bool:
    """Whether ``error`` is about a key (a bank key or an item id), not a value:
    its ``instance`` is then the key."""
    return "propertyNames" in error.absolute_schema_path


def _answers(
    groups: dict[str, Any], errors: list[jsonschema.ValidationError], set_aside: list[str]
) -> dict[tuple[str, int], dict[str, Any]]:
    bad_keys = {e.instance for e in errors if _names(e) and list(e.absolute_path) == ["answers"]}
    by_bank: dict[str, list[jsonschema.ValidationError]] = {}
    for error in errors:
        if len(error.absolute_path) >= 2:
            by_bank.setdefault(str(error.absolute_path[1]), []).append(error)
    answers: dict[tuple[str, int], dict[str, Any]] = {}
    for key, items in groups.items():
        where = f"answers.{_shown(key)}"
        problems = by_bank.get(key, [])
        if key in bad_keys:
            set_aside.append(f"{where}: expected a key of the form bank@version; set aside")
        elif not isinstance(items, dict):
            set_aside.append(f"{where}: expected an object of items; set aside")
        else:
            bank, version = key.rsplit("@", 1)
            answers[(bank, int(version))] = _items(where, items, problems, set_aside)
    return answers


def _items(
    where: str, items: dict[str, Any], errors: list[jsonschema.ValidationError], set_aside: list[str]
) -> dict[str, Any]:
    bad_ids = {e.instance for e in errors if _names(e) and len(e.absolute_path) == 2}
    bad_entries = {e.absolute_path[2] for e in errors if len(e.absolute_path) >= 3}
    kept: dict[str, Any] = {}
    for item_id, saved in items.items():
        if item_id in bad_ids:
            problem: str | None = "not an item id (lower-case letters, digits and '_', at most 80)"
        elif item_id in bad_entries:
            problem = "expected an object with an 'answer'"
        else:
            problem = _answer_problem(saved["answer"])
        if problem:
            set_aside.append(f"{where}.{_shown(item_id)}: {problem}; set aside")
        else:
            kept[item_id] = saved["answer"]
    return kept


def _answer_problem(answer: Any) -> str | None:
    """Too long a text or too many values in one answer (walked without recursion)."""
    pending = [answer]
    seen = 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > MAX_ANSWER_VALUES:
            return f"more than {MAX_ANSWER_VALUES:,} values in one answer"
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            return f"a text of {len(value):,} characters (limit {MAX_TEXT_CHARS:,})"
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return None


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def record_answer(folder: Path, *, bank: str, version: int, item_id: str, answer: Any) -> Path:
    """Add or replace one answer in ``folder``'s answers file (atomically).

    Used by the widgets live in Jupyter, so that answers are on disk beside the
    notebook, and handed in with it, as soon as the learner checks them. An
    unreadable existing file, or one with entries set aside, is kept under a
    ``.unreadable`` name, never lost.
    """
    path = folder / ANSWERS_FILE
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    kept = path.with_name(f"{ANSWERS_FILE}.{now.replace(':', '-')}.unreadable")
    data: dict[str, Any] = {"format": FORMAT, "format_version": 1, "answers": {}}
    if path.exists():
        try:
            sheet = read_answers(path)
        except SubmissionError:
            path.replace(kept)
        else:
            if sheet.set_aside:
                shutil.copyfile(path, kept)
            data.update({k: v for k, v in (("learner", sheet.learner), ("assignment", sheet.assignment)) if v})
            if sheet.self_assessment:
                data["self_assessment"] = {
                    phase: {"at": at, "ratings": ratings} for phase, (at, ratings) in sheet.self_assessment.items()
                }
            for (b, v), items in sheet.answers.items():
                data["answers"][f"{b}@{v}"] = {i: {"answer": a} for i, a in items.items()}
    data["exported"] = now
    data["answers"].setdefault(f"{bank}@{version}", {})[item_id] = {"answer": answer, "saved": now}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".answers-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
    Path(tmp).replace(path)
    return path
