"""The answers file a learner hands in: read strictly, written safely."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbook.grading._answers import ANSWERS_FILE, MAX_ANSWERS_BYTES, SubmissionError, read_answers, record_answer


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
        pytest.param(
            json.dumps(sheet(answers={"questioning": {}})).encode(),
            r"answers\.questioning: expected a key",
            id="bank-key",
        ),
        pytest.param(
            json.dumps(sheet(answers={"questioning@1": {"x": 3}})).encode(),
            r"answers\.questioning@1\.x: expected an object with an 'answer'",
            id="item-shape",
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
