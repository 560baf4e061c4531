"""Build one MyST page with one of the book's extensions (book/_ext) in a small
Sphinx project, for the tests of the book's directives."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from sphinx.application import Sphinx

EXT = Path(__file__).resolve().parent.parent / "book" / "_ext"


def build_page(tmp_path: Path, extension: str, title: str, body: str) -> tuple[str, str]:
    """Build ``body`` under ``# title`` as the only page; the page's HTML and
    the warnings about it. A second Sphinx in one process (two such test files
    can share a pytest-xdist worker) warns that Sphinx's own nodes are
    registered again: that is not the page's doing, so it is left out."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = ['myst_parser', {extension!r}]\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(f"# {title}\n\n" + body, encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(tmp_path / "out"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    sys.modules.pop(extension, None)
    ours = [line for line in warnings.getvalue().splitlines(keepends=True) if "is already registered" not in line]
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "".join(ours)
