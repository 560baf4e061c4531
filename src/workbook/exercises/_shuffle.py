"""The order in which an exercise shows its options: the Python twin of
``shuffle.js`` (the parity test runs both on every bank item).

The browser seeds the shuffle with a random seed kept in ``localStorage``
(``alw:seed``) or, on graded-practice pages, with the learner id once it is
known, so ``display_order(item, seed="ada")`` is what learner ``ada`` sees
there: for instance ``display_order(item, seed="ada")["options"][0]`` is the
authored index of the first option shown, and ``shown(item, "options",
seed="ada")`` the options themselves in that order. No widget libraries are
imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["SHUFFLED", "display_order", "initial_order", "seeded_permutation", "shown"]

_MASK = 0xFFFFFFFF

# What each exercise type shows shuffled, by the item key that lists it.
SHUFFLED: dict[str, tuple[str, ...]] = {
    "choice": ("options",),
    "classify": ("statements",),
    "match": ("pairs", "options"),
    "order": ("steps",),
}


def _hash_text(text: str) -> int:
    """FNV-1a over the UTF-8 bytes of ``text``."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & _MASK
    return value


def _imul(a: int, b: int) -> int:
    return (a * b) & _MASK


def _mulberry32(seed: int) -> Iterator[int]:
    a = seed
    while True:
        a = (a + 0x6D2B79F5) & _MASK
        t = _imul(a ^ (a >> 15), 1 | a)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & _MASK) ^ t
        yield (t ^ (t >> 14)) & _MASK


def seeded_permutation(count: int, key: str) -> list[int]:
    """The positions ``0..count-1`` in the Fisher–Yates order that ``key`` seeds."""
    numbers = _mulberry32(_hash_text(key))
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = next(numbers) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def display_order(item: dict[str, Any], *, seed: str) -> dict[str, list[int]]:
    """For each shuffled list of ``item``, the authored indices in the order shown to the learner seeded by ``seed``."""
    return {
        part: seeded_permutation(len(item[part]), f"{seed}|{item['id']}|{part}")
        for part in SHUFFLED.get(item["type"], ())
    }


def shown(item: dict[str, Any], part: str, *, seed: str) -> list[Any]:
    """``item[part]`` (for instance a choice item's ``"options"``) in the order the learner seeded by ``seed`` sees."""
    return [item[part][i] for i in display_order(item, seed=seed)[part]]


def initial_order(item: dict[str, Any], *, seed: str) -> list[str]:
    """An order item's steps as first shown: shuffled, and never already in the right order."""
    steps = shown(item, "steps", seed=seed)
    if steps == item["steps"]:
        steps = [*steps[1:], steps[0]]
    return steps
