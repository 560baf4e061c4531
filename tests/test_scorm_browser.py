"""The SCORM packages in an LMS: each package, unzipped and served on
localhost, is launched in a frame of a host page that provides the LMS's API
with scorm-again (the run-time LMS vendors embed), with no commit URL, so
nothing is sent anywhere. A learner opens a module, moves to one of its
pages, answers an exercise, and leaves; the LMS must hold the module's status
and score, and a relaunch in a fresh browser (empty storage) from the LMS's
data must bring the answer back."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from scripts.printing import served
from tests.book_pages import HTML, embedded_items, item
from tests.conftest import ROOT, OfflineContext
from tests.test_book_browser import statement_group
from tests.test_content_policy_browser import META, watch
from tests.test_marks_browser import axe_problems
from tests.test_progress_browser import bank_of, single_choice_on
from tests.test_scorm import check_package
from workbook.course_map import COURSE_SCRIPT, read_course_script
from workbook.scorm import PACKAGE_NAMES, Version, write_scorm_packages

pytestmark = pytest.mark.browser

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
MODULE = "questioning"
# What the LMS's run-time holds, read from the host page, per standard.
CMI = {
    "1.2": {
        "api": "API",
        "status": "API.cmi.core.lesson_status",
        "raw": "API.cmi.core.score.raw",
        "suspend": "API.cmi.core.suspend_data",
    },
    "2004": {
        "api": "API_1484_11",
        "status": "API_1484_11.cmi.completion_status",
        "raw": "API_1484_11.cmi.score.raw",
        "suspend": "API_1484_11.cmi.suspend_data",
    },
}
LIMIT = {"1.2": 4096, "2004": 64000}
HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A test LMS</title>
<script src="scorm-again.min.js"></script></head>
<body><main><h1>A test LMS</h1></main></body></html>
"""
# Makes the LMS's API (loaded with the data of an earlier session, if any)
# and launches the SCO in a frame, as an LMS's player does.
LAUNCH = """([version, cmi, url]) => {
  const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
  const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (cmi) api.loadFromJSON(cmi);
  window[version === "1.2" ? "API" : "API_1484_11"] = api;
  const frame = document.createElement("iframe");
  frame.id = "sco";
  frame.title = "The module";
  frame.style.width = "1200px";
  frame.style.height = "800px";
  frame.src = url;
  document.body.append(frame);
}"""


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Both packages of the built book, each unzipped beside a host page, served on localhost."""
    if not (HTML / "_static" / COURSE_SCRIPT).is_file():
        pytest.fail(f"{HTML} has no built book: run `make book` (make test does) first")
    folder = tmp_path_factory.mktemp("lms")
    write_scorm_packages(ROOT, out_dir=folder / "zips")
    for version, name in PACKAGE_NAMES.items():
        with zipfile.ZipFile(folder / "zips" / name) as archive:
            archive.extractall(folder / version)
    (folder / "host.html").write_text(HOST, encoding="utf-8")
    shutil.copy(SCORM_AGAIN, folder / "scorm-again.min.js")
    with served(folder) as origin:
        yield origin, folder


def module_manifest() -> dict[str, Any]:
    course = read_course_script((HTML / "_static" / COURSE_SCRIPT).read_text(encoding="utf-8"))
    return next(m for m in course["modules"] if m["bank"] == MODULE)


def launch(ctx: OfflineContext, version: Version, cmi: Any = None, seed: dict[str, Any] | None = None) -> Page:
    """The host page with the module launched in its frame; ``seed`` is put in the browser's storage first."""
    page = ctx.context.new_page()
    page.on("pageerror", lambda exc: ctx.errors.append(str(exc)))
    page.goto(f"{ctx.origin}/host.html")
    if seed:
        page.evaluate("s => Object.entries(s).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", seed)
    start = module_manifest()["start"]
    page.evaluate(LAUNCH, [version, cmi, f"{version}/{start}.html"])
    return page


def sco(page: Page) -> Frame:
    handle = page.locator("iframe#sco").element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    frame.wait_for_load_state("load")
    return frame


def follow_link(frame: Frame, path: str) -> None:
    """Follow the page's own link to ``path`` inside the frame, as a learner clicking it does."""
    name = path.rsplit("/", 1)[-1]
    frame.locator(f'a[href$="{name}"]').first.evaluate("a => a.click()")
    frame.wait_for_url(f"**/{path}")
    frame.wait_for_load_state("load")


def answer_partly(frame: Frame, item_id: str) -> float:
    """Classify the first statement of ``item_id`` right and the others wrong; the credit it earns."""
    data = item(item_id)
    labels = {c["id"]: c["label"] for c in data["categories"]}
    root = frame.locator(f'[data-exercise-id="{item_id}"]')
    for index, statement in enumerate(data["statements"]):
        chosen = statement["category"] if index == 0 else next(c for c in labels if c != statement["category"])
        statement_group(root, statement).get_by_label(labels[chosen], exact=True).check()
    root.get_by_role("button", name="Check", exact=True).click()
    expect(root).to_have_attribute("data-verdict", "partly")
    return 1 / len(data["statements"])


def lms_value(page: Page, version: Version, key: str) -> Any:
    return page.evaluate(f"() => {CMI[version][key]}")


def wait_for_status(page: Page, version: Version, status: str) -> None:
    page.wait_for_function(f"s => {CMI[version]['status']} === s", arg=status, timeout=10_000)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_module_reports_to_the_lms_and_resumes_from_it(
    browser: Browser, lms: tuple[str, Path], version: Version
) -> None:
    origin, served = lms
    check_package(served / "zips" / PACKAGE_NAMES[version], version)
    with zipfile.ZipFile(served / "zips" / PACKAGE_NAMES[version]) as archive:
        pages = [n for n in archive.namelist() if n.endswith(".html") and not n.startswith("_static/")]
        unguarded = [n for n in pages if not META.search(archive.read(n).decode("utf-8"))]
    assert len(pages) > 40
    assert unguarded == [], "pages in the package without the book's Content-Security-Policy"
    module = module_manifest()
    total = len(module["items"])
    path, item_id = single_choice_on(MODULE)
    right = next(o["text"] for o in item(item_id)["options"] if o["correct"])
    partly_id = next(i for i in embedded_items()[path] if item(i)["type"] == "classify" and bank_of(i) == MODULE)

    # First launch: the overview page opens the session; the learner moves on and answers one exercise.
    first = OfflineContext(browser, origin)
    violations = watch(first.context)
    page = launch(first, version)
    frame = sco(page)
    wait_for_status(page, version, "incomplete")
    follow_link(frame, path)
    exercise = frame.locator(f'[data-exercise-id="{item_id}"]')
    exercise.get_by_label(right, exact=True).check()
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise).to_have_attribute("data-verdict", "right")
    page.wait_for_function(f"r => Number({CMI[version]['raw']}) === r", arg=round(100 / total, 2), timeout=5_000)
    credit = 1 + answer_partly(frame, partly_id)  # partial credit counts as the exercise gave it
    page.wait_for_function(f"r => Number({CMI[version]['raw']}) === r", arg=round(credit / total * 100, 2))
    assert lms_value(page, version, "status") == "incomplete"
    if version == "2004":
        assert float(page.evaluate("() => API_1484_11.cmi.score.scaled")) == pytest.approx(credit / total, abs=1e-4)
    page.evaluate("() => document.getElementById('sco').remove()")  # the learner leaves: the SCO ends
    page.wait_for_function(f"() => {CMI[version]['api']}.isTerminated()", timeout=5_000)
    cmi = page.evaluate(f"() => JSON.parse(JSON.stringify({CMI[version]['api']}.cmi))")
    assert (cmi["core"] if version == "1.2" else cmi)["exit"] == "suspend"  # write-only in the API: read from its data
    first.context.close()
    assert first.outside == []
    assert first.errors == []
    assert violations == [], "the policy refused something the module needs in the LMS"

    # Relaunch in a fresh browser whose storage holds the module's other answers (one partly right);
    # under SCORM 1.2 they are too long for its suspend data.
    text = "x" * (600 if version == "1.2" else 60)
    key = f"alw:{MODULE}@{module['version']}:"
    others = [i for i, _ in module["items"] if i not in (item_id, partly_id)]
    seed = {
        f"{key}{other}": {"answer": {"text": text}, "saved": "2026-01-01T00:00:00Z", "verdict": "right", "score": 1}
        for other in others
    }
    seed[f"{key}{others[0]}"].update(verdict="partly", score=0.5)
    second = OfflineContext(browser, origin)
    violations = watch(second.context)
    page = launch(second, version, cmi, seed)
    frame = sco(page)
    wait_for_status(page, version, "completed")
    expected = (credit + len(others) - 0.5) / total * 100
    assert float(lms_value(page, version, "raw")) == pytest.approx(expected, abs=0.01)
    suspend = lms_value(page, version, "suspend")
    assert len(suspend) <= LIMIT[version]
    assert item_id in json.loads(suspend)["a"]  # the short answer is kept, the longest ones dropped first
    notice = frame.locator(".alw-scorm-notice")
    if version == "1.2":
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("All of them stay saved in this browser")
        assert axe_problems(frame) == []  # the notice passes axe in the frame
    else:
        expect(notice).to_have_count(0)
    follow_link(frame, path)
    exercise = frame.locator(f'[data-exercise-id="{item_id}"]')
    expect(exercise).to_have_attribute("data-verdict", "right")
    expect(exercise.get_by_label(right, exact=True)).to_be_checked()
    expect(frame.locator(f'[data-exercise-id="{partly_id}"]')).to_have_attribute("data-verdict", "partly")
    second.context.close()
    assert second.outside == []
    assert second.errors == []
    assert violations == []


def test_outside_an_lms_the_book_opens_no_session(browser: Browser, lms: tuple[str, Path]) -> None:
    origin, _ = lms
    ctx = OfflineContext(browser, origin)
    page = ctx.page(f"2004/{module_manifest()['start']}.html")
    assert page.evaluate("() => sessionStorage.getItem('alw-scorm')") is None
    assert page.locator(".alw-scorm-notice").count() == 0
    ctx.context.close()
    assert ctx.errors == []
