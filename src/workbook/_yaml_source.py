"""Read YAML data files keeping line numbers, so errors can point at the place to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from workbook._errors import WorkbookError

__all__ = ["YamlSource", "format_path", "load_checked", "schema_problem", "shorten"]


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a key path as ``items[3].options[0].text``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    if len(out) > 200:  # a path nested past any real file's: its start and end
        out = f"{out[:100]}…{out[-100:]}"
    return out or "(top level)"


def shorten(value: Any, limit: int = 200) -> str:
    """``repr(value)``, cut short when long: an error message quotes the value, not a whole file."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text):,} characters)"


def schema_problem(error: Any) -> str:
    """A JSON Schema error (``jsonschema.ValidationError``) in plain words, quoting at most a short value."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        return f"unknown key: {error.message.split('(')[-1].rstrip(')')}"
    if (error.validator == "pattern" and schema.get("pattern") == "\\S") or (
        error.validator == "minLength" and error.instance == ""
    ):
        return "must not be blank"
    if error.validator in ("maxItems", "minItems") and isinstance(error.instance, list):
        count = len(error.instance)
        bound = "at most" if error.validator == "maxItems" else "at least"
        need = "allowed" if error.validator == "maxItems" else "needed"
        return f"has {count} entr{'y' if count == 1 else 'ies'}; {bound} {error.validator_value} {need}"
    if error.validator in ("maxLength", "minLength") and isinstance(error.instance, str):
        bound = "at most" if error.validator == "maxLength" else "at least"
        need = "allowed" if error.validator == "maxLength" else "needed"
        return f"is {len(error.instance)} characters long; {bound} {error.validator_value} {need}"
    message = str(error.message)
    shown = repr(error.instance)
    return message.replace(shown, shorten(error.instance)) if len(shown) > 200 else message


# libyaml's parser when PyYAML has it (about ten times faster: banks load in
# every kernel that shows or grades an exercise); the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Limits on what a data file may make the loader build. The shipped files are
# far inside them (the largest bank is about 120 kB and 15,000 values); they stop
# a hostile or broken file from hanging or exhausting the process: aliases that
# expand exponentially ("billion laughs"), an alias inside itself, nesting deeper
# than any data here needs.
MAX_BYTES = 5_000_000
MAX_VALUES = 200_000  # values once every alias is expanded
MAX_DEPTH = 64
MAX_DIGITS = 100
MAX_TEXT = 20_000  # characters in one value; the longest shipped is under 1,000

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_NUMBERS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class YamlSource:
    """A parsed YAML file: its data, plus the line of every key path."""

    def __init__(self, path: Path, error: type[WorkbookError]) -> None:
        self.path = path
        self._error = error
        try:
            raw = path.read_bytes()
        except OSError as exc:
            msg = f"{path}: cannot read the file: {exc}"
            raise error(msg) from exc
        if len(raw) > MAX_BYTES:
            msg = f"{path}: the file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})"
            raise error(msg)
        try:
            text = raw.decode("utf-8-sig")  # a byte-order mark is dropped, not read as text
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            msg = f"{path}:{line}: cannot read the file: not UTF-8 text (byte {raw[exc.start]:#04x})"
            raise error(msg) from exc
        loader = _LOADER(text)
        try:
            # One parse: the node tree (for lines), checked before the data is built from it.
            self.node = loader.get_single_node()
            if self.node is None:
                msg = f"{path}:1: (top level): the file holds no data (it is empty or only comments)"
                raise error(msg)
            self._check_nodes(self.node)
            self.data: Any = loader.construct_document(self.node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            position = getattr(exc, "position", None)  # a reader error: a character YAML does not allow
            where = f":{mark.line + 1}" if mark is not None else ""
            if mark is None and isinstance(position, int):
                where = f":{_line_at(text, position)}"
            problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
            lines = text.splitlines()
            if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
                problem += " (a tab: indent with spaces)"
            msg = f"{path}{where}: not valid YAML: {problem}"
            raise error(msg) from exc
        except ValueError as exc:  # a number too long to convert, an impossible date
            msg = f"{path}: not valid YAML: {exc}"
            raise error(msg) from exc
        finally:
            loader.dispose()

    def _check_nodes(self, root: yaml.Node) -> None:
        """Before any data is built: no alias inside itself, no expansion past
        ``MAX_VALUES``, no nesting past ``MAX_DEPTH``, no merge keys (``<<``),
        keys that are text and appear once in their mapping. Iterative, so a
        hostile file cannot exhaust the stack; an aliased node is walked once."""
        sizes: dict[int, int] = {}  # id(node) -> values it expands to
        open_: set[int] = set()  # nodes whose children are being walked
        stack: list[tuple[yaml.Node, tuple[str | int, ...], bool]] = [(root, (), False)]
        while stack:
            node, path, done = stack.pop()
            key = id(node)
            if done:
                open_.discard(key)
                children = self._children(node)
                sizes[key] = 1 + sum(sizes[id(child)] for _, child in children)
                if sizes[key] > MAX_VALUES:
                    raise self._at(node, path, f"expands to more than {MAX_VALUES:,} values (aliases repeated?)")
                continue
            if key in sizes:
                continue
            if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_TEXT:
                raise self._at(node, path, f"a value of {len(node.value):,} characters (the limit is {MAX_TEXT:,})")
            if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBERS and len(node.value) > MAX_DIGITS:
                raise self._at(node, path, f"a number longer than {MAX_DIGITS} characters (quote it if it is text)")
            if key in open_:
                raise self._at(node, path, "an alias refers to a value that contains it")
            if len(path) > MAX_DEPTH:
                raise self._at(node, path, f"nested more than {MAX_DEPTH} levels deep")
            open_.add(key)
            stack.append((node, path, True))
            for part, child in reversed(self._children(node, path)):
                stack.append((child, (*path, part), False))

    def _children(
        self, node: yaml.Node, path: tuple[str | int, ...] | None = None
    ) -> list[tuple[str | int, yaml.Node]]:
        """A node's children with their key-path parts; with ``path``, the keys are checked too."""
        if isinstance(node, yaml.SequenceNode):
            return list(enumerate(node.value))
        if not isinstance(node, yaml.MappingNode):
            return []
        found: list[tuple[str | int, yaml.Node]] = []
        seen: set[str] = set()
        for key, value in node.value:
            if path is not None:
                if key.tag == _MERGE:
                    raise self._at(key, path, "merge keys (<<) are not supported: write the keys out")
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    shown = repr(key.value) if isinstance(key, yaml.ScalarNode) else f"a {key.id}"
                    raise self._at(key, path, f"a key must be text, not {shown} (quote it)")
                if key.value in seen:
                    raise self._at(key, (*path, key.value), "duplicate key")
                seen.add(key.value)
            found.append((key.value, value))
        return found

    def _at(self, node: yaml.Node, path: tuple[str | int, ...], problem: str) -> WorkbookError:
        return self._error(f"{self.path}:{node.start_mark.line + 1}: {format_path(path)}: {problem}")

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The 1-based line of the deepest node on ``path`` that exists."""
        node = self.node
        line = None if node is None else node.start_mark.line + 1
        for part in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node, line = child, child.start_mark.line + 1
        return line

    def fail(
        self, path: tuple[str | int, ...], problem: str, *, item_id: str | None = None, what: str = "item"
    ) -> WorkbookError:
        """Build (not raise) an error naming the file, line, item (or other ``what``) and key path."""
        line = self.line_of(path)
        where = f"{self.path}:{line}" if line else str(self.path)
        item = f" {what} {shorten(item_id, 80)}" if item_id else ""
        return self._error(f"{where}:{item} {format_path(path)}: {problem}")


def load_checked(path: Path, schema_path: Path, error: type[WorkbookError]) -> YamlSource:
    """Parse ``path`` and validate it against the JSON Schema at ``schema_path``;
    the first problem (in key order) is raised with its file, line and key path."""
    from workbook._jsonschema import jsonschema

    source = YamlSource(path, error)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(source.data), key=lambda e: list(map(str, e.path))
    )
    if errors:
        raise source.fail(tuple(errors[0].absolute_path), schema_problem(errors[0]))
    return source
