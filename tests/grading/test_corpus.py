"""The cheat corpus (tests/corpus/cases.yaml): every hostile hand-in from the
grading security review, handed in through nbgrader's exchange or as a book
download, collected and graded with the ``workbook`` command, then checked.

The module builds one course. Three victims (perfect, partial, blank) are
graded alone first; then every case is handed in, collected (two rounds, for
the cases about which hand-in is newer) and graded, with feedback and the
report written. ``workbook grade`` runs as the installed command in its own
process (HOME pointing at the canary folder, a time limit, its exit status
checked); the other commands run through ``workbook.cli.main`` in this process,
in the same environment and under a watchdog, which is quicker.

Each case must end as its ``expected`` says, the victims must score exactly
as when graded alone, no submitted file may change, the course may change only
in the folders each command owns, nothing may be written to the canary folder
(the cells' target outside the course, and the commands' HOME) or the
commands' TMPDIR, the socket listener must hear nothing, and no process a cell
would start may be alive. The cells would do their harm if anything ran them: the
point is that ``workbook grade`` never does.
"""

from __future__ import annotations

import contextlib
import csv
import faulthandler
import hashlib
import io
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from workbook.answers import ANSWERS_FILE, AnswerSheet
from workbook.banks import default_banks
from workbook.cli import main
from workbook.grading import (
    Course,
    collect_submissions,
    course_lock,
    grade_submissions,
    init_course,
    load_results,
    release_assignment,
    right_answer,
    score_handed_in,
)

pytestmark = pytest.mark.slow

ASSIGNMENT = "questioning"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SPEC: dict[str, Any] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = {case["id"]: case for case in SPEC["cases"]}
VICTIMS: list[dict[str, Any]] = SPEC["victims"]
WORKBOOK = Path(sys.executable).parent / "workbook"
COMMAND_SECONDS = 180  # `workbook grade`, run as a command; normally a few seconds
RUN_SECONDS = 900  # the whole module's course, in this process (under a minute normally)
EARNED_SECONDS = 60  # marking every case's answers in the test, independently of the grader
FORMAT = "action-learning-workbook-answers"
DOWNLOAD_EXPORTED = "2026-11-20T09:30:00Z"
PLACEHOLDERS = {"PERFECT": "''", "COURSE": "''", "CANARY": "''", "PORT": "9", "MARKER": "''"}

# What a case may say (README.md describes each).
VIAS = {"exchange", "download"}
ANSWER_RECIPES = {
    "none",
    "right",
    "one-wrong",
    "partial",
    "nested-lists",
    "huge-integer",
    "huge-bank-key",
    "corrupt-item",
    "redos",
}
NOTEBOOK_RECIPES = {
    "nbgrader-null",
    "nbgrader-string",
    "nbgrader-list",
    "grade-id-list",
    "repeated-grade-id",
    "nested-lists",
    "huge-integer",
}
KINDS = {"file", "symlink", "fifo", "folder"}
STATUSES = {"graded", "not graded", "not collected"}
REQUIRED_KEYS = {"id", "finding", "via", "learner", "answers", "expected"}
CASE_KEYS = REQUIRED_KEYS | {"cell", "repeat", "notebook", "round", "exported", "kind", "file"}
EXPECTED_KEYS = {"status", "score", "problem", "reason", "submitted_at", "csv_guarded"}
REVIEW_FINDINGS = {1, 2, 3, 4, 5, 6, 8, 9, 10, 11}  # the findings the corpus must cover

# Everything each command may create or change in the course; anything else is a finding.
COLLECT_MAY_WRITE = {"submitted", "results", "gradebook.db", ".workbook.lock"}
GRADE_MAY_WRITE = {"results", "autograded", "feedback", "reports", "gradebook.db", ".workbook.lock"}


# ---- the bank items and the answers recipes ---------------------------------------------


@dataclass(frozen=True)
class Item:
    bank: str
    version: int
    points: float
    item: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.item["id"])


def released_items(released: Path) -> list[Item]:
    """The bank items behind the released notebook's test cells, with their points."""
    banks = default_banks()
    found = []
    for cell in json.loads(released.read_text(encoding="utf-8"))["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader") or {}
        if grading.get("grade"):
            bank, item = banks.item(grading["grade_id"])
            found.append(Item(bank.name, bank.version, float(grading["points"]), item))
    return found


def wrong(item: dict[str, Any]) -> dict[str, Any]:
    kind = item["type"]
    if kind == "choice":
        return {"selected": [next(o["id"] for o in item["options"] if not o["correct"])]}
    if kind == "classify":
        ids = [c["id"] for c in item["categories"]]
        return {"placed": [next(c for c in ids if c != s["category"]) for s in item["statements"]]}
    if kind == "order":
        return {"order": list(reversed(item["steps"]))}
    return {"text": item["original"]}


@dataclass
class Answers:
    """A recipe made concrete: what the file stores, and what should be marked."""

    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # "bank@version" -> item id -> entry
    marked: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)  # what a reader should keep
    whole_file: str | None = None  # replaces the whole file
    extra: str | None = None  # JSON text added as the top-level key "n"
    present: bool = True  # False: no answers file in an exchange hand-in

    def put(self, item: Item, answer: Any, *, marked: bool = True) -> None:
        entry = {"answer": answer, "saved": "2026-11-20T09:00:00Z"} if marked else answer
        self.stored.setdefault(f"{item.bank}@{item.version}", {})[item.id] = entry
        if marked:
            self.marked.setdefault((item.bank, item.version), {})[item.id] = answer


STACKED = "choice_stacked_questions_fix"  # the item the one-wrong and corrupt-item recipes change
REDOS_ITEM = "rewrite_were_you_angry"


def answers_for(recipe: str, items: list[Item]) -> Answers:
    made = Answers()
    if recipe == "none":
        made.present = False
    elif recipe == "nested-lists":
        made.whole_file = "[" * 100_000 + "]" * 100_000
    elif recipe == "partial":
        for k, item in enumerate(items):
            made.put(item, right_answer(item.item) if k < len(items) // 2 else wrong(item.item))
    else:
        for item in items:
            if recipe == "one-wrong" and item.id == STACKED:
                made.put(item, wrong(item.item))
            elif recipe == "corrupt-item" and item.id == STACKED:
                made.put(item, None, marked=False)  # localStorage held "null"
            elif recipe == "redos" and item.id == REDOS_ITEM:
                made.put(item, {"text": "x - " * 40 + "x"})
            else:
                made.put(item, right_answer(item.item))
        if recipe == "huge-bank-key":
            made.stored[f"{ASSIGNMENT}@" + "1" * 4400] = {}
        elif recipe == "huge-integer":
            made.extra = "9" * 4301
            made.marked = {}  # the whole file is refused
    return made


def answers_text(made: Answers, *, learner: str | None, exported: str) -> str:
    if made.whole_file is not None:
        return made.whole_file
    data: dict[str, Any] = {"format": FORMAT, "format_version": 1, "exported": exported}
    if learner is not None:
        data |= {"learner": learner, "assignment": ASSIGNMENT}
    if made.extra is not None:
        data["n"] = "__EXTRA__"
    data["answers"] = made.stored
    return json.dumps(data, indent=1).replace('"__EXTRA__"', made.extra or "")


def earned_by(cases: dict[str, Answers], items: list[Item]) -> dict[str, float]:
    """Each case's score from the answers it meant to hand in, marked here with the
    scorer (not through the grader). Run in a worker with a time limit."""
    earned = {}
    for case_id, made in cases.items():
        sheet = AnswerSheet(Path(case_id), None, None, None, made.marked)
        total = 0.0
        for item in items:
            marked = score_handed_in(item.item, sheet, bank=item.bank, version=item.version)
            total += round(min(item.points, max(0.0, marked.fraction * item.points)), 4)
        earned[case_id] = round(total, 4)
    return earned


def earned_with_time_limit(cases: dict[str, Answers], items: list[Item]) -> dict[str, float]:
    from pebble import ProcessPool

    with ProcessPool(1) as pool:
        result: dict[str, float] = pool.schedule(earned_by, args=(cases, items), timeout=EARNED_SECONDS).result()
    return result


# ---- the hand-ins ---------------------------------------------------------------------


def cell_source(case: dict[str, Any], values: dict[str, str]) -> str:
    """The case's cell with its placeholders filled in, after a line that leaves a trace if it runs."""
    trace = f"import pathlib; pathlib.Path($CANARY, {('ran-' + case['id'])!r}).touch()  # a trace, if this ever runs\n"
    source = trace + str(case["cell"])
    for name, value in values.items():
        source = source.replace(f"${name}", value)
    return source


def change_notebook(path: Path, case: dict[str, Any], values: dict[str, str]) -> None:
    """Add the case's cells after the first code cell and apply its notebook recipe (as JSON, unvalidated)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    first_code = next(k for k, c in enumerate(cells) if c["cell_type"] == "code")
    if "cell" in case:
        source = cell_source(case, values)
        for _ in range(case.get("repeat", 1)):
            cells.insert(first_code + 1, dict(nbformat.v4.new_code_cell(source)))
    tests = [c for c in cells if (c.get("metadata", {}).get("nbgrader") or {}).get("grade")]
    recipe = case.get("notebook")
    if recipe == "nbgrader-null":
        tests[0]["metadata"]["nbgrader"] = None
    elif recipe == "nbgrader-string":
        tests[0]["metadata"]["nbgrader"] = "grade"
    elif recipe == "nbgrader-list":
        tests[0]["metadata"]["nbgrader"] = ["grade", True]
    elif recipe == "grade-id-list":
        tests[0]["metadata"]["nbgrader"]["grade_id"] = ["x"]
    elif recipe == "repeated-grade-id":
        extra = dict(nbformat.v4.new_code_cell(tests[0]["source"]))
        extra["metadata"] = {"nbgrader": {**tests[0]["metadata"]["nbgrader"], "grade": True, "points": "lots"}}
        cells.append(extra)
    elif recipe in ("nested-lists", "huge-integer"):
        notebook["metadata"]["n"] = "__HUGE__"
    text = json.dumps(notebook, indent=1)
    if recipe == "nested-lists":
        text = text.replace('"__HUGE__"', "[" * 100_000 + "]" * 100_000)
    elif recipe == "huge-integer":
        text = text.replace('"__HUGE__"', "9" * 4301)
    path.write_text(text, encoding="utf-8")


def hand_in_exchange(course: Course, home: Path, learner: str) -> None:
    """As ``nbgrader submit`` from Jupyter (see the demo's ``_hand_in``); ``home`` is outside the course."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeSubmit

    coursedir = CourseDirectory(config=course.config)
    coursedir.assignment_id = ASSIGNMENT
    coursedir.student_id = learner
    submit = ExchangeSubmit(
        assignment_dir=str(home),
        coursedir=coursedir,
        authenticator=Authenticator(config=course.config),
        config=course.config,
    )
    submit.start()


def work_folder(home: Path, released: Path, answers: str | None) -> Path:
    work = home / ASSIGNMENT
    work.mkdir(parents=True)
    shutil.copy2(released, work / released.name)
    if answers is not None:
        (work / ANSWERS_FILE).write_text(answers, encoding="utf-8")
    return work / released.name


def download_name(case: dict[str, Any]) -> str:
    return str(case.get("file", f"{case['id']}.json"))


def put_download(folder: Path, case: dict[str, Any], text: str, course: Course) -> None:
    path = folder / download_name(case)
    kind = case.get("kind", "file")
    if kind == "symlink":
        os.symlink(course.root / "submitted" / case["learner"] / ASSIGNMENT / ANSWERS_FILE, path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
        (path / ANSWERS_FILE).write_text(text, encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")


# ---- watching: the listener, the tree, processes, the commands --------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection and what it was sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.heard: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, address = self.server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                self.heard.append(f"{address}: {data[:200]!r}")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.close()


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed): a digest for files, a kind otherwise."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                kind = f"link to {os.readlink(path)}"
            elif stat.S_ISDIR(mode):
                kind = "folder"
            elif stat.S_ISREG(mode):
                kind = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                kind = "special"
            found[str(path.relative_to(root))] = kind
    return found


def changed_outside(before: dict[str, str], after: dict[str, str], allowed: set[str]) -> list[str]:
    """Paths created, changed or removed whose first part is not in ``allowed``."""
    paths = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return sorted(p for p in paths if Path(p).parts[0] not in allowed)


def processes_with(marker: str) -> dict[int, str]:
    """Processes with ``marker`` in their command line: their command lines, by id."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes()
        except OSError:
            continue
        if marker.encode() in text:
            found[int(cmdline.parent.name)] = repr(text[:120])
    return found


@dataclass
class Command:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str


def workbook(args: list[str], *, cwd: Path, env: dict[str, str], separate: bool = False) -> Command:
    """``workbook ARGS`` in ``cwd`` with ``env``: through ``workbook.cli.main`` in this
    process (under the run's watchdog), or (``separate``) as the installed command in
    its own session, killed with its workers if it overruns."""
    if separate:
        return _separate(args, cwd=cwd, env=env)
    saved_env, saved_cwd, saved_tempdir = dict(os.environ), Path.cwd(), tempfile.tempdir
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.clear()
        os.environ.update(env)
        tempfile.tempdir = None
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        tempfile.tempdir = saved_tempdir
    return Command(args, code, out.getvalue(), err.getvalue())


def _separate(args: list[str], *, cwd: Path, env: dict[str, str]) -> Command:
    with subprocess.Popen(
        [str(WORKBOOK), *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=COMMAND_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            pytest.fail(f"`workbook {' '.join(args)}` ran for more than {COMMAND_SECONDS} s:\n{err[-3000:]}")
    return Command(args, proc.returncode, out, err)


def not_collected(command: Command) -> dict[str, str]:
    """``not collected: FILE: REASON`` lines of a collect, by file."""
    found = {}
    for line in command.stderr.splitlines():
        if line.startswith("not collected: "):
            name, _, reason = line.removeprefix("not collected: ").partition(": ")
            found[name] = reason
    return found


# ---- the run --------------------------------------------------------------------------


@dataclass
class Run:
    course: Course
    items: list[Item]
    canary: Path
    tmpdir: Path
    marker: str
    listener: Listener
    baseline: dict[str, dict[str, Any]]
    earned: dict[str, float]
    collects: list[Command]
    rejected: dict[str, str]  # file -> reason, from every collect
    grade: Command
    feedback: Command
    report: Command
    results: dict[str, dict[str, Any]]
    collect_changes: list[str]
    grade_changes: list[str]
    submitted_changed_by_grade: list[str]
    submitted_changed_later: list[str]
    alive: dict[int, str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("corpus")
    canary, homes, tmpdir, tools_home = base / "canary", base / "homes", base / "tmp", base / "trainer"
    for folder in (canary, homes, tmpdir, tools_home):
        folder.mkdir()
    marker = f"workbook-corpus-{uuid.uuid4().hex}"
    listener = Listener()
    faulthandler.dump_traceback_later(RUN_SECONDS, exit=True)  # a hang ends the test run, with tracebacks
    try:
        return _run(base, canary, homes, tmpdir, tools_home, marker, listener)
    finally:
        faulthandler.cancel_dump_traceback_later()
        listener.close()


def _run(base: Path, canary: Path, homes: Path, tmpdir: Path, tools_home: Path, marker: str, listener: Listener) -> Run:
    course = init_course(base / "course")
    release_assignment(course, ASSIGNMENT)
    released = next((course.root / "release" / ASSIGNMENT).glob("*.ipynb"))
    items = released_items(released)

    # The victims, handed in and graded alone.
    for victim in VICTIMS:
        made = answers_for(victim["answers"], items)
        text = answers_text(made, learner=None, exported=DOWNLOAD_EXPORTED) if made.present else None
        home = homes / victim["learner"]
        work_folder(home, released, text)
        hand_in_exchange(course, home, victim["learner"])
    victims = [v["learner"] for v in VICTIMS]
    with course_lock(course, "test"):
        collect_submissions(course, ASSIGNMENT)
        baseline = {r.learner: asdict(r) for r in grade_submissions(course, ASSIGNMENT, learners=victims, jobs=1)}

    perfect = answers_text(answers_for("right", items), learner=None, exported=DOWNLOAD_EXPORTED)
    values = {
        "PERFECT": repr(perfect),
        "COURSE": repr(str(course.root)),
        "CANARY": repr(str(canary)),
        "PORT": str(listener.port),
        "MARKER": repr(marker),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKBOOK_", "IPYTHONDIR", "JUPYTER_"))}
    env |= {
        "HOME": str(canary),  # anything written to ~ lands in the canary
        "TMPDIR": str(tools_home),  # this process's: its atexit handlers clean up only when the tests end
        "MPLCONFIGDIR": str(tools_home / "matplotlib"),
        "XDG_CACHE_HOME": str(tools_home / "cache"),
        "JUPYTER_RUNTIME_DIR": str(tools_home / "runtime"),
        "PATH": f"{WORKBOOK.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }

    planned = {case_id: answers_for(case["answers"], items) for case_id, case in CASES.items()}
    earned = earned_with_time_limit(planned, items)

    collects: list[Command] = []
    rejected: dict[str, str] = {}
    collect_changes: list[str] = []
    for round_ in (1, 2):
        downloads = base / f"downloads-{round_}"
        downloads.mkdir()
        ordered = sorted(
            (c for c in CASES.values() if c.get("round", 1) == round_), key=lambda c: c["via"] == "download"
        )
        for case in ordered:  # exchange hand-ins first, so a download dated "now" is newer
            made = planned[case["id"]]
            if case["via"] == "exchange":
                text = answers_text(made, learner=None, exported=DOWNLOAD_EXPORTED) if made.present else None
                home = homes / case["id"]
                change_notebook(work_folder(home, released, text), case, values)
                hand_in_exchange(course, home, case["learner"])
            else:
                exported = case.get("exported", DOWNLOAD_EXPORTED)
                if exported == "now":
                    exported = datetime.now(UTC).isoformat()
                put_download(downloads, case, answers_text(made, learner=case["learner"], exported=exported), course)
        before = tree(course.root)
        command = workbook(
            ["collect", ASSIGNMENT, "--from", str(downloads), "--course", str(course.root)], cwd=course.root, env=env
        )
        assert command.returncode == 0, command.stderr
        collects.append(command)
        rejected |= not_collected(command)
        collect_changes += changed_outside(before, tree(course.root), COLLECT_MAY_WRITE)

    before = tree(course.root)
    grade = workbook(
        ["grade", ASSIGNMENT, "--course", str(course.root)],
        cwd=course.root,
        env=env | {"TMPDIR": str(tmpdir)},  # what grade leaves in its temporary folder is checked
        separate=True,
    )
    after_grade = tree(course.root)
    feedback = workbook(["feedback", ASSIGNMENT, "--course", str(course.root)], cwd=course.root, env=env)
    out = course.root / "reports"
    report = workbook(["report", ASSIGNMENT, "--out", str(out), "--course", str(course.root)], cwd=course.root, env=env)
    after = tree(course.root)
    submitted = {p: d for p, d in before.items() if p.startswith("submitted")}
    return Run(
        course=course,
        items=items,
        canary=canary,
        tmpdir=tmpdir,
        marker=marker,
        listener=listener,
        baseline=baseline,
        earned=earned,
        collects=collects,
        rejected=rejected,
        grade=grade,
        feedback=feedback,
        report=report,
        results={r.learner: asdict(r) for r in load_results(course, ASSIGNMENT)},
        collect_changes=collect_changes,
        grade_changes=changed_outside(before, after, GRADE_MAY_WRITE),
        submitted_changed_by_grade=changed_outside(
            submitted, {p: d for p, d in after_grade.items() if p.startswith("submitted")}, set()
        ),
        submitted_changed_later=changed_outside(
            submitted, {p: d for p, d in after.items() if p.startswith("submitted")}, set()
        ),
        alive=processes_with(marker),
    )


# ---- the corpus itself ------------------------------------------------------------------


def test_the_corpus_is_well_formed() -> None:
    """Every case names a finding and says how it is handed in and what must happen."""
    ids = [case["id"] for case in SPEC["cases"]]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in SPEC["cases"]:
        assert set(case) <= CASE_KEYS, (case["id"], set(case) - CASE_KEYS)
        assert set(case) >= REQUIRED_KEYS, case["id"]
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", case["id"]), case["id"]
        assert case["via"] in VIAS, case["id"]
        assert case["answers"] in ANSWER_RECIPES, case["id"]
        assert case.get("notebook") in NOTEBOOK_RECIPES | {None}, case["id"]
        assert case.get("kind", "file") in KINDS, case["id"]
        assert case.get("round", 1) in (1, 2), case["id"]
        assert case["via"] == "exchange" or ("cell" not in case and "notebook" not in case), case["id"]
        expected = case["expected"]
        assert set(expected) <= EXPECTED_KEYS, (case["id"], set(expected) - EXPECTED_KEYS)
        assert expected["status"] in STATUSES, case["id"]
        if expected["status"] == "not collected":
            assert "reason" in expected, case["id"]
            assert case["via"] == "download", case["id"]
        else:
            assert expected["score"] == "earned" or isinstance(expected["score"], int | float), case["id"]
        if "cell" in case:
            compile(cell_source(case, PLACEHOLDERS), case["id"], "exec")
    covered = {int(str(case["finding"]).split()[0]) for case in SPEC["cases"]}
    assert covered >= REVIEW_FINDINGS, REVIEW_FINDINGS - covered


ARMED = ["f2-read-others-copy-gradebook-send-out", "f2-setsid-daemon-rewrites-victim", "f6-setsid-sleepers"]


def _eventually(check: Any, seconds: float = 15) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_the_cells_are_armed_and_the_checks_see_them(tmp_path: Path) -> None:
    """Run outside any grader, corpus cells do their harm and the checks below see it:
    so a case passing means its cell was not run, not that it could do nothing."""
    course, canary = tmp_path / "course", tmp_path / "canary"
    victim = course / "submitted" / "victim-perfect" / ASSIGNMENT / ANSWERS_FILE
    victim.parent.mkdir(parents=True)
    victim.write_text('{"answers": {}}', encoding="utf-8")
    (course / "gradebook.db").write_bytes(b"a gradebook")
    (course / ".workbook.lock").touch()
    canary.mkdir()
    marker = f"workbook-corpus-armed-{uuid.uuid4().hex}"
    listener = Listener()
    values = PLACEHOLDERS | {
        "COURSE": repr(str(course)),
        "CANARY": repr(str(canary)),
        "PORT": str(listener.port),
        "MARKER": repr(marker),
    }
    before = tree(course)
    try:
        for case_id in ARMED:
            subprocess.run(
                [sys.executable, "-c", cell_source(CASES[case_id], values)],
                cwd=course,
                env={**os.environ, "HOME": str(canary)},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # not a pipe: the processes it leaves would hold it open
                stderr=subprocess.DEVNULL,
                timeout=60,
                check=True,
            )
        assert len(_eventually(lambda: processes_with(marker))) >= 30  # the sleepers
        assert _eventually(lambda: listener.heard)
        submitted = str(victim.relative_to(course))
        assert _eventually(lambda: submitted in changed_outside(before, tree(course), set()))  # the daemon
        assert "gradebook-copy.db" in changed_outside(before, tree(course), set())
        assert {f"ran-{c}" for c in ARMED} | {"gradebook-copy.db", "outside-the-course.txt"} <= {
            p.name for p in canary.iterdir()
        }
    finally:
        for pid in processes_with(marker):  # only what these cells started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        listener.close()


# ---- each case ----------------------------------------------------------------------------


def _problems(expected: dict[str, Any]) -> list[str]:
    problem = expected.get("problem", [])
    return [problem] if isinstance(problem, str) else list(problem)


@pytest.mark.parametrize("case_id", list(CASES))
def test_case(run: Run, case_id: str) -> None:
    """The case ends as expected: not collected with its reason, or graded with what its answers earn."""
    case = CASES[case_id]
    expected = case["expected"]
    assert not (run.canary / f"ran-{case_id}").exists(), "a learner's cell ran"
    if expected["status"] == "not collected":
        name = download_name(case)
        assert name in run.rejected, f"{name} is not listed as not collected: {sorted(run.rejected)}"
        assert expected["reason"] in run.rejected[name]
        return
    result = run.results[case["learner"]]
    assert result["status"] == expected["status"], result["problems"]
    score = run.earned[case_id] if expected["score"] == "earned" else float(expected["score"])
    assert result["score"] == pytest.approx(score, abs=1e-4), result["problems"]
    if case["answers"] == "one-wrong":
        assert result["score"] < result["max_score"]
    for text in _problems(expected):
        assert any(text in p for p in result["problems"]), (text, result["problems"])
    if "submitted_at" in expected:
        assert str(result["submitted_at"]).startswith(expected["submitted_at"]), result["submitted_at"]
    autograded = run.course.root / "autograded" / case["learner"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    released = run.course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    ids = [[c["id"] for c in json.loads(p.read_text(encoding="utf-8"))["cells"]] for p in (autograded, released)]
    assert ids[0] == ids[1], "the autograded notebook must be the released one, with no learner cell"
    if expected.get("csv_guarded"):
        for table in ("learners.csv", "progress.csv"):
            with (run.course.root / "reports" / table).open(encoding="utf-8", newline="") as f:
                names = [row[1] if table == "learners.csv" else row[0] for row in csv.reader(f)]
            assert f"'{case['learner']}" in names, (table, names)
            assert case["learner"] not in names, table


# ---- everyone else, and everything else --------------------------------------------------


def test_the_commands_succeed(run: Run) -> None:
    """collect, grade, feedback and report end normally; grade's status counts who was not graded."""
    not_graded = sum(r["status"] != "graded" for r in run.results.values())
    assert run.grade.returncode == min(not_graded, 100), run.grade.stderr[-3000:]
    assert f"graded {len(run.results) - not_graded} of {len(run.results)}" in run.grade.stdout
    for command in (*run.collects, run.feedback, run.report):
        assert command.returncode == 0, (command.argv, command.stderr[-3000:])
    assert "Traceback" not in run.grade.stderr + "".join(c.stderr for c in run.collects)


def test_victims_score_exactly_as_when_graded_alone(run: Run) -> None:
    for victim in VICTIMS:
        learner = victim["learner"]
        assert run.results[learner] == run.baseline[learner], learner
    assert run.baseline["victim-perfect"]["score"] == run.baseline["victim-perfect"]["max_score"]
    assert 0 < run.baseline["victim-partial"]["score"] < run.baseline["victim-partial"]["max_score"]
    assert run.baseline["victim-blank"]["score"] == 0


def test_every_collected_learner_was_graded(run: Run) -> None:
    learners = {c["learner"] for c in CASES.values() if c["expected"]["status"] != "not collected"}
    assert learners | {v["learner"] for v in VICTIMS} == set(run.results)


def test_submitted_files_never_change(run: Run) -> None:
    """Not by grading, nor later (a daemon left behind would strike after grade has exited)."""
    assert run.submitted_changed_by_grade == []
    assert run.submitted_changed_later == []


def test_commands_write_only_their_own_folders(run: Run) -> None:
    assert run.collect_changes == [], "collect wrote outside submitted/ and results/"
    assert run.grade_changes == [], "grade, feedback or report wrote outside their folders"


def test_nothing_is_written_outside_the_course(run: Run) -> None:
    """Nothing in the canary folder (every command's HOME, and the cells' target), nor
    left in grade's temporary folder."""
    assert sorted(p.name for p in run.canary.iterdir()) == []
    assert sorted(p.name for p in run.tmpdir.iterdir()) == []


def test_nothing_reaches_the_network(run: Run) -> None:
    assert run.listener.heard == []


def test_no_process_a_cell_would_start_is_alive(run: Run) -> None:
    assert run.alive == {}


def test_report_csvs_guard_every_formula_like_cell(run: Run) -> None:
    """No cell of the report's CSV files starts like a formula unless it is a number."""
    formula = re.compile(r"\s*[=+\-@\u2212]|[\t\r]")
    for table in ("learners.csv", "progress.csv", "items.csv"):
        with (run.course.root / "reports" / table).open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for value in row:
                    if formula.match(value):
                        assert re.fullmatch(r"-?\d+(\.\d+)?", value), (table, value)
