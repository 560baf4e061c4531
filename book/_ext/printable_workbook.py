"""Links to the printed PDFs: ``{printable-workbook}`` on a page.

``make pdf`` prints the built book to ``_build/workbook.pdf``, and ``make
kit`` the trainer's kit to ``_build/trainer-kit.pdf`` (A4) and
``_build/trainer-kit-letter.pdf`` (US Letter); each then builds the book
again. The directive's argument names the file (``workbook.pdf`` if none is
given). When that file exists, the directive links to it and the build copies
it to the top of the HTML output, so the link works offline in the built
book; when it does not, the directive says so in plain words rather than
showing a link that leads nowhere. The page notes the PDF as a dependency, so
Sphinx re-reads it when the file appears or changes (and on every build while
it is missing, which costs one page).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

# file name -> (what it is, in a sentence; the link's words)
PDFS = {
    "workbook.pdf": ("printable workbook", "Download the printable workbook (PDF)"),
    "trainer-kit.pdf": ("printed trainer's kit", "Download the trainer's kit on A4 paper (PDF)"),
    "trainer-kit-letter.pdf": ("US Letter trainer's kit", "Download the trainer's kit on US Letter paper (PDF)"),
}


def built_pdf(app: Sphinx, name: str) -> Path:
    """Where ``make pdf`` or ``make kit`` writes ``name`` (in ``_build``, beside the HTML)."""
    return Path(app.outdir).parent / name


class PrintableWorkbook(SphinxDirective):
    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0] if self.arguments else "workbook.pdf"
        if name not in PDFS:
            raise self.error(f"no printed PDF '{name}' (known: {', '.join(PDFS)})")
        what, words = PDFS[name]
        pdf = built_pdf(self.env.app, name)
        self.env.note_dependency(str(pdf))
        if not pdf.is_file():
            return [
                nodes.paragraph(
                    "",
                    f"The {what} has not been made for this copy of the book, so there is no link "
                    "to it here: print the pages you need from your browser instead.",
                )
            ]
        href = "../" * self.env.docname.count("/") + name
        link = nodes.reference("", words, refuri=href)
        return [nodes.paragraph("", "", link)]


def _copy(app: Sphinx, exception: Exception | None) -> None:
    """Put each printed PDF in the HTML output, or take away a copy left from one since removed."""
    if exception is not None or app.builder.format != "html":
        return
    for name in PDFS:
        pdf, copy = built_pdf(app, name), Path(app.outdir) / name
        if pdf.is_file():
            shutil.copyfile(pdf, copy)
        else:
            copy.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("printable-workbook", PrintableWorkbook)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
