"""The alignment table: each module's learning outcomes, where they are practised and what assesses them.

``{alignment-table} BANK`` (a module's overview page) becomes a table of that
module's outcomes; ``{alignment-table}`` with no argument (the trainer's
guide), one table per module, in the book's order. Columns: the outcome;
*practised in*, the book pages whose exercises practise it (linked); *assessed
by*, the graded items that assess it, linked to the graded-practice page that
shows them. The outcomes and their items are data in the banks
(``outcomes:``), graded items come from the assignments in ``exercises/``, and
which page shows which item is what the pages actually render (counted by
``course_pages``); ``workbook.alignment`` joins them.

When the build starts, every outcome must be assessed by at least one graded
item and every module must have outcomes: each problem is a warning naming the
file, line, module and outcome, so the strict build fails. The banks and
assignment folders can be set (``alw_alignment_banks``,
``alw_alignment_exercises``), for tests.

Each table sits in a labelled, keyboard-focusable region, which scrolls if a
table is ever wider than the page. On a narrow screen each row is laid out as
a card, its cells labelled with their column's name (book/assets/alignment.css);
explicit ARIA roles keep the table's semantics when its display changes.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml
from course_pages import built_pages
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from workbook import WorkbookError
from workbook.alignment import Row, alignment_problems, alignment_rows, graded_items
from workbook.banks import BANKS_DIR, Bank, BankSet, load_banks
from workbook.course_map import chapters

logger = logging.getLogger(__name__)
PRACTISED = "Practised in"
ASSESSED = "Assessed by (graded items)"


class alignment_table(nodes.General, nodes.Element):
    """Where an alignment table goes; ``bank`` is empty for the whole course."""


def _folders(app: Sphinx) -> tuple[Path, Path]:
    banks = Path(app.config.alw_alignment_banks or BANKS_DIR)
    exercises = Path(app.config.alw_alignment_exercises or Path(app.srcdir) / "exercises")
    return banks, exercises


def _data(app: Sphinx) -> tuple[BankSet, dict[str, str]] | None:
    """The banks and graded items, read once per build; None (and a warning) if they cannot be read."""
    cached = getattr(app, "_alw_alignment", None)
    if cached is None:
        banks, exercises = _folders(app)
        try:
            cached = (load_banks(banks), graded_items(exercises))
        except WorkbookError as exc:
            logger.warning("alignment table: %s", exc, type="alignment", subtype="data")
            cached = ()
        app._alw_alignment = cached  # type: ignore[attr-defined]
    return cached or None


def _check(app: Sphinx) -> None:
    """Every module has outcomes and every outcome a graded item: otherwise a warning per problem."""
    data = _data(app)
    if data is None:
        return
    for problem in alignment_problems(*data):
        logger.warning("alignment: %s", problem, type="alignment", subtype="unassessed")


def _uses(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "alw_alignment_uses"):
        env.alw_alignment_uses = set()  # type: ignore[attr-defined]
    return env.alw_alignment_uses  # type: ignore[attr-defined, no-any-return]


class AlignmentTable(SphinxDirective):
    """``{alignment-table} [BANK]``: one module's table, or the whole course's."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        bank = self.arguments[0] if self.arguments else ""
        data = _data(self.env.app)
        if data is not None:
            known = [b.name for b in data[0].banks]
            if bank and bank not in known:
                msg = f"{{alignment-table}}: no bank '{bank}' (known: {', '.join(known)})"
                return [self.state.document.reporter.warning(msg, line=self.lineno)]
            banks_folder, exercises = _folders(self.env.app)
            for path in (*sorted(banks_folder.glob("*.yaml")), *sorted(exercises.glob("*/*.md"))):
                self.env.note_dependency(str(path))
        _uses(self.env).add(self.env.docname)
        return [alignment_table(bank=bank)]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _uses(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _uses(env).update(_uses(other) & docnames)


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages with a table show what every page renders, so they are rebuilt whenever any page changes."""
    return sorted(_uses(env) - added - changed) if added | changed | removed else []


def _ordered(app: Sphinx, banks: tuple[Bank, ...]) -> list[Bank]:
    """The banks in the book's order of modules (``book/NAME/index`` chapters), any others after, by name."""
    order = [chapter.split("/")[-2] for chapter, sections in _toc_chapters(app) if sections and "/" in chapter]
    folder = {b.name: b.path.stem for b in banks}
    rank = {name: order.index(folder[name]) if folder[name] in order else len(order) for name in folder}
    return sorted(banks, key=lambda b: (rank[b.name], b.name))


def _cell_list(entries: list[str]) -> str:
    if not entries:
        return '<span class="alw-alignment-none">None</span>'
    return "<ul>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul>"


def _link(uri: str, text: str) -> str:
    return f'<a href="{html.escape(uri)}">{text}</a>'


def _table(app: Sphinx, docname: str, bank: Bank, rows: list[Row]) -> str:
    env = app.env
    counts = {d: [e.id for e in p.exercises] for d, p in built_pages(env).items()}
    caption_id = f"alw-alignment-{bank.path.stem}"
    body = []
    for row in rows:
        practised = []
        for page in row.practised:
            title = html.escape(env.titles[page].astext() if page in env.titles else page)
            number = sum(1 for i in counts.get(page, []) if i in row.outcome.items)
            count = f" ({number} exercise{'s' if number != 1 else ''})"
            if page == docname:
                practised.append(f"{title} (this page){count}")
            else:
                practised.append(_link(app.builder.get_relative_uri(docname, page), title) + count)
        assessed = []
        for _, item_id in row.assessed:
            code = f"<code>{html.escape(item_id)}</code>"
            page = row.graded_pages.get(item_id)
            assessed.append(_link(app.builder.get_relative_uri(docname, page), code) if page else code)
        body.append(
            f'<tr id="outcome-{html.escape(row.outcome.id)}" role="row">'
            f'<th scope="row" role="rowheader">{html.escape(row.outcome.text)}</th>'
            f'<td role="cell" data-label="{PRACTISED}">{_cell_list(practised)}</td>'
            f'<td role="cell" data-label="{ASSESSED}">{_cell_list(assessed)}</td></tr>'
        )
    caption = f"{html.escape(bank.title)}: learning outcomes, where they are practised and what assesses them"
    return (
        f'<div class="alw-alignment" role="region" aria-labelledby="{caption_id}" tabindex="0">'
        f'<table class="alw-alignment-table" role="table"><caption id="{caption_id}">{caption}</caption>'
        '<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Outcome</th>'
        f'<th scope="col" role="columnheader">{PRACTISED}</th><th scope="col" role="columnheader">{ASSESSED}</th>'
        f'</tr></thead><tbody role="rowgroup">{"".join(body)}</tbody></table></div>'
    )


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(alignment_table))
    if not found:
        return
    data = _data(app)
    shown = {d: [e.id for e in p.exercises] for d, p in built_pages(app.env).items()}
    order = [d for chapter, sections in _toc_chapters(app) for d in (chapter, *sections) if d in shown]
    shown = {d: shown[d] for d in order + sorted(set(shown) - set(order))}
    for node in found:
        if data is None:
            node.replace_self([])
            continue
        banks = [b for b in _ordered(app, data[0].banks) if not node["bank"] or b.name == node["bank"]]
        tables = [_table(app, docname, b, alignment_rows([b], data[1], shown)) for b in banks]
        node.replace_self(nodes.raw("", "".join(tables), format="html"))


def _toc_chapters(app: Sphinx) -> list[tuple[str, list[str]]]:
    toc_path = Path(app.srcdir) / str(getattr(app.config, "external_toc_path", "_toc.yml"))
    if not toc_path.is_file():
        return []
    return chapters(yaml.safe_load(toc_path.read_text(encoding="utf-8")))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("alw_alignment_banks", "", "env", [str])
    app.add_config_value("alw_alignment_exercises", "", "env", [str])
    app.add_node(alignment_table)
    app.add_directive("alignment-table", AlignmentTable)
    app.add_css_file("alignment.css")
    app.connect("builder-inited", _check)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
