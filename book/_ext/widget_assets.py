"""Move the widget state that every page repeats into files the browser caches.

Each exercise page embeds its widgets' full state, so every page carried the
whole exercise module (``_esm``), its stylesheet (``_css``) and the rules data
again: a learner downloaded them once per page. ``externalise_state`` replaces
each such value with ``{"$asset": NAME}`` and returns the files to write under
``_static/widget-assets/``. NAME is made from a hash of the content, so a
changed module gets a new name and no browser keeps a stale copy.

Each file is a classic script that registers its value in a global
(``alwWidgetAssets``), not a JSON file or an ES module: a book opened from disk
(``file://``) may load classic scripts, but Chromium refuses ``fetch`` and
module imports of file: URLs. book/assets/widget-loader.js loads the files a
page refers to and puts the values back before it renders the widgets.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import Any

ASSET_DIR = "widget-assets"
REGISTRY = "alwWidgetAssets"
# Values shared across pages: each widget kind's module and stylesheet, the
# question or SMART rules of rewrite and SMART exercises and of the meeting
# runner, and the SMART rules the action log and meeting runner carry in config.
SHARED_PATHS: tuple[tuple[str, ...], ...] = (("_esm",), ("_css",), ("rules",), ("config", "smart_rules"))
# Smaller values stay inline: a request costs more than they weigh.
MIN_BYTES = 1024
NAME = re.compile(r"^(esm|css|data)-[0-9a-f]{16}\.js$")


def encode(value: Any) -> str:
    """The JSON text of ``value`` as it is hashed and written. Key order is
    kept (the rules are tried in the order they are listed). ASCII only, so the
    file reads the same whatever encoding the browser assumes for it (it costs
    well under 1% here), and U+2028/U+2029, which older engines do not accept
    in a string literal, are escaped too."""
    return json.dumps(value, separators=(",", ":"))


def asset_name(path: tuple[str, ...], value: Any) -> str:
    """``esm-``, ``css-`` or ``data-`` and 16 hex digits of the SHA-256 of the
    encoded value: equal values share one file wherever they occur."""
    kind = path[-1].lstrip("_") if path[-1] in ("_esm", "_css") else "data"
    return f"{kind}-{hashlib.sha256(encode(value).encode('utf-8')).hexdigest()[:16]}.js"


def asset_script(name: str, value: Any) -> str:
    """The file's text: one assignment into the global registry."""
    return f'(window.{REGISTRY} = window.{REGISTRY} || {{}})["{name}"] = {encode(value)};\n'


def is_reference(value: Any) -> bool:
    """A reference left by this step or by compact_widget_state (``$same_as``)."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("$asset", "$same_as")


def references(state: dict[str, Any]) -> set[str]:
    """The asset names a widget-state document refers to."""
    found: set[str] = set()
    for model in state.get("state", {}).values():
        for path in SHARED_PATHS:
            value = _get(model.get("state", {}), path)
            if isinstance(value, dict) and isinstance(value.get("$asset"), str):
                found.add(value["$asset"])
    return found


def externalise_state(state: dict[str, Any], *, min_bytes: int = MIN_BYTES) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of the widget-state document ``state`` with every shared value
    of at least ``min_bytes`` (encoded) replaced by ``{"$asset": NAME}``, and
    the files to write, NAME -> text. ``state`` is left unchanged; a document
    already externalised comes back equal, with no files."""
    result = copy.deepcopy(state)
    files: dict[str, str] = {}
    for model in result.get("state", {}).values():
        values = model.get("state", {})
        for path in SHARED_PATHS:
            value = _get(values, path)
            if value is None or is_reference(value) or len(encode(value)) < min_bytes:
                continue
            name = asset_name(path, value)
            files.setdefault(name, asset_script(name, value))
            _set(values, path, {"$asset": name})
    return result, files


def _get(values: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(values, dict) or key not in values:
            return None
        values = values[key]
    return values


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        values = values[key]
    values[path[-1]] = value
