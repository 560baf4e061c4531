"""Store each widget's module, stylesheet and rules once per page.

myst-nb embeds the full state of every widget, so a page with five exercises
carried five copies of the exercise module (and of the rules for each rewrite
exercise): about 100 KB of repetition. After the build, this replaces every
repeated large value in a page's widget state with ``{"$same_as": MODEL_ID}``;
book/assets/widget-loader.js resolves it. Live notebooks are unaffected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

_STATE = re.compile(r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)(</script>)', re.S)
_SHARED_KEYS = ("_esm", "_css", "rules")


def compact_state(state: dict[str, Any]) -> dict[str, Any]:
    """The widget-state document with repeated shared values turned into references."""
    first_owner: dict[str, str] = {}
    for model_id, model in state["state"].items():
        values = model.get("state", {})
        for key in _SHARED_KEYS:
            if key not in values:
                continue
            fingerprint = key + "\0" + json.dumps(values[key], sort_keys=True)
            if fingerprint in first_owner:
                values[key] = {"$same_as": first_owner[fingerprint]}
            else:
                first_owner[fingerprint] = model_id
    return state


def _compact_page(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    match = _STATE.search(html)
    if not match:
        return
    state = compact_state(json.loads(match.group(2)))
    # Same escaping as myst-nb: "</" must not end the script element early.
    body = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
    path.write_text(html[: match.start(2)] + body + html[match.end(2) :], encoding="utf-8")


def _compact_all(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        for path in Path(app.outdir).rglob("*.html"):
            _compact_page(path)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _compact_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
