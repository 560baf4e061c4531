"""The alignment-table directive (book/_ext/alignment_table.py) in a small
Sphinx project with its own bank and assignment: the table links the pages
that practise each outcome and the graded items that assess it, in a labelled,
keyboard-scrollable region; an unassessed outcome or an unknown bank is a
warning, so the strict build fails."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sphinx_page import EXT, build_project
from tests.test_alignment import OUTCOMES, bank_with, write_assignment
from tests.test_banks import write_bank

# Which items each page shows. In the book, course_pages reads this from each
# page's widget state; here a stand-in fills the same record as pages are read.
CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ['myst_parser', 'alignment_table']
alw_alignment_banks = {banks!r}
alw_alignment_exercises = {exercises!r}
SHOWN = {{'index': ['order_one'], 'open': ['choice_one', 'classify_one'], 'grow': ['order_one'], 'graded-practice': ['rewrite_one', 'order_one']}}

def setup(app):
    from course_pages import _counts
    from workbook.course_map import Exercise

    def read(app, doctree):
        ids = SHOWN.get(app.env.docname, [])
        _counts(app.env)[app.env.docname] = (10, [Exercise(i, 'choice', 'sample', 1) for i in ids])

    app.connect('doctree-read', read)
"""


def build(tmp_path: Path, body: str, *, graded: list[str]) -> tuple[str, str]:
    """Build a four-page project whose index holds ``body``; the index's HTML and the warnings."""
    banks = tmp_path / "banks"
    banks.mkdir()
    write_bank(banks, bank_with(OUTCOMES))
    write_assignment(tmp_path / "exercises", "sample", graded)
    conf = CONF.format(ext=str(EXT), banks=str(banks), exercises=str(tmp_path / "exercises"))
    toctree = "```{toctree}\nopen\ngrow\ngraded-practice\n```\n"
    pages = {"index": "# Sample\n\n" + body + "\n" + toctree}
    for name, title in [("open", "Open questions"), ("grow", "GROW"), ("graded-practice", "Graded practice")]:
        pages[name] = f"# {title}\n\nText.\n"
    return build_project(tmp_path, conf, pages, modules=("alignment_table", "course_pages"))


def test_a_module_table_links_practice_pages_and_graded_items(tmp_path: Path) -> None:
    html, warnings = build(
        tmp_path, "```{alignment-table} sample\n```\n", graded=["classify_one", "order_one", "rewrite_one"]
    )
    assert warnings == ""
    region = re.search(r'<div class="alw-alignment" role="region" aria-labelledby="([^"]+)" tabindex="0">', html)
    assert region
    assert f'<caption id="{region.group(1)}">Sample: learning outcomes' in html
    assert re.search(r'<table class="alw-alignment-table" role="table">', html)
    headers = re.findall(r'<th scope="col" role="columnheader">([^<]+)</th>', html)
    assert headers == ["Outcome", "Practised in", "Assessed by (graded items)"]
    rows = re.findall(
        r'<tr id="outcome-([a-z_]+)" role="row"><th scope="row" role="rowheader">([^<]+)</th>'
        r'<td role="cell" data-label="Practised in">(.*?)</td>'
        r'<td role="cell" data-label="Assessed by \(graded items\)">(.*?)</td></tr>',
        html,
    )
    assert [(r[0], r[1]) for r in rows] == [(o["id"], o["text"]) for o in OUTCOMES]
    ask_open, order_grow, rewrite_closed = rows
    assert ask_open[2] == '<ul><li><a href="open.html">Open questions</a> (2 exercises)</li></ul>'
    assert ask_open[3] == "<ul><li><code>classify_one</code></li></ul>"  # graded, but on no graded-practice page
    # Without a _toc.yml the pages come in name order; the page itself is not a link.
    this_page, grow = "<li>Sample (this page) (1 exercise)</li>", '<li><a href="grow.html">GROW</a> (1 exercise)</li>'
    assert order_grow[2] == f"<ul>{grow}{this_page}</ul>"
    assert order_grow[3] == '<ul><li><a href="graded-practice.html"><code>order_one</code></a></li></ul>'
    assert rewrite_closed[2] == '<span class="alw-alignment-none">None</span>'
    assert "alignment.css" in html


def test_the_course_table_has_a_table_per_module(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, "```{alignment-table}\n```\n", graded=["classify_one", "order_one", "rewrite_one"])
    assert warnings == ""
    assert html.count("<table ") == 1
    assert html.count('<tr id="outcome-') == len(OUTCOMES)


def test_an_unassessed_outcome_fails_the_strict_build(tmp_path: Path) -> None:
    """Is each outcome without a graded item a warning naming the bank file, the module and the outcome?"""
    _, warnings = build(tmp_path, "```{alignment-table} sample\n```\n", graded=["classify_one"])
    bank = tmp_path / "banks" / "sample.yaml"
    assert f"WARNING: alignment: {bank}:" in warnings
    assert re.search(r"outcome 'order_grow' outcomes\[1\]\.items: module 'Sample': no graded item assesses", warnings)
    assert "outcome 'rewrite_closed'" in warnings
    assert "outcome 'ask_open'" not in warnings


def test_an_unknown_bank_is_a_warning_naming_the_known_ones(tmp_path: Path) -> None:
    _, warnings = build(
        tmp_path, "```{alignment-table} samples\n```\n", graded=["classify_one", "order_one", "rewrite_one"]
    )
    assert "{alignment-table}: no bank 'samples' (known: sample)" in warnings
