"""Screenshots of the key pages of the built book, for a reviewer who wants to
look at the course without building it (make screenshots).

Each view is taken at a phone (390x844) and a desktop (1280x800) size, in the
light and the dark theme, in Debian's Chromium with every request outside the
book blocked, and saved as ``<view>-<size>-<mode>.png``. The images are for
looking at, not compared pixel by pixel. Usage:

    python scripts/screenshots.py [--html _build/html] [--out _build/screenshots] [--only VIEW ...]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from printing import ARGS, CHROMIUM, ROOT, served

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
MODES = ("light", "dark")
WIDGETS = "[data-exercise-id], .alw-download-panel, [data-tool]"


def _answer_and_check(page: Page) -> None:
    """Give each exercise a first answer (first option, second choice in each
    list) and press Check, then bring the first feedback into view."""
    for exercise in page.locator(".alw-exercise[data-exercise-id]").all():
        first = exercise.locator("input[type=radio], input[type=checkbox]").first
        if first.count():
            first.check()
        for select in exercise.locator("select").all():
            select.select_option(index=1)
        exercise.get_by_role("button", name="Check", exact=True).click()
    page.locator(".alw-exercise .alw-feedback").first.scroll_into_view_if_needed()


def _present(page: Page) -> None:
    """A meeting with three members, started, in the Present view."""
    tool = page.locator(".alw-tool")
    bids = {"Ann": 0, "Ben": 30, "Cat": 20}
    for name in bids:
        tool.get_by_label("Name", exact=True).fill(name)
        tool.get_by_role("button", name="Add member").click()
    for name, bid in bids.items():
        tool.get_by_label(f"Minutes bid by {name}").fill(str(bid))
        tool.get_by_label(f"Minutes bid by {name}").press("Tab")
    tool.get_by_role("button", name="Start the meeting").click()
    tool.locator(".alw-timer").get_by_role("button", name="Present").click()
    tool.locator(".alw-present").wait_for()


def _action(page: Page) -> None:
    tool = page.locator(".alw-tool")
    tool.get_by_label("Action", exact=True).fill("Ask two team leads how they plan the rota")
    tool.get_by_label("Owner", exact=True).fill("Ben")
    tool.get_by_label("How will you know it is done?").fill("Two replies I can show the set")
    tool.get_by_role("button", name="Add action", exact=True).click()


def _journal(page: Page) -> None:
    tool = page.locator(".alw-tool")
    tool.get_by_label("Title").fill("Set meeting 3: my presenter slot")
    tool.get_by_label("Description", exact=True).fill("I presented the rota issue and the set asked only questions.")


# view name -> (page, what to do once it has loaded)
VIEWS: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    "welcome": ("book/welcome.html", None),
    "exercises-checked": ("book/questioning/open-and-closed.html", _answer_and_check),
    "graded-practice": ("book/questioning/graded-practice.html", None),
    "meeting-present": ("book/tools/meeting-runner.html", _present),
    "action-log": ("book/tools/action-log.html", _action),
    "journal": ("book/tools/reflective-journal.html", _journal),
    "search": ("search.html?q=question", None),
}


def take(browser: Browser, origin: str, out: Path, views: list[str]) -> list[Path]:
    """Save every view in ``views`` at each size and mode; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for mode in MODES:
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, color_scheme=mode)
            context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith((origin, "blob:", "data:")) else r.abort()
            )
            for name in views:
                path, prepare = VIEWS[name]
                page = context.new_page()
                page.goto(f"{origin}/{path}")
                page.wait_for_load_state("load")
                if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
                    page.locator(WIDGETS).first.wait_for(timeout=10_000)
                if prepare:
                    prepare(page)
                target = out / f"{name}-{size}-{mode}.png"
                page.screenshot(path=str(target))
                written.append(target)
                page.close()
            context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--only", nargs="+", choices=sorted(VIEWS), default=list(VIEWS), metavar="VIEW")
    args = parser.parse_args()
    with sync_playwright() as pw, served(args.html) as origin:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            written = take(browser, origin, args.out, args.only)
        finally:
            browser.close()
    print(f"saved {len(written)} screenshots to {args.out}")


if __name__ == "__main__":
    main()
