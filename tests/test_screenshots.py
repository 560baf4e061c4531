"""make screenshots (scripts/screenshots.py): one view, at both sizes and in
both themes, is saved as a real PNG image of the page's size."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


def _script():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports printing beside it, as when run
    try:
        spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_one_view_is_saved_at_each_size_and_theme(browser: Browser, site: str, tmp_path: Path) -> None:
    script = _script()
    written = script.take(browser, site, tmp_path, ["journal"])
    expected = {f"journal-{size}-{mode}.png" for size in script.SIZES for mode in script.MODES}
    assert {p.name for p in written} == expected
    for path in written:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        size = script.SIZES[path.stem.split("-")[1]]
        assert (width, height) == (size["width"], size["height"])
