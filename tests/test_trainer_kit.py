"""The trainer's kit's presenter brief cards: data (the practice scenarios and
briefs.yaml) and the ``{presenter-briefs}`` directive (book/_ext/trainer_kit.py)
in a small Sphinx project, and the links to the printed kit."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

from tests.sphinx_page import build_page
from workbook import ScenarioError
from workbook.practice import default_scenarios, load_briefs, presenter_briefs


def build(tmp_path: Path, body: str) -> tuple[str, str]:
    """Build ``body`` as the only page; the page's HTML and the warnings about it."""
    return build_page(tmp_path, "trainer_kit", "Briefs", body)


def test_there_are_eight_to_twelve_briefs_one_per_scenario_first() -> None:
    briefs = presenter_briefs()
    assert 8 <= len(briefs) <= 12
    scenarios = default_scenarios()
    assert [b.id for b in briefs[: len(scenarios)]] == list(scenarios)
    assert len({b.id for b in briefs}) == len(briefs)


def test_a_scenario_card_carries_its_presenter_and_every_insight() -> None:
    (card,) = [b for b in presenter_briefs() if b.id == "month_end"]
    data = default_scenarios()["month_end"]
    assert (card.name, card.role, card.problem) == (
        data["presenter"]["name"],
        data["presenter"]["role"],
        data["presenter"]["problem"],
    )
    assert card.hidden == tuple(i["summary"] for i in data["insights"])
    assert len(card.details) == len(data["topics"])


def test_every_brief_has_enough_back_story_for_a_round() -> None:
    for brief in presenter_briefs():
        assert len(brief.hidden) >= 4, brief.id
        assert len(brief.details) >= 2, brief.id
        assert len(brief.problem.split()) >= 25, brief.id


def test_a_malformed_brief_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "briefs.yaml"
    path.write_text(
        "schema_version: 1\nbriefs:\n  - id: x\n    title: T\n    format: set\n"
        "    presenter: {name: A, role: B, problem: C}\n    hidden: [one]\n    details: [a, b]\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match=r"briefs\.yaml:7.*hidden"):
        load_briefs(path)


def test_the_directive_renders_every_card_from_the_data(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, "```{presenter-briefs}\n```\n")
    assert warnings == ""
    briefs = presenter_briefs()
    assert html.count('class="alw-card alw-brief') == len(briefs)
    for number, brief in enumerate(briefs, start=1):
        assert f"Presenter brief {number}: {brief.title}" in unescape(html).replace(
            "’", "'"
        )  # Sphinx makes quotes curly
        assert f'id="brief-{brief.id.replace("_", "-")}"' in html
    assert "Dev, who cares for his mother" in html  # an insight of the weekend_rota scenario


def test_the_directive_can_show_chosen_cards_in_order(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, "```{presenter-briefs} software_release two_camps\n```\n")
    assert warnings == ""
    assert html.count('class="alw-card alw-brief') == 2
    assert html.index("brief-software-release") < html.index("brief-two-camps")


def test_an_unknown_brief_is_an_error_at_the_directive(tmp_path: Path) -> None:
    _, warnings = build(tmp_path, "```{presenter-briefs} no_such_brief\n```\n")
    assert "index.md:3" in warnings
    assert "no presenter brief no_such_brief (known: back_on_site" in warnings


def test_the_kit_page_links_a_printed_kit_and_the_build_copies_it(tmp_path: Path) -> None:
    (tmp_path / "trainer-kit.pdf").write_bytes(b"%PDF-1.7 kit")
    body = "```{printable-workbook} trainer-kit.pdf\n```\n\n```{printable-workbook} trainer-kit-letter.pdf\n```\n"
    html, warnings = build_page(tmp_path, "printable_workbook", "Kit", body)
    assert warnings == ""
    assert 'href="trainer-kit.pdf"' in html
    assert (tmp_path / "out" / "trainer-kit.pdf").read_bytes() == b"%PDF-1.7 kit"
    # the Letter kit was not made: no link that leads nowhere, and no stale copy
    assert "trainer-kit-letter.pdf" not in html
    assert "US Letter trainer’s kit has not been made" in html
    assert not (tmp_path / "out" / "trainer-kit-letter.pdf").exists()
