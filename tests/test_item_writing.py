"""Item-writing checks: a bank whose keys can be guessed by place or length,
or that leans on "all of the above", fails to load, and the message names the
file, the line, the item and the key path. The shipped banks pass."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import BankError
from workbook._yaml_source import YamlSource
from workbook.banks import load_bank
from workbook.banks._item_writing import item_writing_problems
from workbook.banks._load import BANKS_DIR


def choice(item_id: str, texts: list[str], key: int, **extra: Any) -> dict[str, Any]:
    """A single-answer choice item whose options have the given texts; ``key`` is the right one."""
    return {
        "id": item_id,
        "type": "choice",
        "prompt": "Which is best?",
        "explanation": "Because.",
        "options": [
            {"id": f"o{i}", "text": text, "correct": i == key, "feedback": "Feedback for this option."}
            for i, text in enumerate(texts)
        ],
        **extra,
    }


FOUR = ["Option text alpha", "Option text bravo", "Option text delta", "Option text gamma"]  # no length cue


def bank(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": 1, "bank": "sample", "version": 1, "title": "Sample", "items": items}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = write(tmp_path, data)
    source = YamlSource(path, BankError)
    return item_writing_problems(source, source.data)


def spread(n: int) -> list[dict[str, Any]]:
    """``n`` items with keys spread evenly over four positions and options of equal length."""
    return [choice(f"item_{i}", FOUR, key=i % 4) for i in range(n)]


def test_keys_spread_over_positions_and_similar_lengths_pass(tmp_path: Path) -> None:
    assert problems(tmp_path, bank(spread(8))) == []


@pytest.mark.parametrize(
    ("items", "message"),
    [
        pytest.param(
            [choice(f"item_{i}", FOUR, key=0 if i < 5 else i % 4) for i in range(10)],
            r"items\[0\]\.options\[0\]: option 1 is the key in 6 of 10 single-answer items "
            r"\(at most 40% may share a position\): item_0, item_1, item_2, item_3, item_4, item_8",
            id="key-position-over-40-percent",
        ),
        pytest.param(
            [
                *[choice(f"long_{i}", [*FOUR[:3], "Option text longer than the rest"], key=3) for i in range(2)],
                *[choice(f"even_{i}", FOUR, key=i % 3) for i in range(3)],
            ],
            r"item 'long_0' items\[0\]\.options: the key is the longest option in 2 of 5 choice items "
            r"\(at most a third may be\): long_0, long_1",
            id="key-longest-in-over-a-third",
        ),
        pytest.param(
            [choice("padded", ["Ask them what options they can see and which appeals", "No", "Tell", "Fix"], key=0)],
            r"item 'padded' items\[0\]\.options\[0\]\.text: the key \(52 characters\) is more than 1\.5 times"
            r" as long as the longest distractor \(4\)",
            id="key-much-longer-than-distractors",
        ),
        pytest.param(
            [choice("above", ["Ask what they see", "Tell them the plan", "All of the above"], key=0)],
            r"item 'above' items\[0\]\.options\[2\]\.text: write a real option instead of 'all/none of the above'",
            id="all-of-the-above",
        ),
    ],
)
def test_each_item_writing_problem_names_file_line_item_and_key(
    tmp_path: Path, items: list[dict[str, Any]], message: str
) -> None:
    found = "\n".join(problems(tmp_path, bank(items)))
    assert str(tmp_path / "sample.yaml") + ":" in found
    assert re.search(message, found), found


def test_duplicate_option_ids_are_named(tmp_path: Path) -> None:
    item = choice("twice", FOUR, key=1)
    item["options"][2]["id"] = "o0"
    found = problems(tmp_path, bank([item]))
    assert any("items[0].options[2].id: option id 'o0' is used twice in this item" in p for p in found), found


def test_a_multiple_answer_item_whose_keys_are_all_longest_counts_as_a_length_cue(tmp_path: Path) -> None:
    cue = choice("multi", ["Ask what they see now", "Ask what they want", "Fix", "Tell"], key=0, multiple=True)
    cue["options"][1]["correct"] = True
    found = problems(tmp_path, bank([cue, *spread(1)]))
    assert any("the key is the longest option in 1 of 2 choice items" in p for p in found), found


def test_loading_a_bank_with_problems_lists_them_all(tmp_path: Path) -> None:
    items = [choice(f"item_{i}", FOUR, key=0) for i in range(5)]
    items.append(choice("above", ["Ask what they see", "Tell them the plan", "None of these"], key=1))
    with pytest.raises(BankError, match=r"sample\.yaml: 2 item-writing problems:\n") as info:
        load_bank(write(tmp_path, bank(items)))
    assert "option 1 is the key in 5 of 6" in str(info.value)
    assert "'all/none of the above'" in str(info.value)


@pytest.mark.parametrize("path", sorted(BANKS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_banks_pass_the_item_writing_checks(path: Path) -> None:
    source = YamlSource(path, BankError)
    assert item_writing_problems(source, source.data) == []
