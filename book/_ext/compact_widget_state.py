"""Shrink the widget state each built page embeds.

myst-nb embeds the full state of every widget in every page. After the build:

1. values shared across pages (each widget kind's module and stylesheet, the
   rules data) become ``{"$asset": NAME}``, with one cached file per value
   under ``_static/widget-assets/`` (see widget_assets.py);
2. any other large value repeated within a page becomes
   ``{"$same_as": MODEL_ID}``;
3. what the loader never reads is left out: the layout models ipywidgets
   gives every widget and the widget protocol's bookkeeping fields (about a
   third of an exercise page's state).

book/assets/widget-loader.js resolves both. Live notebooks are unaffected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from widget_assets import ASSET_DIR, NAME, externalise_state, is_reference, references

_STATE = re.compile(r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)(</script>)', re.S)
_SHARED_KEYS = ("_esm", "_css", "rules")
# Fields of the Jupyter widget protocol that a kernel-less page has no use
# for: book/assets/widget-loader.js renders each view from its model's _esm,
# _css and the widget's own traits, and never follows a layout reference.
_PROTOCOL_KEYS = frozenset(
    {
        "layout",
        "tabbable",
        "tooltip",
        "_dom_classes",
        "_model_module",
        "_model_module_version",
        "_model_name",
        "_view_count",
        "_view_module",
        "_view_module_version",
        "_view_name",
    }
)


def compact_state(state: dict[str, Any]) -> dict[str, Any]:
    """The widget-state document with repeated shared values turned into
    references to their first owner. Values that are already references are
    left alone, so running it again changes nothing."""
    first_owner: dict[str, str] = {}
    for model_id, model in state["state"].items():
        values = model.get("state", {})
        for key in _SHARED_KEYS:
            if key not in values or is_reference(values[key]):
                continue
            fingerprint = key + "\0" + json.dumps(values[key], sort_keys=True)
            if fingerprint in first_owner:
                values[key] = {"$same_as": first_owner[fingerprint]}
            else:
                first_owner[fingerprint] = model_id
    return state


def drop_unread(state: dict[str, Any]) -> dict[str, Any]:
    """The widget-state document without the models and fields the static
    loader never reads: models other than AnyModel (the layout models) and
    the protocol fields of each AnyModel's state."""
    state["state"] = {
        model_id: {**model, "state": {k: v for k, v in model.get("state", {}).items() if k not in _PROTOCOL_KEYS}}
        for model_id, model in state["state"].items()
        if model.get("model_name") == "AnyModel"
    }
    return state


def _shrink_page(path: Path, assets: Path) -> set[str]:
    """Rewrite the page's widget state; returns the asset names it refers to."""
    html = path.read_text(encoding="utf-8")
    match = _STATE.search(html)
    if not match:
        return set()
    state, files = externalise_state(json.loads(match.group(2)))
    for name, text in files.items():
        (assets / name).write_text(text, encoding="utf-8")
    state = drop_unread(compact_state(state))
    # Same escaping as myst-nb: "</" must not end the script element early.
    body = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
    path.write_text(html[: match.start(2)] + body + html[match.end(2) :], encoding="utf-8")
    return references(state)


def _shrink_all(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    assets = Path(app.outdir) / "_static" / ASSET_DIR
    assets.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for path in Path(app.outdir).rglob("*.html"):
        used |= _shrink_page(path, assets)
    # Pages not rebuilt this time still refer to their files; older versions
    # that no page names any more are removed.
    for stale in assets.iterdir():
        if NAME.match(stale.name) and stale.name not in used:
            stale.unlink()
    if not any(assets.iterdir()):
        assets.rmdir()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _shrink_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
