"""Print the trainer's kit (the book's "For trainers" part) with Debian's Chromium.

Two PDFs, the same pages on two paper sizes, each with a bookmark per section
of the kit (one page of the book each): ``_build/trainer-kit.pdf`` on A4 and
``_build/trainer-kit-letter.pdf`` on US Letter. Cards print several to a
sheet with cut lines and every sheet has ruled room to write
(``book/assets/print.css``). The printing is shared with the workbook
(``printing.py``). Usage:

    python scripts/print_kit.py [--html _build/html] [--out-dir _build]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Browser
from printing import ROOT, chromium, print_pages, toc_chapters

PART = "For trainers"
TITLE = "Action Learning Workbook: the trainer's kit"
FILES = {"A4": "trainer-kit.pdf", "Letter": "trainer-kit-letter.pdf"}


def print_kit(html: Path, out_dir: Path, *, browser: Browser | None = None) -> dict[str, Path]:
    """Write the kit on each paper size into ``out_dir``; returns paper -> file."""
    chapters = toc_chapters(ROOT / "_toc.yml", PART)
    written = {}
    with chromium(browser) as chrome:
        for paper, name in FILES.items():
            out = out_dir / name
            print_pages(html, out, chapters, title=TITLE, paper=paper, browser=chrome)
            written[paper] = out
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "_build")
    args = parser.parse_args()
    for paper, out in print_kit(args.html, args.out_dir).items():
        print(f"printed the trainer's kit on {paper} to {out}")


if __name__ == "__main__":
    main()
