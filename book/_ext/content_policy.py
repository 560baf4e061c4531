"""A Content-Security-Policy on every built page: the book may load nothing
from anywhere but itself.

After the build, each HTML file gets a ``<meta http-equiv=
"Content-Security-Policy">`` as early in its ``<head>`` as it can go (after the
charset, before any script or stylesheet). The policy allows scripts, styles,
fonts, images, connections and workers from the book's own origin only, no
frames, no plugins and no ``eval``. An inline script runs only if the policy
names its SHA-256 hash, so each page's policy lists the hashes of the inline
scripts that page really has (the theme's colour-mode line, Sphinx's
``DOCUMENTATION_OPTIONS``, the search page's focus script); script elements
that hold data (widget state, the course manifest) are never run and need none.
A script injected later, by anyone, is refused.

Two allowances, each for a reason: ``blob:`` for scripts, because
book/assets/widget-loader.js imports the exercise module from a blob: URL; and
``'unsafe-inline'`` for styles only, because the widgets add ``<style>``
elements and the theme sets style attributes. Styles cannot run code.

For a book opened from disk (``file://``), Chromium lets ``'self'`` match the
page's own file: URLs, so the same policy holds there.

It runs after every other build step that rewrites pages
(compact_widget_state.py), so the hashes are of the final text.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

# One directive a line; the page's script hashes are added to script-src.
POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' blob:"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("frame-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Script types a browser runs; any other type (JSON, widget state) is data.
_EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_EXISTING = re.compile(r'\n?<meta http-equiv="Content-Security-Policy" content="[^"]*" />')
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# Sphinx's own folders hold no pages (the theme's webpack macros are templates).
_SKIP = ("_static", "_sources")


def script_hash(body: str) -> str:
    """The CSP source for an inline script whose text is exactly ``body``."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(page: str) -> list[str]:
    """The hashes of the page's inline scripts a browser would run, in page order, once each."""
    found: list[str] = []
    for match in _SCRIPT.finditer(page):
        attributes, body = match.groups()
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip().lower() not in _EXECUTABLE_TYPES:
            continue
        source = script_hash(body)
        if source not in found:
            found.append(source)
    return found


def policy(hashes: list[str]) -> str:
    """The policy text for a page whose inline scripts have ``hashes``."""
    return "; ".join(
        f"{name} {value}{''.join(' ' + h for h in hashes) if name == 'script-src' else ''}" for name, value in POLICY
    )


def with_policy(page: str) -> str:
    """``page`` with its policy meta tag, replacing one added by an earlier build."""
    page = _EXISTING.sub("", page)
    text = html_lib.escape(policy(inline_script_hashes(page)), quote=False)
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    at = anchor.end() if anchor else 0
    return page[:at] + f'\n<meta http-equiv="Content-Security-Policy" content="{text}" />' + page[at:]


def _rewrite_all(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for path in out.rglob("*.html"):
        if path.relative_to(out).parts[0] in _SKIP:
            continue
        text = path.read_text(encoding="utf-8")
        rewritten = with_policy(text)
        if rewritten != text:
            path.write_text(rewritten, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # Last of the build-finished handlers (default priority 500): every other
    # step that rewrites pages has run, so the hashes are of the final text.
    app.connect("build-finished", _rewrite_all, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
