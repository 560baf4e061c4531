"""Minutes and exercises under each page's title, the course map and the progress manifest.

While each page is read, its words (prose only: no code, no widget output)
and the exercises it renders are counted. The exercises are found as the
reader will see them: each widget view the page embeds, looked up in the
page's widget state (an item of an exercise type, with its bank), so a page
that calls ``exercise()``, ``graded_practice()`` or a notebook's cells is
counted alike and nothing is typed by hand. ``workbook.course_map`` turns the
counts into minutes, modules and the progress page's manifest.

When each page is written:

- a content page (one in a module, or one with exercises) gets a line under
  its title, "About 12 minutes · 4 exercises", with a link to My progress;
- ``{start-here}`` (the welcome page) becomes a "Start here" link to the first
  module's first page, and ``{course-map}`` a list of the modules: their pages
  with links and minutes (the graded-practice page among them), total minutes
  and exercises;
- ``{course-progress}`` (the progress page) becomes the manifest, a JSON
  script element that the progress widget (``exercises/progress.js``) reads.

Once every page is read, the manifest's modules, with page names for URLs,
are written once per book as ``_static/alw-course.js``, which every page loads
for the SCORM adapter (``book/assets/scorm.js``); the SCORM packager reads it too.

Pages with either directive are rebuilt whenever any page changes, as their
content depends on every page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from workbook.course_map import (
    COURSE_SCRIPT,
    Exercise,
    Module,
    Page,
    course_script,
    facts_line,
    modules,
    progress_manifest,
)
from workbook.exercise_types import TYPES

MANIFEST_ID = "alw-course-manifest"  # exercises/progress.js reads the element with this id
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
_SKIP = (nodes.literal_block, nodes.raw, nodes.comment)


class course_map(nodes.General, nodes.Element):
    """Where the course map goes."""


class course_progress(nodes.General, nodes.Element):
    """Where the progress manifest goes."""


class start_here(nodes.General, nodes.Element):
    """Where the Start here link goes."""


def _counts(env: BuildEnvironment) -> dict[str, tuple[int, list[Exercise]]]:
    if not hasattr(env, "alw_course"):
        env.alw_course = {}  # type: ignore[attr-defined]
    return env.alw_course  # type: ignore[attr-defined, no-any-return]


def _uses(env: BuildEnvironment) -> dict[str, str]:
    """Page name -> the directive it uses ("map" or "progress")."""
    if not hasattr(env, "alw_course_uses"):
        env.alw_course_uses = {}  # type: ignore[attr-defined]
    return env.alw_course_uses  # type: ignore[attr-defined, no-any-return]


def _words(doctree: nodes.document) -> int:
    count = 0
    for text in doctree.findall(nodes.Text):
        parent = text.parent
        if any(isinstance(a, _SKIP) for a in _ancestors(parent)):
            continue
        count += len(text.astext().split())
    return count


def _ancestors(node: nodes.Node | None) -> list[nodes.Node]:
    found = []
    while node is not None:
        found.append(node)
        node = node.parent
    return found


def _exercises(env: BuildEnvironment, docname: str, doctree: nodes.document) -> list[Exercise]:
    """The exercises the page's widget views show, in page order."""
    _, state_script = NbMetadataCollector.get_js_files(env, docname).get("ipywidgets_state", (None, {}))
    if "body" not in state_script:
        return []
    state = json.loads(state_script["body"])["state"]
    found = []
    for raw in doctree.findall(nodes.raw):
        match = _VIEW.search(raw.astext())
        if not match:
            continue
        model = state.get(json.loads(match.group(1))["model_id"], {}).get("state", {})
        item = model.get("item") or {}
        if item.get("type") in TYPES:
            found.append(Exercise(item["id"], item["type"], model["bank"], model["bank_version"]))
    return found


def _read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    _counts(app.env)[docname] = (_words(doctree), _exercises(app.env, docname, doctree))
    if any(doctree.findall(course_progress)):
        _uses(app.env)[docname] = "progress"
    elif any(doctree.findall(course_map)) or any(doctree.findall(start_here)):
        _uses(app.env)[docname] = "map"


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _counts(env).pop(docname, None)
    _uses(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _counts(env).update({d: c for d, c in _counts(other).items() if d in docnames})
    _uses(env).update({d: u for d, u in _uses(other).items() if d in docnames})


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    return sorted(set(_uses(env)) - added - changed) if added | changed | removed else []


def _toc(app: Sphinx) -> dict[str, Any]:
    path = Path(app.srcdir) / app.config.external_toc_path
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _pages(env: BuildEnvironment) -> dict[str, Page]:
    return {
        d: Page(d, env.titles[d].astext() if d in env.titles else d, words, tuple(exercises))
        for d, (words, exercises) in _counts(env).items()
    }


def built_pages(env: BuildEnvironment) -> dict[str, Page]:
    """Every page read so far, with its title, words and the exercises it renders
    (for other extensions: the alignment table links the pages that practise an outcome)."""
    return _pages(env)


def _link(app: Sphinx, fromdoc: str, todoc: str, text: str) -> nodes.reference:
    return nodes.reference("", text, internal=True, refuri=app.builder.get_relative_uri(fromdoc, todoc))


def _facts(app: Sphinx, doctree: nodes.document, docname: str, page: Page, progress: str | None) -> None:
    section = next(doctree.findall(nodes.section), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    line = nodes.paragraph("", facts_line(page), classes=["alw-page-facts"])
    if progress and progress != docname:
        line += [nodes.Text(" · "), _link(app, docname, progress, "My progress")]
    section.insert(1, line)


def _module_item(app: Sphinx, docname: str, module: Module) -> nodes.list_item:
    count = f" · {module.exercises} exercise{'s' if module.exercises != 1 else ''}" if module.exercises else ""
    head = nodes.paragraph("", "", classes=["alw-map-module"])
    head += [
        nodes.strong("", "", _link(app, docname, module.pages[0].docname, module.title)),
        nodes.Text(f": about {module.minutes} minutes{count}"),
    ]
    pages = nodes.bullet_list(classes=["alw-map-pages"])
    for page in module.pages[1:]:
        minutes = f" ({page.minutes} min)"
        pages += nodes.list_item(
            "", nodes.paragraph("", "", _link(app, docname, page.docname, page.title), nodes.Text(minutes))
        )
    return nodes.list_item("", head, pages)


def _start(app: Sphinx, docname: str, found: list[Module]) -> nodes.paragraph:
    start = nodes.paragraph("", "", classes=["alw-start"])
    start += _link(app, docname, found[0].pages[0].docname, f"Start here: {found[0].title}")
    return start


def _map(app: Sphinx, docname: str, found: list[Module]) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["alw-course-map"])
    listing += [_module_item(app, docname, m) for m in found]
    return listing


def _progress_doc(env: BuildEnvironment) -> str | None:
    return next((d for d, use in sorted(_uses(env).items()) if use == "progress"), None)


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    pages = _pages(app.env)
    toc = _toc(app)
    found = modules(toc, pages)
    in_module = {p.docname for m in found for p in m.pages}
    page = pages.get(docname)
    if page and (docname in in_module or page.exercises):
        _facts(app, doctree, docname, page, _progress_doc(app.env))
    for node in list(doctree.findall(start_here)):
        node.replace_self(_start(app, docname, found))
    for node in list(doctree.findall(course_map)):
        node.replace_self(_map(app, docname, found))
    for node in list(doctree.findall(course_progress)):
        manifest = progress_manifest(toc, pages, lambda d: app.builder.get_relative_uri(docname, d))
        text = json.dumps(manifest, separators=(",", ":")).replace("</", "<\\/")
        node.replace_self(
            nodes.raw("", f'<script type="application/json" id="{MANIFEST_ID}">{text}</script>', format="html")
        )


def _write_course_script(app: Sphinx, env: BuildEnvironment) -> None:
    """The modules of the manifest once per book, page names for URLs, as
    _static/alw-course.js, written once every page is read and before any is
    written, so each page links it with its checksum (fresh after a rebuild)."""
    if app.builder.format != "html":
        return
    manifest = progress_manifest(_toc(app), _pages(env), lambda d: d)
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / COURSE_SCRIPT).write_text(course_script({"modules": manifest["modules"]}), encoding="utf-8")


class StartHere(Directive):
    """``{start-here}``: a link to the first module's first page."""

    def run(self) -> list[nodes.Node]:
        return [start_here()]


class CourseMap(Directive):
    """``{course-map}``: the map of the modules."""

    def run(self) -> list[nodes.Node]:
        return [course_map()]


class CourseProgress(Directive):
    """``{course-progress}``: the progress page's manifest."""

    def run(self) -> list[nodes.Node]:
        return [course_progress()]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(course_map)
    app.add_node(course_progress)
    app.add_node(start_here)
    app.add_directive("start-here", StartHere)
    app.add_directive("course-map", CourseMap)
    app.add_directive("course-progress", CourseProgress)
    app.add_css_file("course-map.css")
    app.connect("doctree-read", _read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolved)
    app.connect("env-updated", _write_course_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
