"""The built book as SCORM 1.2 and SCORM 2004 (4th edition) packages.

A package is the whole built book (``_build/html``), so it works offline in
the LMS, with an ``imsmanifest.xml`` at the root of the zip that names:

- one SCO per module with a bank (the course manifest's modules, in
  ``_static/alw-course.js``), launching the module's overview page; in the LMS
  the book's SCORM adapter (``book/assets/scorm.js``) reports the module's
  completion and score and keeps the learner's answers;
- every other chapter of ``_toc.yml`` (the tools, My progress, the practice
  pages, the glossary and references) as a non-scored asset;
- one shared asset resource listing every file of the book, on which each
  item's resource depends.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree as ET

import yaml

from workbook._errors import ScormError
from workbook.course_map import COURSE_SCRIPT, read_course_script

__all__ = [
    "NAMESPACES",
    "PACKAGE_NAMES",
    "Launch",
    "Version",
    "launches",
    "manifest_xml",
    "write_scorm_packages",
]

Version = Literal["1.2", "2004"]

# The namespaces each standard's manifest is written in (default namespace first).
NAMESPACES: dict[Version, dict[str, str]] = {
    "1.2": {
        "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    },
    "2004": {
        "": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
    },
}
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_FILES: dict[Version, dict[str, str]] = {
    "1.2": {"": "imscp_rootv1p1p2.xsd", "adlcp": "adlcp_rootv1p2.xsd"},
    "2004": {
        "": "imscp_v1p1.xsd",
        "adlcp": "adlcp_v1p3.xsd",
        "adlseq": "adlseq_v1p3.xsd",
        "adlnav": "adlnav_v1p3.xsd",
        "imsss": "imsss_v1p0.xsd",
    },
}
_SCHEMA_VERSION: dict[Version, str] = {"1.2": "1.2", "2004": "2004 4th Edition"}
# The attribute naming a resource's SCORM type: lower-case t in 1.2, upper-case in 2004.
_SCORM_TYPE: dict[Version, str] = {"1.2": "scormtype", "2004": "scormType"}
PACKAGE_NAMES: dict[Version, str] = {
    "1.2": "action-learning-workbook-scorm12.zip",
    "2004": "action-learning-workbook-scorm2004.zip",
}
_BOOK_RESOURCE = "alw-book"
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # every entry's time, so the same book makes the same zip


@dataclass(frozen=True)
class Launch:
    """An item of the package: its identifier, title, launch page (relative to the book) and whether it is a SCO."""

    identifier: str
    title: str
    href: str
    sco: bool


def _identifier(prefix: str, name: str) -> str:
    """An XML ID (an NCName) for a page name such as ``book/tools/index``."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def _page_title(page: Path) -> str:
    match = _TITLE.search(page.read_text(encoding="utf-8"))
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""
    return text.split(" — ")[0].strip() or page.stem


def launches(toc: Mapping[str, Any], course: Mapping[str, Any], html_dir: Path) -> list[Launch]:
    """The package's items in table-of-contents order: a SCO for each module of
    the course manifest, an asset for every other chapter."""
    scored = {m["start"]: m for m in course["modules"]}
    found: list[Launch] = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            name = str(chapter["file"]).removesuffix(".md").removesuffix(".ipynb")
            href = f"{name}.html"
            page = html_dir / href
            if not page.is_file():
                raise ScormError(f"{page}: the page _toc.yml names for {name!r} is not in the built book")
            module = scored.get(name)
            if module is not None:
                found.append(Launch(_identifier("sco", module["bank"]), module["title"], href, sco=True))
            else:
                found.append(Launch(_identifier("page", name), _page_title(page), href, sco=False))
    missing = sorted(set(scored) - {launch.href.removesuffix(".html") for launch in found})
    if missing:
        raise ScormError(f"{html_dir / '_static' / COURSE_SCRIPT}: modules not in _toc.yml: {', '.join(missing)}")
    return found


def manifest_xml(*, version: Version, title: str, items: Sequence[Launch], files: Sequence[str]) -> bytes:
    """The ``imsmanifest.xml`` of a package of the given SCORM ``version``."""
    ns = NAMESPACES[version]
    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)
    ET.register_namespace("xsi", _XSI)

    def tag(name: str, prefix: str = "") -> str:
        return f"{{{ns[prefix]}}}{name}"

    locations = " ".join(f"{ns[p]} {_SCHEMA_FILES[version][p]}" for p in ns)
    root = ET.Element(
        tag("manifest"),
        {"identifier": "action-learning-workbook", "version": "1", f"{{{_XSI}}}schemaLocation": locations},
    )
    metadata = ET.SubElement(root, tag("metadata"))
    ET.SubElement(metadata, tag("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, tag("schemaversion")).text = _SCHEMA_VERSION[version]
    organizations = ET.SubElement(root, tag("organizations"), {"default": "alw-course"})
    organization = ET.SubElement(organizations, tag("organization"), {"identifier": "alw-course"})
    ET.SubElement(organization, tag("title")).text = title
    for launch in items:
        item = ET.SubElement(
            organization,
            tag("item"),
            {"identifier": f"item-{launch.identifier}", "identifierref": launch.identifier, "isvisible": "true"},
        )
        ET.SubElement(item, tag("title")).text = launch.title
    resources = ET.SubElement(root, tag("resources"))
    scorm_type = tag(_SCORM_TYPE[version], "adlcp")
    for launch in items:
        resource = ET.SubElement(
            resources,
            tag("resource"),
            {
                "identifier": launch.identifier,
                "type": "webcontent",
                scorm_type: "sco" if launch.sco else "asset",
                "href": launch.href,
            },
        )
        ET.SubElement(resource, tag("file"), {"href": launch.href})
        ET.SubElement(resource, tag("dependency"), {"identifierref": _BOOK_RESOURCE})
    book = ET.SubElement(
        resources, tag("resource"), {"identifier": _BOOK_RESOURCE, "type": "webcontent", scorm_type: "asset"}
    )
    for name in files:
        ET.SubElement(book, tag("file"), {"href": name})
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text


def _book_files(html_dir: Path) -> list[str]:
    """Every file of the built book (relative, with forward slashes), Sphinx's hidden build records left out."""
    return sorted(
        p.relative_to(html_dir).as_posix()
        for p in html_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(html_dir).parts)
    )


def _write_zip(path: Path, html_dir: Path, files: Sequence[str], manifest: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("imsmanifest.xml", manifest)] + [(name, (html_dir / name).read_bytes()) for name in files]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    partial.replace(path)


def write_scorm_packages(book_dir: Path, *, html_dir: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Write the SCORM 1.2 and 2004 packages of the book in ``book_dir`` (its
    ``_toc.yml`` and ``_config.yml``), built in ``html_dir`` (default
    ``_build/html``), into ``out_dir`` (default ``_build/scorm``); returns their paths."""
    html_dir = html_dir or book_dir / "_build" / "html"
    out_dir = out_dir or book_dir / "_build" / "scorm"
    script = html_dir / "_static" / COURSE_SCRIPT
    if not script.is_file():
        raise ScormError(f"{script} is missing: build the book first (make book)")
    try:
        course = read_course_script(script.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ScormError(f"{script}: {exc}") from exc
    toc = yaml.safe_load((book_dir / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((book_dir / "_config.yml").read_text(encoding="utf-8"))
    title = str(config.get("title") or "Action Learning Workbook")
    items = launches(toc, course, html_dir)
    files = _book_files(html_dir)
    written = []
    for version, name in PACKAGE_NAMES.items():
        manifest = manifest_xml(version=version, title=title, items=items, files=files)
        _write_zip(out_dir / name, html_dir, files, manifest)
        written.append(out_dir / name)
    return written
