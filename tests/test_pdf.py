"""The printed workbook (make pdf): one PDF of the whole course, with a
bookmark per module and room to write, rendered by Debian's Chromium."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.book_pages import HTML

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


def script(name: str):  # type: ignore[no-untyped-def]
    """``scripts/<name>.py`` as a module; it imports ``printing`` beside it, as when run."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def heading(page: str) -> str:
    html = (HTML / f"{page}.html").read_text(encoding="utf-8")
    match = re.search(r"<h1>([^<]+)<a class=\"headerlink\"", html)
    assert match, page
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> PdfReader:
    out = tmp_path_factory.mktemp("pdf") / "workbook.pdf"
    printed = script("print_workbook").print_workbook(HTML, out, browser=browser)
    assert printed > 40
    return PdfReader(out)


def test_the_pdf_has_one_section_per_module(workbook: PdfReader) -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    modules = [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"].endswith("/index")]
    top = [entry.title for entry in workbook.outline if not isinstance(entry, list)]
    assert len(modules) >= 8
    for index in modules:
        assert heading(index) in top, index


def test_every_page_is_printed_with_room_to_write(workbook: PdfReader) -> None:
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in workbook.pages))  # undo ligatures
    assert len(workbook.pages) > 60
    assert "Your answer and notes" in text
    assert "Your reflection" in text
    assert "Revans" in text
