"""Read YAML data files keeping line numbers, so errors can point at the place to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from workbook._errors import WorkbookError

__all__ = ["YamlSource", "format_path"]


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a key path as ``items[3].options[0].text``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


# libyaml's parser when PyYAML has it (about ten times faster: banks load in
# every kernel that shows or grades an exercise); the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSource:
    """A parsed YAML file: its data, plus the line of every key path."""

    def __init__(self, path: Path, error: type[WorkbookError]) -> None:
        self.path = path
        self._error = error
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"{path}: cannot read the file: {exc}"
            raise error(msg) from exc
        loader = _LOADER(text)
        try:
            # One parse: the node tree (for lines) and the data built from it.
            self.node = loader.get_single_node()
            self.data: Any = None if self.node is None else loader.construct_document(self.node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            msg = f"{path}{where}: not valid YAML: {problem}"
            raise error(msg) from exc
        finally:
            loader.dispose()
        if self.node is not None:
            self._check_duplicate_keys(self.node, ())

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
        item = f" {what} '{item_id}'" if item_id else ""
        return self._error(f"{where}:{item} {format_path(path)}: {problem}")

    def _check_duplicate_keys(self, node: yaml.Node, path: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if key.value in seen:
                    msg = f"{self.path}:{key.start_mark.line + 1}: {format_path((*path, key.value))}: duplicate key"
                    raise self._error(msg)
                seen.add(key.value)
                self._check_duplicate_keys(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._check_duplicate_keys(child, (*path, index))


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


def schema_problem(error: Any) -> str:
    """A JSON Schema ``ValidationError`` said plainly: the key or the counts, not the whole value."""
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
    return str(error.message)
