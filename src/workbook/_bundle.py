"""Front-end modules as anywidget wants them: one self-contained ES module.

Our JavaScript sources are ordinary ES modules that import each other with
relative paths (so Node can run them in tests and editors can follow them), but
an anywidget ``_esm`` is imported from a ``blob:`` URL where relative imports
cannot resolve. ``bundle_module`` inlines each imported file once, ahead of the
importer, and drops the import lines; the files share one top-level scope, so
their names must not collide. Anything but a relative named import is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbook._errors import WorkbookError

__all__ = ["bundle_module", "compact"]

# An import statement may span lines (the formatter wraps long name lists).
_IMPORT_START = re.compile(r"^import\b", re.MULTILINE)
_IMPORT = re.compile(r'import \{[\w\s,]+\} from "(\.\.?/[\w./-]+\.js)";[ \t]*$', re.MULTILINE)


def compact(source: str) -> str:
    """Drop indentation, blank lines and whole-line comments (``//`` lines, and
    ``/* … */`` blocks that start a line, however many lines they run to).

    A built page carries each module and stylesheet in its widget state, so
    this keeps exercise pages light. The sources have no multi-line strings,
    so removing leading white space is safe.
    """
    kept: list[str] = []
    in_block = False
    for raw in source.splitlines():
        line = raw.strip()
        if in_block:
            in_block = "*/" not in line
            continue
        if line.startswith("/*"):
            in_block = "*/" not in line[2:]
            continue
        if line and not line.startswith("//"):
            kept.append(line)
    return "\n".join(kept)


def bundle_module(entry: Path) -> str:
    """``entry`` with its relative imports inlined, compacted."""
    seen: set[Path] = set()
    parts: list[str] = []
    _inline(entry.resolve(), seen, parts)
    return compact("\n".join(parts))


def _inline(path: Path, seen: set[Path], parts: list[str]) -> None:
    if path in seen:
        return
    seen.add(path)
    source = path.read_text(encoding="utf-8")
    body: list[str] = []
    position = 0
    for start in _IMPORT_START.finditer(source):
        if start.start() < position:
            continue
        number = source.count("\n", 0, start.start()) + 1
        match = _IMPORT.match(source, start.start())
        if match is None:
            line = source[start.start() :].split("\n", 1)[0]
            msg = f'{path}:{number}: only `import {{ names }} from "./file.js";` can be bundled, got: {line}'
            raise WorkbookError(msg)
        body.append(source[position : start.start()])
        _inline((path.parent / match.group(1)).resolve(), seen, parts)
        position = match.end()
    body.append(source[position:])
    parts.append("".join(body))
