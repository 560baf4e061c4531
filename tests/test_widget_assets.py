"""The build step that moves shared widget state into cached files
(book/_ext/widget_assets.py) and the per-page compaction
(book/_ext/compact_widget_state.py), on widget-state documents shaped as
myst-nb embeds them, made from the real widgets."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.book_pages import course_banks
from workbook.exercises import exercise
from workbook.rules._engine import default_rules
from workbook.rules._smart import default_smart_rules
from workbook.tools import action_log, meeting_runner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book" / "_ext"))

from compact_widget_state import _shrink_page, compact_state, drop_unread
from widget_assets import (
    MIN_BYTES,
    NAME,
    REGISTRY,
    asset_name,
    encode,
    externalise_state,
    references,
)


def first_item(kind: str) -> str:
    return next(i["id"] for bank in course_banks().banks for i in bank.items if i["type"] == kind)


def document(*widgets: Any) -> dict[str, Any]:
    """A widget-state document as myst-nb embeds it: each widget's state and
    a layout model, under made-up model ids."""
    models: dict[str, Any] = {}
    for n, widget in enumerate(widgets):
        models[f"layout{n}"] = {"model_name": "LayoutModel", "state": {"width": None, "_view_name": "LayoutView"}}
        models[f"model{n}"] = {"model_name": "AnyModel", "state": json.loads(json.dumps(widget.get_state()))}
    return {"state": models, "version_major": 2, "version_minor": 0}


def model(doc: dict[str, Any], n: int) -> dict[str, Any]:
    state: dict[str, Any] = doc["state"][f"model{n}"]["state"]
    return state


@pytest.fixture(scope="module")
def page() -> dict[str, Any]:
    """A choice and a rewrite exercise, a SMART exercise, the action log and the meeting runner."""
    return document(
        exercise(first_item("choice")),
        exercise(first_item("rewrite")),
        exercise(first_item("smart")),
        action_log(),
        meeting_runner(),
    )


def test_modules_stylesheets_and_rules_become_references(page: dict[str, Any]) -> None:
    result, files = externalise_state(page)
    for n in range(5):
        assert set(model(result, n)["_esm"]) == {"$asset"}
        assert set(model(result, n)["_css"]) == {"$asset"}
    for n in (1, 2, 4):
        assert set(model(result, n)["rules"]) == {"$asset"}
    for n in (3, 4):
        assert set(model(result, n)["config"]["smart_rules"]) == {"$asset"}
    assert set(references(result)) == set(files)


def test_what_is_particular_to_the_widget_stays_inline(page: dict[str, Any]) -> None:
    result, _ = externalise_state(page)
    for n in range(3):
        assert model(result, n)["item"] == model(page, n)["item"]
        assert model(result, n)["bank"] == model(page, n)["bank"]
        assert model(result, n)["answer"] is None
    assert model(result, 4)["config"]["meeting"] == model(page, 4)["config"]["meeting"]
    assert result["state"]["layout0"] == page["state"]["layout0"]
    assert result["version_major"] == 2
    assert "export default" not in json.dumps(result)


def test_equal_values_share_one_file(page: dict[str, Any]) -> None:
    _, files = externalise_state(page)
    # The exercises share a module and a stylesheet; each tool has its own
    # module and the tools share a stylesheet. The question rules (rewrite,
    # meeting runner) and the SMART rules (SMART exercise, action log, meeting
    # runner) are one file each.
    assert sorted(name.split("-")[0] for name in files) == ["css", "css", "data", "data", "esm", "esm", "esm"]
    result, _ = externalise_state(page)
    assert model(result, 0)["_esm"] == model(result, 1)["_esm"] == model(result, 2)["_esm"]
    assert (
        model(result, 2)["rules"]
        == model(result, 3)["config"]["smart_rules"]
        == model(result, 4)["config"]["smart_rules"]
    )
    assert model(result, 1)["rules"] == model(result, 4)["rules"]


def test_names_are_a_hash_of_the_content(page: dict[str, Any]) -> None:
    result, _ = externalise_state(page)
    esm = model(page, 0)["_esm"]
    name = model(result, 0)["_esm"]["$asset"]
    assert name == f"esm-{hashlib.sha256(encode(esm).encode()).hexdigest()[:16]}.js"
    assert NAME.match(name)
    assert model(result, 2)["rules"]["$asset"].startswith("data-")
    assert asset_name(("_esm",), esm + "\n") != name, "a changed module must get a new name"
    assert asset_name(("_esm",), esm) == name, "the same module must keep its name from build to build"


def test_input_is_left_unchanged_and_the_step_is_idempotent(page: dict[str, Any]) -> None:
    before = copy.deepcopy(page)
    once, _ = externalise_state(page)
    assert page == before
    twice, more = externalise_state(once)
    assert twice == once
    assert more == {}


def test_small_values_stay_inline() -> None:
    doc = {"state": {"m": {"state": {"_esm": "export default {}", "_css": "", "rules": {"a": 1}}}}}
    result, files = externalise_state(doc)
    assert result == doc
    assert files == {}
    big = {"state": {"m": {"state": {"_esm": "x" * MIN_BYTES}}}}
    assert set(externalise_state(big)[1]) == {asset_name(("_esm",), "x" * MIN_BYTES)}
    assert externalise_state(big, min_bytes=MIN_BYTES + 3)[1] == {}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_each_file_registers_its_value_as_a_classic_script(page: dict[str, Any]) -> None:
    """Run every file as a browser would run a classic script, and compare what
    it registers with the value taken out of the state, character for character
    (non-ASCII text, "</script>" and U+2028 included)."""
    awkward = {"state": {"m": {"state": {"rules": {"text": "“What next?” </script>\u2028…" * 60}}}}}
    result, files = externalise_state(page)
    _, extra = externalise_state(awkward)
    files |= extra
    script = "globalThis.window = globalThis;\n" + "".join(files.values())
    script += f"process.stdout.write(JSON.stringify(window.{REGISTRY}));"
    registered = json.loads(subprocess.run(["node"], input=script, capture_output=True, check=True, text=True).stdout)
    assert set(registered) == set(files)
    for n in range(5):
        assert registered[model(result, n)["_esm"]["$asset"]] == model(page, n)["_esm"]
        assert registered[model(result, n)["_css"]["$asset"]] == model(page, n)["_css"]
    assert registered[next(iter(extra))] == awkward["state"]["m"]["state"]["rules"]
    assert registered[model(result, 1)["rules"]["$asset"]] == default_rules().data
    assert registered[model(result, 2)["rules"]["$asset"]] == default_smart_rules().data
    assert all(text.isascii() for text in files.values())


# ---- compact_state: repeats within a page -----------------------------------


def test_compact_state_keeps_the_first_copy_and_points_the_others_to_it() -> None:
    doc = {
        "state": {
            "a": {"state": {"_esm": "module", "_css": "css", "rules": {"r": [1]}, "item": {"id": "one"}}},
            "b": {"state": {"_esm": "module", "_css": "other css", "rules": {"r": [1]}, "item": {"id": "two"}}},
            "c": {"state": {"_esm": "module", "_css": "css"}},
            "layout": {"state": {"width": None}},
        }
    }
    result = compact_state(copy.deepcopy(doc))
    assert result["state"]["a"] == doc["state"]["a"]
    assert result["state"]["b"]["state"] == {
        "_esm": {"$same_as": "a"},
        "_css": "other css",
        "rules": {"$same_as": "a"},
        "item": {"id": "two"},
    }
    assert result["state"]["c"]["state"] == {"_esm": {"$same_as": "a"}, "_css": {"$same_as": "a"}}
    assert result["state"]["layout"] == doc["state"]["layout"]
    assert compact_state(copy.deepcopy(result)) == result, "compacting twice must change nothing"


def test_compact_state_leaves_asset_references_alone(page: dict[str, Any]) -> None:
    externalised, _ = externalise_state(page)
    assert compact_state(copy.deepcopy(externalised)) == externalised


# ---- the build step on a page ------------------------------------------------


def test_what_the_loader_never_reads_is_left_out(page: dict[str, Any]) -> None:
    """Layout models and protocol fields go; each widget's own traits, module
    and stylesheet stay, and a second pass changes nothing."""
    slim = drop_unread(copy.deepcopy(page))
    assert sorted(slim["state"]) == [f"model{n}" for n in range(5)]
    choice = model(slim, 0)
    assert {"_esm", "_css", "item", "bank", "bank_version", "answer"} <= set(choice)
    assert not {"layout", "_view_name", "_model_module", "_dom_classes"} & set(choice)
    assert model(slim, 1)["rules"] == model(page, 1)["rules"]
    assert drop_unread(copy.deepcopy(slim)) == slim


def test_a_page_is_rewritten_and_its_files_written(tmp_path: Path, page: dict[str, Any]) -> None:
    body = json.dumps(page).replace("</", "<\\/")
    html = f'<html><head><script type="application/vnd.jupyter.widget-state+json">{body}</script></head></html>'
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assets = tmp_path / "widget-assets"
    assets.mkdir()
    used = _shrink_page(path, assets)
    assert used == {p.name for p in assets.iterdir()}
    assert len(used) == 7
    rewritten = path.read_text(encoding="utf-8")
    assert "export default" not in rewritten
    assert len(rewritten) < len(html) / 3
    assert _shrink_page(path, assets) == used
    assert path.read_text(encoding="utf-8") == rewritten
