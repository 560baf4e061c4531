"""The tools' data file (``tools.yaml``): meeting stages and journal frameworks."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from workbook._errors import WorkbookError
from workbook._yaml_source import load_checked

TOOLS_DATA_PATH = Path(__file__).with_name("tools.yaml")
_SCHEMA_PATH = Path(__file__).with_name("tools.schema.json")


def load_tool_data(path: Path = TOOLS_DATA_PATH) -> dict[str, Any]:
    """Read and validate a tools data file; errors name the file, line and key path."""
    source = load_checked(path, _SCHEMA_PATH, WorkbookError)
    data: dict[str, Any] = source.data
    stages = [s["id"] for s in data["meeting"]["stages"]]
    if "presenter" not in stages:
        raise source.fail(("meeting", "stages"), "needs a stage with id 'presenter' (one slot per presenter)")
    return data


@cache
def default_tool_data() -> dict[str, Any]:
    """The shipped tools data, loaded once per process."""
    return load_tool_data()
