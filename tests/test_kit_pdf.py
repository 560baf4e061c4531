"""The trainer's kit (make kit): the "For trainers" part printed by Debian's
Chromium to one PDF on A4 and one on US Letter, each with a bookmark per
section of the kit, cards and sheets printed whole with room to write."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.book_pages import HTML
from tests.test_pdf import heading, script

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser

# Page sizes in PostScript points (1/72 inch): A4 is 210 x 297 mm, US Letter 8.5 x 11 in.
SIZES = {"trainer-kit.pdf": (595.3, 841.9), "trainer-kit-letter.pdf": (612.0, 792.0)}


def kit_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    (part,) = [p for p in toc["parts"] if p["caption"] == "For trainers"]
    assert all("sections" not in c for c in part["chapters"]), "kit chapters are not modules"
    return [c["file"] for c in part["chapters"]]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> dict[str, PdfReader]:
    out = tmp_path_factory.mktemp("kit")
    written = script("print_kit").print_kit(HTML, out, browser=browser)
    assert sorted(p.name for p in written.values()) == sorted(SIZES)
    return {name: PdfReader(out / name) for name in SIZES}


@pytest.mark.parametrize("name", sorted(SIZES))
def test_each_paper_size_has_a_bookmark_per_kit_section(kit: dict[str, PdfReader], name: str) -> None:
    pdf = kit[name]
    top = [entry.title for entry in pdf.outline if not isinstance(entry, list)]
    assert top == [heading(page) for page in kit_pages()]
    assert len(top) >= 6
    width, height = SIZES[name]
    for page in pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


def test_the_kit_prints_its_sheets_and_cards(kit: dict[str, PdfReader]) -> None:
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in kit["trainer-kit.pdf"].pages))
    for words in ("Observer sheet", "Presenter brief", "Aisha", "Safeguarding", "Action log sheet", "Notes"):
        assert words.lower() in text.lower(), words
    # the book's menus and page furniture, and its list of the page's contents, are not printed
    assert "Search the workbook" not in text
    assert "Contents" not in text


def test_each_handout_starts_a_fresh_sheet(kit: dict[str, PdfReader]) -> None:
    """A one-page guide, the action log sheet or the sponsor agreement can be copied on its own."""
    starts = [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split())[:60] for p in kit["trainer-kit.pdf"].pages
    ]
    for title in (
        "One-page guide: the action log",
        "One-page guide: the meeting runner",
        "One-page guide: the reflective journal",
        "Action log sheet",
        "Sponsor agreement",
        "Set health check",
    ):
        assert any(start.startswith(title) for start in starts), title
