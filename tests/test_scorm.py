"""The SCORM packages' manifests and zips, made from a small built book in a
temporary folder (the real book's packages are checked the same way in
tests/test_scorm_browser.py, after make book)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from workbook.cli import main
from workbook.course_map import COURSE_SCRIPT, course_script
from workbook.scorm import NAMESPACES, PACKAGE_NAMES, ScormError, Version, write_scorm_packages

TOC = {
    "format": "jb-book",
    "root": "book/welcome",
    "parts": [
        {"caption": "Course", "chapters": [{"file": "book/progress"}]},
        {
            "caption": "Skills",
            "chapters": [
                {"file": "book/q/index", "sections": [{"file": "book/q/one"}]},
                {"file": "book/tools/index", "sections": [{"file": "book/tools/log"}]},
            ],
        },
        {"caption": "Reference", "chapters": [{"file": "book/glossary.md"}]},
    ],
}
COURSE = {
    "pages": [["book/q/one", "One"]],
    "modules": [
        {
            "bank": "questioning",
            "version": 2,
            "title": "Questioning",
            "start": "book/q/index",
            "graded": None,
            "items": [["q_a", 0]],
        }
    ],
}
PAGES = {
    "book/welcome": "Welcome",
    "book/progress": "My progress",
    "book/q/index": "Questioning",
    "book/q/one": "One",
    "book/tools/index": "Tools for your set",
    "book/tools/log": "Action log",
    "book/glossary": "Glossary &amp; terms",
}


def make_book(root: Path, *, pages: dict[str, str] = PAGES) -> Path:
    (root / "_toc.yml").write_text(yaml.safe_dump(TOC), encoding="utf-8")
    (root / "_config.yml").write_text("title: A Workbook\n", encoding="utf-8")
    html = root / "_build" / "html"
    for name, title in pages.items():
        page = html / f"{name}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<html><head><title>{title} — A Workbook</title></head></html>", encoding="utf-8")
    (html / "_static").mkdir()
    (html / "_static" / "alw-course.js").write_text(course_script(COURSE), encoding="utf-8")
    (html / "_static" / "font file.woff2").write_bytes(b"\0")
    (html / ".buildinfo").write_text("sphinx", encoding="utf-8")
    return root


def check_package(path: Path, version: Version) -> ET.Element:
    """The package's manifest, once it is shown to parse in the standard's
    namespaces, to name only files the zip holds and to list every file of it
    in the book's shared resource, each item's launch page among them."""
    ns = NAMESPACES[version]
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{{{ns['']}}}manifest"
    default = {"m": ns[""], "adlcp": ns["adlcp"]}
    version_text = manifest.findtext("m:metadata/m:schemaversion", namespaces=default)
    assert version_text == {"1.2": "1.2", "2004": "2004 4th Edition"}[version]
    resources = {r.get("identifier"): r for r in manifest.iterfind("m:resources/m:resource", default)}
    referenced = {f.get("href") for f in manifest.iterfind("m:resources/m:resource/m:file", default)}
    assert referenced <= names, f"named in the manifest but not in the zip: {sorted(referenced - names)[:5]}"
    shared = {f.get("href") for f in resources["alw-book"].iterfind("m:file", default)}
    assert shared == names - {"imsmanifest.xml"}
    scorm_type = f"{{{ns['adlcp']}}}{'scormtype' if version == '1.2' else 'scormType'}"
    for item in manifest.iterfind("m:organizations/m:organization/m:item", default):
        resource = resources[item.get("identifierref")]
        assert resource.get("href") in names
        assert resource.get(scorm_type) in {"sco", "asset"}
        assert resource.find("m:dependency", default).get("identifierref") == "alw-book"  # type: ignore[union-attr]
    return manifest


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_each_module_is_a_sco_and_every_other_chapter_an_asset(tmp_path: Path, version: Version) -> None:
    written = write_scorm_packages(make_book(tmp_path))
    assert [p.name for p in written] == list(PACKAGE_NAMES.values())
    manifest = check_package(tmp_path / "_build" / "scorm" / PACKAGE_NAMES[version], version)
    ns = {"m": NAMESPACES[version][""]}
    scorm_type = f"{{{NAMESPACES[version]['adlcp']}}}{'scormtype' if version == '1.2' else 'scormType'}"
    resources = {r.get("identifier"): r for r in manifest.iterfind("m:resources/m:resource", ns)}
    items = [
        (i.findtext("m:title", namespaces=ns), resources[i.get("identifierref")].get(scorm_type))
        for i in manifest.iterfind("m:organizations/m:organization/m:item", ns)
    ]
    assert items == [
        ("My progress", "asset"),
        ("Questioning", "sco"),
        ("Tools for your set", "asset"),
        ("Glossary & terms", "asset"),
    ]
    assert resources["sco-questioning"].get("href") == "book/q/index.html"
    assert manifest.findtext("m:organizations/m:organization/m:title", namespaces=ns) == "A Workbook"


def test_the_zip_is_the_whole_book_without_build_records(tmp_path: Path) -> None:
    (path, _) = write_scorm_packages(make_book(tmp_path))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert "_static/font file.woff2" in names
    assert "book/tools/log.html" in names
    assert ".buildinfo" not in names


def test_the_same_book_makes_the_same_package(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write_scorm_packages(make_book(tmp_path))]
    second = [p.read_bytes() for p in write_scorm_packages(tmp_path)]
    assert first == second


def test_a_book_not_built_is_named(tmp_path: Path) -> None:
    book = make_book(tmp_path)
    (book / "_build" / "html" / "_static" / "alw-course.js").unlink()
    with pytest.raises(ScormError, match=r"_static/alw-course\.js is missing: build the book first"):
        write_scorm_packages(book)


def test_a_chapter_missing_from_the_built_book_is_named(tmp_path: Path) -> None:
    book = make_book(tmp_path, pages={k: v for k, v in PAGES.items() if k != "book/tools/index"})
    with pytest.raises(ScormError, match=r"tools/index\.html: the page _toc\.yml names for 'book/tools/index'"):
        write_scorm_packages(book)


def test_the_command_writes_both_packages_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scorm", str(make_book(tmp_path)), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert f"{tmp_path / 'out' / PACKAGE_NAMES['1.2']} (" in printed
    assert (tmp_path / "out" / PACKAGE_NAMES["2004"]).is_file()


def test_the_command_names_a_book_not_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = make_book(tmp_path)
    (book / "_build" / "html" / "_static" / "alw-course.js").unlink()
    assert main(["scorm", str(book)]) == 1
    assert "error:" in capsys.readouterr().err


def test_the_adapter_reads_answers_as_the_exercises_store_them() -> None:
    """book/assets/scorm.js is a classic script, so it repeats two names from
    the exercise module (runtime.js): they must stay the same."""
    root = Path(__file__).resolve().parent.parent
    runtime = (root / "src" / "workbook" / "exercises" / "runtime.js").read_text(encoding="utf-8")
    adapter = (root / "book" / "assets" / "scorm.js").read_text(encoding="utf-8")
    for name in ("STORE_PREFIX", "ANSWERS_CHANGED"):
        values = [re.findall(rf'\b{name} = "([^"]*)"', text) for text in (adapter, runtime)]
        assert len(values[0]) == 1, name
        assert values[0] == values[1], name
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    scripts = config["sphinx"]["config"]["html_js_files"]
    assert scripts.index(COURSE_SCRIPT) < scripts.index("scorm.js")  # the manifest is there when the adapter runs
