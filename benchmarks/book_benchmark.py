"""Measure the book: clean build, one-page rebuild, exercise page weight and
click-to-feedback time, against the html-manager route in the same run.

Run with `make bench` (needs the set-up that `make test` does). The book is
built in a temporary copy, so the working tree is not touched.
`benchmarks/book_benchmark.py --html _build/html` measures only the widget
script of a book already built (no build, no npm), for before/after figures.

The widget script a learner downloads is measured for the busiest exercise
page (the most exercises; the largest widget state among equals): as the first
page of a visit (its embedded widget state and every widget script it loads)
and as the second, after another exercise page (its embedded state and only the
widget script the server had to send again: a 304 or a cache hit sends none).

The html-manager comparison fetches the packages that route needs from the
npm registry into a temporary folder (require.js, @jupyter-widgets/html-manager,
anywidget) and adds up the files that route loads on an exercise page, so both
figures come from real files in the same run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from workbook._bundle import bundle_module

ROOT = Path(__file__).resolve().parent.parent
JB = ROOT / ".venv" / "bin" / "jupyter-book"
COPY = ["_config.yml", "_toc.yml", "book", "notebooks", "exercises"]
PAGE = "book/questioning/leading-stacked-why.html"
STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
HTML_MANAGER_FILES = {
    "requirejs@2.3.8": ["require.js"],
    "@jupyter-widgets/html-manager@1.0.15": ["dist/embed-amd.js"],
    "anywidget@0.11.0": ["dist/index.js"],
}


def build(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JB), "build", ".", "-nW", "--keep-going", "-q"], cwd=folder, check=True, capture_output=True)
    return time.perf_counter() - start


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _CountingHandler(_QuietHandler):
    """Records each path served with the number of body bytes sent (none for a 304)."""

    sent: list[tuple[str, int]]

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.sent.append((self.path.split("?")[0], len(data)))
        outputfile.write(data)


def embedded_state(page: Path) -> str:
    match = STATE.search(page.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def busiest_exercise_page(site: Path) -> str:
    """The page with the most exercises, the largest widget state among equals."""
    ranked = []
    for page in site.rglob("*.html"):
        state = embedded_state(page)
        if state:
            items = sum("item" in m["state"] for m in json.loads(state)["state"].values())
            ranked.append((items, len(state.encode("utf-8")), page.relative_to(site).as_posix()))
    return max(ranked)[2]


def is_widget_script(path: str) -> bool:
    return path.endswith("/widget-loader.js") or "/widget-assets/" in path


def measure_visit(site: Path, first: str = PAGE) -> dict[str, Any]:
    """Widget script bytes for the busiest exercise page, opened first in a
    visit and opened after ``first`` (another exercise page)."""
    busiest = busiest_exercise_page(site)
    state_bytes = len(embedded_state(site / busiest).encode("utf-8"))
    sent: list[tuple[str, int]] = []
    handler = functools.partial(type("H", (_CountingHandler,), {"sent": sent}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    loaded: dict[str, int] = {}
    with sync_playwright() as pw:
        # Outside hosts are blocked by the resolver, not page.route: Playwright
        # turns the HTTP cache off while requests are intercepted.
        offline = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", offline]
        )
        for visit in ([busiest], [first, busiest]):
            context = browser.new_context()  # an empty cache for each visit
            page = context.new_page()
            for path in visit:
                sent.clear()
                page.goto(f"{origin}/{path}")
                page.locator("[data-exercise-id]").first.wait_for()
                page.wait_for_load_state("networkidle")
            loaded["first" if len(visit) == 1 else "second"] = sum(n for p, n in sent if is_widget_script(p))
            context.close()
        browser.close()
    server.shutdown()
    server.server_close()
    return {
        "busiest_exercise_page": busiest,
        "embedded_state_bytes": state_bytes,
        "first_page_script_bytes": state_bytes + loaded["first"],
        "second_page_script_bytes": state_bytes + loaded["second"],
    }


def print_visit(site: Path) -> None:
    visit = measure_visit(site)
    print(f"busiest_exercise_page={visit['busiest_exercise_page']}")
    print(f"embedded_state_kb={visit['embedded_state_bytes'] / 1000:.1f}")
    print(f"first_page_script_kb={visit['first_page_script_bytes'] / 1000:.1f}")
    print(f"second_page_script_kb={visit['second_page_script_bytes'] / 1000:.1f}")


def measure_page(site: Path) -> dict[str, float]:
    server, origin = serve(site)
    sizes: dict[str, tuple[str, int]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
        page.on("response", lambda r: sizes.__setitem__(r.url, (r.request.resource_type, len(r.body()))))
        page.goto(f"{origin}/{PAGE}")
        root = page.locator("[data-exercise-id]").first
        root.wait_for()
        exercise_script = sum(size for url, (_, size) in sizes.items() if "widget-loader" in url)
        # The exercise module as pages carry it: exercise.js and every file it imports, bundled.
        exercise_script += len(bundle_module(ROOT / "src/workbook/exercises/exercise.js").encode())
        timings = []
        for _ in range(20):
            root.locator("input").first.check()
            timings.append(
                page.evaluate(
                    """el => new Promise(done => {
                        const fb = el.querySelector('.alw-feedback');
                        fb.replaceChildren();
                        const t0 = performance.now();
                        new MutationObserver((_, obs) => { obs.disconnect(); done(performance.now() - t0); })
                          .observe(fb, {childList: true});
                        el.querySelector('.alw-check').click();
                    })""",
                    root.element_handle(),
                )
            )
        browser.close()
    server.shutdown()
    scripts = sum(size for kind, size in sizes.values() if kind == "script")
    return {
        "page_bytes": sum(size for _, size in sizes.values()),
        "script_bytes": scripts,
        "exercise_script_bytes": exercise_script,
        "click_to_feedback_ms_median": sorted(timings)[len(timings) // 2],
    }


def html_manager_bytes(work: Path) -> int:
    total = 0
    for spec, files in HTML_MANAGER_FILES.items():
        folder = work / spec.replace("/", "_")
        folder.mkdir()
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=folder, check=True, capture_output=True)
        tarball = next(folder.glob("*.tgz"))
        shutil.unpack_archive(tarball, folder)
        total += sum((folder / "package" / f).stat().st_size for f in files)
        total += sum(p.stat().st_size for p in (folder / "package" / "dist").glob("*.woff2"))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="measure only the widget script of this built book")
    args = parser.parse_args()
    if args.html:
        print_visit(args.html)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "book-copy"
        book.mkdir()
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, book / name)
        clean = build(book)
        welcome = book / "book" / "welcome.md"
        welcome.write_text(welcome.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        rebuild = build(book)
        ours = measure_page(book / "_build" / "html")
        print_visit(book / "_build" / "html")
        manager = html_manager_bytes(work)
        theme_scripts = ours["script_bytes"] - ours["exercise_script_bytes"]
    print(f"clean_build_seconds={clean:.1f}")
    print(f"rebuild_one_page_seconds={rebuild:.1f}")
    print(f"exercise_page={PAGE}")
    print(f"page_bytes={ours['page_bytes']:.0f}")
    print(f"script_bytes={ours['script_bytes']:.0f}")
    print(f"exercise_script_bytes_ours={ours['exercise_script_bytes']:.0f}")
    print(f"exercise_script_bytes_html_manager={manager}")
    print(f"page_bytes_html_manager_estimate={theme_scripts + manager + ours['page_bytes'] - ours['script_bytes']:.0f}")
    print(f"click_to_feedback_ms_median={ours['click_to_feedback_ms_median']:.1f}")
    print(json.dumps({"script_ratio_html_manager_vs_ours": round(manager / ours["exercise_script_bytes"], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
