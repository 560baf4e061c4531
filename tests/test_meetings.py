"""The worked meeting as data: both transcripts load, every question's margin
note says what the shared question rules say, the good version keeps to the
course's timings, the version that goes wrong shows what its page says goes
wrong, each pause point compares with what was asked, and a broken file is an
error naming the file, line and key path."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import MeetingError
from workbook.banks import default_banks
from workbook.banks._facts import load_timings
from workbook.meetings import MEETINGS_DIR, Meeting, default_meetings, load_meeting
from workbook.rules import classify_question, mark_rewrite

GOOD = "worked_meeting"
WRONG = "worked_meeting_gone_wrong"


def spoken(meeting: Meeting) -> list[dict[str, Any]]:
    return [line for segment in meeting.segments for line in segment["lines"] if "says" in line]


def questions(meeting: Meeting, stage: str | None = None) -> list[dict[str, Any]]:
    return [
        line
        for segment in meeting.segments
        if stage is None or segment["stage"] == stage
        for line in segment["lines"]
        if "question" in line
    ]


def test_both_versions_ship_with_the_same_set() -> None:
    meetings = default_meetings()
    assert set(meetings) == {GOOD, WRONG}
    assert meetings[GOOD].cast == meetings[WRONG].cast
    stages = [[s["stage"] for s in meetings[m].segments] for m in (GOOD, WRONG)]
    expected = ["updates", "bidding", "opening", "questions", "actions", "reflection", "review", "close"]
    for each in stages:
        assert list(dict.fromkeys(each)) == expected


@pytest.mark.parametrize("meeting_id", [GOOD, WRONG])
def test_every_question_note_agrees_with_the_shared_rules(meeting_id: str) -> None:
    meeting = default_meetings()[meeting_id]
    asked = questions(meeting)
    assert len(asked) >= 10
    for line in asked:
        verdict = classify_question(line["says"])
        assert verdict is not None
        assert verdict.verdict == line["question"], (line["says"], verdict.rule)
    unannotated = [line["says"] for line in spoken(meeting) if "?" in line["says"] and "question" not in line]
    assert unannotated == []


def test_the_good_version_keeps_to_the_course_timings() -> None:
    timings = load_timings()
    meeting = default_meetings()[GOOD]
    minutes: Counter[str] = Counter()
    for segment in meeting.segments:
        minutes[segment["stage"]] += segment["minutes"]
    parts = timings["issue"]["parts"]
    for part in parts:
        span = part["minutes"]
        assert span["min"] <= minutes[part["id"]] <= span["max"], part["id"]
    issue = sum(minutes[p["id"]] for p in parts)
    assert timings["issue"]["minutes"]["min"] <= issue <= timings["issue"]["minutes"]["max"]
    for stage in timings["meeting"]["stages"]:
        if stage["id"] in minutes:
            assert stage["minutes"]["min"] <= minutes[stage["id"]] <= stage["minutes"]["max"], stage["id"]


def test_the_version_that_goes_wrong_shows_advice_creep_a_dominant_member_and_a_spiral() -> None:
    meeting = default_meetings()[WRONG]
    round_questions = questions(meeting, "questions")
    leading = [line for line in round_questions if line["question"] == "leading"]
    assert len({line["who"] for line in leading}) >= 2, "advice creep: more than one member advises"
    askers = Counter(line["who"] for line in round_questions)
    top, count = askers.most_common(1)[0]
    assert count * 2 > len(round_questions), "one member asks most of the questions"
    kinds = [line["question"] for line in questions(meeting, "questions")]
    assert any(kinds[i : i + 2] == ["leading", "leading"] for i in range(len(kinds))), "leading questions in a row"
    said = Counter(line["who"] for line in spoken(meeting))
    assert said[top] == max(count for who, count in said.items() if who != "priya")
    assert not questions(meeting, "review"), "the review is dropped"
    good_review = questions(default_meetings()[GOOD], "review")
    assert good_review


@pytest.mark.parametrize("meeting_id", [GOOD, WRONG])
def test_each_version_has_four_pause_points_compared_with_what_was_asked(meeting_id: str) -> None:
    meeting = default_meetings()[meeting_id]
    segments = list(meeting.segments)
    pauses = [(i, s["pause"]) for i, s in enumerate(segments) if "pause" in s]
    assert len(pauses) >= 4
    for index, item_id in pauses:
        _, item = default_banks().item(item_id)
        assert item["type"] == "rewrite"
        if meeting_id == GOOD:
            # what the set asked next is the model answer
            asked = next(line for line in segments[index + 1]["lines"] if "question" in line)
            assert asked["says"] == item["model_answer"]
        else:
            # what the set asked is the question the learner improves on
            asked = [line for line in segments[index]["lines"] if "question" in line][-1]
            assert asked["says"] == item["original"]
        assert asked["says"] in item["explanation"].replace("\n", " ")
        mark = mark_rewrite(item, item["model_answer"])
        assert mark is not None
        assert mark.correct


# ---- broken files -------------------------------------------------------------------


def shipped() -> dict[str, Any]:
    data = yaml.safe_load((MEETINGS_DIR / "worked-meeting.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(data)  # type: ignore[no-any-return]


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_of_the_shipped_meeting_loads(tmp_path: Path) -> None:
    meeting = load_meeting(write(tmp_path, shipped()))
    assert meeting.id == GOOD
    assert meeting.segment("opening")["stage"] == "opening"
    with pytest.raises(MeetingError, match=r"no segment 'nope' in meeting 'worked_meeting' \(segments: updates, "):
        meeting.segment("nope")


def line(data: dict[str, Any], segment: int, index: int) -> dict[str, Any]:
    return data["segments"][segment]["lines"][index]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d.update(extra=1),
            r"meeting\.yaml:\d+: \(top level\): unknown key: 'extra' was unexpected",
            id="unknown-key",
        ),
        pytest.param(
            lambda d: d["segments"][1].update(stage="coffee"),
            r"meeting\.yaml:\d+: segments\[1\]\.stage: 'coffee' is not one of",
            id="unknown-stage",
        ),
        pytest.param(
            lambda d: line(d, 0, 1).update(says=""),
            r"meeting\.yaml:\d+: segments\[0\]\.lines\[1\]\.says: must not be blank",
            id="blank-line",
        ),
        pytest.param(
            lambda d: line(d, 0, 3).update(notes=[{"kind": "aside", "text": "x"}]),
            r"segments\[0\]\.lines\[3\]\.notes\[0\]\.kind: 'aside' is not one of",
            id="unknown-note-kind-on-narration",
        ),
        pytest.param(
            lambda d: line(d, 0, 1).update(who="zoe"),
            r"segments\[0\]\.lines\[1\]\.who: 'zoe' is not in the cast \(known: helen, priya, tom,",
            id="speaker-not-in-cast",
        ),
        pytest.param(
            lambda d: line(d, 0, 2).update(question="closed"),
            r"segments\[0\]\.lines\[2\]\.question: annotated 'closed', but the shared question rules read it as "
            r"'open' \(rule 'open_question_word'\)",
            id="note-disagrees-with-rules",
        ),
        pytest.param(
            lambda d: line(d, 0, 2).pop("question"),
            r"segments\[0\]\.lines\[2\]\.question: the line asks a question, so it needs its question type",
            id="question-without-type",
        ),
        pytest.param(
            lambda d: line(d, 0, 1).update(notes=[{"kind": "question", "text": "x"}]),
            r"segments\[0\]\.lines\[1\]\.notes\[0\]\.kind: a question note needs the line's question type",
            id="question-note-on-a-statement",
        ),
        pytest.param(
            lambda d: d["segments"][2].update(pause="no_such_item"),
            r"segments\[2\]\.pause: 'no_such_item' is not an item in any bank",
            id="pause-not-an-item",
        ),
        pytest.param(
            lambda d: d["segments"][2].update(pause="classify_question_types"),
            r"segments\[2\]\.pause: 'classify_question_types' is a classify item; a pause point is a rewrite item",
            id="pause-not-a-rewrite",
        ),
        pytest.param(
            lambda d: d["segments"][3].update(id="updates"),
            r"segments\[3\]\.id: 'updates' is used twice in segments",
            id="duplicate-segment",
        ),
        pytest.param(
            lambda d: d["cast"][2].update(role="observer"),
            r"cast\[2\]\.role: 'observer' is not one of \['facilitator', 'presenter', 'member'\]",
            id="unknown-role",
        ),
    ],
)
def test_meeting_errors_name_file_line_and_key(tmp_path: Path, change: Any, message: str) -> None:
    data = shipped()
    change(data)
    with pytest.raises(MeetingError, match=message):
        load_meeting(write(tmp_path, data))


def test_error_line_points_at_the_bad_key(tmp_path: Path) -> None:
    data = shipped()
    line(data, 0, 2)["question"] = "why"
    path = write(tmp_path, data)
    with pytest.raises(MeetingError) as caught:
        load_meeting(path)
    number = int(str(caught.value).split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].strip() == "question: why"


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text("schema_version: 1\nmeeting: [unclosed\n", encoding="utf-8")
    with pytest.raises(MeetingError, match=r"meeting\.yaml:\d+: not valid YAML"):
        load_meeting(path)
