"""The answers file a learner hands in: read strictly, written safely."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from workbook.answers import ANSWERS_FILE, MAX_ANSWERS_BYTES, SubmissionError, read_answers, record_answer


def sheet(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "action-learning-workbook-answers",
        "format_version": 1,
        "exported": "2026-11-20T09:30:00Z",
        "learner": "ada",
        "assignment": "questioning",
        "answers": {
            "questioning@2": {
                "choice_lpq_meaning": {"answer": {"selected": ["learner_chosen"]}, "saved": "2026-11-20T09:00:00Z"}
            }
        },
    }
    data.update(changes)
    return data


def test_a_good_file_gives_answers_by_bank_version_and_item(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(sheet()))
    read = read_answers(path)
    assert (read.learner, read.assignment) == ("ada", "questioning")
    assert read.answer("questioning", 2, "choice_lpq_meaning") == {"selected": ["learner_chosen"]}
    assert read.answer("questioning", 3, "choice_lpq_meaning") is None


def test_answers_to_earlier_bank_versions_are_found_but_not_returned_as_current(tmp_path: Path) -> None:
    """Does a file that answered version 1 of an item show that, without offering it as a version 2 answer?"""
    path = tmp_path / "a.json"
    earlier = {"choice_lpq_meaning": {"answer": {"selected": [0]}}}
    path.write_text(json.dumps(sheet(answers={"questioning@1": earlier, "listening@1": earlier})))
    read = read_answers(path)
    assert read.answer("questioning", 2, "choice_lpq_meaning") is None
    assert read.earlier_versions("questioning", 2, "choice_lpq_meaning") == [1]
    assert read.earlier_versions("questioning", 1, "choice_lpq_meaning") == []
    assert read.earlier_versions("questioning", 2, "choice_other") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", r"a\.json: the file is empty", id="empty"),
        pytest.param(b"\xff\xfe\x00", r"a\.json: not a text file \(byte 0", id="binary"),
        pytest.param(b'{"format": 1,\n "x": }', r"a\.json:2:7: not valid JSON", id="broken-json"),
        pytest.param(b"[]", r"a\.json: top level: expected a JSON object", id="not-object"),
        pytest.param(json.dumps(sheet(format="other")).encode(), r"format: expected 'action-learning", id="format"),
        pytest.param(json.dumps(sheet(format_version=2)).encode(), r"format_version: expected 1", id="version"),
        pytest.param(json.dumps(sheet(learner="a/../b")).encode(), r"learner: must be letters", id="learner-path"),
        pytest.param(json.dumps(sheet(exported="yesterday")).encode(), r"exported: must be an ISO 8601", id="time"),
        pytest.param(
            json.dumps(sheet(answers=[])).encode(), r"answers: expected an object of banks", id="answers-list"
        ),
        pytest.param(json.dumps(sheet(learner="heidi\n")).encode(), r"learner: must be letters", id="learner-newline"),
        pytest.param(json.dumps(sheet(assignment="q\n")).encode(), r"assignment: must be letters", id="assignment-nl"),
        pytest.param(json.dumps(sheet(format_version=True)).encode(), r"format_version: expected 1", id="version-true"),
        pytest.param(json.dumps(sheet(exported="2026-" + "1" * 90)).encode(), r"exported: must be", id="long-time"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, r"a\.json:1:21: nested more than 20 deep", id="nested"),
        pytest.param(
            b'{"a": "[[[[",\n "b": ' + b"{" * 30 + b"}" * 30 + b"}",
            r"a\.json:2:26: nested more than 20 deep",  # brackets in strings do not count
            id="nested-place",
        ),
        pytest.param(b'{"n": ' + b"9" * 4301 + b"}", r"a\.json:1:7: a number of 4,301 characters", id="huge-int"),
        pytest.param(b'{"n": -0.' + b"1" * 40 + b"}", r"a\.json:1:7: a number of 43 characters", id="long-float"),
        pytest.param(b'{"n":\n 1e999}', r"a\.json:2:2: the number 1e999 is too large", id="infinite"),
        pytest.param(b'{"n": [1, NaN]}', r"a\.json:1:11: NaN is not a JSON number", id="nan"),
        pytest.param(b'{"n": -Infinity}', r"a\.json:1:7: -Infinity is not a JSON number", id="infinity"),
        pytest.param(
            json.dumps(sheet(answers={f"bank{n}@1": {} for n in range(51)})).encode(),
            r"answers: 51 banks \(limit 50\)",
            id="too-many-banks",
        ),
        pytest.param(
            json.dumps(sheet(answers={"questioning@1": {f"i{n}": {"answer": 1} for n in range(501)}})).encode(),
            r"answers\.questioning@1: 501 items \(limit 500\)",
            id="too-many-items",
        ),
    ],
)
def test_bad_files_name_the_file_and_the_place(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(content)
    with pytest.raises(SubmissionError, match=message):
        read_answers(path)


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    with path.open("wb") as out:
        out.truncate(MAX_ANSWERS_BYTES + 1)
    with pytest.raises(SubmissionError, match="too large for an answers file"):
        read_answers(path)


def test_recording_keeps_other_answers_and_replaces_the_same_item(tmp_path: Path) -> None:
    record_answer(tmp_path, bank="questioning", version=2, item_id="a_item", answer={"selected": ["first"]})
    record_answer(tmp_path, bank="listening", version=2, item_id="b_item", answer={"selected": ["third"]})
    record_answer(tmp_path, bank="questioning", version=2, item_id="a_item", answer={"selected": ["second"]})
    read = read_answers(tmp_path / ANSWERS_FILE)
    assert read.answer("questioning", 2, "a_item") == {"selected": ["second"]}
    assert read.answer("listening", 2, "b_item") == {"selected": ["third"]}
    assert [p.name for p in tmp_path.iterdir()] == [ANSWERS_FILE]  # no temporary files left


def test_recording_over_an_unreadable_file_sets_it_aside(tmp_path: Path) -> None:
    (tmp_path / ANSWERS_FILE).write_text("{not json")
    record_answer(tmp_path, bank="questioning", version=1, item_id="a_item", answer={"text": "What next?"})
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".unreadable")]
    assert len(kept) == 1
    assert kept[0].read_text() == "{not json"
    assert read_answers(tmp_path / ANSWERS_FILE).answer("questioning", 1, "a_item") == {"text": "What next?"}


def test_a_bad_item_is_set_aside_and_the_rest_kept(tmp_path: Path) -> None:
    """A corrupted stored answer (``null``), an odd item id or bank key, or too
    long a text loses that entry only; each is named with its reason."""
    good = {"answer": {"selected": ["learner_chosen"]}}
    path = tmp_path / "a.json"
    answers = {
        "questioning@3": {
            "choice_good": good,
            "choice_stacked_questions_fix": None,
            "choice_no_answer": {"saved": "2026-11-20T09:00:00Z"},
            "Choice-Bad-Id": good,
            "x" * 81: good,
            "rewrite_long": {"answer": {"text": "x" * 5_001}},
            "rewrite_just_right": {"answer": {"text": "x" * 5_000}},
            "order_many": {"answer": {"order": list(range(1_000))}},
        },
        "questioning": {"choice_good": good},
        "questioning@" + "1" * 4400: {"choice_good": good},
        "questioning@0": {"choice_good": good},
        "questioning@2": [good],
        "listening@1": {"choice_other": good},
    }
    path.write_text(json.dumps(sheet(answers=answers)))
    read = read_answers(path)
    assert read.answers == {
        ("questioning", 3): {"choice_good": good["answer"], "rewrite_just_right": {"text": "x" * 5_000}},
        ("listening", 1): {"choice_other": good["answer"]},
    }
    assert read.set_aside == [
        "answers.questioning@3.choice_stacked_questions_fix: expected an object with an 'answer'; set aside",
        "answers.questioning@3.choice_no_answer: expected an object with an 'answer'; set aside",
        "answers.questioning@3.Choice-Bad-Id: not an item id (lower-case letters, digits and '_', at most 80); set aside",
        f"answers.questioning@3.\"{'x' * 40}\"…: not an item id (lower-case letters, digits and '_', at most 80); set aside",
        "answers.questioning@3.rewrite_long: a text of 5,001 characters (limit 5,000); set aside",
        "answers.questioning@3.order_many: more than 1,000 values in one answer; set aside",
        "answers.questioning: expected a key of the form bank@version; set aside",
        f'answers."questioning@{"1" * 28}"…: expected a key of the form bank@version; set aside',
        "answers.questioning@0: expected a key of the form bank@version; set aside",
        "answers.questioning@2: expected an object of items; set aside",
    ]
    assert read.answer("questioning", 3, "choice_good") == {"selected": ["learner_chosen"]}


def test_a_hostile_key_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(sheet(answers={"questioning@3": {"a\nb\u202e": {"answer": 1}}})))
    assert read_answers(path).set_aside == [
        "answers.questioning@3.\"a\\nb\\u202e\": not an item id (lower-case letters, digits and '_', at most 80); set aside"
    ]


def test_huge_inputs_are_refused_quickly(tmp_path: Path, no_hang: None) -> None:
    """Two megabytes of brackets, numbers or keys are refused in time of the
    order of parsing two megabytes of plain JSON (measured in the same run, so
    a busy machine slows both alike; the bracket scan is about 12 times that),
    never in time that grows with nesting, which would take minutes."""
    baseline_path = tmp_path / "plain.json"
    baseline_path.write_text(json.dumps(list(range(300_000))))
    started = time.perf_counter()
    json.loads(baseline_path.read_bytes())
    budget = max(100 * (time.perf_counter() - started), 5.0)
    cases = [
        b"[" + b"[]," * 600_000 + b"[]]",
        b'{"n": [' + b"1" * 1_999_000 + b"]}",
        json.dumps(sheet(answers={"questioning@1": {f"i{n}": None for n in range(100_000)}})).encode()[:1_999_000],
    ]
    for content in cases:
        path = tmp_path / "a.json"
        path.write_bytes(content)
        started = time.perf_counter()
        with pytest.raises(SubmissionError):
            read_answers(path)
        assert time.perf_counter() - started < budget


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path, no_hang: None) -> None:
    os.mkfifo(tmp_path / ANSWERS_FILE)
    with pytest.raises(SubmissionError, match="not a regular file"):
        read_answers(tmp_path / ANSWERS_FILE)


def test_a_link_is_followed_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps(sheet()))
    link = tmp_path / "a.json"
    link.symlink_to(target)
    assert read_answers(link).learner == "ada"
    with pytest.raises(SubmissionError, match=r"a\.json: a symbolic link, not a file"):
        read_answers(link, follow_symlinks=False)


def test_recording_over_a_file_with_entries_set_aside_keeps_a_copy(tmp_path: Path) -> None:
    original = json.dumps(sheet(answers={"questioning@1": {"a_item": {"answer": 1}, "b_item": None}}))
    (tmp_path / ANSWERS_FILE).write_text(original)
    record_answer(tmp_path, bank="questioning", version=1, item_id="c_item", answer={"text": "What next?"})
    read = read_answers(tmp_path / ANSWERS_FILE)
    assert read.answers == {("questioning", 1): {"a_item": 1, "c_item": {"text": "What next?"}}}
    assert read.set_aside == []
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".unreadable")]
    assert [p.read_text() for p in kept] == [original]


# ---- the optional self-assessment -----------------------------------------

RATED = {"questioning": {"confidence": 2, "frequency": 3}, "listening": {"confidence": 4, "frequency": 4}}


def with_self_assessment(tmp_path: Path, value: Any) -> Path:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(sheet(self_assessment=value)))
    return path


def test_a_self_assessment_before_and_after_is_read_with_the_answers(tmp_path: Path) -> None:
    after = {"questioning": {"confidence": 4, "frequency": 4}}
    value = {
        "before": {"at": "2026-10-01T09:00:00Z", "ratings": RATED},
        "after": {"at": "2026-12-01T09:00:00Z", "ratings": after},
    }
    read = read_answers(with_self_assessment(tmp_path, value))
    assert read.self_assessment == {"before": ("2026-10-01T09:00:00Z", RATED), "after": ("2026-12-01T09:00:00Z", after)}
    assert read.set_aside == []
    assert read.answer("questioning", 2, "choice_lpq_meaning") == {"selected": ["learner_chosen"]}


def test_a_file_without_a_self_assessment_has_none(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(sheet()))
    assert read_answers(path).self_assessment == {}


@pytest.mark.parametrize(
    ("value", "kept", "reason"),
    [
        pytest.param([1, 2], {}, "self_assessment: expected an object with 'before' and 'after'", id="list"),
        pytest.param({"during": {"ratings": RATED}}, {}, "self_assessment.\"during\": not 'before'", id="phase"),
        pytest.param(
            {"before": "good"}, {}, "self_assessment.before: expected an object with 'ratings'", id="phase-text"
        ),
        pytest.param(
            {"before": {"ratings": {**RATED, "juggling": {"confidence": 1, "frequency": 1}}}},
            {"before": (None, RATED)},
            'self_assessment.before.ratings."juggling": not a capability',
            id="unknown-capability",
        ),
        pytest.param(
            {"before": {"ratings": {**RATED, "reflection": {"confidence": 6, "frequency": 1}}}},
            {"before": (None, RATED)},
            "self_assessment.before.ratings.reflection: expected confidence and frequency, each a whole number from 1 to 5",
            id="out-of-scale",
        ),
        pytest.param(
            {"before": {"ratings": {**RATED, "reflection": {"confidence": 2.0, "frequency": True}}}},
            {"before": (None, RATED)},
            "self_assessment.before.ratings.reflection: expected confidence",
            id="not-whole-numbers",
        ),
        pytest.param(
            {"before": {"ratings": {**RATED, "reflection": {"confidence": 2}}}},
            {"before": (None, RATED)},
            "self_assessment.before.ratings.reflection: expected confidence",
            id="missing-question",
        ),
        pytest.param(
            {"after": {"at": "last week", "ratings": RATED}},
            {"after": (None, RATED)},
            "self_assessment.after.at: must be an ISO 8601 time",
            id="bad-time",
        ),
        pytest.param(
            {"before": {"ratings": {f"c{i}": {"confidence": 1, "frequency": 1} for i in range(20_000)}}},
            {},
            "self_assessment.before.ratings: 20,000 entries (limit 20)",
            id="huge",
        ),
    ],
)
def test_a_bad_self_assessment_is_set_aside_with_its_reason_and_the_file_is_used(
    tmp_path: Path, value: Any, kept: dict[str, Any], reason: str
) -> None:
    read = read_answers(with_self_assessment(tmp_path, value))
    assert read.self_assessment == kept
    assert len(read.set_aside) == 1
    assert read.set_aside[0].startswith(reason)
    assert read.set_aside[0].endswith("; set aside")
    assert read.answer("questioning", 2, "choice_lpq_meaning") == {"selected": ["learner_chosen"]}


def test_recording_an_answer_keeps_the_self_assessment(tmp_path: Path) -> None:
    value = {"before": {"at": "2026-10-01T09:00:00Z", "ratings": RATED}}
    (tmp_path / ANSWERS_FILE).write_text(json.dumps(sheet(self_assessment=value)))
    record_answer(tmp_path, bank="questioning", version=2, item_id="choice_x", answer={"selected": ["a"]})
    assert read_answers(tmp_path / ANSWERS_FILE).self_assessment == {"before": ("2026-10-01T09:00:00Z", RATED)}
