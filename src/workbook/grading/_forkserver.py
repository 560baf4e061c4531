"""Grading kernels forked from a warm process instead of started from scratch.

Starting a kernel for each hand-in means starting Python and importing
ipykernel, IPython and this package every time: most of a kernel's cost. Each
grading worker starts one fork server, which imports all of that once and then
forks a fresh kernel process per notebook: a new process each time (nothing
a learner's code does can reach the next learner), with the same memory limit
as ``_limited_kernel``. ``ForkingProvisioner`` (jupyter_client's hook for
launching kernels) asks the server for a kernel when ``WORKBOOK_KERNEL_FORKSERVER``
names its socket, and launches the ordinary way otherwise (plain nbgrader).

Protocol: one JSON line per connection, {"argv", "cwd", "env"} -> {"pid"}.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

__all__ = ["FORKSERVER_ENV", "ForkingProvisioner", "serve"]

FORKSERVER_ENV = "WORKBOOK_KERNEL_FORKSERVER"


def serve(socket_path: str) -> None:
    """Run the fork server until its parent (a grading worker) goes away."""
    _die_with_parent()
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401
    import IPython  # noqa: F401  # the warm part: imported once, shared by every fork

    import workbook.exercises
    import workbook.grading._points
    import workbook.grading._scoring  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped automatically
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(8)
    server.settimeout(1.0)
    while os.getppid() == parent:
        try:
            connection, _ = server.accept()
        except TimeoutError:
            continue
        with connection:
            request = json.loads(connection.makefile("r", encoding="utf-8").readline())
            pid = os.fork()
            if pid == 0:
                server.close()
                _become_kernel(request)
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    server.close()


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: the kernel the launcher asked for, then exit."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        from workbook.grading import _limited_kernel

        sys.argv = list(request["argv"][2:])  # [python, -m, module, MEGABYTES, -f, FILE] -> [module, ...]
        sys.argv[0] = _limited_kernel.__name__
        _limited_kernel.main()
    finally:
        os._exit(0)


class _ForkedKernel:
    """Enough of subprocess.Popen for jupyter_client to manage a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """Launch kernels through the worker's fork server when there is one."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        path = os.environ.get(FORKSERVER_ENV)
        if not path or not Path(path).exists():
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        request = {"argv": cmd, "cwd": str(kwargs.get("cwd") or os.getcwd()), "env": env}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            client.sendall(json.dumps(request).encode() + b"\n")
            reply = json.loads(client.makefile("r", encoding="utf-8").readline())
        kernel = _ForkedKernel(int(reply["pid"]))
        self.process = kernel  # type: ignore[assignment]  # a Popen look-alike
        self.pid = self.pgid = kernel.pid
        self.cwd = request["cwd"]
        return self.connection_info


if __name__ == "__main__":
    serve(sys.argv[1])
