"""Print the built book to one PDF workbook with Debian's Chromium.

Pages are printed in table-of-contents order with the book's print stylesheet
(``book/assets/print.css``: room to write under each exercise and reflective
prompt), after their exercises have rendered, and joined into one PDF with a
bookmark per module and per page (the printing is shared with the trainer's
kit, in ``printing.py``). Usage:

    python scripts/print_workbook.py [--html _build/html] [--out _build/workbook.pdf]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Browser
from printing import ROOT, print_pages, toc_chapters


def print_workbook(html: Path, out: Path, *, browser: Browser | None = None) -> int:
    """Write ``out``; returns the number of pages printed. Uses ``browser`` if
    given (a Playwright Chromium), otherwise starts Debian's Chromium."""
    chapters = toc_chapters(ROOT / "_toc.yml")
    return print_pages(html, out, chapters, title="Action Learning Workbook", browser=browser)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "workbook.pdf")
    args = parser.parse_args()
    pages = print_workbook(args.html, args.out)
    print(f"printed {pages} pages to {args.out}")


if __name__ == "__main__":
    main()
