"""A trainer's course directory: nbgrader's layout, configured for this book.

DIR/nbgrader_config.py   course id, folders, gradebook URL, per-cell time limit
DIR/.jupyter/kernels/    the grading kernel: each notebook in a sandbox, with its limits (``_sandbox``)
DIR/exercises/NAME/      assignment sources, converted from the book's MyST notebooks (``workbook.assignments``)
DIR/exchange/            nbgrader's exchange (release and hand-in)
DIR/gradebook.db         the SQLite gradebook (unless --db names another)
DIR/release, submitted, autograded, feedback   nbgrader's own folders
DIR/results/NAME/LEARNER.json   what ``grade`` found per learner (answers, marks, problems)
DIR/reports/             cohort reports
"""

from __future__ import annotations

import itertools
import json
import os
import pprint
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from workbook._errors import CourseError
from workbook.assignments import assignment_sources
from workbook.grading._sandbox import DEFAULT_PROCESSES, DEFAULT_SECONDS

__all__ = ["COURSE_ID", "Course", "CourseError", "init_course", "open_course"]

COURSE_ID = "action-learning"
CONFIG_FILE = "nbgrader_config.py"
DEFAULT_TIMEOUT = 30
# nbgrader's collect with the owner check (workbook/grading/exchange.py), named
# for nbgrader to import, so the formgrader's Collect uses it too.
OWNER_CHECKED_COLLECT = "workbook.grading.exchange.OwnerCheckedCollect"
DEFAULT_MEMORY_MB = 1024
KERNEL_NAME = "workbook-grader"
_LIMITS = ("--memory-mb", "--seconds", "--processes")  # the grading kernel's options (``_sandbox``)


@dataclass(frozen=True)
class Course:
    """An opened course directory with its nbgrader configuration."""

    root: Path
    config: Config

    @property
    def db_url(self) -> str:
        return str(self.config.CourseDirectory.db_url)

    def assignments(self) -> list[str]:
        return sorted(p.name for p in (self.root / "exercises").iterdir() if p.is_dir())

    def results_dir(self, assignment: str) -> Path:
        return self.root / "results" / assignment


def _tools_on_path() -> None:
    """nbgrader runs ``alembic`` (gradebook migrations) as a program: make sure
    the one installed beside this Python is found, even outside an activated venv."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def _config_text(*, db_url: str, timeout: int) -> str:
    settings: dict[str, Any] = {
        "CourseDirectory.course_id": COURSE_ID,
        "CourseDirectory.source_directory": "exercises",
        "CourseDirectory.db_url": db_url,
        "CourseDirectory.ignore": [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.md"],
        "Exchange.root": "exchange",
        "ExchangeFactory.collect": OWNER_CHECKED_COLLECT,
        "Execute.timeout": timeout,
        "Execute.interrupt_on_timeout": True,
        "Execute.kernel_name": KERNEL_NAME,
        "KernelManager.transport": "ipc",
        "OverwriteCells.add_missing_cells": True,
    }
    lines = [
        "# nbgrader configuration for an Action Learning Workbook course (written by `workbook course init`).",
        "# Relative paths are resolved against this folder by the `workbook` command.",
        "import atexit",
        "import os",
        "import shutil",
        "import tempfile",
        "",
        "# The grading kernel (each notebook in a sandbox with no network, so Jupyter",
        "# reaches it over Unix sockets: KernelManager.transport) lives in this course's",
        "# .jupyter folder, so plain `nbgrader autograde` run here finds it too.",
        "_here = os.path.dirname(os.path.abspath(__file__))  # noqa: F821",
        'os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [os.path.join(_here, ".jupyter"), os.environ.get("JUPYTER_PATH")]))',
        "c = get_config()  # noqa: F821",
    ]
    lines += [f"c.{key} = {pprint.pformat(value)}" for key, value in settings.items()]
    lines += [
        "# The kernel's sockets are linked from a private folder for each nbgrader run.",
        '_sockets = tempfile.mkdtemp(prefix="workbook-kernel-sockets-")',
        "atexit.register(shutil.rmtree, _sockets, True)",
        'c.KernelManager.ip = os.path.join(_sockets, "kernel")',
    ]
    return "\n".join(lines) + "\n"


def init_course(
    directory: Path,
    *,
    db_url: str | None = None,
    exercises: Path | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    memory_mb: int | None = None,
) -> Course:
    """Create (or refresh) a course directory for this book's assignments.

    ``exercises`` is the folder of assignment sources (default: the book's,
    found from the working directory; see ``workbook.assignments``).
    Re-running it refreshes the assignment sources and keeps the gradebook,
    submissions and configuration already there.
    """
    sources = assignment_sources(exercises)
    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / CONFIG_FILE
    if not config_path.exists():
        url = db_url or "sqlite:///gradebook.db"
        config_path.write_text(_config_text(db_url=url, timeout=timeout), encoding="utf-8")
    _write_kernel_spec(directory, memory_mb)
    (directory / "exchange").mkdir(exist_ok=True)
    os.chmod(directory / "exchange", 0o777)  # nbgrader resets it to this anyway, with a warning
    (directory / "exchange" / COURSE_ID).mkdir(exist_ok=True)
    for name in ("inbound", "outbound", "feedback"):
        (directory / "exchange" / COURSE_ID / name).mkdir(exist_ok=True)
    os.chmod(directory / "exchange" / COURSE_ID / "inbound", 0o733)  # as nbgrader's own setup expects
    for source in sources:
        target = directory / "exercises" / source.parent.name / f"{source.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(jupytext.read(source), target)
    course = open_course(directory, db_url=db_url)
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course_id=COURSE_ID) as gradebook:
        for name in course.assignments():
            gradebook.update_or_create_assignment(name)
    return course


def _write_kernel_spec(
    directory: Path, memory_mb: int | None, *, seconds: int | None = None, processes: int | None = None
) -> None:
    """The grading kernel: this Python, each notebook in its own sandbox
    (``_sandbox``) with a memory limit, a total time and a process limit.
    A limit not given keeps the one set earlier, if any."""
    spec = directory / ".jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    earlier = _kernel_limits(spec)
    memory_mb = memory_mb or earlier.get("--memory-mb", DEFAULT_MEMORY_MB)
    seconds = seconds or earlier.get("--seconds", DEFAULT_SECONDS)
    processes = processes or earlier.get("--processes", DEFAULT_PROCESSES)
    spec.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "workbook.grading._sandbox", "--memory-mb", str(memory_mb)]
    argv += ["--seconds", str(seconds), "--processes", str(processes), "-f", "{connection_file}"]
    data = {
        "argv": argv,
        "display_name": f"Grading sandbox ({memory_mb} MB, {seconds} s per notebook)",
        "language": "python",
        "interrupt_mode": "message",  # the kernel interrupts itself: signals do not reach into the sandbox
    }
    spec.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _kernel_limits(spec: Path) -> dict[str, int]:
    """The limits in an existing kernel spec, by option name; the memory limit
    of the earlier layout (``_limited_kernel MEGABYTES -f FILE``) too."""
    try:
        argv = json.loads(spec.read_text(encoding="utf-8"))["argv"]
        if "workbook.grading._limited_kernel" in argv:
            return {"--memory-mb": int(argv[argv.index("workbook.grading._limited_kernel") + 1])}
        return {name: int(value) for name, value in itertools.pairwise(argv) if name in _LIMITS}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def open_course(directory: Path, *, db_url: str | None = None) -> Course:
    """Read a course directory's configuration; ``db_url`` overrides its gradebook."""
    _tools_on_path()
    root = directory.resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise CourseError(f"{root}: not a course directory (no {CONFIG_FILE}); run `workbook course init {directory}`")
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except Exception as exc:  # a broken config file can raise anything
        raise CourseError(f"{config_path}: cannot be read ({type(exc).__name__}: {exc})") from exc
    config.CourseDirectory.root = str(root)
    if db_url:
        config.CourseDirectory.db_url = db_url
    url = str(config.CourseDirectory.db_url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        config.CourseDirectory.db_url = f"sqlite:///{root / url.removeprefix('sqlite:///')}"
    exchange = Path(str(config.Exchange.root))
    config.Exchange.root = str(exchange if exchange.is_absolute() else root / exchange)
    config.ExchangeFactory.collect = OWNER_CHECKED_COLLECT  # also for a course made before it existed
    return Course(root, config)
