"""The grading kernel: each notebook runs in its own sandbox.

``workbook course init`` writes a kernel spec (``workbook-grader``) that starts
this module, so plain ``nbgrader autograde`` (or ``validate``) run in a course
never runs a learner's code with the trainer's rights:

    python -m workbook.grading._sandbox --memory-mb N --seconds T --processes P -f CONNECTION_FILE

The launcher (this module, outside) starts bubblewrap (``bwrap``, Debian's
package ``bubblewrap``) and stays as its parent. Inside the sandbox:

- no network, no IPC and a PID namespace of its own: when the kernel ends,
  everything it started ends with it (a ``setsid`` daemon included); the
  whole sandbox is killed if the launcher, or the Jupyter client above it, dies;
- an unprivileged user (``nobody``; a trainer running as root is dropped to
  the real ``nobody`` so that the process limit applies);
- read-only: the system's programs and libraries (``/usr``), a few files of
  ``/etc``, this Python and its packages, and a copy of the notebook's own
  folder (nbgrader's autograded copy), made by the launcher so that the
  sandbox's user can read it whatever its files' modes. No other file of the
  trainer's is visible: not the course, the gradebook, other learners'
  hand-ins or the trainer's home;
- writable: only small private memory file systems (``/tmp``, which is also
  ``HOME`` and holds a fresh ``IPYTHONDIR``, and ``/dev/shm``), gone when the
  kernel ends;
- limits: RLIMIT_AS for each process (a cell that asks for more gets
  MemoryError) and, checked by the launcher four times a second, the memory
  of all the notebook's processes together (proportional set size: over the
  limit, the sandbox is killed); RLIMIT_NPROC, processes and threads
  together; and a total time for the notebook, after which the sandbox is
  killed.

Without a network the kernel cannot use TCP, so Jupyter must talk to it over
Unix sockets (``c.KernelManager.transport = "ipc"``, written by ``workbook
course init``). The kernel gets a read-only copy of its connection file and
binds its sockets in a private folder; the launcher links the paths Jupyter
expects to them (through ``/proc/PID/root``), so the sandbox needs no writable
folder of the trainer's. If bubblewrap is missing or cannot make its
namespaces, the kernel is refused, never started without the sandbox.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbook._errors import SandboxError

__all__ = ["DEFAULT_PROCESSES", "DEFAULT_SECONDS", "SandboxError", "bwrap_command", "main"]

DEFAULT_SECONDS = 600  # total time for one notebook
DEFAULT_PROCESSES = 64  # processes and threads together; an idle kernel uses about ten
NOBODY = 65534
TMP_MB = 64  # the private /tmp (HOME, IPYTHONDIR): memory, so kept small
SHM_MB = 16
MAX_ENTRIES, MAX_MB = 10_000, 256  # the notebook's folder is copied for the sandbox: this much at most
SOCKETS = "/run/kernel"  # the kernel's sockets, inside
CONNECTION = "/run/kernel.json"  # its copy of the connection file, inside
INSTALL_HINT = "install Debian's bubblewrap package (sudo apt-get install bubblewrap)"
_STALE_PREFIX = "workbook-sandbox-"  # then the launcher's process id
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_PORTS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
# What Python and the C library read from /etc; users and groups are made up.
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives")
_PASSWD = "root:x:0:0:root:/:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/tmp:/usr/sbin/nologin\n"
_GROUP = "root:x:0:\nnogroup:x:65534:\n"


def main(argv: list[str] | None = None) -> int:
    args, kernel_args = _parser().parse_known_args(argv)
    if args.inside:
        _become_kernel(args, kernel_args)
        return 0  # not reached: the kernel exits the process
    try:
        return _launch(args, kernel_args)
    except SandboxError as exc:
        print(f"workbook grading kernel refused to start: {exc}", file=sys.stderr, flush=True)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workbook.grading._sandbox", description=__doc__.split("\n")[0], allow_abbrev=False
    )
    parser.add_argument("--memory-mb", type=int, required=True, help="memory for all the notebook's processes")
    parser.add_argument("--seconds", type=int, default=DEFAULT_SECONDS, help="total time for the notebook")
    parser.add_argument("--processes", type=int, default=DEFAULT_PROCESSES, help="processes and threads at most")
    parser.add_argument("-f", dest="connection_file", required=True, help="the kernel's connection file")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)  # the second stage, in the sandbox
    return parser


# --- outside: the launcher ---------------------------------------------------


def _launch(args: argparse.Namespace, kernel_args: list[str]) -> int:
    _die_with_parent()
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxError(f"bubblewrap (bwrap) is not installed; {INSTALL_HINT}")
    info = json.loads(Path(args.connection_file).read_text(encoding="utf-8"))
    if info.get("transport") != "ipc":
        raise SandboxError(
            "the sandbox has no network, so Jupyter must reach the kernel over Unix sockets: "
            'add c.KernelManager.transport = "ipc" to the course\'s nbgrader_config.py '
            "(`workbook course init` writes it in new courses)"
        )
    outside = Path(info["ip"]) if os.path.isabs(info["ip"]) else _client_cwd() / info["ip"]
    processes = args.processes + (_tasks_of(NOBODY) if os.geteuid() == 0 else 0)
    inner = [sys.executable, "-m", __spec__.name if __spec__ else "workbook.grading._sandbox", "--inside"]
    inner += ["--memory-mb", str(args.memory_mb), "--processes", str(processes), "-f", CONNECTION, *kernel_args]
    data = {
        CONNECTION: json.dumps(dict(info, ip=f"{SOCKETS}/ipc")),
        "/etc/passwd": _PASSWD,
        "/etc/group": _GROUP,
    }
    with contextlib.ExitStack() as cleanup:
        _remove_stale()
        temporary = Path(tempfile.mkdtemp(prefix=f"{_STALE_PREFIX}{os.getpid()}-"))
        cleanup.callback(_remove, temporary)
        fds = {dest: _memory_file(text) for dest, text in data.items()}
        info_read, info_write = os.pipe()  # (the launcher's own descriptors end with it)
        cwd = Path.cwd()
        options = bwrap_command(cwd, fds, info_fd=info_write, prefix=Path(sys.prefix), snapshot=temporary / "work")
        _snapshot(cwd, temporary / "work")
        sandbox = subprocess.Popen(
            [bwrap, *options, *inner],
            pass_fds=[*fds.values(), info_write],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            process_group=0,  # signals to the launcher's group (Jupyter's) are the launcher's to pass on
        )
        cleanup.callback(_kill, sandbox)
        for fd in [*fds.values(), info_write]:
            os.close(fd)
        child = _child_pid(info_read, sandbox)
        for name in _PORTS:
            link = Path(f"{outside}-{info[name]}")
            link.symlink_to(f"/proc/{child}/root{SOCKETS}/ipc-{info[name]}")
            cleanup.callback(link.unlink, missing_ok=True)
        return _watch(sandbox, child, args)
    raise AssertionError("not reached")  # for type checkers: ExitStack may swallow exceptions


def bwrap_command(
    cwd: Path, data_fds: dict[str, int], *, info_fd: int, prefix: Path, snapshot: Path | None = None
) -> list[str]:
    """bubblewrap's options (everything before the command) for a kernel in
    ``cwd``, which shows ``snapshot`` (a copy of it) if given."""
    options = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net", "--unshare-ipc"]
    options += ["--unshare-uts", "--hostname", "grading", "--unshare-cgroup-try", "--info-fd", str(info_fd)]
    if os.geteuid() == 0:  # no user namespace: the inside stage drops to the real nobody
        options += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        options += ["--unshare-user", "--disable-userns", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    system = [Path(top) for top in _SYSTEM if os.path.isdir(top) and not os.path.islink(top)]
    python = _python_folders(prefix)
    shared = system + python  # read-only, whole
    _check_working_folder(cwd, shared)
    made = {Path("/proc"), Path("/dev"), Path("/tmp")}

    def folders_above(dest: Path) -> list[str]:
        """The folders above a mount point: bubblewrap would make them for root only; these the
        sandbox's user may enter but not write in (under /tmp too)."""
        out: list[str] = []
        for folder in reversed(dest.parents[:-1]):
            if folder not in made and not any(folder.is_relative_to(s) for s in shared):
                made.add(folder)
                out += ["--perms", "0555", "--dir", str(folder)]
        return out

    for top in _SYSTEM:
        if os.path.islink(top):
            options += ["--symlink", os.readlink(top), top]
    for folder in system:
        options += ["--ro-bind", str(folder), str(folder)]
    for name in _ETC:
        options += [*folders_above(Path("/etc", name)), "--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    options += ["--proc", "/proc", "--dev", "/dev"]
    options += ["--perms", "1777", "--size", str(SHM_MB << 20), "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
    options += ["--perms", "1777", "--size", str(TMP_MB << 20), "--tmpfs", "/tmp"]
    options += [*folders_above(Path(SOCKETS)), "--perms", "0777", "--size", str(1 << 20), "--tmpfs", SOCKETS]
    for folder in python:  # after /tmp: a folder under /tmp is shown over the private one
        options += [*folders_above(folder), "--ro-bind", str(folder), str(folder)]
    options += [*folders_above(cwd), "--ro-bind", str(snapshot or cwd), str(cwd)]
    options += ["--chdir", str(cwd)]
    for dest, fd in data_fds.items():
        options += [*folders_above(Path(dest)), "--perms", "0444", "--ro-bind-data", str(fd), dest]
    options += ["--remount-ro", "/"]
    environment = {
        "PATH": f"{prefix / 'bin'}:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "IPYTHONDIR": "/tmp/.ipython",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
        "WORKBOOK_GRADING": "1",
        "MALLOC_ARENA_MAX": "2",  # otherwise each thread reserves 64 MB of address space, counted by RLIMIT_AS
    }
    options.append("--clearenv")
    for key, value in environment.items():
        options += ["--setenv", key, value]
    return options


def _python_folders(prefix: Path) -> list[Path]:
    """What this Python needs, each once and none inside /usr: its installation,
    the virtual environment, the folders its site set-up adds (editable
    installs) and the one holding the ``workbook`` package. Not PYTHONPATH's,
    which the kernel does not get."""
    import workbook

    own = {os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    candidates = [Path(sys.base_prefix), Path(sys.base_exec_prefix), prefix, Path(sys.exec_prefix)]
    candidates += [Path(p) for p in sys.path if p and os.path.abspath(p) not in own | {os.getcwd()}]
    candidates.append(Path(workbook.__file__).resolve().parents[1])
    folders: list[Path] = []
    for folder in (c.resolve() for c in candidates if c.exists()):
        if not any(folder.is_relative_to(f) for f in [Path("/usr"), *folders]):
            folders = [f for f in folders if not f.is_relative_to(folder)] + [folder]
    return folders


def _check_working_folder(cwd: Path, shared: list[Path]) -> None:
    """The notebook's folder must not be inside a folder the sandbox shares,
    which would show its neighbours (other learners' hand-ins)."""
    if cwd == Path("/") or any(cwd.resolve().is_relative_to(f) for f in shared):
        raise SandboxError(f"the notebook's folder {cwd} is inside a folder the sandbox shares read-only")


def _snapshot(cwd: Path, copy: Path) -> None:
    """A read-only copy of the notebook's folder for the sandbox: readable by
    its user whatever the modes of the trainer's files (nbgrader copies a
    hand-in's modes), and the same for every run. Only folders, files and
    symbolic links (as links) are copied."""
    entries, size = 0, 0
    for folder, folders, files in os.walk(cwd):
        entries += len(folders) + len(files)
        size += sum(os.lstat(os.path.join(folder, name)).st_size for name in files)
        if entries > MAX_ENTRIES or size > MAX_MB << 20:
            raise SandboxError(f"the notebook's folder {cwd} holds more than {MAX_ENTRIES} files or {MAX_MB} MB")
    _copy(cwd, copy)


def _copy(source: Path, target: Path) -> None:
    target.mkdir()
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), target / entry.name)
            elif entry.is_dir(follow_symlinks=False):
                _copy(Path(entry.path), target / entry.name)
            elif entry.is_file(follow_symlinks=False):
                shutil.copyfile(entry.path, target / entry.name, follow_symlinks=False)
                (target / entry.name).chmod(0o444)
    target.chmod(0o555)


def _remove_stale() -> None:
    """Copies left by launchers that were killed (Jupyter may end a kernel
    that will not stop with SIGKILL): those whose process is gone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_STALE_PREFIX}*-*"):
        pid = folder.name.removeprefix(_STALE_PREFIX).split("-")[0]
        with contextlib.suppress(OSError, ValueError):
            if folder.lstat().st_uid == os.geteuid() and folder.is_dir() and not folder.is_symlink():
                try:
                    os.kill(int(pid), 0)
                except ProcessLookupError:
                    _remove(folder)


def _remove(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


def _memory_file(text: str) -> int:
    fd = os.memfd_create("workbook-sandbox")
    os.write(fd, text.encode())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _child_pid(info_read: int, sandbox: subprocess.Popen[bytes]) -> int:
    """The sandbox's first process (its PID 1), as bubblewrap reports it."""
    text = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([info_read], [], [], 0.2)
        chunk = os.read(info_read, 4096) if ready else b""
        text += chunk
        with contextlib.suppress(ValueError):
            return int(json.loads(text)["child-pid"])
        if ready and not chunk:  # bubblewrap ended without a sandbox
            break
    code = sandbox.wait(timeout=5)
    raise SandboxError(
        f"bubblewrap could not make the sandbox (exit status {code}; its message is above). "
        f"The machine must allow user and PID namespaces; {INSTALL_HINT} if it is missing"
    )


def _watch(sandbox: subprocess.Popen[bytes], child: int, args: argparse.Namespace) -> int:
    """Wait for the kernel, stopping it at the total time or the memory limit."""
    deadline = time.monotonic() + args.seconds
    limit_kb = args.memory_mb * 1024
    stop = _forward_signals(sandbox, child)
    while (code := sandbox.poll()) is None:
        if stop:
            return 128 + stop[0]
        if time.monotonic() > deadline:
            _say(f"stopped the notebook after {args.seconds} s (its total time limit)")
            return 124
        used = _memory_kb(child)
        if used > limit_kb:
            _say(f"stopped the notebook: its processes used {used // 1024} MB (the limit is {args.memory_mb} MB)")
            return 137
        with contextlib.suppress(subprocess.TimeoutExpired):
            sandbox.wait(timeout=0.25)
    return code


def _forward_signals(sandbox: subprocess.Popen[bytes], child: int) -> list[int]:
    """SIGINT interrupts the kernel (Jupyter normally asks by message); SIGTERM
    and SIGHUP end the sandbox. Returns a list that gets the ending signal."""
    stop: list[int] = []

    def interrupt(signum: int, frame: Any) -> None:
        for pid in _processes_in(child):
            if _parent_of(pid) == child:  # the kernel, below bubblewrap's PID 1
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGINT)

    def end(signum: int, frame: Any) -> None:
        stop.append(signum)
        _kill(sandbox)

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, end)
    signal.signal(signal.SIGHUP, end)
    return stop


def _processes_in(child: int) -> Iterator[int]:
    """Every process in the sandbox's PID namespace (``child`` is its PID 1)."""
    try:
        namespace = os.readlink(f"/proc/{child}/ns/pid")
    except OSError:
        return
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{entry}/ns/pid") == namespace:
                    yield int(entry)


def _parent_of(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return 0


def _memory_kb(child: int) -> int:
    """Proportional set size of all the sandbox's processes (shared pages counted once)."""
    total = 0
    for pid in _processes_in(child):
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
    return total


def _tasks_of(uid: int) -> int:
    """Processes and threads running as ``uid`` now (RLIMIT_NPROC counts them all)."""
    count = 0
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            status = dict(line.split(":", 1) for line in Path(f"/proc/{entry}/status").read_text().splitlines())
            if int(status["Uid"].split()[0]) == uid:
                count += int(status["Threads"])
    return count


def _kill(sandbox: subprocess.Popen[bytes]) -> None:
    """bubblewrap's PID 1 dies with it (--die-with-parent), and with it the sandbox."""
    if sandbox.poll() is None:
        with contextlib.suppress(OSError):
            sandbox.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            sandbox.wait(timeout=10)


def _client_cwd() -> Path:
    return Path(os.readlink(f"/proc/{os.getppid()}/cwd"))


def _die_with_parent() -> None:
    """If the Jupyter client dies, so does the launcher (and so the sandbox)."""
    with contextlib.suppress(OSError, AttributeError):  # SIGTERM: the launcher ends the sandbox, removes its links
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        raise SandboxError("the Jupyter client that started the kernel has gone")


def _say(text: str) -> None:
    print(f"workbook grading sandbox: {text}", file=sys.stderr, flush=True)


# --- inside: the second stage, before any learner's code ---------------------


def _become_kernel(args: argparse.Namespace, kernel_args: list[str]) -> None:
    if os.getuid() == 0:  # no user namespace (the trainer is root): become the real nobody
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS (bubblewrap sets it too)
    memory = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_NPROC, (args.processes, args.processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The kernel's start-up warnings would interleave with the grader's output; errors still show.
    sys.argv = [sys.argv[0], "-f", args.connection_file, *kernel_args, "--IPKernelApp.log_level=ERROR"]
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    sys.exit(main())
