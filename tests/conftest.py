"""Shared fixtures: the built book served on localhost and a headless Chromium
that may reach nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from scripts.printing import ARGS as CHROMIUM_ARGS
from scripts.printing import served

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """The built book, served on an ephemeral localhost port."""
    if not (HTML / "index.html").is_file():
        pytest.fail(f"{HTML} has no built book: run `make book` (make test does) first")
    with served(HTML) as origin:
        yield origin


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class OfflineContext:
    """A browser context where every request that is not to the book's own
    origin (or a blob:/data: URL) is aborted and recorded."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.origin = origin
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(accept_downloads=True)
        self.context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith((self.origin + "/", "blob:", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def page(self, path: str) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.goto(f"{self.origin}/{path}")
        page.wait_for_load_state("load")
        return page


@pytest.fixture
def offline(browser: Browser, site: str) -> Iterator[OfflineContext]:
    """A fresh browser profile (empty localStorage) that may only reach the book."""
    ctx = OfflineContext(browser, site)
    yield ctx
    ctx.context.close()
    assert ctx.outside == [], f"the page tried to reach outside the book: {ctx.outside}"
    assert ctx.errors == [], f"uncaught errors in the page: {ctx.errors}"
