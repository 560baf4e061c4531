"""Learning outcomes against the exercises and graded items (workbook.alignment):
every shipped outcome is assessed by a graded item, and broken outcome data
gets a message naming the file, the line, the module and the outcome."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from tests.book_pages import course_banks
from tests.test_banks import VALID, write_bank
from workbook import BankError
from workbook.alignment import alignment_problems, alignment_rows, check_alignment, graded_items
from workbook.assignments import find_assignment_sources
from workbook.banks import check_banks, load_banks
from workbook.cli import main

OUTCOMES = [
    {"id": "ask_open", "text": "Ask open questions", "items": ["choice_one", "classify_one"]},
    {"id": "order_grow", "text": "Put GROW in order", "items": ["order_one"]},
    {"id": "rewrite_closed", "text": "Rewrite a closed question as an open one", "items": ["rewrite_one"]},
]


def bank_with(outcomes: list[dict[str, Any]] | None) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    if outcomes is not None:
        items = data.pop("items")
        data["outcomes"] = copy.deepcopy(outcomes)
        data["items"] = items
    return data


def write_assignment(exercises: Path, name: str, graded: list[str]) -> None:
    """An assignment source as ``workbook assignment new`` writes it: a test cell per graded item."""
    cells = "".join(
        f"```{{code-cell}} ipython3\n---\nnbgrader:\n  grade: true\n  grade_id: {item_id}\n  points: 1\n"
        f"  solution: false\n---\npoints_for('{item_id}', out_of=1)\n```\n\n"
        for item_id in graded
    )
    header = "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n---\n\n"
    (exercises / name).mkdir(parents=True)
    (exercises / name / f"{name}.md").write_text(header + "# Graded practice\n\n" + cells, encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


# ---- the shipped course -------------------------------------------------------------------


def test_every_module_outcome_is_assessed_by_a_graded_item() -> None:
    """Does every module have 3 to 6 outcomes, each listing at least one item an assignment grades?"""
    banks = course_banks()
    graded = graded_items(find_assignment_sources(Path(__file__).parent))
    assert alignment_problems(banks, graded) == []
    for bank in banks.banks:
        assert 3 <= len(bank.outcomes) <= 6, bank.name
        for row in alignment_rows([bank], graded):
            assert row.assessed, f"{bank.name}: {row.outcome.id}"
            assert all(graded[item] == assignment for assignment, item in row.assessed)


def test_outcomes_start_with_an_observable_verb() -> None:
    """Each outcome says what a learner does (Explain, Rewrite…), not what they 'understand'."""
    for bank in course_banks().banks:
        for outcome in bank.outcomes:
            first = outcome["text"].split()[0]
            assert first[0].isupper(), outcome
            assert first.lower() not in {"understand", "know", "appreciate", "learn"}, outcome


def test_banks_check_reports_outcomes() -> None:
    lines = check_banks(exercises=find_assignment_sources(Path(__file__).parent))
    assert re.fullmatch(r"items=\d+ banks=\d+ outcomes=\d+", lines[-1])
    assert all(" outcomes=" in line for line in lines[:-1])


# ---- rows: practised on pages, assessed by graded items ---------------------------------------


def test_rows_link_practice_pages_and_graded_items(tmp_path: Path) -> None:
    write_bank(tmp_path, bank_with(OUTCOMES))
    shown = {
        "book/sample/open": ["choice_one"],
        "book/sample/grow": ["order_one", "classify_one"],
        "book/sample/graded-practice": ["rewrite_one", "classify_one"],
    }
    graded = {"rewrite_one": "sample", "classify_one": "sample"}
    rows = {r.outcome.id: r for r in alignment_rows(load_banks(tmp_path), graded, shown)}
    assert rows["ask_open"].practised == ("book/sample/open", "book/sample/grow")
    assert rows["ask_open"].assessed == (("sample", "classify_one"),)
    assert rows["ask_open"].graded_pages == {"classify_one": "book/sample/graded-practice"}
    assert rows["order_grow"].assessed == ()
    assert rows["rewrite_closed"].practised == ()  # shown only on the graded-practice page
    assert rows["rewrite_closed"].assessed == (("sample", "rewrite_one"),)


def test_a_graded_item_links_its_modules_graded_page_when_no_page_shows_it() -> None:
    """A graded-practice page may only take the hand-in (its items are answered on the content pages)."""
    bank = next(b for b in course_banks().banks if b.name == "running_sets")
    shown = {"book/running-sets/traditional-set": ["order_runningsets_traditional_meeting_stages"]}
    shown |= {"book/running-sets/graded-practice": [], "book/questioning/graded-practice": []}
    graded = {"order_runningsets_traditional_meeting_stages": "running-sets"}
    row = alignment_rows([bank], graded, shown)[0]
    assert row.practised == ("book/running-sets/traditional-set",)
    assert row.graded_pages == {"order_runningsets_traditional_meeting_stages": "book/running-sets/graded-practice"}


# ---- failure messages, from broken data in a temporary folder ---------------------------------


def test_an_unassessed_outcome_names_file_line_module_and_outcome(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank_with(OUTCOMES))
    write_assignment(tmp_path / "exercises", "sample", ["choice_one", "rewrite_one"])
    line = line_of(path, "- order_one")  # the outcome's list of items
    expected = (
        f"{path}:{line}: outcome 'order_grow' outcomes[1].items: module 'Sample': no graded item assesses "
        "this outcome; list at least one item that an assignment in exercises/ grades "
        "(graded items of this bank: choice_one, rewrite_one)"
    )
    assert alignment_problems(load_banks(tmp_path), graded_items(tmp_path / "exercises")) == [expected]
    with pytest.raises(BankError, match=re.escape(f"1 alignment problem:\n{expected}")):
        check_banks(tmp_path, exercises=tmp_path / "exercises")


def test_banks_check_command_fails_on_an_unassessed_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does `workbook banks check` exit 1, printing each unassessed outcome with its file and module?"""
    path = write_bank(tmp_path, bank_with(OUTCOMES))
    write_assignment(tmp_path / "exercises", "sample", ["choice_one"])
    status = main(["banks", "check", "--folder", str(tmp_path), "--exercises", str(tmp_path / "exercises")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("error: 2 alignment problems:\n")
    assert f"{path}:" in err
    assert "outcome 'order_grow'" in err
    assert "outcome 'rewrite_closed'" in err
    assert "module 'Sample': no graded item assesses this outcome" in err


def test_a_module_without_outcomes_is_a_problem(tmp_path: Path) -> None:
    path = write_bank(tmp_path, bank_with(None))
    assert alignment_problems(load_banks(tmp_path), {"choice_one": "sample"}) == [
        f"{path}: module 'Sample' has no learning outcomes: list 3 to 6 under 'outcomes:', "
        "each with the ids of the items that practise and assess it"
    ]


def test_an_outcome_naming_an_unknown_item_names_file_line_module_and_outcome(tmp_path: Path) -> None:
    outcomes = copy.deepcopy(OUTCOMES)
    outcomes[2]["items"].append("rewrite_too")
    path = write_bank(tmp_path, bank_with(outcomes))
    line = line_of(path, "- rewrite_too")
    with pytest.raises(
        BankError,
        match=re.escape(
            f"{path}:{line}: outcome 'rewrite_closed' outcomes[2].items[1]: "
            "no item 'rewrite_too' in any bank (module 'Sample')"
        ),
    ):
        load_banks(tmp_path)


def test_an_outcome_may_list_another_banks_item(tmp_path: Path) -> None:
    outcomes = copy.deepcopy(OUTCOMES)
    outcomes[0]["items"].append("choice_elsewhere")
    write_bank(tmp_path, bank_with(outcomes), "a.yaml")
    other = copy.deepcopy(VALID)
    other.update(bank="other", items=[{**copy.deepcopy(VALID["items"][0]), "id": "choice_elsewhere"}])
    write_bank(tmp_path, other, "b.yaml")
    rows = alignment_rows(load_banks(tmp_path), {"choice_elsewhere": "other"})
    assert rows[0].assessed == (("other", "choice_elsewhere"),)


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        pytest.param(OUTCOMES[:2], r"outcomes: has 2 entries; at least 3 needed", id="fewer-than-three"),
        pytest.param(OUTCOMES * 3, r"outcomes: has 9 entries; at most 6 allowed", id="more-than-six"),
        pytest.param(
            [*OUTCOMES[:2], {**OUTCOMES[2], "id": "ask_open"}],
            r"outcome 'ask_open' outcomes\[2\]\.id: duplicate outcome id in this bank",
            id="duplicate-id",
        ),
        pytest.param(
            [*OUTCOMES[:2], {**OUTCOMES[2], "items": []}],
            r"outcomes\[2\]\.items: has 0 entries; at least 1 needed",
            id="no-items",
        ),
        pytest.param(
            [*OUTCOMES[:2], {**OUTCOMES[2], "verb": "rewrite"}],
            r"outcomes\[2\]: unknown key: 'verb' was unexpected",
            id="unknown-key",
        ),
    ],
)
def test_malformed_outcomes_name_the_file_and_key(tmp_path: Path, outcomes: list[Any], message: str) -> None:
    path = write_bank(tmp_path, bank_with(outcomes))
    with pytest.raises(BankError, match=re.escape(str(path)) + r":\d+: .*" + message):
        load_banks(tmp_path)


def test_check_alignment_lists_every_problem(tmp_path: Path) -> None:
    write_bank(tmp_path, bank_with(OUTCOMES))
    with pytest.raises(BankError, match=r"^3 alignment problems:\n(.*\n){2}.*outcome 'rewrite_closed'"):
        check_alignment(load_banks(tmp_path), {})
