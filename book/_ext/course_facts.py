"""Facts the course states on several pages, filled in from one data file.

Pages write ``{{ issue_minutes }}`` (a MyST substitution) instead of a figure;
the values come from ``src/workbook/banks/facts/timings.yaml`` through
``workbook.banks._facts.timing_substitutions``, the same data the tests check
the timing items against. A page may still set its own substitutions in its
front matter; those win for that page. ``myst_substitutions`` is an "env"
config value, so a change to the data file makes Sphinx re-read every page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from workbook.banks._facts import timing_substitutions


def _inject(app: Sphinx, config: Config) -> None:
    extensions = list(config.myst_enable_extensions)
    if "substitution" not in extensions:
        config.myst_enable_extensions = [*extensions, "substitution"]
    config.myst_substitutions = {**timing_substitutions(), **config.myst_substitutions}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _inject)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
