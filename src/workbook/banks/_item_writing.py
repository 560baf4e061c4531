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
    problems: list[str] = []
    choices = [(index, item) for index, item in enumerate(data["items"]) if item["type"] == "choice"]

    def fail(index: int, key: tuple[str | int, ...], message: str) -> None:
        problems.append(str(source.fail(("items", index, *key), message, item_id=data["items"][index]["id"])))

    longest_key: list[int] = []
    keys_at: dict[int, list[int]] = defaultdict(list)
    for index, item in choices:
        options = item["options"]
        seen: set[str] = set()
        for o_index, option in enumerate(options):
            if option["id"] in seen:
                fail(index, ("options", o_index, "id"), f"option id '{option['id']}' is used twice in this item")
            seen.add(option["id"])
            if _ABOVE.search(option["text"]):
                fail(index, ("options", o_index, "text"), "write a real option instead of 'all/none of the above'")
        right = [len(o["text"]) for o in options if o["correct"]]
        wrong = [len(o["text"]) for o in options if not o["correct"]]
        if not right or not wrong:
            continue
        if min(right) > max(wrong):
            longest_key.append(index)
        if max(right) > MAX_KEY_LENGTH_RATIO * max(wrong):
            key_at = max((i for i, o in enumerate(options) if o["correct"]), key=lambda i: len(options[i]["text"]))
            fail(
                index,
                ("options", key_at, "text"),
                f"the key ({max(right)} characters) is more than {MAX_KEY_LENGTH_RATIO} times as long as the"
                f" longest distractor ({max(wrong)}): make the distractors as long and specific as the key",
            )
        if not item.get("multiple", False):
            keys_at[next(i for i, o in enumerate(options) if o["correct"])].append(index)

    if choices and len(longest_key) > MAX_LONGEST_KEY_SHARE * len(choices):
        listed = ", ".join(data["items"][i]["id"] for i in longest_key)
        fail(
            longest_key[0],
            ("options",),
            f"the key is the longest option in {len(longest_key)} of {len(choices)} choice items"
            f" (at most a third may be): {listed}",
        )
    singles = sum(len(v) for v in keys_at.values())
    for position, indexes in sorted(keys_at.items()):
        if singles >= MIN_ITEMS_FOR_POSITION_CHECK and len(indexes) > MAX_POSITION_SHARE * singles:
            listed = ", ".join(data["items"][i]["id"] for i in indexes)
            fail(
                indexes[0],
                ("options", position),
                f"option {position + 1} is the key in {len(indexes)} of {singles} single-answer items"
                f" (at most {MAX_POSITION_SHARE:.0%} may share a position): {listed}",
            )
    return problems
