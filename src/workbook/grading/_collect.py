"""Collecting hand-ins: from nbgrader's exchange, and answers files downloaded
from the book (for learners who never open Jupyter).

A downloaded file becomes an nbgrader submission like any other: the released
notebook, unchanged, plus the file as ``action-learning-answers.json`` and a
``timestamp.txt`` from its export time, as nbgrader's zip_collect would lay it
out. The newest genuine hand-in per learner wins, across the exchange and the
downloads. Every file in the downloads folder that is not used is listed with
a reason and left where it is: folders, links, pipes, hidden files, odd names,
files that cannot be read, hand-ins dated in the future, for another
assignment or naming no learner, older hand-ins, and learner ids that differ
from another only in case. An exchange hand-in that holds a link is not
collected either (nbgrader would copy what it points to, with the trainer's
rights).

Times are kept in UTC: ``timestamp.txt`` is written as
``2026-11-20 09:30:00.000000 UTC``, which this module and nbgrader's
``parse_utc`` read alike. A stored time in the future (or one that cannot be
read) is not trusted: it is removed, and reported, so that it cannot lock
out the learner's genuine later hand-ins.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbook.answers import ANSWERS_FILE, HAND_IN_NAME, SubmissionError, read_answers_and_bytes
from workbook.grading._course import Course, CourseError

__all__ = ["CollectSummary", "collect_submissions", "load_rejected"]

REJECTED_FILE = "_rejected.json"
STAMP_FILE = "timestamp.txt"
FUTURE_SLACK = timedelta(minutes=5)  # clocks disagree a little; more than this is "in the future"
MAX_NAME_CHARS = 200
_STAMP_BYTES = 200
_STAMP = re.compile(
    r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?) ?(?:Z|UTC|GMT)?(?:([+-])(\d\d)(?::?(\d\d))?)?"
)
_NAMED_ZONE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? [A-Za-z][A-Za-z_/+-]{0,40}")
_UNDATED = datetime.min.replace(tzinfo=UTC)


@dataclass
class CollectSummary:
    """Who was collected, and which files were not used and why."""

    collected: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)

    def reject(self, file: str, reason: str) -> None:
        self.rejected.append({"file": file, "reason": reason})


class _NotUsed(Exception):
    """A downloaded file that is not collected; the message is the reason."""


@dataclass(frozen=True)
class _Download:
    name: str  # as shown in messages
    learner: str
    when: datetime  # UTC; _UNDATED if the file gives no time
    raw: bytes  # exactly the bytes that were checked


def collect_submissions(course: Course, assignment: str, *, downloads: Path | None = None) -> CollectSummary:
    """Collect ``assignment`` from the exchange and, if given, a folder of downloaded answers files.

    ``_rejected.json`` (in the assignment's results folder) lists every file
    not used, with its reason; it is written even if the collect fails.
    """
    released = sorted((course.root / "release" / assignment).glob("*.ipynb"))
    if not released:
        raise CourseError(f"'{assignment}' has not been released; run `workbook release {assignment}` first")
    from nbgrader.apps import NbGraderAPI

    summary = CollectSummary()
    now = datetime.now(UTC)
    try:
        _check_stamps(course, assignment, now, summary)
        before = _submitted(course, assignment)
        linked = _linked_hand_ins(course, assignment)
        _report_misowned(course, assignment, summary)  # OwnerCheckedCollect leaves them out
        outcome = NbGraderAPI(config=course.config).collect(assignment, update=True)
        if not outcome.get("success"):
            raise CourseError(
                f"nbgrader could not collect '{assignment}': {outcome.get('error') or outcome.get('log')}"
            )
        _check_stamps(course, assignment, now, summary)  # an exchange hand-in dated in the future
        _drop_linked(course, assignment, linked, before, summary)
        after = _submitted(course, assignment)
        summary.collected += sorted(
            learner for learner, stamp in after.items() if learner not in before or before[learner] != stamp
        )
        if downloads is not None:
            _collect_downloads(course, assignment, downloads, released[0], summary, now)
    finally:
        out = course.results_dir(assignment)
        out.mkdir(parents=True, exist_ok=True)
        (out / REJECTED_FILE).write_text(json.dumps(summary.rejected, indent=1), encoding="utf-8")
    summary.collected = list(dict.fromkeys(summary.collected))
    return summary


def _submission_folders(course: Course, assignment: str) -> dict[str, Path]:
    """``submitted/LEARNER/ASSIGNMENT`` folders (never through a link), by learner."""
    root = course.root / "submitted"
    found: dict[str, Path] = {}
    if not root.is_dir():
        return found
    for learner in sorted(os.listdir(root)):
        folder = root / learner / assignment
        if _is_folder(root / learner) and _is_folder(folder):
            found[learner] = folder
    return found


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _submitted(course: Course, assignment: str) -> dict[str, str | None]:
    """Each learner's submission, by its timestamp (which changes when it is replaced)."""
    return {
        learner: _read_stamp(folder / STAMP_FILE) for learner, folder in _submission_folders(course, assignment).items()
    }


def _read_stamp(path: Path) -> str | None:
    """The text of a ``timestamp.txt`` (a regular file, read without following links), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, _STAMP_BYTES).decode("utf-8", errors="replace").strip()
    finally:
        os.close(fd)


def _linked_hand_ins(course: Course, assignment: str) -> dict[str, str]:
    """Learners with an exchange hand-in holding a link (or anything but files
    and folders), by the first such name.

    nbgrader's collect copies what a link points to, with the trainer's
    rights: a link placed in the exchange could copy another learner's answers,
    or any file the trainer can read, into a submission.
    """
    inbound = Path(str(course.config.Exchange.root)) / str(course.config.CourseDirectory.course_id) / "inbound"
    found: dict[str, str] = {}
    if not _is_folder(inbound):
        return found
    for entry in sorted(os.listdir(inbound)):
        learner, _, rest = entry.partition("+")
        if not rest.startswith(f"{assignment}+") or learner in found:
            continue
        odd = _first_odd(inbound / entry)
        if odd is not None:
            found[learner] = odd
    return found


def owner_problem(path: str, learner: str, template: str) -> str | None:
    """Why the hand-in at ``path`` is not ``learner``'s own work, or None if it is (or nothing is checked)."""
    if not template:
        return None
    expected = template.replace("{learner}", learner)
    try:
        uid = os.lstat(path).st_uid
    except OSError as exc:
        return f"the hand-in cannot be read ({exc.strerror})"
    try:
        owner = pwd.getpwuid(uid).pw_name
    except KeyError:
        owner = f"account number {uid}"
    if owner == expected:
        return None
    return (
        f"handed in under this name by the account {owner}, not {expected}; "
        "only the learner's own account can hand in their work"
    )


def _report_misowned(course: Course, assignment: str, summary: CollectSummary) -> None:
    """List each exchange hand-in that its learner's own account did not make
    (checked only when the course names the account: OwnerCheckedCollect.owner_template)."""
    template = str(course.config.OwnerCheckedCollect.get("owner_template", "") or "")
    inbound = Path(str(course.config.Exchange.root)) / str(course.config.CourseDirectory.course_id) / "inbound"
    if not template or not _is_folder(inbound):
        return
    reported: set[str] = set()
    for entry in sorted(os.listdir(inbound)):
        learner, _, rest = entry.partition("+")
        if not rest.startswith(f"{assignment}+") or learner in reported:
            continue
        problem = owner_problem(str(inbound / entry), learner, template)
        if problem:
            reported.add(learner)
            summary.reject(f"exchange: {_shown(learner)}", problem)


def _first_odd(folder: Path) -> str | None:
    """The first path under ``folder`` that is not a plain file or folder, or None."""
    if not _is_folder(folder):
        return folder.name
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in sorted(folders + files):
            mode = os.lstat(os.path.join(parent, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return os.path.relpath(os.path.join(parent, name), folder)
    return None


def _drop_linked(
    course: Course, assignment: str, linked: dict[str, str], before: dict[str, str | None], summary: CollectSummary
) -> None:
    """Remove what nbgrader has just collected from a hand-in holding a link, and report it."""
    now = _submitted(course, assignment)
    for learner, name in linked.items():
        if learner in now and (learner not in before or before[learner] != now[learner]):
            shutil.rmtree(course.root / "submitted" / learner / assignment)
            summary.reject(
                f"exchange: {_shown(learner)}",
                f"the hand-in holds a link or special file ({_shown(name)}), which is never collected; "
                "ask the learner to hand in again from Jupyter",
            )


def _check_stamps(course: Course, assignment: str, now: datetime, summary: CollectSummary) -> None:
    """Remove (and report) stored times in the future or unreadable; rewrite any
    that nbgrader would read differently from this module, in UTC."""
    for learner, folder in _submission_folders(course, assignment).items():
        shown = f"submitted/{_shown(learner)}/{assignment}/{STAMP_FILE}"
        try:
            text = _read_stamp(folder / STAMP_FILE)
            if text is None:
                continue
            when = _when(text)
            if when is None or when > now + FUTURE_SLACK:
                claim = json.dumps(text[:40])
                why = "cannot be read as a time" if when is None else "is dated in the future"
                (folder / STAMP_FILE).unlink()
                summary.reject(
                    shown,
                    f"the time of this hand-in, {claim}, {why}; it was removed so that a newer genuine hand-in "
                    f"by '{learner}' replaces this one",
                )
            elif _nbgrader_time(text) != when.replace(tzinfo=None):
                (folder / STAMP_FILE).write_text(_stamp(when), encoding="utf-8")
        except Exception as exc:  # one odd submission never ends the collect
            summary.reject(shown, f"could not be checked ({type(exc).__name__}: {exc})")


def _collect_downloads(
    course: Course, assignment: str, folder: Path, notebook: Path, summary: CollectSummary, now: datetime
) -> None:
    if not folder.is_dir():
        raise CourseError(f"{folder}: no such folder of downloaded answers")
    found: list[_Download] = []
    for name in sorted(os.listdir(folder)):
        path, shown = folder / name, _shown(name)
        try:
            found.append(_download(path, shown, assignment, now))
        except _NotUsed as exc:
            summary.reject(shown, str(exc))
        except Exception as exc:  # one odd file never ends the collect
            summary.reject(shown, f"could not be read ({type(exc).__name__}: {str(exc).replace(str(path), shown)})")
    chosen = _newest(found, set(_all_learners(course)), summary)
    for learner, download in sorted(chosen.items()):
        try:
            if _install(course.root / "submitted" / learner / assignment, download, notebook, summary):
                summary.collected.append(learner)
        except Exception as exc:
            summary.reject(download.name, f"could not be collected ({type(exc).__name__}: {exc})")


def _download(path: Path, shown: str, assignment: str, now: datetime) -> _Download:
    """A downloaded file checked for use, or ``_NotUsed`` with the reason."""
    if shown.startswith("."):
        raise _NotUsed("a hidden file (its name starts with '.'); not read")
    if len(shown) > MAX_NAME_CHARS or shown != path.name or not HAND_IN_NAME.fullmatch(path.name):
        raise _NotUsed(
            f"an odd name for a hand-in (letters, digits, spaces and '_.()-' only, at most {MAX_NAME_CHARS} characters); not read"
        )
    kind = _kind(os.lstat(path).st_mode)
    if kind:
        raise _NotUsed(f"{kind}, not a file; not read")
    try:
        sheet, raw = read_answers_and_bytes(path, follow_symlinks=False)
    except SubmissionError as exc:
        raise _NotUsed(str(exc).replace(str(path), shown)) from exc
    if sheet.assignment != assignment:
        reason = (
            f"it is for '{sheet.assignment}'" if sheet.assignment else "it names no assignment (not a hand-in file)"
        )
        raise _NotUsed(f"not collected for '{assignment}': {reason}")
    if not sheet.learner:
        raise _NotUsed("it names no learner")
    when = _when(sheet.exported) if sheet.exported else _UNDATED
    if when is None:
        raise _NotUsed(f"its time, {json.dumps(sheet.exported)}, cannot be placed in UTC")
    if when > now + FUTURE_SLACK:
        raise _NotUsed(
            f"dated in the future ({sheet.exported}, more than {FUTURE_SLACK.seconds // 60} minutes after this computer's clock); not collected"
        )
    return _Download(shown, sheet.learner, when, raw)


def _kind(mode: int) -> str | None:
    """What a directory entry is, if it is not a regular file."""
    kinds = [
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ]
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in kinds if test(mode)), "something other than a file")


def _all_learners(course: Course) -> list[str]:
    """Every learner folder in ``submitted/``, for any assignment."""
    root = course.root / "submitted"
    return [name for name in os.listdir(root) if _is_folder(root / name)] if root.is_dir() else []


def _newest(found: list[_Download], existing: set[str], summary: CollectSummary) -> dict[str, _Download]:
    """The newest download per learner; the others, and ids differing from
    another only in case, are reported."""
    spelled: dict[str, tuple[str, str | None]] = {learner.casefold(): (learner, None) for learner in existing}
    newest: dict[str, _Download] = {}
    for download in found:
        first, source = spelled.setdefault(download.learner.casefold(), (download.learner, download.name))
        if first != download.learner:
            where = "already has hand-ins in submitted/" if source is None else f"is named in {source}"
            summary.reject(
                download.name,
                f"learner '{download.learner}' differs only in case from '{first}', who {where}; not collected "
                "(ids that differ only in case would share a folder on some systems)",
            )
            continue
        kept = newest.get(download.learner)
        if kept is None or download.when > kept.when:
            newest[download.learner] = download
            if kept is not None:
                summary.reject(kept.name, _older(download.learner, download.when, download.name))
        else:
            summary.reject(download.name, _older(download.learner, kept.when, kept.name))
    return newest


def _older(learner: str, when: datetime, source: str) -> str:
    return f"'{learner}' has a hand-in as new or newer ({_shown_time(when)}, {source}); not collected"


def _install(target: Path, download: _Download, notebook: Path, summary: CollectSummary) -> bool:
    """Make ``download`` the submission in ``target`` unless what is there is as new; True if it was."""
    answers = target / ANSWERS_FILE
    for folder in (target.parent, target):
        if os.path.lexists(folder) and not _is_folder(folder):
            kind = _kind(os.lstat(folder).st_mode) or "a file"
            raise CourseError(
                f"{folder.relative_to(target.parents[1])} in submitted/ is {kind}, not a folder; left alone"
            )
    if _same_bytes(answers, download.raw):
        return False  # already collected
    held = _read_stamp(target / STAMP_FILE)
    when = _when(held) if held else None
    if when is not None and when >= download.when:
        summary.reject(download.name, _older(download.learner, when, f"submitted/{download.learner}"))
        return False
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(notebook, target / notebook.name)
    answers.write_bytes(download.raw)
    if download.when is not _UNDATED:
        (target / STAMP_FILE).write_text(_stamp(download.when), encoding="utf-8")
    return True


def _same_bytes(path: Path, raw: bytes) -> bool:
    try:
        return not path.is_symlink() and path.is_file() and path.stat().st_size == len(raw) and path.read_bytes() == raw
    except OSError:
        return False


def _shown(name: str) -> str:
    """A file or learner name as it can safely be shown (and written to JSON)."""
    if HAND_IN_NAME.fullmatch(name) and len(name) <= MAX_NAME_CHARS:
        return name
    if name.startswith(".") and HAND_IN_NAME.fullmatch(name[1:]) and len(name) <= MAX_NAME_CHARS:
        return name
    return json.dumps(name[:100])[1:-1] + ("…" if len(name) > 100 else "")


def _stamp(when: datetime) -> str:
    """A time as ``timestamp.txt`` holds it: UTC, in nbgrader's format."""
    utc = when.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%d %H:%M:%S.%f} UTC"


def _shown_time(when: datetime) -> str:
    return "undated" if when is _UNDATED else f"{when:%Y-%m-%d %H:%M:%S} UTC"


def _when(text: str | None) -> datetime | None:
    """A hand-in time in UTC, from an ISO 8601 time or a ``timestamp.txt`` (this
    module's, an earlier ``… UTC+05:30`` form, or nbgrader's); None if unreadable."""
    text = (text or "").strip()
    if not text or len(text) > 64:
        return None
    match = _STAMP.fullmatch(text)
    try:
        if match is None:
            parsed = _nbgrader_time(text) if _NAMED_ZONE.fullmatch(text) else None
            return None if parsed is None else parsed.replace(tzinfo=UTC)
        day, clock, sign, hours, minutes = match.groups()
        zone = f"{sign}{hours}:{minutes or '00'}" if sign else "+00:00"
        return datetime.fromisoformat(f"{day}T{clock}{zone}").astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _nbgrader_time(text: str) -> datetime | None:
    """The time as nbgrader reads a ``timestamp.txt`` (naive UTC), or None."""
    from nbgrader.utils import parse_utc

    try:
        parsed = parse_utc(text)
    except Exception:  # dateutil raises several kinds for text it cannot read
        return None
    return parsed if isinstance(parsed, datetime) else None


def load_rejected(course: Course, assignment: str) -> list[dict[str, str]]:
    """Files the last collection could not use, with reasons."""
    path = course.results_dir(assignment) / REJECTED_FILE
    return list(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []
