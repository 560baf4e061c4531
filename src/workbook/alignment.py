"""Which exercises practise, and which graded items assess, each module's learning outcomes.

Each bank lists its module's learning outcomes (``outcomes:`` in
``src/workbook/banks/NAME.yaml``), and each outcome lists the ids of the items
that practise or assess it; a new item is mapped by adding its id to an
outcome. An item *assesses* an outcome when an assignment in ``exercises/``
grades it (read through ``workbook.assignments``); it *practises* it on every
book page that shows it, other than a graded-practice page.

Every outcome must be assessed by at least one graded item:
:func:`alignment_problems` names each one that is not (file, line, module and
outcome), and ``workbook banks check`` and the book's build
(``book/_ext/alignment_table.py``) fail on them. The book's pages are not read
here: the build passes in which page shows which item, so this module knows
nothing of Sphinx and is tested on its own (``tests/test_alignment.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from workbook._errors import BankError
from workbook._yaml_source import YamlSource
from workbook.assignments import assignment_items, assignment_sources
from workbook.banks import Bank, BankSet
from workbook.course_map import GRADED_PRACTICE

__all__ = ["Outcome", "Row", "alignment_problems", "alignment_rows", "check_alignment", "graded_items", "outcomes"]


@dataclass(frozen=True)
class Outcome:
    """One learning outcome of a module (the bank named ``module``)."""

    module: str
    id: str
    text: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """An outcome with the pages that practise it and the graded items that assess it.

    ``practised``: page names, in the order given; ``assessed``: ``(assignment,
    item id)`` pairs, in the outcome's order; ``graded_pages``: item id -> the
    graded-practice page that shows it or, failing that, the one in the
    assignment's folder (``book/NAME/graded-practice``), where there is one."""

    outcome: Outcome
    practised: tuple[str, ...]
    assessed: tuple[tuple[str, str], ...]
    graded_pages: Mapping[str, str]


def graded_items(exercises: Path | None = None) -> dict[str, str]:
    """Every graded item id, with the assignment that grades it (the first, by name)."""
    graded: dict[str, str] = {}
    for source in assignment_sources(exercises):
        for item_id in assignment_items(source.stem, exercises=source.parent.parent):
            graded.setdefault(item_id, source.stem)
    return graded


def outcomes(bank: Bank) -> list[Outcome]:
    """The bank's learning outcomes, in order."""
    return [Outcome(bank.name, o["id"], o["text"], tuple(o["items"])) for o in bank.outcomes]


def alignment_rows(
    banks: BankSet | Iterable[Bank],
    graded: Mapping[str, str],
    shown: Mapping[str, Iterable[str]] | None = None,
) -> list[Row]:
    """A row per outcome of ``banks``, in bank order. ``shown`` maps each page
    name (every page, with or without exercises) to the item ids it shows, in
    book order (default: no pages)."""
    bank_list = banks.banks if isinstance(banks, BankSet) else tuple(banks)
    pages = {docname: set(ids) for docname, ids in (shown or {}).items()}
    rows = []
    for bank in bank_list:
        for outcome in outcomes(bank):
            items = set(outcome.items)
            practised = tuple(d for d, ids in pages.items() if not _graded_page(d) and items & ids)
            assessed = tuple((graded[i], i) for i in outcome.items if i in graded)
            rows.append(Row(outcome, practised, assessed, _graded_pages(assessed, pages)))
    return rows


def alignment_problems(banks: BankSet | Iterable[Bank], graded: Mapping[str, str]) -> list[str]:
    """What stops the course being aligned, one message per problem: a module
    with no learning outcomes, or an outcome no graded item assesses. Each
    message names the file and line, the module and the outcome."""
    bank_list = banks.banks if isinstance(banks, BankSet) else tuple(banks)
    problems = []
    for bank in bank_list:
        source = YamlSource(bank.path, BankError)
        if not bank.outcomes:
            problems.append(
                f"{bank.path}: module '{bank.title}' has no learning outcomes: list 3 to 6 under 'outcomes:', "
                "each with the ids of the items that practise and assess it"
            )
            continue
        graded_here = sorted(i for i, _ in graded.items() if any(i == item["id"] for item in bank.items))
        for index, outcome in enumerate(bank.outcomes):
            if any(item_id in graded for item_id in outcome["items"]):
                continue
            hint = f" (graded items of this bank: {', '.join(graded_here)})" if graded_here else ""
            error = source.fail(
                ("outcomes", index, "items"),
                f"module '{bank.title}': no graded item assesses this outcome; list at least one item that an "
                f"assignment in exercises/ grades{hint}",
                item_id=outcome["id"],
                what="outcome",
            )
            problems.append(str(error))
    return problems


def check_alignment(banks: BankSet | Iterable[Bank], graded: Mapping[str, str]) -> None:
    """Raise ``BankError`` listing every alignment problem, if there are any."""
    problems = alignment_problems(banks, graded)
    if problems:
        count = f"{len(problems)} alignment problem{'s' if len(problems) > 1 else ''}"
        raise BankError(f"{count}:\n" + "\n".join(problems))


def _graded_pages(assessed: tuple[tuple[str, str], ...], pages: Mapping[str, set[str]]) -> dict[str, str]:
    """Each assessed item's graded-practice page: the one that shows it, else the
    one in the assignment's module folder (a page that only takes the hand-in)."""
    found = {}
    for assignment, item_id in assessed:
        showing = [d for d, ids in pages.items() if _graded_page(d) and item_id in ids]
        in_folder = [d for d in pages if _graded_page(d) and d.rsplit("/", 2)[-2:-1] == [assignment]]
        page = next(iter(showing + in_folder), None)
        if page:
            found[item_id] = page
    return found


def _graded_page(docname: str) -> bool:
    return docname.rsplit("/", 1)[-1] == GRADED_PRACTICE
