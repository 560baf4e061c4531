"""The order exercises show their options in: the browser's shuffle (shuffle.js,
run here under Node) and its Python twin agree on every bank item, and the
order is stable for one seed, differs between seeds and does not favour the
authored first option."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from workbook.banks._load import default_banks
from workbook.exercises._shuffle import SHUFFLED, display_order, initial_order, seeded_permutation, shown

SCRIPT = Path(__file__).parent / "js" / "display_order.mjs"
# Seeds as the browser makes them (random hex), learner ids, and text that is not ASCII.
SEEDS = ["3f9a0c1e7b24d658", "0000000000000000", "ada.lovelace", "learner01", "Zoë", ""]


def all_items() -> list[dict[str, Any]]:
    return [item for bank in default_banks().banks for item in bank.items]


def test_python_and_javascript_show_every_item_in_the_same_order(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the shuffle parity test (Debian package nodejs)")
    items = all_items()
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"items": items, "seeds": SEEDS}), encoding="utf-8")
    out = subprocess.run([node, str(SCRIPT), str(cases)], capture_output=True, text=True, check=True).stdout
    browser = [json.loads(line) for line in out.splitlines()]
    python = [
        {
            "order": display_order(item, seed=seed),
            "steps": initial_order(item, seed=seed) if item["type"] == "order" else None,
        }
        for item in items
        for seed in SEEDS
    ]
    assert len(browser) == len(python) == len(items) * len(SEEDS)
    mismatches = [(i, p, b) for i, (p, b) in enumerate(zip(python, browser, strict=True)) if p != b]
    assert not mismatches, mismatches[:3]
    assert {item["type"] for item in items} >= set(SHUFFLED)


@pytest.mark.parametrize("count", [0, 1, 2, 5, 12])
def test_a_permutation_holds_every_position_once_and_is_stable(count: int) -> None:
    order = seeded_permutation(count, "ada|choice_x|options")
    assert sorted(order) == list(range(count))
    assert seeded_permutation(count, "ada|choice_x|options") == order


def test_each_list_of_a_match_item_has_its_own_order() -> None:
    match = next(i for i in all_items() if i["type"] == "match")
    order = display_order(match, seed="ada")
    assert set(order) == {"pairs", "options"}
    assert [p["text"] for p in shown(match, "pairs", seed="ada")] == [match["pairs"][i]["text"] for i in order["pairs"]]


def test_types_that_keep_their_order_have_no_shuffled_lists() -> None:
    for item in all_items():
        if item["type"] in {"rewrite", "spot", "smart", "timing"}:
            assert display_order(item, seed="ada") == {}


def test_different_learners_see_different_orders() -> None:
    choices = [i for i in all_items() if i["type"] == "choice"]
    differ = sum(display_order(i, seed="ada") != display_order(i, seed="grace") for i in choices)
    assert differ >= 0.6 * len(choices)


def test_the_first_option_shown_is_spread_over_the_options() -> None:
    """Over many learners, each authored option is shown first about equally often:
    always picking the first option shown is worth no more than chance."""
    choice = next(i for i in all_items() if i["type"] == "choice" and len(i["options"]) == 4)
    firsts = Counter(display_order(choice, seed=f"learner{n}")["options"][0] for n in range(2000))
    assert set(firsts) == {0, 1, 2, 3}
    assert all(400 <= n <= 600 for n in firsts.values()), firsts


def test_an_order_item_never_starts_in_the_right_order() -> None:
    for item in (i for i in all_items() if i["type"] == "order"):
        for seed in SEEDS:
            start = initial_order(item, seed=seed)
            assert sorted(start) == sorted(item["steps"])
            assert start != item["steps"], (item["id"], seed)
