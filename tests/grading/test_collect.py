"""Collecting hand-ins from the exchange and from a folder of book downloads:
every file not used is listed with its reason and left in place, nothing in
the folder can stop the collect, times are compared in UTC and the newest
genuine hand-in wins.

One course is initialised and released per module (nbgrader's release takes
seconds); each test works on its own copy of it.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from workbook.answers import ANSWERS_FILE, MAX_ANSWERS_BYTES
from workbook.grading import Course, _collect, init_course, open_course, release_assignment
from workbook.grading._collect import REJECTED_FILE, CollectSummary, _when, collect_submissions, load_rejected

ASSIGNMENT = "questioning"
ITEM = {"choice_lpq_meaning": {"answer": {"selected": ["learner_chosen"]}, "saved": "2026-11-20T09:00:00Z"}}


@pytest.fixture(scope="module")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "course"
    release_assignment(init_course(root), ASSIGNMENT)
    return root


@pytest.fixture
def course(released_course: Path, tmp_path: Path) -> Course:
    root = tmp_path / "course"
    shutil.copytree(released_course, root, symlinks=True)
    return open_course(root)


def hand_in(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "action-learning-workbook-answers",
        "format_version": 1,
        "exported": "2026-11-20T09:30:00Z",
        "learner": "ada",
        "assignment": ASSIGNMENT,
        "answers": {"questioning@3": ITEM},
    }
    data.update(changes)
    return data


def write(folder: Path, name: str, **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(hand_in(**changes)), encoding="utf-8")
    return path


def reasons(summary: CollectSummary) -> dict[str, str]:
    return {r["file"]: r["reason"] for r in summary.rejected}


def stamp(course: Course, learner: str) -> str:
    return (course.root / "submitted" / learner / ASSIGNMENT / "timestamp.txt").read_text(encoding="utf-8")


def answers_of(course: Course, learner: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((course.root / "submitted" / learner / ASSIGNMENT / ANSWERS_FILE).read_text())
    return data


def exchange_hand_in(course: Course, learner: str, timestamp: str) -> None:
    """Hand in through nbgrader's exchange, as ``nbgrader submit`` does, at a given time."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeSubmit

    class AtTime(ExchangeSubmit):  # type: ignore[misc]
        def set_timestamp(self) -> None:
            self.timestamp = timestamp

    home = course.root / "learners" / learner
    work = home / ASSIGNMENT
    work.mkdir(parents=True, exist_ok=True)
    for notebook in (course.root / "release" / ASSIGNMENT).glob("*.ipynb"):
        shutil.copy2(notebook, work / notebook.name)
    (work / ANSWERS_FILE).write_text(json.dumps(hand_in(learner=None, assignment=None, exported=None)))
    coursedir = CourseDirectory(config=course.config)
    coursedir.assignment_id = ASSIGNMENT
    coursedir.student_id = learner
    AtTime(
        assignment_dir=str(home),
        coursedir=coursedir,
        authenticator=Authenticator(config=course.config),
        config=course.config,
    ).start()


def test_every_file_not_used_is_listed_with_its_reason_and_left_in_place(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_hang: None
) -> None:
    """Folders, pipes, links, sockets, hidden files, odd names and unreadable
    files never stop the collect, and each is listed; the good file is collected."""
    folder = tmp_path / "downloads"
    write(folder, "ada_questioning.json")
    (folder / "a folder").mkdir()
    os.mkfifo(folder / "pipe.json")
    outside = write(tmp_path / "elsewhere", "mallory.json", learner="mallory")
    (folder / "link.json").symlink_to(outside)
    write(folder, ".hidden.json", learner="hidden")
    write(folder, "odd\nname.json", learner="oddname")
    write(folder, "x" * 196 + ".json", learner="longname")
    with (folder / "huge.json").open("wb") as out:
        out.truncate(MAX_ANSWERS_BYTES + 1)
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00{")
    (folder / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "big-number.json").write_text('{"n": ' + "9" * 4301 + "}")
    write(folder, "future.json", learner="fiona", exported="9999-12-31T23:59:59Z")
    write(folder, "listening.json", learner="ben", assignment="listening")
    write(folder, "nobody.json", learner=None)
    write(folder, "heidi.json", learner="heidi\n")
    monkeypatch.chdir(folder)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("real.sock")
        (folder / "socket.json").symlink_to(folder / "real.sock")  # a link to a socket, not followed
        before = sorted(os.listdir(folder))

        summary = collect_submissions(course, ASSIGNMENT, downloads=folder)

    assert summary.collected == ["ada"]
    why = reasons(summary)
    expected = {
        "a folder": "a folder, not a file",
        "pipe.json": "a named pipe, not a file",
        "link.json": "a symbolic link, not a file",
        "socket.json": "a symbolic link, not a file",
        "real.sock": "a socket, not a file",
        ".hidden.json": "a hidden file",
        "odd\\nname.json": "an odd name for a hand-in",
        "x" * 100 + "…": "an odd name for a hand-in",  # 201 characters, shown cut short
        "huge.json": "huge.json: 2,000,001 bytes is too large",
        "binary.json": "binary.json: not a text file",
        "nested.json": "nested.json:1:21: nested more than 20 deep",
        "big-number.json": "big-number.json:1:7: a number of 4,301 characters",
        "future.json": "dated in the future",
        "listening.json": "it is for 'listening'",
        "nobody.json": "it names no learner",
        "heidi.json": "heidi.json: learner: must be letters",
    }
    for name, text in expected.items():
        assert text in why.get(name, ""), (name, why.get(name))
    assert set(why) == set(expected)
    assert sorted(os.listdir(folder)) == before  # all left in place
    assert sorted(os.listdir(course.root / "submitted")) == ["ada"]
    assert load_rejected(course, ASSIGNMENT) == summary.rejected
    assert '"file": "odd\\\\nname.json"' in (course.results_dir(ASSIGNMENT) / REJECTED_FILE).read_text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission_is_listed(course: Course, tmp_path: Path) -> None:
    path = write(tmp_path / "downloads", "ada.json")
    path.chmod(0)
    summary = collect_submissions(course, ASSIGNMENT, downloads=path.parent)
    assert "cannot be read (Permission denied)" in reasons(summary)["ada.json"]


def test_a_file_with_one_bad_item_is_collected_with_the_good_ones(course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    bad = {**ITEM, "choice_stacked_questions_fix": None}
    write(folder, "ada.json", answers={"questioning@3": bad, "questioning@" + "1" * 4400: ITEM})
    summary = collect_submissions(course, ASSIGNMENT, downloads=folder)
    assert summary.collected == ["ada"]
    assert set(answers_of(course, "ada")["answers"]) == {"questioning@3", "questioning@" + "1" * 4400}  # as handed in


def test_an_unexpected_error_on_one_file_is_listed_and_the_rest_collected(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "downloads"
    write(folder, "ada.json")
    write(folder, "ben.json", learner="ben")
    real = _collect.read_answers_and_bytes

    def flaky(path: Path, **options: Any) -> Any:
        if path.name == "ben.json":
            raise RuntimeError(f"{path}: the disk wobbled")
        return real(path, **options)

    monkeypatch.setattr(_collect, "read_answers_and_bytes", flaky)
    summary = collect_submissions(course, ASSIGNMENT, downloads=folder)
    assert summary.collected == ["ada"]
    assert reasons(summary) == {"ben.json": "could not be read (RuntimeError: ben.json: the disk wobbled)"}
    assert load_rejected(course, ASSIGNMENT) == summary.rejected


def test_rejected_files_are_written_even_when_the_collect_fails(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbgrader.apps import NbGraderAPI

    (course.root / "submitted" / "zoe" / ASSIGNMENT).mkdir(parents=True)
    (course.root / "submitted" / "zoe" / ASSIGNMENT / "timestamp.txt").write_text("9999-12-31 00:00:00.000000 UTC")
    monkeypatch.setattr(NbGraderAPI, "collect", lambda self, *a, **k: {"success": False, "error": "broken"})
    with pytest.raises(_collect.CourseError, match="broken"):
        collect_submissions(course, ASSIGNMENT, downloads=tmp_path)
    assert [r["file"] for r in load_rejected(course, ASSIGNMENT)] == [f"submitted/zoe/{ASSIGNMENT}/timestamp.txt"]


def test_times_with_an_offset_are_compared_in_utc_and_the_newest_wins(course: Course, tmp_path: Path) -> None:
    """10:00 at +05:30 is 04:30 UTC: newer than 04:00 UTC, older than 05:00 UTC."""
    first = tmp_path / "first"
    write(first, "ada-india.json", exported="2026-01-01T10:00:00+05:30", answers={"questioning@3": ITEM})
    write(first, "ada-older.json", exported="2025-01-01T12:00:00Z", answers={})
    summary = collect_submissions(course, ASSIGNMENT, downloads=first)
    assert summary.collected == ["ada"]
    assert "'ada' has a hand-in as new or newer" in reasons(summary)["ada-older.json"]
    assert stamp(course, "ada") == "2026-01-01 04:30:00.000000 UTC"
    from nbgrader.utils import parse_utc

    assert parse_utc(stamp(course, "ada")) == datetime(2026, 1, 1, 4, 30)  # nbgrader reads it the same

    earlier = tmp_path / "earlier"
    write(earlier, "ada-0400.json", exported="2026-01-01T04:00:00Z", answers={})
    summary = collect_submissions(course, ASSIGNMENT, downloads=earlier)
    assert summary.collected == []
    assert "2026-01-01 04:30:00 UTC" in reasons(summary)["ada-0400.json"]

    later = tmp_path / "later"
    write(later, "ada-0500.json", exported="2026-01-01T05:00:00Z", answers={})
    assert collect_submissions(course, ASSIGNMENT, downloads=later).collected == ["ada"]
    assert answers_of(course, "ada")["answers"] == {}
    assert stamp(course, "ada") == "2026-01-01 05:00:00.000000 UTC"


def test_an_earlier_stamp_with_an_offset_is_read_in_utc(course: Course, tmp_path: Path) -> None:
    """Stamps written before this fix as '… UTC+05:30' (local time and offset) still compare correctly."""
    target = course.root / "submitted" / "ada" / ASSIGNMENT
    target.mkdir(parents=True)
    (target / "timestamp.txt").write_text("2026-01-01 10:00:00.000000 UTC+05:30")
    write(tmp_path / "earlier", "ada.json", exported="2026-01-01T04:00:00Z")
    summary = collect_submissions(course, ASSIGNMENT, downloads=tmp_path / "earlier")
    assert summary.collected == []
    assert "ada.json" in reasons(summary)
    write(tmp_path / "later", "ada.json", exported="2026-01-01T05:00:00Z")
    assert collect_submissions(course, ASSIGNMENT, downloads=tmp_path / "later").collected == ["ada"]


def test_collecting_the_same_folder_again_changes_and_lists_nothing(course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    write(folder, "ada.json")
    assert collect_submissions(course, ASSIGNMENT, downloads=folder).collected == ["ada"]
    again = collect_submissions(course, ASSIGNMENT, downloads=folder)
    assert (again.collected, again.rejected) == ([], [])


def test_learner_ids_differing_only_in_case_are_refused(course: Course, tmp_path: Path) -> None:
    write(tmp_path / "first", "ada.json")
    collect_submissions(course, ASSIGNMENT, downloads=tmp_path / "first")
    folder = tmp_path / "second"
    write(folder, "ADA.json", learner="Ada", exported="2026-11-21T09:30:00Z")
    write(folder, "Bob.json", learner="Bob")
    write(folder, "bob.json", learner="bob")
    summary = collect_submissions(course, ASSIGNMENT, downloads=folder)
    assert summary.collected == ["Bob"]
    why = reasons(summary)
    assert "learner 'Ada' differs only in case from 'ada', who already has hand-ins in submitted/" in why["ADA.json"]
    assert "learner 'bob' differs only in case from 'Bob', who is named in Bob.json" in why["bob.json"]
    assert sorted(os.listdir(course.root / "submitted")) == ["Bob", "ada"]


def test_a_stored_time_in_the_future_does_not_lock_out_the_learner(course: Course, tmp_path: Path) -> None:
    """An impostor's file dated 9999 collected earlier: frank's genuine hand-ins,
    by download and through the exchange, still replace it, and this is reported."""
    target = course.root / "submitted" / "frank" / ASSIGNMENT
    target.mkdir(parents=True)
    (target / "timestamp.txt").write_text("9999-12-31 23:59:59.000000 UTC")
    (target / ANSWERS_FILE).write_text(json.dumps(hand_in(learner="frank", answers={})))
    write(tmp_path / "downloads", "frank.json", learner="frank", exported="2026-11-20T09:30:00Z")
    summary = collect_submissions(course, ASSIGNMENT, downloads=tmp_path / "downloads")
    assert summary.collected == ["frank"]
    why = reasons(summary)[f"submitted/frank/{ASSIGNMENT}/timestamp.txt"]
    assert '"9999-12-31 23:59:59.000000 UTC", is dated in the future' in why
    assert answers_of(course, "frank")["answers"] == {"questioning@3": ITEM}
    assert stamp(course, "frank") == "2026-11-20 09:30:00.000000 UTC"

    (target / "timestamp.txt").write_text("9999-12-31 23:59:59.000000 UTC")  # again, then an exchange hand-in
    now = datetime.now(UTC)
    exchange_hand_in(course, "frank", f"{now:%Y-%m-%d %H:%M:%S.%f} UTC")
    summary = collect_submissions(course, ASSIGNMENT)
    assert summary.collected == ["frank"]
    assert _when(stamp(course, "frank")) == now


def test_the_newest_hand_in_wins_across_the_exchange_and_downloads(course: Course, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    exchange_hand_in(course, "eve", f"{now - timedelta(hours=1):%Y-%m-%d %H:%M:%S.%f} UTC")
    folder = tmp_path / "downloads"
    yesterday = (now - timedelta(days=1)).isoformat()
    write(folder, "eve-yesterday.json", learner="eve", exported=yesterday)
    write(folder, "eve-tomorrow.json", learner="eve", exported=(now + timedelta(days=1)).isoformat())
    write(folder, "eve-soon.json", learner="eve", exported=(now + timedelta(minutes=2)).isoformat())  # clocks differ
    summary = collect_submissions(course, ASSIGNMENT, downloads=folder)
    assert summary.collected == ["eve"]
    why = reasons(summary)
    assert "dated in the future" in why["eve-tomorrow.json"]
    assert "has a hand-in as new or newer" in why["eve-yesterday.json"]
    assert "eve-soon.json" not in why  # within five minutes of the clock: collected, and the newest
    assert _when(stamp(course, "eve")) == _when((now + timedelta(minutes=2)).isoformat())


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-01-01 04:30:00.000000 UTC", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
        ("2026-01-01 10:00:00.000000 UTC+05:30", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
        ("2026-01-01 00:00:00.000000 UTC-05:00", datetime(2026, 1, 1, 5, 0, tzinfo=UTC)),
        ("2026-01-01T10:00:00+05:30", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
        ("2026-01-01T04:30:00Z", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
        ("2026-01-01T04:30:00", datetime(2026, 1, 1, 4, 30, tzinfo=UTC)),
        ("2026-01-01 04:30:00.5 EST", datetime(2026, 1, 1, 9, 30, 0, 500_000, tzinfo=UTC)),
        ("yesterday", None),
        ("9999-12-31T23:59:59-05:00", None),  # beyond the last time Python can hold
        ("", None),
    ],
)
def test_times_are_read_in_utc(text: str, utc: datetime | None) -> None:
    assert _when(text) == utc


def test_stamps_written_are_read_alike_by_nbgrader() -> None:
    from nbgrader.utils import parse_utc

    text = _collect._stamp(datetime.fromisoformat("2026-01-01T10:00:00.123456+05:30"))
    assert text == "2026-01-01 04:30:00.123456 UTC"
    assert parse_utc(text) == datetime(2026, 1, 1, 4, 30, 0, 123456)
    assert _when(text) == datetime(2026, 1, 1, 4, 30, 0, 123456, tzinfo=UTC)


def test_an_exchange_hand_in_holding_a_link_is_not_collected(course: Course, tmp_path: Path) -> None:
    """A link put into the exchange would make nbgrader copy, with the trainer's
    rights, whatever it points to (another learner's answers, say) into a submission."""
    now = datetime.now(UTC)
    exchange_hand_in(course, "victor", f"{now - timedelta(hours=2):%Y-%m-%d %H:%M:%S.%f} UTC")
    exchange_hand_in(course, "mallory", f"{now - timedelta(hours=1):%Y-%m-%d %H:%M:%S.%f} UTC")
    inbound = course.root / "exchange" / "action-learning" / "inbound"
    victim = next(inbound.glob(f"victor+{ASSIGNMENT}+*")) / ANSWERS_FILE
    planted = next(inbound.glob(f"mallory+{ASSIGNMENT}+*")) / ANSWERS_FILE
    planted.unlink()
    planted.symlink_to(victim)
    summary = collect_submissions(course, ASSIGNMENT)
    assert summary.collected == ["victor"]
    assert reasons(summary)["exchange: mallory"] == (
        f"the hand-in holds a link or special file ({ANSWERS_FILE}), which is never collected; "
        "ask the learner to hand in again from Jupyter"
    )
    assert not (course.root / "submitted" / "mallory").joinpath(ASSIGNMENT).exists()
    assert planted.is_symlink()  # the exchange is left as it was


def _account() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def test_a_hand_in_made_by_another_account_is_not_collected(course: Course) -> None:
    """On a hub where each learner has an account (jupyter-NAME), a hand-in in
    victor's name that his account did not make is refused, and says why."""
    course.config.OwnerCheckedCollect.owner_template = "jupyter-{learner}"
    exchange_hand_in(course, "victor", f"{datetime.now(UTC) - timedelta(hours=1):%Y-%m-%d %H:%M:%S.%f} UTC")
    summary = collect_submissions(course, ASSIGNMENT)
    assert summary.collected == []
    assert reasons(summary)["exchange: victor"] == (
        f"handed in under this name by the account {_account()}, not jupyter-victor; "
        "only the learner's own account can hand in their work"
    )
    assert not (course.root / "submitted" / "victor" / ASSIGNMENT).exists()


def test_without_an_owner_template_the_exchange_is_collected_as_before(course: Course) -> None:
    exchange_hand_in(course, "victor", f"{datetime.now(UTC) - timedelta(hours=1):%Y-%m-%d %H:%M:%S.%f} UTC")
    assert collect_submissions(course, ASSIGNMENT).collected == ["victor"]


@pytest.mark.skipif(os.geteuid() != 0, reason="a hand-in owned by another account can only be made as root")
def test_a_later_hand_in_by_another_account_cannot_hide_the_learners_own(course: Course) -> None:
    me = _account()
    course.config.OwnerCheckedCollect.owner_template = "{learner}"
    now = datetime.now(UTC)
    genuine = f"{now - timedelta(hours=2):%Y-%m-%d %H:%M:%S.%f} UTC"
    exchange_hand_in(course, me, genuine)
    exchange_hand_in(course, me, f"{now - timedelta(hours=1):%Y-%m-%d %H:%M:%S.%f} UTC")
    inbound = course.root / "exchange" / "action-learning" / "inbound"
    forged = max(inbound.glob(f"{me}+{ASSIGNMENT}+*"))
    for path in [forged, *forged.rglob("*")]:
        os.chown(path, 65534, 65534)  # made by "nobody", in this learner's name
    summary = collect_submissions(course, ASSIGNMENT)
    assert summary.collected == [me]
    assert stamp(course, me).strip() == genuine
    assert "not " + me in reasons(summary)[f"exchange: {me}"]


def test_the_formgraders_collect_checks_owners_too(course: Course) -> None:
    """nbgrader reads the course's own nbgrader_config.py (the formgrader does):
    it names the owner-checking collect."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.root)).load_config()
    assert config.ExchangeFactory.collect == "workbook.grading.exchange.OwnerCheckedCollect"
    from workbook.grading.exchange import OwnerCheckedCollect

    assert OwnerCheckedCollect.owner_template.default_value == ""
