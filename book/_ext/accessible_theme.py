"""Fix the accessibility faults axe-core finds in the theme's and docutils' HTML.

- pydata-sphinx-theme renders each expandable sidebar section as a
  ``<summary>`` holding only an icon (axe: summary-name, WCAG 4.1.2). The
  theme builds that HTML in Python, so we wrap the function it puts in the
  page context and name each toggle after its section ("Show or hide the
  pages of Questioning"), so a screen reader does not hear one name for all.
- docutils marks bibliography entries ``role="doc-biblioentry"``, a
  deprecated role, inside a ``role="list"`` that then has no list items
  (axe: aria-deprecated-role, aria-required-children). They become list items.

- The theme's floating "Back to top" button covers controls and the meeting
  runner's clock when it appears (axe: target-size, color-contrast mid-fade);
  ``book/assets/back-to-top.css`` leaves it out.

The search button's label is fixed by ``book/_templates/search-button-field.html``.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

# A section's link, then its toggle: the link's text names the toggle.
_TOGGLE = re.compile(
    r'(<a class="[^"]*" href="[^"]*">(?P<title>[^<]*)</a>\s*<details[^>]*>\s*)'
    r'<summary><span class="toctree-toggle" role="presentation">'
)


def _label(match: re.Match[str]) -> str:
    return (
        f'{match.group(1)}<summary><span class="visually-hidden">Show or hide the pages of {match.group("title")}'
        '</span><span class="toctree-toggle" role="presentation">'
    )


def _fix_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if "body" in context:
        context["body"] = context["body"].replace(' role="doc-biblioentry"', ' role="listitem"')
    original = context.get("generate_toctree_html")
    if original is None:
        return

    def labelled(*args: Any, **kwargs: Any) -> Markup:
        # The theme returns a BeautifulSoup tree; render it and add the label.
        return Markup(_TOGGLE.sub(_label, str(original(*args, **kwargs))))

    context["generate_toctree_html"] = labelled


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _fix_page, priority=900)
    app.add_css_file("back-to-top.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
