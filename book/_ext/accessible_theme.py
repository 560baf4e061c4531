"""Fix the accessibility faults axe-core finds in the theme's and docutils' HTML.

- pydata-sphinx-theme renders each expandable sidebar section as a
  ``<summary>`` holding only an icon (axe: summary-name, WCAG 4.1.2). The
  theme builds that HTML in Python, so we wrap the function it puts in the
  page context.
- docutils marks bibliography entries ``role="doc-biblioentry"``, a
  deprecated role, inside a ``role="list"`` that then has no list items
  (axe: aria-deprecated-role, aria-required-children). They become list items.

- The theme's "Back to top" button is white text on orange (2.5:1, axe:
  color-contrast); ``book/assets/theme-contrast.css`` darkens the text.

The search button's label is fixed by ``book/_templates/search-button-field.html``.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
_LABELLED = '<summary><span class="visually-hidden">Show or hide the sections</span><span class="toctree-toggle" role="presentation">'


def _fix_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if "body" in context:
        context["body"] = context["body"].replace(' role="doc-biblioentry"', ' role="listitem"')
    original = context.get("generate_toctree_html")
    if original is None:
        return

    def labelled(*args: Any, **kwargs: Any) -> Markup:
        # The theme returns a BeautifulSoup tree; render it and add the label.
        return Markup(str(original(*args, **kwargs)).replace(_TOGGLE, _LABELLED))

    context["generate_toctree_html"] = labelled


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _fix_page, priority=900)
    app.add_css_file("theme-contrast.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
