"""Print the built book to one PDF workbook with Debian's Chromium.

Pages are printed in table-of-contents order with the book's print stylesheet
(``book/assets/print.css``: room to write under each exercise and reflective
prompt), after their exercises have rendered, and joined into one PDF with a
bookmark per module and per page. Usage:

    python scripts/print_workbook.py [--html _build/html] [--out _build/workbook.pdf]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import sys
import threading
from collections.abc import Iterator
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


def toc_chapters(toc: Path) -> list[list[str]]:
    """Page paths per chapter (a module: its index, then its sections), in reading order."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    chapters = [[data["root"]]]
    for part in data["parts"]:
        for chapter in part["chapters"]:
            chapters.append([chapter["file"], *(s["file"] for s in chapter.get("sections", []))])
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


def print_workbook(html: Path, out: Path, *, browser: Browser | None = None) -> int:
    """Write ``out``; returns the number of pages printed. Uses ``browser`` if
    given (a Playwright Chromium), otherwise starts Debian's Chromium."""
    if browser is None:
        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return print_workbook(html, out, browser=own)
            finally:
                own.close()
    writer = PdfWriter()
    printed = 0
    with served(html) as origin:
        page = browser.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith((origin, "blob:", "data:")) else r.abort()
        )
        for paths in toc_chapters(ROOT / "_toc.yml"):
            module_mark = None
            for path in paths:
                page.goto(f"{origin}/{path}.html")
                page.wait_for_load_state("load")
                if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
                    page.locator("[data-exercise-id], .alw-download-panel, [data-tool]").first.wait_for(timeout=10_000)
                title = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
                margins = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
                pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True, margin=margins)))
                start = len(writer.pages)
                writer.append(pdf)
                if module_mark is None:
                    module_mark = writer.add_outline_item(title=title, page_number=start)
                else:
                    writer.add_outline_item(title=title, page_number=start, parent=module_mark)
                printed += 1
        page.close()
    writer.add_metadata({"/Title": "Action Learning Workbook"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    return printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "workbook.pdf")
    args = parser.parse_args()
    pages = print_workbook(args.html, args.out)
    print(f"printed {pages} pages to {args.out}")


if __name__ == "__main__":
    main()
