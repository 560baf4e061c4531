"""Build a small Sphinx project of MyST pages with the book's extensions
(book/_ext), for the tests of the book's directives."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

EXT = Path(__file__).resolve().parent.parent / "book" / "_ext"


def build_project(tmp_path: Path, conf: str, pages: dict[str, str], *, modules: tuple[str, ...]) -> tuple[str, str]:
    """Build ``pages`` (name -> MyST text; ``index`` is the root) with ``conf``
    as conf.py; the index page's HTML and the build's warnings. Each build
    registers Sphinx's nodes afresh and forgets the extension ``modules``, so
    several builds can share one process (and one pytest-xdist worker)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():
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
    for module in modules:
        sys.modules.pop(module, None)
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def build_page(tmp_path: Path, extension: str, title: str, body: str) -> tuple[str, str]:
    """Build ``body`` under ``# title`` as the only page, with ``extension``."""
    conf = f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = ['myst_parser', {extension!r}]\n"
    return build_project(tmp_path, conf, {"index": f"# {title}\n\n" + body}, modules=(extension,))
