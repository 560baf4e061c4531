"""Facilitation dilemmas: every path of every shipped dilemma, walked over the
data, ends in an ending with a full debrief; the grader marks every path by
its ending; the choices are written so that no cue gives the best one away;
the sources are real entries of the book's bibliography, cited on the page;
and each authoring mistake gets a message naming the file, line, dilemma and
key path."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_banks import write_bank
from workbook import BankError
from workbook.banks import default_banks, load_bank
from workbook.banks._item_writing import MAX_KEY_LENGTH_RATIO, MAX_LONGEST_KEY_SHARE
from workbook.grading._scoring import best_path, score_item

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "practice" / "facilitation-dilemmas.md"
DILEMMAS = [item for bank in default_banks().banks for item in bank.items if item["type"] == "dilemma"]
CREDIT = {"best": 1.0, "mixed": 0.5, "poor": 0.0}

# The moments issue 13 asks the dilemmas to cover, one dilemma each.
MOMENTS = {
    "dilemma_dominant_member",
    "dilemma_line_manager_in_set",
    "dilemma_member_in_tears",
    "dilemma_confidentiality_breach",
    "dilemma_advice_creep",
    "dilemma_silent_member",
    "dilemma_conflict_between_members",
    "dilemma_sponsor_asks_for_names",
    "dilemma_safeguarding_disclosure",
}


def all_paths(item: dict[str, Any]) -> list[tuple[list[str], dict[str, Any]]]:
    """Every path from the first node, as (choice ids, ending); fails on a
    dangling reference or a path that comes back to a node it has passed."""
    nodes = {n["id"]: n for n in item["nodes"]}
    endings = {e["id"]: e for e in item["endings"]}
    found: list[tuple[list[str], dict[str, Any]]] = []

    def walk(node: dict[str, Any], path: list[str], passed: set[str]) -> None:
        for choice in node["choices"]:
            target = choice["next"]
            assert target not in passed, f"{item['id']}: {choice['id']} leads back to {target}"
            if target in endings:
                found.append(([*path, choice["id"]], endings[target]))
            else:
                assert target in nodes, f"{item['id']}: {choice['id']} leads to nothing ({target})"
                walk(nodes[target], [*path, choice["id"]], passed | {target})

    walk(item["nodes"][0], [], {item["nodes"][0]["id"]})
    return found


def test_the_nine_moments_each_have_a_dilemma() -> None:
    assert {d["id"] for d in DILEMMAS} == MOMENTS


@pytest.mark.parametrize("item", DILEMMAS, ids=lambda i: i["id"])
def test_every_path_ends_in_a_debriefed_ending_and_everything_is_reached(item: dict[str, Any]) -> None:
    paths = all_paths(item)
    nodes_met = {item["nodes"][0]["id"]}
    by_choice = {c["id"]: c for n in item["nodes"] for c in n["choices"]}
    for path, ending in paths:
        nodes_met |= {by_choice[step]["next"] for step in path[:-1]}
        for key in ("title", "safety", "challenge", "ownership"):
            assert ending[key].strip(), (item["id"], ending["id"], key)
        assert ending["sources"], (item["id"], ending["id"])
    assert nodes_met == {n["id"] for n in item["nodes"]}, "a node no path reaches"
    assert {e["id"] for _, e in paths} == {e["id"] for e in item["endings"]}, "an ending no path reaches"
    depths = {len(path) for path, _ in paths}
    assert len(depths) > 1, "every path is the same length"
    qualities = {e["quality"] for _, e in paths}
    assert "best" in qualities
    assert qualities - {"best"}, "no weaker ending to learn from"
    for node in item["nodes"]:
        assert 3 <= len(node["choices"]) <= 4


@pytest.mark.parametrize("item", DILEMMAS, ids=lambda i: i["id"])
def test_the_grader_marks_every_path_by_its_ending(item: dict[str, Any]) -> None:
    for path, ending in all_paths(item):
        result = score_item(item, {"path": path})
        assert (result.fraction, result.correct, result.problem) == (
            CREDIT[ending["quality"]],
            ending["quality"] == "best",
            None,
        )
        assert result.notes[0] == f"Ending: {ending['title']}"
        assert result.notes[1:4] == [
            f"Psychological safety: {ending['safety']}",
            f"Challenge: {ending['challenge']}",
            f"The presenter's ownership: {ending['ownership']}",
        ]
        for stop in range(len(path)):
            partial = score_item(item, {"path": path[:stop]})
            assert (partial.fraction, partial.answered) == (0.0, False)
    model = best_path(item)
    assert score_item(item, {"path": [c["id"] for c in model]}).correct


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(["no_such_choice"], id="unknown-choice"),
        pytest.param("round_of_questions", id="not-a-list"),
    ],
)
def test_a_path_that_cannot_be_walked_is_unreadable(path: Any) -> None:
    item = next(d for d in DILEMMAS if d["id"] == "dilemma_dominant_member")
    result = score_item(item, {"path": path})
    assert (result.fraction, result.problem) == (0.0, "the answer could not be read")


def test_a_path_that_goes_on_past_an_ending_is_unreadable() -> None:
    item = next(d for d in DILEMMAS if d["id"] == "dilemma_dominant_member")
    path, _ = next(p for p in all_paths(item) if len(p[0]) == 1)
    assert score_item(item, {"path": [*path, path[0]]}).problem == "the answer could not be read"


def test_no_cue_gives_the_best_choice_away() -> None:
    """As for choice items (banks/_item_writing.py): choices in a node are of
    similar length, and the one on the best path is seldom the longest."""
    longest_best = 0
    count = 0
    for item in DILEMMAS:
        best = {c["id"] for c in best_path(item)}
        for node in item["nodes"]:
            lengths = {c["id"]: len(c["text"]) for c in node["choices"]}
            assert max(lengths.values()) <= MAX_KEY_LENGTH_RATIO * min(lengths.values()), (item["id"], node["id"])
            key = next((i for i in lengths if i in best), None)
            count += 1
            values = list(lengths.values())
            if key and lengths[key] == max(values) and values.count(lengths[key]) == 1:
                longest_best += 1
    assert longest_best <= MAX_LONGEST_KEY_SHARE * count


def _bib_entries() -> dict[str, str]:
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in [ROOT / "book" / "references.bib", *ROOT.glob("book/bib/*.bib")]
    )
    return {m.group(1): m.group(2) for m in re.finditer(r"@\w+\{([^,\s]+),(.*?)\n\}", text, re.S)}


def test_sources_are_bibliography_entries_cited_on_the_page() -> None:
    """Each source's cite gives the surnames and year of its bibtex entry, and
    the page cites it, so it appears in the book's reference list."""
    entries = _bib_entries()
    page = PAGE.read_text(encoding="utf-8")
    cited_on_page = set(re.findall(r"[\w:-]+", " ".join(re.findall(r"\{cite:[pt]\}`([^`]+)`", page))))
    for item in DILEMMAS:
        for ending in item["endings"]:
            for source in ending["sources"]:
                entry = entries.get(source["key"])
                assert entry is not None, (item["id"], source["key"])
                year = re.search(r"year\s*=\s*\{(\d{4})\}", entry)
                authors = re.search(r"author\s*=\s*\{(.+?)\},?\n", entry)
                assert year, source["key"]
                assert authors, source["key"]
                assert f"({year.group(1)})" in source["cite"], source
                for author in authors.group(1).split(" and "):
                    surname = author.split(",")[0].strip("{} ")
                    assert surname in source["cite"], (source, surname)
                assert source["key"] in cited_on_page, f"{source['key']} is not cited on {PAGE.name}"


def test_the_page_embeds_every_dilemma() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert re.findall(r'exercise\("(dilemma_\w+)"\)', page) == [d["id"] for d in DILEMMAS]


# ---- authoring mistakes ---------------------------------------------------------

VALID: dict[str, Any] = {
    "schema_version": 1,
    "bank": "sample",
    "version": 1,
    "title": "Sample",
    "items": [
        {
            "id": "dilemma_one",
            "type": "dilemma",
            "prompt": "A quiet member",
            "scene": "A set of six; one member has said nothing.",
            "explanation": "Make space without putting anyone on the spot.",
            "nodes": [
                {
                    "id": "start",
                    "situation": "The round begins.",
                    "choices": [
                        {"id": "round", "text": "Suggest a round.", "consequence": "She asks.", "next": "later"},
                        {"id": "ask_her", "text": "Ask her first.", "consequence": "She flushes.", "next": "spot"},
                        {"id": "wait", "text": "Wait and see.", "consequence": "Nothing.", "next": "spot"},
                    ],
                },
                {
                    "id": "later",
                    "situation": "After the meeting.",
                    "choices": [
                        {"id": "ask_help", "text": "Ask what helps.", "consequence": "She says.", "next": "best"},
                        {"id": "praise", "text": "Praise her.", "consequence": "She tenses.", "next": "spot"},
                        {"id": "silent", "text": "Say nothing.", "consequence": "No change.", "next": "spot"},
                    ],
                },
            ],
            "endings": [
                {
                    "id": "best",
                    "title": "Space made",
                    "quality": "best",
                    "safety": "Safe.",
                    "challenge": "Challenged.",
                    "ownership": "Hers.",
                    "sources": [{"key": "edmondson1999", "cite": "Edmondson (1999)"}],
                },
                {
                    "id": "spot",
                    "title": "On the spot",
                    "quality": "poor",
                    "safety": "Less safe.",
                    "challenge": "None.",
                    "ownership": "Not hers.",
                    "sources": [{"key": "edmondson1999", "cite": "Edmondson (1999)"}],
                },
            ],
        }
    ],
}


def mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data["items"][0])
    return data


def test_a_valid_dilemma_loads(tmp_path: Path) -> None:
    assert load_bank(write_bank(tmp_path, VALID)).items[0]["id"] == "dilemma_one"


ITEM = r"sample\.yaml:\d+: item 'dilemma_one' items\[0\]"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["nodes"][0]["choices"][1].update(next="nowhere"),
            ITEM + r"\.nodes\[0\]\.choices\[1\]\.next: 'nowhere' is neither a node nor an ending "
            r"\(known: start, later, best, spot\)",
            id="dangling-next",
        ),
        pytest.param(
            lambda d: d["nodes"][1]["choices"][2].update(next="start"),
            ITEM + r"\.nodes\[1\]\.choices: a choice leads back to 'start', so a path can go round for ever",
            id="cycle",
        ),
        pytest.param(
            lambda d: d["nodes"][0]["choices"][0].update(next="spot"),
            ITEM + r"\.nodes\[1\]\.id: 'later' cannot be reached from the first node",
            id="unreachable-node",
        ),
        pytest.param(
            lambda d: d["nodes"][1]["choices"][0].update(next="spot"),
            ITEM + r"\.endings\[0\]\.id: 'best' cannot be reached from the first node",
            id="unreachable-ending",
        ),
        pytest.param(
            lambda d: d["endings"][0].update(quality="mixed"),
            ITEM + r"\.endings: no ending has quality 'best', so no path earns full marks",
            id="no-best",
        ),
        pytest.param(
            lambda d: d["endings"][1].update(quality="best"),
            ITEM + r"\.endings: every ending has quality 'best', so no choice matters",
            id="all-best",
        ),
        pytest.param(
            lambda d: d["nodes"][1]["choices"][1].update(id="round"),
            ITEM + r"\.nodes\[1\]\.choices\[1\]\.id: 'round' is used twice among the choices",
            id="choice-id-twice",
        ),
        pytest.param(
            lambda d: d["endings"][1].update(id="later"),
            ITEM + r"\.endings\[1\]\.id: 'later' is used twice among the nodes and endings",
            id="ending-named-like-a-node",
        ),
        pytest.param(
            lambda d: d["endings"][0].pop("ownership"),
            ITEM + r"\.endings\[0\]: 'ownership' is a required property",
            id="debrief-without-ownership",
        ),
        pytest.param(
            lambda d: d["endings"][0].update(sources=[]),
            ITEM + r"\.endings\[0\]\.sources: has 0 entries; at least 1 needed",
            id="debrief-without-sources",
        ),
        pytest.param(
            lambda d: d["endings"][1].update(quality="weak"),
            ITEM + r"\.endings\[1\]\.quality: 'weak' is not one of \['best', 'mixed', 'poor'\]",
            id="unknown-quality",
        ),
        pytest.param(
            lambda d: d["nodes"][0]["choices"].pop(),
            ITEM + r"\.nodes\[0\]\.choices: has 2 entries; at least 3 needed",
            id="two-choices",
        ),
        pytest.param(
            lambda d: d["nodes"][0]["choices"][0].update(consequence=" "),
            ITEM + r"\.nodes\[0\]\.choices\[0\]\.consequence: must not be blank",
            id="blank-consequence",
        ),
        pytest.param(
            lambda d: d.pop("scene"),
            ITEM + r": 'scene' is a required property",
            id="no-scene",
        ),
    ],
)
def test_dilemma_errors_name_file_dilemma_and_key(tmp_path: Path, change: Any, message: str) -> None:
    with pytest.raises(BankError, match=message):
        load_bank(write_bank(tmp_path, mutated(change)))


def test_a_dilemma_error_line_points_at_the_bad_key(tmp_path: Path) -> None:
    path = write_bank(tmp_path, mutated(lambda d: d["nodes"][0]["choices"][1].update(next="nowhere")))
    with pytest.raises(BankError) as caught:
        load_bank(path)
    line = int(str(caught.value).split(":")[1])
    assert "next: nowhere" in path.read_text(encoding="utf-8").splitlines()[line - 1]
