"""The trainer's kit's presenter brief cards: ``{presenter-briefs}`` on a page.

The cards are made from data rather than typed: one from each practice-set
scenario (``src/workbook/practice/scenarios``) and one from each further brief
(``src/workbook/practice/briefs.yaml``), through
``workbook.practice.presenter_briefs``. Each card is a container of class
``alw-card`` inside one of class ``alw-cards``; the print stylesheet
(``book/assets/print.css``) sets them several to a sheet with cut lines, and
the screen stylesheet (``book/assets/trainer-kit.css``) as a grid that folds
to one column on a phone. With ids as arguments the directive shows only
those cards, in that order; an unknown id is an error at the directive.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from workbook.practice import BRIEFS_PATH, SCENARIOS_DIR, Brief, presenter_briefs

FORMATS = {
    "set": "a set meeting",
    "co-coaching": "a co-coaching triad",
    "co-mentoring": "a co-mentoring pair",
    "leadership": "a leadership challenge",
}


def _labelled(label: str, text: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong("", label), nodes.Text(" " + text))


def _list(items: tuple[str, ...]) -> nodes.bullet_list:
    return nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", item)) for item in items), bullet="-")


def brief_card(brief: Brief, number: int) -> nodes.container:
    """One card: who the presenter is, what they say first, what they hold back and small facts."""
    card = nodes.container(classes=["alw-card", "alw-brief"], ids=[f"brief-{brief.id.replace('_', '-')}"])
    card += nodes.paragraph(
        "", "", nodes.strong("", f"Presenter brief {number}: {brief.title}"), classes=["alw-card-title"]
    )
    card += _labelled("You are", f"{brief.name}: {brief.role}. For {FORMATS[brief.format]}.")
    card += nodes.paragraph("", "", nodes.strong("", "What you say first"))
    card += nodes.block_quote("", nodes.paragraph("", brief.problem))
    card += nodes.paragraph(
        "",
        "",
        nodes.strong("", "What you know but have not said."),
        nodes.Text(" Give each up only when a question reaches it:"),
    )
    card += _list(brief.hidden)
    card += nodes.paragraph("", "", nodes.strong("", "Small facts."), nodes.Text(" Answer at once if asked:"))
    card += _list(brief.details)
    if brief.from_scenario:
        card += nodes.paragraph(
            "",
            f"{brief.name} is also a practice set in this workbook, so learners may have met this story.",
            classes=["alw-card-note"],
        )
    return card


class PresenterBriefs(SphinxDirective):
    optional_arguments = 50
    has_content = False

    def run(self) -> list[nodes.Node]:
        briefs = presenter_briefs()
        for path in (BRIEFS_PATH, *sorted(SCENARIOS_DIR.glob("*.yaml"))):
            self.env.note_dependency(str(path))
        by_id = {b.id: b for b in briefs}
        wanted = self.arguments or list(by_id)
        unknown = [i for i in wanted if i not in by_id]
        if unknown:
            raise self.error(f"no presenter brief {', '.join(unknown)} (known: {', '.join(by_id)})")
        numbers = {b.id: n for n, b in enumerate(briefs, start=1)}
        cards = nodes.container(classes=["alw-cards"])
        for brief_id in wanted:
            cards += brief_card(by_id[brief_id], numbers[brief_id])
        return [cards]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("presenter-briefs", PresenterBriefs)
    app.add_css_file("trainer-kit.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
