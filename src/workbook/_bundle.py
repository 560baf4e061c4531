"""Front-end modules as anywidget wants them: one self-contained ES module.

Our JavaScript sources are ordinary ES modules that import each other with
relative paths (so Node can run them in tests and editors can follow them), but
an anywidget ``_esm`` is imported from a ``blob:`` URL where relative imports
cannot resolve. ``bundle_module`` inlines each imported file once, ahead of its
first importer, as a function that returns the file's exports::

    const __bundled_0_shuffle = (() => {
    function seededPermutation(count, key) { ... }
    return { seededPermutation };
    })();

and replaces each import with a destructuring of that object
(``const { seededPermutation } = __bundled_0_shuffle;``). So every file keeps
its own scope, as it has as a module: two files may use the same private name.
The entry file stays a module (its exports are the bundle's exports).

What is refused, with file and line: anything but a relative named import
(``import { a, b as c } from "./x.js";``, which may span lines); an imported
name the file does not export; an import cycle; in an imported file,
``export default``, ``export let``/``var`` (a destructured copy would not
follow reassignments) and any export form other than ``export function``,
``export class``, ``export const name`` and ``export { names }``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbook._errors import WorkbookError

__all__ = ["bundle_module", "compact"]

# An import statement may span lines (the formatter wraps long name lists).
_IMPORT_START = re.compile(r"^import\b", re.MULTILINE)
_IMPORT = re.compile(r'import \{([\w\s,$]+)\} from "(\.\.?/[\w./-]+\.js)";[ \t]*$', re.MULTILINE)
_EXPORT_START = re.compile(r"^export\b", re.MULTILINE)
_EXPORT_DECLARATION = re.compile(r"export (?=(?:async function\*?|function\*?|class|const) +([A-Za-z_$][\w$]*))")
_EXPORT_LIST = re.compile(r"export \{([\w\s,$]*)\};[ \t]*$", re.MULTILINE)
_SPECIFIER = re.compile(r"([A-Za-z_$][\w$]*)(?: +as +([A-Za-z_$][\w$]*))?")


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


@dataclass
class _Bundle:
    """The files inlined so far: each one's constant and exported names."""

    parts: list[str] = field(default_factory=list)
    names: dict[Path, str] = field(default_factory=dict)
    exports: dict[Path, set[str]] = field(default_factory=dict)
    loading: list[Path] = field(default_factory=list)


def bundle_module(entry: Path) -> str:
    """``entry`` with its relative imports inlined, compacted."""
    bundle = _Bundle()
    path = entry.resolve()
    bundle.loading.append(path)
    bundle.parts.append(_resolve_imports(path, path.read_text(encoding="utf-8"), bundle))
    return compact("\n".join(bundle.parts))


def _where(path: Path, source: str, at: int) -> str:
    return f"{path}:{source.count(chr(10), 0, at) + 1}"


def _specifiers(names: str, path: Path, source: str, at: int) -> list[tuple[str, str]]:
    """``a, b as c`` as [(a, a), (b, c)]: (the name exported, the local name)."""
    pairs = []
    for raw in names.split(","):
        text = " ".join(raw.split())
        if not text:
            continue
        match = _SPECIFIER.fullmatch(text)
        if match is None:
            msg = f"{_where(path, source, at)}: cannot bundle the name list entry {text!r}"
            raise WorkbookError(msg)
        pairs.append((match.group(1), match.group(2) or match.group(1)))
    return pairs


def _resolve_imports(path: Path, source: str, bundle: _Bundle) -> str:
    """``source`` with each import replaced by a destructuring of the imported
    file's constant (inlining that file first when it is new)."""
    body: list[str] = []
    position = 0
    for start in _IMPORT_START.finditer(source):
        if start.start() < position:
            continue
        match = _IMPORT.match(source, start.start())
        if match is None:
            line = source[start.start() :].split("\n", 1)[0]
            msg = f'{_where(path, source, start.start())}: only `import {{ names }} from "./file.js";` can be bundled, got: {line}'
            raise WorkbookError(msg)
        target = (path.parent / match.group(2)).resolve()
        module = _inline(target, bundle, f"{_where(path, source, start.start())}")
        pairs = _specifiers(match.group(1), path, source, start.start())
        missing = [name for name, _ in pairs if name not in bundle.exports[target]]
        if missing:
            msg = f"{_where(path, source, start.start())}: {match.group(2)} does not export {', '.join(missing)}"
            raise WorkbookError(msg)
        wanted = ", ".join(name if name == local else f"{name}: {local}" for name, local in pairs)
        body.append(source[position : start.start()])
        body.append(f"const {{ {wanted} }} = {module};")
        position = match.end()
    body.append(source[position:])
    return "".join(body)


def _inline(path: Path, bundle: _Bundle, importer: str) -> str:
    """The constant that holds ``path``'s exports, inlining the file once."""
    if path in bundle.loading:
        cycle = " -> ".join(p.name for p in [*bundle.loading[bundle.loading.index(path) :], path])
        msg = f"{importer}: import cycle ({cycle}) cannot be bundled"
        raise WorkbookError(msg)
    if path in bundle.names:
        return bundle.names[path]
    bundle.loading.append(path)
    source = path.read_text(encoding="utf-8")
    body, exports = _take_exports(path, source)
    body = _resolve_imports(path, body, bundle)
    bundle.loading.pop()
    name = f"__bundled_{len(bundle.names)}_{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}"
    bundle.names[path] = name
    bundle.exports[path] = {exported for _, exported in exports}
    returned = ", ".join(local if local == exported else f"{exported}: {local}" for local, exported in exports)
    bundle.parts.append(f"const {name} = (() => {{\n{body}\nreturn {{ {returned} }};\n}})();")
    return name


def _take_exports(path: Path, source: str) -> tuple[str, list[tuple[str, str]]]:
    """``source`` without its ``export`` keywords and export lists, and the
    names it exports as [(local name, exported name)]."""
    exports: list[tuple[str, str]] = []
    body: list[str] = []
    position = 0
    for start in _EXPORT_START.finditer(source):
        at = start.start()
        declaration = _EXPORT_DECLARATION.match(source, at)
        listed = _EXPORT_LIST.match(source, at)
        body.append(source[position:at])
        if declaration is not None:
            exports.append((declaration.group(1), declaration.group(1)))
            position = declaration.end()
        elif listed is not None:
            exports.extend(_specifiers(listed.group(1), path, source, at))
            position = listed.end()
        else:
            line = source[at:].split("\n", 1)[0]
            msg = (
                f"{_where(path, source, at)}: an imported file can only have `export function`, `export class`, "
                f"`export const name` or `export {{ names }}`, got: {line}"
            )
            raise WorkbookError(msg)
    body.append(source[position:])
    return "".join(body), exports
