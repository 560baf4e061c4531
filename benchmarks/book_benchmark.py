"""Measure the book: clean build, one-page rebuild, exercise page weight and
click-to-feedback time, against the html-manager route in the same run.

Run with `make bench` (needs the set-up that `make test` does). The book is
built in a temporary copy, so the working tree is not touched.

The html-manager comparison fetches the packages that route needs from the
npm registry into a temporary folder (require.js, @jupyter-widgets/html-manager,
anywidget) and adds up the files that route loads on an exercise page, so both
figures come from real files in the same run.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from workbook._bundle import bundle_module

ROOT = Path(__file__).resolve().parent.parent
JB = ROOT / ".venv" / "bin" / "jupyter-book"
COPY = ["_config.yml", "_toc.yml", "book", "notebooks"]
PAGE = "book/questioning/leading-stacked-why.html"
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
