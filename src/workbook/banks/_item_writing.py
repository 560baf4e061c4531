"""Item-writing checks: the cues a test-wise learner uses to guess a choice item.

Assessment writers avoid giving the key away by its place or its look. These
checks hold every bank to that, before any shuffling (so a build that did not
shuffle would still not be gameable):

- no option position holds more than 40 % of a bank's single-answer keys
  (checked once a bank has at least five, when 40 % can be met);
- the key is the uniquely longest option in at most a third of a bank's choice
  items (for a multiple-answer item: every correct option is longer than every
  wrong one), and never more than 1.5 times as long as the longest distractor;
- no "all of the above" or "none of the above" options;
- option ids are unique within an item (answers name options by id).

Every problem names the file, line, item and key; all of a bank's problems are
reported at once, so an author can fix them in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from workbook._yaml_source import YamlSource

__all__ = ["MAX_KEY_LENGTH_RATIO", "MAX_LONGEST_KEY_SHARE", "MAX_POSITION_SHARE", "item_writing_problems"]

MAX_POSITION_SHARE = 0.40
MIN_ITEMS_FOR_POSITION_CHECK = 5
MAX_LONGEST_KEY_SHARE = 1 / 3
MAX_KEY_LENGTH_RATIO = 1.5
_ABOVE = re.compile(r"\b(?:all|none|both|neither) of (?:the )?(?:above|these|them)\b", re.IGNORECASE)


def item_writing_problems(source: YamlSource, data: dict[str, Any]) -> list[str]:
    """Every item-writing problem in one bank, as ``file:line: item 'id' key: problem`` lines."""
    found: list[tuple[int, tuple[str | int, ...], str]] = []
    choices = [(index, item) for index, item in enumerate(data["items"]) if item["type"] == "choice"]
    for index, item in choices:
        found += [(index, key, message) for key, message in _option_problems(item)]
    found += _length_share_problem(data, choices)
    found += _position_problems(data, choices)
    return [
        str(source.fail(("items", index, *key), message, item_id=data["items"][index]["id"]))
        for index, key, message in found
    ]


def _has_length_cue(item: dict[str, Any]) -> bool:
    """Every correct option is longer than every wrong one."""
    right = [len(o["text"]) for o in item["options"] if o["correct"]]
    wrong = [len(o["text"]) for o in item["options"] if not o["correct"]]
    return bool(right and wrong) and min(right) > max(wrong)


def _option_problems(item: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Repeated option ids, "all of the above", and a key far longer than any distractor."""
    options = item["options"]
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for o_index, option in enumerate(options):
        if option["id"] in seen:
            problems.append((("options", o_index, "id"), f"option id '{option['id']}' is used twice in this item"))
        seen.add(option["id"])
        if _ABOVE.search(option["text"]):
            problems.append((("options", o_index, "text"), "write a real option instead of 'all/none of the above'"))
    wrong = [len(o["text"]) for o in options if not o["correct"]]
    key_at = max(
        (i for i, o in enumerate(options) if o["correct"]), key=lambda i: len(options[i]["text"]), default=None
    )
    if wrong and key_at is not None and len(options[key_at]["text"]) > MAX_KEY_LENGTH_RATIO * max(wrong):
        problems.append(
            (
                ("options", key_at, "text"),
                f"the key ({len(options[key_at]['text'])} characters) is more than {MAX_KEY_LENGTH_RATIO} times as"
                f" long as the longest distractor ({max(wrong)}): make the distractors as long and specific as the key",
            )
        )
    return problems


def _length_share_problem(
    data: dict[str, Any], choices: list[tuple[int, dict[str, Any]]]
) -> list[tuple[int, tuple[str | int, ...], str]]:
    cued = [index for index, item in choices if _has_length_cue(item)]
    if not choices or len(cued) <= MAX_LONGEST_KEY_SHARE * len(choices):
        return []
    listed = ", ".join(data["items"][i]["id"] for i in cued)
    message = (
        f"the key is the longest option in {len(cued)} of {len(choices)} choice items"
        f" (at most a third may be): {listed}"
    )
    return [(cued[0], ("options",), message)]


def _position_problems(
    data: dict[str, Any], choices: list[tuple[int, dict[str, Any]]]
) -> list[tuple[int, tuple[str | int, ...], str]]:
    keys_at: dict[int, list[int]] = defaultdict(list)
    for index, item in choices:
        if not item.get("multiple", False):
            keys_at[next(i for i, o in enumerate(item["options"]) if o["correct"])].append(index)
    singles = sum(len(v) for v in keys_at.values())
    if singles < MIN_ITEMS_FOR_POSITION_CHECK:
        return []
    return [
        (
            indexes[0],
            ("options", position),
            f"option {position + 1} is the key in {len(indexes)} of {singles} single-answer items"
            f" (at most {MAX_POSITION_SHARE:.0%} may share a position): "
            + ", ".join(data["items"][i]["id"] for i in indexes),
        )
        for position, indexes in sorted(keys_at.items())
        if len(indexes) > MAX_POSITION_SHARE * singles
    ]
