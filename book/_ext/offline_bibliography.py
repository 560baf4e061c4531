"""The bibliography style: pybtex's ``alpha``, with DOIs and web addresses
printed as text rather than links, so reference pages point nowhere outside
the book (it is meant to be read offline) while keeping every identifier."""

from __future__ import annotations

from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.template import field, join, words
from sphinx.application import Sphinx


class OfflineStyle(AlphaStyle):
    def format_url(self, e: Any) -> Any:
        return words["URL:", field("url", raw=True)]

    def format_doi(self, e: Any) -> Any:
        return join["doi:", field("doi", raw=True)]

    def format_pubmed(self, e: Any) -> Any:
        return join["PMID:", field("pubmed", raw=True)]

    def format_eprint(self, e: Any) -> Any:
        return join["arXiv:", field("eprint", raw=True)]


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "offline", OfflineStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
