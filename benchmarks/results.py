"""Run every benchmark and keep the figures: benchmarks/RESULTS.md.

Each benchmark script prints its figures as ``name=value`` lines (see each
script's docstring for what it compares against in the same run). This runs
them one after another, shows their output as it comes, and writes
RESULTS.md with the figures, the machine, the date and the commit, so a
change in speed can be traced to the change that made it.

Run: .venv/bin/python benchmarks/results.py   (``make bench`` runs it)
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
BENCHMARKS = {
    "book_benchmark.py": "The book: build time, page weight and click-to-feedback, against ipywidgets' HTML manager",
    "grading.py": "Grading: `workbook grade` against serial sandboxed `nbgrader autograde`; 1,000 hand-ins; the report",
    "gaming.py": "Gaming: naive strategies against chance, through the grader and in the book",
    "jupyterhub_smoke.py": "A cohort on JupyterHub: the smoke test's steps, from hub start to grades in PostgreSQL",
}
FIGURE = re.compile(r"^([a-z][a-z0-9_-]*)=(\S+)(.*)$")


def figures(output: str) -> list[tuple[str, str, str]]:
    """The ``name=value`` figures of a benchmark's output, with any note after the value.
    A line holding several (``a=1 b=2``) gives each; other lines are not figures."""
    found: list[tuple[str, str, str]] = []
    for line in output.splitlines():
        line = line.strip()
        if not FIGURE.match(line):
            continue
        if re.fullmatch(r"(?:[a-z][a-z0-9_-]*=\S+\s*)+", line):
            found += [(name, value, "") for name, value in re.findall(r"([a-z][a-z0-9_-]*)=(\S+)", line)]
        else:
            name, value, note = FIGURE.match(line).groups()  # type: ignore[union-attr]
            found.append((name, value, note.strip()))
    return found


def machine() -> str:
    """The processor, cores, memory and system the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        cpu = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def commit() -> str:
    """The commit measured, marked when the working tree had changes."""

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{sha} (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else sha


def run(script: str) -> tuple[int, str]:
    """Run one benchmark, echoing its output; its exit status and output."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / script)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        lines.append(line)
    return process.wait(), "".join(lines)


def render(results: dict[str, tuple[int, str]], *, when: str, where: str, at: str) -> str:
    """RESULTS.md: one table of figures per benchmark."""
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`benchmarks/results.py`); each figure comes from the script named, run in",
        "the same session as the alternative it is compared with.",
        "",
        f"- Date: {when}",
        f"- Commit: {at}",
        f"- Machine: {where}",
        "",
    ]
    for script, (status, output) in results.items():
        out += [f"## {BENCHMARKS[script]}", "", f"`benchmarks/{script}`" + ("" if status == 0 else f" (exit {status})")]
        rows = figures(output)
        if rows:
            out += ["", "| figure | value | note |", "| --- | --- | --- |"]
            out += [f"| `{name}` | {value} | {note.strip('()')} |" for name, value, note in rows]
        out.append("")
    return "\n".join(out)


def main() -> int:
    results = {script: run(script) for script in BENCHMARKS}
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    RESULTS.write_text(render(results, when=when, where=machine(), at=commit()), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return max(status for status, _ in results.values())


if __name__ == "__main__":
    sys.exit(main())
