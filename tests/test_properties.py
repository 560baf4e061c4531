"""Property-based tests (hypothesis) for the readers of outside input: the bank
loader, the question rules and the answers reader. Each asserts only what must
hold for every input: the reader's own error (naming the file) or a result, never
a crash; the rules' verdict for any text up to the longest an answer may hold, in
bounded time; and answers that are accepted come back exactly as recorded.
"""

from __future__ import annotations

import json
import re
import string
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook._errors import BankError
from workbook.answers import SubmissionError, read_answers, record_answer
from workbook.answers._sheet import MAX_TEXT_CHARS
from workbook.banks._load import load_bank
from workbook.rules import classify_question
from workbook.rules._engine import default_rules, normalise

# Modest runs with a deadline: these are in `make test-fast`. The machine may be
# shared, so the deadline is generous; the rules' own speed is asserted below.
QUICK = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# ---- the bank loader ----------------------------------------------------------------------

keys = st.sampled_from(
    ["schema_version", "bank", "version", "title", "items", "outcomes", "id", "type", "prompt", "options", "text"]
) | st.text(max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
yaml_data = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=6), max_leaves=40
)
# Text that looks like YAML: its punctuation, indentation, anchors and aliases, tags, merge keys.
yaml_text = st.lists(
    st.sampled_from(
        [
            *["\n", "  ", "- ", ": ", "? ", "&a ", "*a ", "<<: ", "!!str ", "!!binary ", "{", "}", "[", "]", ",", "'"],
            *[
                '"',
                "#",
                "|",
                ">",
                "---\n",
                "\t",
                "\ufeff",
                "items",
                "bank",
                "1",
                "9" * 200,
                "x",
                "~",
                "\x00",
                "%YAML 1.1\n",
            ],
        ]
    ),
    max_size=40,
).map("".join)


def _loads_or_bank_error(path: Path) -> None:
    """The bank loads, or the loader's own error names the file (anything else fails the test)."""
    error: BankError | None = None
    try:
        load_bank(path)
    except BankError as exc:
        error = exc
    assert error is None or str(error).startswith(str(path)), str(error)[:200]


@QUICK
@given(data=yaml_data)
def test_bank_loader_on_any_data(data: Any) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        _loads_or_bank_error(path)


@QUICK
@given(text=yaml_text)
def test_bank_loader_on_yaml_like_text(text: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        _loads_or_bank_error(path)


@QUICK
@given(raw=st.binary(max_size=200))
def test_bank_loader_on_any_bytes(raw: bytes) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_bytes(raw)
        _loads_or_bank_error(path)


# ---- the question rules ---------------------------------------------------------------------

VERDICTS = set(default_rules().data["verdicts"])
# Text a learner might type, and anything at all, up to the longest text an answer may hold.
spoken = st.lists(
    st.sampled_from(
        [
            *["what", "why", "did", "you", "how", "could", "tell", "me", "so", "um", "er", "like", "i", "wonder", "if"],
            *[
                "and",
                "or",
                "not",
                "sam",
                "wh-what",
                ",",
                "?",
                "…",
                "-",
                "'",
                "  ",
                "\n",
                "don't",
                "shouldn't",
                "really",
            ],
        ]
    ),
    max_size=60,
).map(" ".join)
any_text = (
    spoken | st.text(max_size=400) | st.text(alphabet="x -?,'aw", min_size=MAX_TEXT_CHARS - 10, max_size=MAX_TEXT_CHARS)
)
ascii_text = spoken | st.text(alphabet=string.printable, max_size=200)


@QUICK
@given(text=any_text)
def test_classify_question_always_gives_a_verdict(text: str) -> None:
    verdict = classify_question(text)
    if not text.strip():
        assert verdict is None
        return
    assert verdict is not None
    assert verdict.verdict in VERDICTS
    assert 0 <= verdict.score <= 1
    assert verdict.message.strip()


@QUICK
@given(text=ascii_text)
def test_rules_ignore_case_and_runs_of_white_space(text: str) -> None:
    """The text is lower-cased and its white space collapsed before any rule reads it."""
    rules = default_rules()
    spaced = re.sub(" ", " \t ", text)
    assert normalise(text.swapcase(), rules) == normalise(spaced, rules) == normalise(text, rules)
    assert classify_question(text.swapcase()) == classify_question(text)


# normalise is not idempotent, and need not be: it removes one round of repeats
# ("did what did what" -> "did what"), and classification reads it once.

# ---- the answers reader ----------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)
header_keys = st.sampled_from(["format", "format_version", "exported", "learner", "assignment", "answers", "saved"])
answers_files = st.recursive(
    json_values,
    lambda inner: st.dictionaries(
        header_keys | st.sampled_from(["questioning@3", "a@1", "a@0", "a@", "@1", "A@1", "a@1@2", "__proto__"]),
        inner,
        max_size=6,
    ),
    max_leaves=20,
)


@settings(QUICK, max_examples=100)
@given(data=answers_files)
def test_answers_reader_on_any_json(data: Any) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "answers.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        error: SubmissionError | None = None
        try:
            read_answers(path)
        except SubmissionError as exc:
            error = exc
        assert error is None or str(error).startswith(str(path)), str(error)[:200]


@QUICK
@given(
    bank=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    version=st.integers(min_value=1, max_value=999),
    item_id=st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True),
    answer=json_values,
)
def test_an_accepted_answer_comes_back_as_recorded(bank: str, version: int, item_id: str, answer: Any) -> None:
    with TemporaryDirectory() as folder:
        path = record_answer(Path(folder), bank=bank, version=version, item_id=item_id, answer=answer)
        sheet = read_answers(path)
        if sheet.set_aside:  # refused as a whole answer (too many values, too long a text): said, not lost
            assert any(item_id in s for s in sheet.set_aside)
            return
        assert sheet.answer(bank, version, item_id) == answer
