"""The HTML templates for feedback pages and reports (Jinja2, autoescaped:
learners' text is always shown as text)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

__all__ = ["render"]

_HERE = Path(__file__).parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: object) -> str:
    """Render ``template`` with the shared stylesheet available as ``style``."""
    style = (_HERE / "_style.css").read_text(encoding="utf-8")
    return _environment().get_template(template).render(style=style, **context)
