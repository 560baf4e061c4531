"""The answers file: what a learner hands in, from the book or from Jupyter.

The book's "Download my answers" button and the exercise widgets running live
in Jupyter write the same JSON file, ``action-learning-answers.json``:

    {"format": "action-learning-workbook-answers", "format_version": 1,
     "exported": "2026-11-26T10:00:00Z", "learner": "ada", "assignment": "questioning",
     "answers": {"questioning@1": {"choice_leading_question": {"answer": {...}, "saved": "..."}}}}

``learner`` and ``assignment`` are required only for files handed in outside
Jupyter (nbgrader's exchange already knows both). Reading never trusts the
file: every failure becomes a ``SubmissionError`` naming the file and place.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook._errors import WorkbookError

__all__ = [
    "ANSWERS_FILE",
    "MAX_ANSWERS_BYTES",
    "AnswerSheet",
    "SubmissionError",
    "read_answers",
    "record_answer",
]

ANSWERS_FILE = "action-learning-answers.json"
FORMAT = "action-learning-workbook-answers"
MAX_ANSWERS_BYTES = 2_000_000
LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_BANK_KEY = re.compile(r"^([a-z][a-z0-9_-]*)@(\d+)$")


class SubmissionError(WorkbookError):
    """A hand-in cannot be read; the message names the file and the reason."""


@dataclass(frozen=True)
class AnswerSheet:
    """A validated answers file: answers by (bank, version) then item id."""

    path: Path
    learner: str | None
    assignment: str | None
    exported: str | None
    answers: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)

    def answer(self, bank: str, version: int, item_id: str) -> Any:
        """The learner's answer to one item of one bank version, or None."""
        return self.answers.get((bank, version), {}).get(item_id)

    def earlier_versions(self, bank: str, version: int, item_id: str) -> list[int]:
        """Bank versions before ``version`` under which this file answers ``item_id``."""
        return sorted(v for (b, v), items in self.answers.items() if b == bank and v < version and item_id in items)


def read_answers(path: Path) -> AnswerSheet:
    """Read and check an answers file; ``SubmissionError`` says what is wrong and where."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SubmissionError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise SubmissionError(f"{path}: the file is empty")
    if size > MAX_ANSWERS_BYTES:
        raise SubmissionError(f"{path}: {size:,} bytes is too large for an answers file (limit {MAX_ANSWERS_BYTES:,})")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from exc
    return _sheet(path, data)


def _sheet(path: Path, data: Any) -> AnswerSheet:
    def fail(where: str, problem: str) -> SubmissionError:
        return SubmissionError(f"{path}: {where}: {problem}")

    if not isinstance(data, dict):
        raise fail("top level", "expected a JSON object")
    if data.get("format") != FORMAT:
        raise fail("format", f"expected '{FORMAT}', found {json.dumps(data.get('format'))[:60]}")
    if data.get("format_version") != 1:
        raise fail("format_version", f"expected 1, found {json.dumps(data.get('format_version'))[:20]}")
    for key in ("learner", "assignment"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not LEARNER_ID.match(value)):
            raise fail(key, "must be letters, digits, '.', '_' or '-' (at most 64)")
    exported = data.get("exported")
    if exported is not None and (not isinstance(exported, str) or _parse_time(exported) is None):
        raise fail("exported", "must be an ISO 8601 time")
    return AnswerSheet(path, data.get("learner"), data.get("assignment"), exported, _answers(data.get("answers"), fail))


def _answers(groups: Any, fail: Callable[[str, str], SubmissionError]) -> dict[tuple[str, int], dict[str, Any]]:
    if not isinstance(groups, dict):
        raise fail("answers", "expected an object of banks")
    answers: dict[tuple[str, int], dict[str, Any]] = {}
    for key, items in groups.items():
        match = _BANK_KEY.match(key)
        if match is None:
            raise fail(f"answers.{key[:40]}", "expected a key of the form bank@version")
        if not isinstance(items, dict):
            raise fail(f"answers.{key}", "expected an object of items")
        kept: dict[str, Any] = {}
        for item_id, saved in items.items():
            if not isinstance(saved, dict) or "answer" not in saved:
                raise fail(f"answers.{key}.{item_id[:40]}", "expected an object with an 'answer'")
            kept[item_id] = saved["answer"]
        answers[(match.group(1), int(match.group(2)))] = kept
    return answers


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def record_answer(folder: Path, *, bank: str, version: int, item_id: str, answer: Any) -> Path:
    """Add or replace one answer in ``folder``'s answers file (atomically).

    Used by the widgets live in Jupyter, so that answers are on disk beside the
    notebook, and handed in with it, as soon as the learner checks them. An
    unreadable existing file is kept under a ``.unreadable`` name, never lost.
    """
    path = folder / ANSWERS_FILE
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    data: dict[str, Any] = {"format": FORMAT, "format_version": 1, "answers": {}}
    if path.exists():
        try:
            sheet = read_answers(path)
        except SubmissionError:
            path.replace(path.with_name(f"{ANSWERS_FILE}.{now.replace(':', '-')}.unreadable"))
        else:
            data.update({k: v for k, v in (("learner", sheet.learner), ("assignment", sheet.assignment)) if v})
            for (b, v), items in sheet.answers.items():
                data["answers"][f"{b}@{v}"] = {i: {"answer": a} for i, a in items.items()}
    data["exported"] = now
    data["answers"].setdefault(f"{bank}@{version}", {})[item_id] = {"answer": answer, "saved": now}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".answers-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
    Path(tmp).replace(path)
    return path
