"""Plain ``nbgrader autograde`` in a course runs each notebook in a sandbox.

One course, one autograde run for the module: a cohort of hostile hand-ins
(each an ordinary released notebook with extra cells) graded before two
ordinary learners. Each test then reads what one of them found: the cells
print what they could do, the host is checked for what they left behind, and
the ordinary learners' marks show that nothing reached them.

The hostile cells are kept bounded (a few hundred forks at most, children that
sleep for seconds, not for ever), so that even a sandbox that failed could not
take the test machine down.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from workbook.grading._course import _write_kernel_spec, init_course
from workbook.grading._demo import _items, _write_answers, right_answer
from workbook.grading._release import release_assignment

pytestmark = pytest.mark.slow

ASSIGNMENT = "questioning"
CELL_SECONDS = 5  # per cell (Execute.timeout)
NOTEBOOK_SECONDS = 15  # per notebook (the sandbox's total time)
MEMORY_MB = 512
FULL_MARKS = 15.0
BIN = Path(sys.executable).parent
DAEMON = "987.125"  # unusual arguments for `sleep`, to find leftover processes
BOMB_CHILD = "876.125"

# What each hostile cell does; {root} is the course folder, {port} a TCP listener on the host.
NETWORK = """
import socket
for address in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
    try:
        socket.create_connection(address, timeout=3).sendall(b"learner data")
        print("NETWORK reached", address)
    except OSError as exc:
        print("NETWORK refused", address, type(exc).__name__)
"""
WRITE_OUTSIDE = """
import os
for path in [{root!r} + "/written-by-learner.txt", {home!r} + "/written-by-learner.txt",
             {root!r} + "/submitted/y-normal/questioning/action-learning-answers.json",
             os.path.join(os.getcwd(), "written-by-learner.txt")]:
    try:
        with open(path, "w") as f:
            f.write("{{}}")
        print("WRITE done", path)
    except OSError as exc:
        print("WRITE refused", path, type(exc).__name__)
"""
READ_OTHERS = """
import os
for path in [{root!r} + "/submitted/y-normal/questioning/action-learning-answers.json", {root!r} + "/gradebook.db"]:
    try:
        print("READ done", path, len(open(path, "rb").read()))
    except OSError as exc:
        print("READ refused", path, type(exc).__name__)
try:
    print("LIST done", os.listdir({root!r} + "/submitted"))
except OSError as exc:
    print("LIST refused", type(exc).__name__)
print("LIST above", sorted(os.listdir("..")))
"""
STARTUP_FILE = """
import os
cheat = "import workbook.grading as g, workbook.grading._points as p\\n"
cheat += "p.points_for = g.points_for = lambda item_id, *, out_of: out_of\\n"
for folder in [os.environ.get("IPYTHONDIR", ""), {root!r} + "/.ipython", os.path.expanduser("~/.ipython")]:
    startup = os.path.join(folder, "profile_default", "startup")
    try:
        os.makedirs(startup, exist_ok=True)
        with open(os.path.join(startup, "00-cheat.py"), "w") as f:
            f.write(cheat)
        print("STARTUP written", startup)
    except OSError as exc:
        print("STARTUP refused", startup, type(exc).__name__)
"""
DAEMON_CELL = f"""
import os
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "{DAEMON}"])
    os._exit(0)
os.wait()
print("DAEMON started")
"""
FORK_BOMB = f"""
import os
made = refused = 0
for _ in range(300):
    try:
        pid = os.fork()
    except OSError:
        refused += 1
        continue
    if pid == 0:
        try:
            os.execv("/bin/sleep", ["sleep", "{BOMB_CHILD}"])
        finally:
            os._exit(0)
    made += 1
print("FORKS made", made, "refused", refused)
"""
MEMORY_HOG = """
try:
    hog = bytearray(700 * 1024 * 1024)
    print("MEMORY got 700 MB")
except MemoryError:
    print("MEMORY refused MemoryError")
"""
MEMORY_IN_PROCESSES = """
import os, time
for _ in range(4):
    if os.fork() == 0:
        block = b"x" * (200 * 1024 * 1024)
        time.sleep(4)
        os._exit(0)
time.sleep(4.5)
print("PROCESSES kept 800 MB")
"""
PAST_CELL_LIMIT = "import time\ntime.sleep(60)\nprint('WOKE')"
NEAR_CELL_LIMIT = f"import time\ntime.sleep({CELL_SECONDS - 1})\nprint('SLEPT')"

HOSTILE = {
    "a-intruder": [NETWORK, WRITE_OUTSIDE, READ_OTHERS, STARTUP_FILE, DAEMON_CELL],
    "b-bomb": [FORK_BOMB],
    "c-memory": [MEMORY_HOG, PAST_CELL_LIMIT],
    "d-processes": [MEMORY_IN_PROCESSES],
    "e-slow": [NEAR_CELL_LIMIT] * 6,
}
NORMAL = "y-normal"  # every answer right
VICTIM = "z-victim"  # nothing handed in but the notebook: 0 marks


@dataclass
class Graded:
    root: Path
    run: subprocess.CompletedProcess[str]
    seconds: float
    connections: list[bytes]
    scores: dict[str, float]

    def outputs(self, learner: str) -> str:
        """Everything the learner's own cells printed (from the autograded notebook)."""
        path = self.root / "autograded" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        return "".join(
            output.get("text", "") + output.get("evalue", "")
            for cell in notebook.cells
            if cell.cell_type == "code" and "nbgrader" not in cell.metadata
            for output in cell.get("outputs", [])
        )


def _listen() -> tuple[socket.socket, list[bytes]]:
    """A TCP listener on the host that records whatever reaches it."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def accept() -> None:
        with server:
            while True:
                try:
                    connection, _ = server.accept()
                except OSError:
                    return
                with connection:
                    received.append(connection.recv(1024) or b"(connected)")

    threading.Thread(target=accept, daemon=True).start()
    return server, received


def _hand_in(root: Path, learner: str, released: Path, cells: list[str], answers: bool = False) -> None:
    folder = root / "submitted" / learner / ASSIGNMENT
    folder.mkdir(parents=True)
    notebook = nbformat.read(released, as_version=4)
    notebook.cells[2:2] = [nbformat.v4.new_code_cell(source) for source in cells]  # after the first code cell
    nbformat.write(notebook, folder / released.name)
    (folder / "timestamp.txt").write_text("2026-11-20 09:30:00.000000 UTC\n", encoding="utf-8")
    if answers:
        _write_answers(
            folder, {(bank, version, item["id"]): right_answer(item) for bank, version, item in _items(released)}
        )


def _scores(root: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: float(s.score) for s in gradebook.assignment_submissions(ASSIGNMENT)}


def _sleeping(argument: str) -> list[int]:
    """Processes on the host running ``sleep ARGUMENT``."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/cmdline").read_bytes() == f"sleep\0{argument}\0".encode():
                found.append(int(entry))
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graded]:
    root = tmp_path_factory.mktemp("sandbox") / "course"
    course = init_course(root, timeout=CELL_SECONDS, memory_mb=MEMORY_MB)
    _write_kernel_spec(root, None, seconds=NOTEBOOK_SECONDS)
    released = release_assignment(course, ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    server, received = _listen()
    values = {"root": str(root), "port": server.getsockname()[1], "home": str(Path.home())}
    for learner, cells in HOSTILE.items():
        _hand_in(root, learner, released, [cell.format(**values) for cell in cells])
    _hand_in(root, NORMAL, released, [], answers=True)
    _hand_in(root, VICTIM, released, [])
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    start = time.monotonic()
    run = subprocess.run(
        [str(BIN / "nbgrader"), "autograde", ASSIGNMENT],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    seconds = time.monotonic() - start
    server.close()
    yield Graded(root, run, seconds, received, _scores(root))
    for pid in _sleeping(DAEMON) + _sleeping(BOMB_CHILD):  # only if a test below failed
        os.kill(pid, 9)


def test_ordinary_learners_are_graded_in_the_sandbox(graded: Graded) -> None:
    """The answers file is read in the sandbox, and marks are as without it."""
    assert graded.scores[NORMAL] == FULL_MARKS, graded.run.stderr[-3000:]
    assert graded.scores[VICTIM] == 0.0


def test_a_cell_cannot_use_the_network(graded: Graded) -> None:
    out = graded.outputs("a-intruder")
    assert "NETWORK refused ('127.0.0.1'" in out
    assert "NETWORK refused ('1.1.1.1'" in out
    assert "NETWORK reached" not in out
    assert graded.connections == []


def test_a_cell_cannot_write_outside_the_sandbox(graded: Graded) -> None:
    out = graded.outputs("a-intruder")
    assert "WRITE done" not in out
    assert out.count("WRITE refused") == 4
    assert not (graded.root / "written-by-learner.txt").exists()
    assert not (Path.home() / "written-by-learner.txt").exists()
    assert not (graded.root / "autograded" / "a-intruder" / ASSIGNMENT / "written-by-learner.txt").exists()
    normal = graded.root / "submitted" / NORMAL / ASSIGNMENT / "action-learning-answers.json"
    assert json.loads(normal.read_text(encoding="utf-8"))["answers"]  # untouched


def test_a_cell_cannot_read_other_learners_or_the_gradebook(graded: Graded) -> None:
    out = graded.outputs("a-intruder")
    assert "READ done" not in out
    assert out.count("READ refused") == 2
    assert "LIST refused" in out
    assert "LIST above ['questioning']" in out  # its own folder only, no other learner's


def test_an_ipython_startup_file_reaches_no_later_learner(graded: Graded) -> None:
    out = graded.outputs("a-intruder")
    assert "STARTUP written /tmp/.ipython/profile_default/startup" in out  # its own, private, memory-only folder
    assert f"STARTUP refused {graded.root}/.ipython" in out
    assert not (graded.root / ".ipython").exists()
    assert graded.scores[VICTIM] == 0.0  # graded after it, with nothing handed in


def test_a_daemon_does_not_outlive_its_notebook(graded: Graded) -> None:
    assert "DAEMON started" in graded.outputs("a-intruder")
    assert _sleeping(DAEMON) == []


def test_a_fork_bomb_is_held_to_the_process_limit(graded: Graded) -> None:
    out = graded.outputs("b-bomb")
    made, refused = (int(n) for n in out.split("FORKS made ")[1].split()[::2][:2])
    assert made < 64
    assert refused == 300 - made
    assert _sleeping(BOMB_CHILD) == []
    assert graded.scores[NORMAL] == FULL_MARKS  # graded after it


def test_a_cell_gets_memory_error_above_the_limit(graded: Graded) -> None:
    assert "MEMORY refused MemoryError" in graded.outputs("c-memory")


def test_a_cell_past_the_cell_limit_is_interrupted_and_the_rest_runs(graded: Graded) -> None:
    """Jupyter interrupts the kernel by message (signals do not reach into the sandbox)."""
    assert "WOKE" not in graded.outputs("c-memory")
    path = graded.root / "autograded" / "c-memory" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    last = [c for c in nbformat.read(path, as_version=4).cells if "nbgrader" in c.metadata][-1]
    assert last.outputs[0]["data"]["text/plain"] == "0.0"  # the test cells after it still ran
    assert graded.scores["c-memory"] == 0.0


def test_the_memory_limit_covers_all_the_notebooks_processes(graded: Graded) -> None:
    """Four children of 200 MB each are within the per-process limit, not the notebook's."""
    assert "its processes used" in graded.run.stderr
    assert not (graded.root / "autograded" / "d-processes" / ASSIGNMENT).exists()  # nbgrader gave up on it
    assert "d-processes" not in graded.scores or graded.scores["d-processes"] == 0.0


def test_a_notebook_is_stopped_at_its_total_time(graded: Graded) -> None:
    """Six cells of four seconds each, under a five-second cell limit, stop at fifteen seconds."""
    assert f"stopped the notebook after {NOTEBOOK_SECONDS} s" in graded.run.stderr
    assert not (graded.root / "autograded" / "e-slow" / ASSIGNMENT).exists()
    assert graded.seconds < 200


def _launcher(tmp_path: Path, connection: dict[str, object], path: str) -> subprocess.CompletedProcess[str]:
    file = tmp_path / "kernel.json"
    file.write_text(json.dumps(connection), encoding="utf-8")
    command = [sys.executable, "-m", "workbook.grading._sandbox", "--memory-mb", "512", "-f", str(file)]
    return subprocess.run(
        command, cwd=tmp_path, env=dict(os.environ, PATH=path), capture_output=True, text=True, check=False
    )


IPC = {"transport": "ipc", "ip": "kernel", "key": "k", "signature_scheme": "hmac-sha256"}
IPC |= {name: n for n, name in enumerate(["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"], 1)}


def test_no_kernel_without_bubblewrap(tmp_path: Path) -> None:
    run = _launcher(tmp_path, IPC, path=str(tmp_path / "nothing-here"))
    assert run.returncode == 3
    assert "bubblewrap (bwrap) is not installed" in run.stderr
    assert "apt-get install bubblewrap" in run.stderr


def test_no_kernel_when_bubblewrap_cannot_make_the_sandbox(tmp_path: Path) -> None:
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    run = _launcher(tmp_path, IPC, path=str(fake.parent))
    assert run.returncode == 3
    assert "bubblewrap could not make the sandbox" in run.stderr
    assert not list(tmp_path.glob("kernel-*"))  # no socket links left behind


def test_no_kernel_over_tcp(tmp_path: Path) -> None:
    """The sandbox has no network: a course configured for TCP is told what to change."""
    run = _launcher(tmp_path, dict(IPC, transport="tcp", ip="127.0.0.1"), path=os.environ["PATH"])
    assert run.returncode == 3
    assert 'c.KernelManager.transport = "ipc"' in run.stderr


def test_kernel_spec_keeps_its_limits_by_name(tmp_path: Path) -> None:
    spec = tmp_path / ".jupyter" / "kernels" / "workbook-grader" / "kernel.json"
    spec.parent.mkdir(parents=True)
    old = [sys.executable, "-m", "workbook.grading._limited_kernel", "768", "-f", "{connection_file}"]
    spec.write_text(json.dumps({"argv": old, "metadata": {"kernel_provisioner": {}}}), encoding="utf-8")
    _write_kernel_spec(tmp_path, None)  # the earlier layout: its memory limit is kept
    data = json.loads(spec.read_text(encoding="utf-8"))
    assert data["argv"][1:5] == ["-m", "workbook.grading._sandbox", "--memory-mb", "768"]
    assert "metadata" not in data
    assert data["interrupt_mode"] == "message"
    _write_kernel_spec(tmp_path, None, seconds=90, processes=32)
    _write_kernel_spec(tmp_path, 2048)  # a new memory limit; the others kept, by name
    argv = json.loads(spec.read_text(encoding="utf-8"))["argv"]
    limits = dict(zip(argv[3:9:2], argv[4:9:2], strict=True))
    assert limits == {"--memory-mb": "2048", "--seconds": "90", "--processes": "32"}
    assert argv[-2:] == ["-f", "{connection_file}"]


def test_copies_left_by_a_killed_launcher_are_removed() -> None:
    """Jupyter may SIGKILL a kernel that will not stop; the next launch tidies up after it."""
    from workbook.grading._sandbox import _remove_stale

    gone = Path(tempfile.gettempdir()) / "workbook-sandbox-4194305-test"  # above any process id
    alive = Path(tempfile.gettempdir()) / f"workbook-sandbox-{os.getpid()}-test"
    for folder in (gone, alive):
        (folder / "work").mkdir(parents=True)
        (folder / "work").chmod(0o555)
    try:
        _remove_stale()
        assert not gone.exists()
        assert alive.exists()
    finally:
        for folder in (gone, alive):
            if folder.exists():
                (folder / "work").chmod(0o700)
                shutil.rmtree(folder)
