"""Item banks: the shipped banks are valid, and every kind of authoring mistake
gets a message naming the file, the line, the item and the key path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import BankError
from workbook.banks import check_banks, load_bank, load_banks

VALID: dict[str, Any] = {
    "schema_version": 1,
    "bank": "sample",
    "version": 1,
    "title": "Sample",
    "items": [
        {
            "id": "choice_one",
            "type": "choice",
            "prompt": "Which is open?",
            "options": [
                {
                    "id": "what_happened",
                    "text": "What happened?",
                    "correct": True,
                    "feedback": "Open: it invites a story.",
                },
                {"id": "did_it_happen", "text": "Did it happen?", "correct": False, "feedback": "Closed: yes or no."},
            ],
            "explanation": "Open questions start with what or how.",
        },
        {
            "id": "classify_one",
            "type": "classify",
            "prompt": "Sort these.",
            "categories": [{"id": "open", "label": "Open"}, {"id": "closed", "label": "Closed"}],
            "statements": [
                {"text": "What next?", "category": "open", "feedback": "Invites thought."},
                {"text": "Is it done?", "category": "closed", "feedback": "Yes or no."},
            ],
            "explanation": "Sorting practice.",
        },
        {
            "id": "order_one",
            "type": "order",
            "prompt": "Order GROW.",
            "steps": ["Goal", "Reality", "Options", "Will"],
            "explanation": "GROW runs in this order.",
        },
        {
            "id": "rewrite_one",
            "type": "rewrite",
            "prompt": "Rewrite as open.",
            "original": "Did it go well?",
            "expected": "open",
            "model_answer": "What went well?",
            "explanation": "Open it up.",
        },
        {
            "id": "match_one",
            "type": "match",
            "prompt": "Match each duty to a role.",
            "options": [{"id": "presenter", "label": "Presenter"}, {"id": "adviser", "label": "Set adviser"}],
            "pairs": [
                {"text": "Brings the issue", "match": "presenter", "feedback": "The issue is theirs."},
                {"text": "Looks after the process", "match": "adviser", "feedback": "Process, not content."},
            ],
            "explanation": "Roles keep ownership clear.",
        },
        {
            "id": "spot_one",
            "type": "spot",
            "prompt": "Name each response.",
            "categories": [{"id": "probing", "label": "Probing"}, {"id": "advising", "label": "Advising"}],
            "dialogue": [
                {"speaker": "Ana", "text": "The rota is not working."},
                {"speaker": "Ben", "text": "What is not working?", "category": "probing", "feedback": "Open."},
                {"speaker": "Cy", "text": "Change it back.", "category": "advising", "feedback": "A fix."},
            ],
            "explanation": "Questions keep the thinking with the presenter.",
        },
        {
            "id": "smart_one",
            "type": "smart",
            "prompt": "Make it SMART.",
            "context": "Ana's rota upsets two nurses.",
            "original": "I'll sort out the rota.",
            "model_answer": "I will ask the two nurses for a 20-minute conversation each by Friday, to find out which shifts are hardest, so that I can bring two options to our next meeting.",
            "explanation": "Name the first step.",
        },
        {
            "id": "timing_one",
            "type": "timing",
            "prompt": "Plan an hour.",
            "total": 60,
            "stages": [
                {"name": "Check-in", "min": 5, "max": 15, "feedback": "Brief."},
                {"name": "Issue", "min": 40, "max": 50, "feedback": "Most of the time."},
                {"name": "Review", "min": 5, "max": 10, "feedback": "Never dropped."},
            ],
            "explanation": "Protect the issue time.",
        },
    ],
}


def write_bank(folder: Path, data: Any, name: str = "sample.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_shipped_banks_are_valid_and_counted() -> None:
    """Do the shipped banks load, with the totals line last?"""
    lines = check_banks()
    assert lines[-1].startswith("items=")
    total = int(lines[-1].split()[0].split("=")[1])
    assert total >= 30
    bank_set = load_banks()
    assert sum(len(b.items) for b in bank_set.banks) == total


def test_a_valid_bank_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, VALID))
    assert [i["id"] for i in bank.items] == [
        "choice_one",
        "classify_one",
        "order_one",
        "rewrite_one",
        "match_one",
        "spot_one",
        "smart_one",
        "timing_one",
    ]
    assert (bank.name, bank.version) == ("sample", 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["items"][0].update(type="essay"),
            r"sample\.yaml:\d+: item 'choice_one' items\[0\]\.type: 'essay' is not one of",
            id="unknown-type",
        ),
        pytest.param(
            lambda d: d["items"][0]["options"][1].update(feedback=""),
            r"sample\.yaml:\d+: item 'choice_one' items\[0\]\.options\[1\]\.feedback: must not be blank",
            id="blank-feedback",
        ),
        pytest.param(
            lambda d: d["items"][0]["options"][0].pop("id"),
            r"item 'choice_one' items\[0\]\.options\[0\]: 'id' is a required property",
            id="option-without-id",
        ),
        pytest.param(
            lambda d: d["items"][0]["options"][1].update(id="Did It"),
            r"item 'choice_one' items\[0\]\.options\[1\]\.id: 'Did It' does not match",
            id="option-id-not-a-slug",
        ),
        pytest.param(
            lambda d: d["items"][2].update(explanation="   "),
            r"item 'order_one' items\[2\]\.explanation: must not be blank",
            id="whitespace-explanation",
        ),
        pytest.param(
            lambda d: d["items"][0].update(feedbak="typo"),
            r"item 'choice_one' items\[0\]: unknown key: 'feedbak' was unexpected",
            id="misspelt-key",
        ),
        pytest.param(
            lambda d: d["items"][3].pop("model_answer"),
            r"item 'rewrite_one' items\[3\]: 'model_answer' is a required property",
            id="missing-key",
        ),
        pytest.param(
            lambda d: d["items"][3].update(expected="opne"),
            r"item 'rewrite_one' items\[3\]\.expected: 'opne' is not one of",
            id="bad-verdict",
        ),
        pytest.param(
            lambda d: d["items"][1].update(id="Classify One"),
            r"items\[1\]\.id: 'Classify One' does not match",
            id="id-not-snake-case",
        ),
        pytest.param(
            lambda d: d.update(schema_version=2),
            r"sample\.yaml:1: schema_version: 1 was expected",
            id="future-schema",
        ),
        pytest.param(
            lambda d: d["items"][0]["options"][1].update(correct=True),
            r"item 'choice_one' items\[0\]\.options: a single-answer choice needs exactly one correct option, found 2",
            id="two-correct-in-single-choice",
        ),
        pytest.param(
            lambda d: d["items"][1]["statements"][1].update(category="leading"),
            r"item 'classify_one' items\[1\]\.statements\[1\]\.category: 'leading' is not a category \(known: open, closed\)",
            id="unknown-category",
        ),
        pytest.param(
            lambda d: d["items"][2].update(id="choice_one"),
            r"item 'choice_one' items\[2\]\.id: duplicate id in this bank",
            id="duplicate-id",
        ),
    ],
)
def test_bank_errors_name_file_item_and_key(tmp_path: Path, change: Any, message: str) -> None:
    path = write_bank(tmp_path, mutated(change))
    with pytest.raises(BankError, match=message):
        load_bank(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["items"][4]["pairs"][1].update(match="sponsor"),
            r"sample\.yaml:\d+: item 'match_one' items\[4\]\.pairs\[1\]\.match: 'sponsor' is not an option \(known: presenter, adviser\)",
            id="match-unknown-option",
        ),
        pytest.param(
            lambda d: d["items"][4]["options"][1].update(label="Presenter"),
            r"item 'match_one' items\[4\]\.options\[1\]\.label: 'Presenter' is used twice in options",
            id="match-duplicate-option-label",
        ),
        pytest.param(
            lambda d: d["items"][4]["pairs"][1].update(text="Brings the issue"),
            r"item 'match_one' items\[4\]\.pairs\[1\]\.text: 'Brings the issue' is used twice in pairs",
            id="match-duplicate-pair",
        ),
        pytest.param(
            lambda d: d["items"][4]["pairs"][0].update(correct=True),
            r"item 'match_one' items\[4\]\.pairs\[0\]: unknown key: 'correct' was unexpected",
            id="match-unknown-key",
        ),
        pytest.param(
            lambda d: d["items"][4].update(pairs=d["items"][4]["pairs"][:1]),
            r"item 'match_one' items\[4\]\.pairs: has 1 entry; at least 2 needed",
            id="match-one-pair",
        ),
        pytest.param(
            lambda d: d["items"][5]["dialogue"][2].update(category="evaluative"),
            r"item 'spot_one' items\[5\]\.dialogue\[2\]\.category: 'evaluative' is not a category \(known: probing, advising\)",
            id="spot-unknown-category",
        ),
        pytest.param(
            lambda d: d["items"][5]["dialogue"][1].pop("feedback"),
            r"item 'spot_one' items\[5\]\.dialogue\[1\]: 'feedback' is a dependency of 'category'",
            id="spot-category-without-feedback",
        ),
        pytest.param(
            lambda d: [line.pop(k, None) for line in d["items"][5]["dialogue"] for k in ("category", "feedback")],
            r"item 'spot_one' items\[5\]\.dialogue: no line has a category, so there is nothing for the learner to spot",
            id="spot-nothing-marked",
        ),
        pytest.param(
            lambda d: d["items"][5]["categories"][1].update(id="probing"),
            r"item 'spot_one' items\[5\]\.categories\[1\]\.id: 'probing' is used twice in categories",
            id="spot-duplicate-category",
        ),
        pytest.param(
            lambda d: d["items"][5]["dialogue"][0].update(speaker=""),
            r"item 'spot_one' items\[5\]\.dialogue\[0\]\.speaker: must not be blank",
            id="spot-blank-speaker",
        ),
        pytest.param(
            lambda d: d["items"][6].update(model_answer="I will ask the nurses about shifts."),
            r"item 'smart_one' items\[6\]\.model_answer: the model answer must meet every SMART check, but misses measurable: .*; time_related: ",
            id="smart-model-answer-not-smart",
        ),
        pytest.param(
            lambda d: d["items"][6].update(original=d["items"][6]["model_answer"]),
            r"item 'smart_one' items\[6\]\.original: the draft already meets every SMART check, so there is nothing to improve",
            id="smart-original-already-smart",
        ),
        pytest.param(
            lambda d: d["items"][6].pop("original"),
            r"item 'smart_one' items\[6\]: 'original' is a required property",
            id="smart-missing-original",
        ),
        pytest.param(
            lambda d: d["items"][6].update(expected="open"),
            r"item 'smart_one' items\[6\]: unknown key: 'expected' was unexpected",
            id="smart-rewrite-key",
        ),
        pytest.param(
            lambda d: d["items"][7]["stages"][1].update(min=55),
            r"item 'timing_one' items\[7\]\.stages\[1\]\.max: max \(50\) is less than min \(55\)",
            id="timing-min-above-max",
        ),
        pytest.param(
            lambda d: d["items"][7]["stages"][1].update(max=70),
            r"item 'timing_one' items\[7\]\.stages\[1\]\.max: max \(70\) is more than the meeting's total \(60\)",
            id="timing-max-above-total",
        ),
        pytest.param(
            lambda d: d["items"][7].update(total=90),
            r"item 'timing_one' items\[7\]\.total: no plan can fit: the stages allow 50 to 75 minutes in all, but the total is 90",
            id="timing-cannot-fit",
        ),
        pytest.param(
            lambda d: d["items"][7]["stages"][2].update(name="Issue"),
            r"item 'timing_one' items\[7\]\.stages\[2\]\.name: 'Issue' is used twice in stages",
            id="timing-duplicate-stage",
        ),
        pytest.param(
            lambda d: d["items"][7]["stages"][0].update(min=2.5),
            r"item 'timing_one' items\[7\]\.stages\[0\]\.min: 2\.5 is not of type 'integer'",
            id="timing-fractional-minutes",
        ),
        pytest.param(
            lambda d: d["items"][7]["stages"][0].pop("feedback"),
            r"item 'timing_one' items\[7\]\.stages\[0\]: 'feedback' is a required property",
            id="timing-missing-feedback",
        ),
    ],
)
def test_new_type_errors_name_file_item_and_key(tmp_path: Path, change: Any, message: str) -> None:
    """Does each mistake in a match, spot, smart or timing item name the file, line, item and key?"""
    path = write_bank(tmp_path, mutated(change))
    with pytest.raises(BankError, match=message):
        load_bank(path)


@pytest.mark.parametrize(
    ("change", "key", "line_text"),
    [
        pytest.param(
            lambda d: d["items"][4]["pairs"][1].update(match="sponsor"), "match", "match: sponsor", id="match"
        ),
        pytest.param(
            lambda d: d["items"][5]["dialogue"][2].update(category="evaluative"),
            "category",
            "category: evaluative",
            id="spot",
        ),
        pytest.param(lambda d: d["items"][7]["stages"][1].update(min=55), "max", "max: 50", id="timing"),
    ],
)
def test_new_type_error_line_points_at_the_bad_key(tmp_path: Path, change: Any, key: str, line_text: str) -> None:
    path = write_bank(tmp_path, mutated(change))
    with pytest.raises(BankError) as caught:
        load_bank(path)
    line = int(str(caught.value).split(":")[1])
    assert str(caught.value).split(": ")[1].endswith(key)
    assert line_text in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_error_line_points_at_the_bad_key(tmp_path: Path) -> None:
    """Does the line number lead the author to the broken key?"""
    path = write_bank(tmp_path, mutated(lambda d: d["items"][0]["options"][1].update(feedback="")))
    with pytest.raises(BankError) as caught:
        load_bank(path)
    line = int(str(caught.value).split(":")[1])
    assert "feedback: ''" in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nbank: broken\nitems:\n  - id: x\n    prompt: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"broken\.yaml:\d+: not valid YAML"):
        load_bank(path)


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    """PyYAML silently keeps the last of two equal keys; we refuse instead."""
    path = tmp_path / "dup.yaml"
    path.write_text("schema_version: 1\nbank: dup\nbank: dup2\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"dup\.yaml:3: bank: duplicate key"):
        load_bank(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(BankError, match=r"empty\.yaml:1: \(top level\): the file holds no data"):
        load_bank(path)


def test_ids_must_be_unique_across_banks(tmp_path: Path) -> None:
    write_bank(tmp_path, VALID, "a.yaml")
    other = mutated(lambda d: d.update(bank="other"))
    write_bank(tmp_path, other, "b.yaml")
    with pytest.raises(
        BankError, match=r"b\.yaml:\d+: item 'choice_one' items\[0\]\.id: duplicate id, already used in .*a\.yaml"
    ):
        load_banks(tmp_path)


def test_unknown_item_id_is_a_clear_error() -> None:
    with pytest.raises(BankError, match=r"no item 'no_such_item' in any bank \(banks: [a-z_, ]*\bquestioning\b"):
        load_banks().item("no_such_item")
