"""One trainer command at a time per course.

``release``, ``collect``, ``grade``, ``feedback`` and ``report`` each hold the
course lock while they run, so two of them never write the same submission,
result or gradebook row at once (two concurrent grade runs once left learners
"graded 0"). The lock is an ``flock`` on ``.workbook.lock`` in the course
folder: the operating system releases it when the holder ends, however it
ends, so a crashed command never leaves the course locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from workbook._errors import CourseBusyError
from workbook.grading._course import Course

__all__ = ["LOCK_FILE", "CourseBusyError", "course_lock"]

LOCK_FILE = ".workbook.lock"


def _holder(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return f"`workbook {data['command']}` (process {data['pid']}, since {data['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another `workbook` command"


@contextmanager
def course_lock(
    course: Course, command: str, *, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the course lock for ``command``; wait up to ``wait`` seconds for it.

    Raises ``CourseBusyError`` naming the command that holds it when it is not
    free in time. ``on_wait`` is told once who is being waited for.
    """
    path = course.root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CourseBusyError(
                        f"{course.root}: {_holder(path)} is running on this course; "
                        f"run `workbook {command}` when it has finished (or add --wait SECONDS)"
                    ) from None
                if on_wait and not told:
                    on_wait(f"waiting for {_holder(path)} to finish …")
                    told = True
                time.sleep(0.1)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"command": command, "pid": os.getpid(), "since": since}).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
