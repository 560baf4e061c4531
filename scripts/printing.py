"""Print pages of the built book to one PDF with Debian's Chromium, a bookmark per page.

Shared by ``print_workbook.py`` (the whole course, ``make pdf``) and
``print_kit.py`` (the trainer's kit, ``make kit``); ``screenshots.py`` uses
its browser settings and local server. Pages print with the book's print
stylesheet (``book/assets/print.css``), after their exercises and tools have
rendered, and every request outside the book is blocked.
"""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml
from playwright.sync_api import Browser, sync_playwright
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MARGINS = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
WIDGETS = "[data-exercise-id], .alw-download-panel, [data-tool]"


def toc_chapters(toc: Path, caption: str | None = None) -> list[list[str]]:
    """Page paths per chapter (a module: its index, then its sections), in
    reading order: the whole book from its root page, or only the part whose
    caption is ``caption``."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    chapters = [[data["root"]]] if caption is None else []
    for part in data["parts"]:
        if caption is None or part.get("caption") == caption:
            for chapter in part["chapters"]:
                chapters.append([chapter["file"], *(s["file"] for s in chapter.get("sections", []))])
    if not chapters:
        raise ValueError(f"{toc} has no part captioned {caption!r}")
    return chapters


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A page closed while a file was still being sent is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def served(html: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(browser: Browser | None = None) -> Iterator[Browser]:
    """``browser`` if given (a Playwright Chromium), otherwise Debian's Chromium, closed afterwards."""
    if browser is not None:
        yield browser
        return
    with sync_playwright() as pw:
        own = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield own
        finally:
            own.close()


def print_pages(
    html: Path,
    out: Path,
    chapters: Sequence[Sequence[str]],
    *,
    title: str,
    paper: str = "A4",
    browser: Browser | None = None,
) -> int:
    """Print ``chapters`` (lists of page paths) to ``out`` on ``paper`` ("A4"
    or "Letter"): a top-level bookmark per chapter, titled with its first
    page's heading, and one under it for each further page. Returns the number
    of pages printed."""
    writer = PdfWriter()
    printed = 0
    with chromium(browser) as chrome, served(html) as origin:
        page = chrome.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith((origin, "blob:", "data:")) else r.abort()
        )
        for paths in chapters:
            chapter_mark = None
            for path in paths:
                page.goto(f"{origin}/{path}.html")
                page.wait_for_load_state("load")
                if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
                    page.locator(WIDGETS).first.wait_for(timeout=10_000)
                heading = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
                pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True, margin=MARGINS)))
                start = len(writer.pages)
                writer.append(pdf)
                if chapter_mark is None:
                    chapter_mark = writer.add_outline_item(title=heading, page_number=start)
                else:
                    writer.add_outline_item(title=heading, page_number=start, parent=chapter_mark)
                printed += 1
        page.close()
    writer.add_metadata({"/Title": title})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    return printed
