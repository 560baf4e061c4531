"""The printable workbook's link: ``{printable-workbook}`` on a page.

``make pdf`` prints the built book to ``_build/workbook.pdf`` and builds the
book again. When that file exists, the directive links to it and the build
copies it to the top of the HTML output, so the link works offline in the
built book; when it does not, the directive says so in plain words rather
than showing a link that leads nowhere. The page notes the PDF as a
dependency, so Sphinx re-reads it when the file appears or changes (and on
every build while it is missing, which costs one page).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

FILE_NAME = "workbook.pdf"


def workbook_pdf(app: Sphinx) -> Path:
    """Where ``make pdf`` writes the workbook (``_build/workbook.pdf`` beside the HTML)."""
    return Path(app.outdir).parent / FILE_NAME


class PrintableWorkbook(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        pdf = workbook_pdf(self.env.app)
        self.env.note_dependency(str(pdf))
        if not pdf.is_file():
            return [
                nodes.paragraph(
                    "",
                    "The printable workbook has not been made for this copy of the book, so there is no link "
                    "to it here: print the pages you need from your browser instead.",
                )
            ]
        href = "../" * self.env.docname.count("/") + FILE_NAME
        link = nodes.reference("", "Download the printable workbook (PDF)", refuri=href)
        return [nodes.paragraph("", "", link)]


def _copy(app: Sphinx, exception: Exception | None) -> None:
    """Put the workbook in the HTML output, or take away a copy left from a workbook since removed."""
    if exception is not None or app.builder.format != "html":
        return
    pdf, copy = workbook_pdf(app), Path(app.outdir) / FILE_NAME
    if pdf.is_file():
        shutil.copyfile(pdf, copy)
    else:
        copy.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("printable-workbook", PrintableWorkbook)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
