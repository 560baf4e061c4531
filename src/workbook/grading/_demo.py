"""``workbook demo``: a whole course run on a generated cohort, so a trainer can
see every output of the pipeline in one command.

About thirty learners of mixed ability hand in the Questioning assignment, most
through nbgrader's exchange (as from Jupyter) and some as answers files
downloads from the book. A few hand-ins are deliberately bad, so the report
shows how each is handled: blank, all wrong, a never-ending cell, a
memory-hungry cell, a cell that tries to award itself full marks, an altered
and a deleted test cell (none of which is run: marks come from the answers),
a file that is not a notebook, broken JSON, an oversized answers file, HTML in
an answer, answers to an earlier version of the exercises, and downloads that
are broken or for another assignment. Generation is seeded:
the same command gives the same cohort and the same scores.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from workbook.answers import ANSWERS_FILE, record_answer
from workbook.answers._self_assessment import QUESTIONS, questionnaire
from workbook.assignments import test_cells
from workbook.banks._load import default_banks
from workbook.exercise_types import by_type
from workbook.grading._collect import CollectSummary, collect_submissions
from workbook.grading._course import Course, CourseError, init_course
from workbook.grading._feedback import write_feedback
from workbook.grading._grade import LearnerResult, grade_submissions
from workbook.grading._lock import course_lock
from workbook.grading._release import release_assignment
from workbook.grading._report import write_report
from workbook.grading._scoring import best_path

__all__ = ["DEMO_ASSIGNMENT", "RIGHT", "SPECIAL", "WRONG", "DemoRun", "right_answer", "run_demo", "wrong_answer"]

DEMO_ASSIGNMENT = "questioning"
MARKER = ".workbook-demo"
DEMO_TIMEOUT = 10


@dataclass
class DemoRun:
    """Where the demo put things, and what grading found."""

    course: Course
    collected: CollectSummary
    results: list[LearnerResult]
    feedback: list[Path]
    report: Path


# Special hand-ins: learner id -> what is wrong with it. The rest are ordinary
# learners whose ability is drawn at random.
SPECIAL = {
    "blank": "hands in the notebook untouched, with no answers",
    "all-wrong": "answers every item wrongly",
    "loops-forever": "adds a cell that never ends",
    "memory-hog": "adds a cell that asks for 8 GB",
    "altered-test": "replaces a test cell with full marks",
    "deleted-test": "deletes a test cell",
    "not-a-notebook": "hands in a text file named as the notebook",
    "broken-json": "hands in a notebook cut off halfway",
    "huge-answers": "hands in a 50 MB answers file",
    "html-answer": "types HTML and a script into a rewrite answer",
    "earlier-version": "hands in answers to an earlier version of the exercises (choice options named by position)",
    "full-marks-trick": "adds a cell that once made nbgrader award full marks, and hands in no answers",
}
BOOK_LEARNERS = 6  # ordinary learners who hand in a file downloaded from the book


def run_demo(
    directory: Path,
    *,
    learners: int = 30,
    jobs: int | None = None,
    seed: int = 2026,
    timeout: int = DEMO_TIMEOUT,
    db_url: str | None = None,
    on_progress: Callable[[LearnerResult], None] | None = None,
) -> DemoRun:
    """Build a course in ``directory`` and run release, hand-in, collect, grade, feedback and report."""
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise CourseError(f"{directory}: exists and is not an earlier demo; choose a new folder")
    shutil.rmtree(directory, ignore_errors=True)
    course = init_course(directory, timeout=timeout, db_url=db_url)
    (directory / MARKER).write_text("made by `workbook demo`; safe to delete\n", encoding="utf-8")
    release_assignment(course, DEMO_ASSIGNMENT)
    released = next((course.root / "release" / DEMO_ASSIGNMENT).glob("*.ipynb"))
    rng = random.Random(seed)
    downloads = directory / "downloads"
    downloads.mkdir()
    ordinary = [f"learner{n:02d}" for n in range(1, max(0, learners - len(SPECIAL)) + 1)]
    for index, learner in enumerate(ordinary):
        ability = rng.choice([0.2, 0.45, 0.6, 0.75, 0.9, 1.0])
        answers = _answers(released, ability, rng)
        if index < BOOK_LEARNERS:
            rated = _self_assessment(ability, rng)
            _download(downloads / f"{learner}_{DEMO_ASSIGNMENT}.json", learner, answers, self_assessment=rated)
        else:
            _hand_in(course, learner, released, answers)
    for learner in SPECIAL:
        _special(course, learner, released, rng)
    (downloads / "someone_broken.json").write_text(
        '{"format": "action-learning-workbook-answers", "answ', encoding="utf-8"
    )
    _download(downloads / "learner01_listening.json", "learner01", {}, assignment="listening")
    with course_lock(course, "demo"):
        collected = collect_submissions(course, DEMO_ASSIGNMENT, downloads=downloads)
        results = grade_submissions(course, DEMO_ASSIGNMENT, jobs=jobs, on_progress=on_progress)
        feedback = write_feedback(course, DEMO_ASSIGNMENT)
        report = write_report(course, out=directory / "reports")
    return DemoRun(course, collected, results, feedback, report)


@cache
def _items(released: Path) -> list[tuple[str, int, dict[str, Any]]]:
    """The bank items behind the released notebook's test cells (read once)."""
    banks = default_banks()
    found = []
    for grade_id in test_cells(nbformat.read(released, as_version=4).cells):
        bank, item = banks.item(grade_id)
        found.append((bank.name, bank.version, item))
    return found


def _answers(released: Path, ability: float, rng: random.Random) -> dict[tuple[str, int, str], Any]:
    """An answer to each item: right with probability ``ability``; some left out."""
    answers = {}
    for bank, version, item in _items(released):
        if rng.random() < 0.05:
            continue  # skipped
        right = rng.random() < ability
        answers[(bank, version, item["id"])] = right_answer(item) if right else wrong_answer(item, rng)
    return answers


def _right_picks(key: str, rows: list[str]) -> dict[str, Any]:
    return {key: list(rows)}


def _wrong_picks(key: str, rows: list[str], choices: list[str], rng: random.Random) -> dict[str, Any]:
    """About a third of the rows (at least one) given another choice."""
    picks = list(rows)
    for k in rng.sample(range(len(picks)), k=max(1, len(picks) // 3)):
        picks[k] = next(c for c in choices if c != picks[k])
    return {key: picks}


def _matches(item: dict[str, Any]) -> list[str]:
    return [p["match"] for p in item["pairs"]]


def _spotted(item: dict[str, Any]) -> list[str]:
    return [line["category"] for line in item["dialogue"] if line.get("category")]


def _plan(item: dict[str, Any]) -> list[int]:
    """Minutes within every stage's range that add up to the total: each
    stage's minimum, then what is left given to the stages in turn up to
    their maximum (the bank check guarantees the total fits)."""
    minutes = [s["min"] for s in item["stages"]]
    left = item["total"] - sum(minutes)
    for index, stage in enumerate(item["stages"]):
        more = min(left, stage["max"] - stage["min"])
        minutes[index] += more
        left -= more
    return minutes


def _wrong_plan(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A plan one minute short of the total, so never full marks."""
    minutes = _plan(item)
    k = rng.choice([i for i, m in enumerate(minutes) if m > 0])
    minutes[k] -= 1
    return {"minutes": minutes}


def _wrong_choice(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    wrong = [o["id"] for o in item["options"] if not o["correct"]]
    return {"selected": [rng.choice(wrong)]}


def _wrong_classify(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    ids = [c["id"] for c in item["categories"]]
    return _wrong_picks("placed", [s["category"] for s in item["statements"]], ids, rng)


def _wrong_order(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    steps = list(item["steps"])
    a, b = rng.sample(range(len(steps)), 2)
    steps[a], steps[b] = steps[b], steps[a]
    return {"order": steps}


def _wrong_dilemma(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A path, chosen at random, to an ending that is not the best: every step
    of the first node that can lead somewhere weaker, followed until it does."""
    weaker = {e["id"] for e in item["endings"] if e["quality"] != "best"}
    nodes = {n["id"]: n for n in item["nodes"]}

    def paths(node: dict[str, Any]) -> list[list[str]]:
        found = []
        for choice in node["choices"]:
            if choice["next"] in weaker:
                found.append([choice["id"]])
            elif choice["next"] in nodes:
                found += [[choice["id"], *rest] for rest in paths(nodes[choice["next"]])]
        return found

    return {"path": rng.choice(paths(item["nodes"][0]))}


# An answer that earns full marks, and one that does not, for every exercise
# type: the bank checks guarantee a rewrite's and a SMART item's model answer
# earns full marks and its original does not.
def _wrong_practice(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Some of the questions that reach insights, never the first, each after a piece of advice."""
    examples = [i["example"] for i in item["scenario"]["insights"]][1:]
    picked = rng.sample(examples, k=rng.randint(0, len(examples)))
    advice = "Have you thought about talking to them about it?"
    return {"questions": [q for example in picked for q in (advice, example)] or [advice]}


RIGHT: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = by_type(
    {
        "choice": lambda item: {"selected": [o["id"] for o in item["options"] if o["correct"]]},
        "classify": lambda item: {"placed": [s["category"] for s in item["statements"]]},
        "order": lambda item: {"order": list(item["steps"])},
        "rewrite": lambda item: {"text": item["model_answer"]},
        "match": lambda item: _right_picks("matched", _matches(item)),
        "spot": lambda item: _right_picks("spotted", _spotted(item)),
        "smart": lambda item: {"text": item["model_answer"]},
        "timing": lambda item: {"minutes": _plan(item)},
        "practice": lambda item: {"questions": [i["example"] for i in item["scenario"]["insights"]]},
        "dilemma": lambda item: {"path": [c["id"] for c in best_path(item)]},
    },
    where=__name__,
)
WRONG: dict[str, Callable[[dict[str, Any], random.Random], dict[str, Any]]] = by_type(
    {
        "choice": _wrong_choice,
        "classify": _wrong_classify,
        "order": _wrong_order,
        "rewrite": lambda item, _rng: {"text": item["original"]},
        "match": lambda item, rng: _wrong_picks("matched", _matches(item), [o["id"] for o in item["options"]], rng),
        "spot": lambda item, rng: _wrong_picks("spotted", _spotted(item), [c["id"] for c in item["categories"]], rng),
        "smart": lambda item, _rng: {"text": item["original"]},
        "timing": _wrong_plan,
        "practice": _wrong_practice,
        "dilemma": _wrong_dilemma,
    },
    where=__name__,
)


def right_answer(item: dict[str, Any]) -> dict[str, Any]:
    """An answer to ``item`` that earns full marks."""
    return RIGHT[item["type"]](item)


def wrong_answer(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """An answer to ``item`` that earns less than full marks."""
    return WRONG[item["type"]](item, rng)


def _write_answers(folder: Path, answers: dict[tuple[str, int, str], Any]) -> None:
    for (bank, version, item_id), answer in answers.items():
        record_answer(folder, bank=bank, version=version, item_id=item_id, answer=answer)


def _self_assessment(ability: float, rng: random.Random) -> dict[str, Any]:
    """A before and an after self-assessment: modest ratings first, then a shift that grows with ability."""
    before = {c: {q: rng.randint(1, 3) for q in QUESTIONS} for c in questionnaire().ids}
    after = {
        c: {q: min(5, r + round(ability * rng.randint(0, 2))) for q, r in rated.items()} for c, rated in before.items()
    }
    return {
        "before": {"at": "2026-11-02T09:00:00Z", "ratings": before},
        "after": {"at": "2026-11-20T09:15:00Z", "ratings": after},
    }


def _download(
    path: Path,
    learner: str,
    answers: dict[tuple[str, int, str], Any],
    *,
    assignment: str = DEMO_ASSIGNMENT,
    self_assessment: dict[str, Any] | None = None,
) -> None:
    """An answers file as the book's "Hand in" button saves it (with the self-assessment ticked, if given)."""
    grouped: dict[str, dict[str, Any]] = {}
    for (bank, version, item_id), answer in answers.items():
        grouped.setdefault(f"{bank}@{version}", {})[item_id] = {"answer": answer, "saved": "2026-11-20T09:00:00Z"}
    data = {
        "format": "action-learning-workbook-answers",
        "format_version": 1,
        "exported": "2026-11-20T09:30:00Z",
        "learner": learner,
        "assignment": assignment,
        "answers": grouped,
        "skipped": 0,
    }
    if self_assessment is not None:
        data["self_assessment"] = self_assessment
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _hand_in(
    course: Course,
    learner: str,
    released: Path,
    answers: dict[tuple[str, int, str], Any],
    change: Callable[[Path], None] | None = None,
) -> None:
    """Hand in through nbgrader's exchange, as ``nbgrader submit`` does from Jupyter."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeSubmit

    home = course.root / "learners" / learner
    work = home / DEMO_ASSIGNMENT
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy2(released, work / released.name)
    _write_answers(work, answers)
    if change is not None:
        change(work)
    coursedir = CourseDirectory(config=course.config)
    coursedir.assignment_id = DEMO_ASSIGNMENT
    coursedir.student_id = learner
    submit = ExchangeSubmit(
        assignment_dir=str(home),
        coursedir=coursedir,
        authenticator=Authenticator(config=course.config),
        config=course.config,
    )
    submit.start()


def _add_cell(source: str) -> Callable[[Path], None]:
    def change(work: Path) -> None:
        path = next(work.glob("*.ipynb"))
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.insert(2, nbformat.v4.new_code_cell(source))
        nbformat.write(notebook, path)

    return change


def _edit_test_cell(delete: bool) -> Callable[[Path], None]:
    def change(work: Path) -> None:
        path = next(work.glob("*.ipynb"))
        notebook = nbformat.read(path, as_version=4)
        index = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade"))
        if delete:
            del notebook.cells[index]
        else:
            notebook.cells[index].source = str(notebook.cells[index].metadata.nbgrader["points"])
        nbformat.write(notebook, path)

    return change


def _replace_notebook(text: str | None) -> Callable[[Path], None]:
    def change(work: Path) -> None:
        path = next(work.glob("*.ipynb"))
        path.write_text(text if text is not None else path.read_text(encoding="utf-8")[:4000], encoding="utf-8")

    return change


def _huge_answers(work: Path) -> None:
    with (work / ANSWERS_FILE).open("w", encoding="utf-8") as out:
        out.write('{"format": "action-learning-workbook-answers", "format_version": 1, "padding": "')
        out.write("x" * 50_000_000)
        out.write('", "answers": {}}')


def _special(course: Course, learner: str, released: Path, rng: random.Random) -> None:
    good = _answers(released, 0.8, rng)
    changes: dict[str, tuple[dict[tuple[str, int, str], Any], Callable[[Path], None] | None]] = {
        "blank": ({}, None),
        "all-wrong": ({k: wrong_answer(item, rng) for k, item in _keyed(released)}, None),
        "loops-forever": (good, _add_cell("while True:\n    pass")),
        "memory-hog": (good, _add_cell("hoard = bytearray(8 * 1024**3)")),
        "altered-test": ({}, _edit_test_cell(delete=False)),
        "deleted-test": (good, _edit_test_cell(delete=True)),
        "not-a-notebook": (good, _replace_notebook("My answers are in the attached Word document.\n")),
        "broken-json": (good, _replace_notebook(None)),
        "huge-answers": ({}, _huge_answers),
        "html-answer": (_html_answers(released, good), None),
        "earlier-version": (_earlier_answers(released, good), None),
        "full-marks-trick": ({}, _add_cell('get_ipython().ast_node_interactivity = "none"')),
    }
    answers, change = changes[learner]
    _hand_in(course, learner, released, answers, change)


def _keyed(released: Path) -> list[tuple[tuple[str, int, str], dict[str, Any]]]:
    return [((bank, version, item["id"]), item) for bank, version, item in _items(released)]


def _html_answers(released: Path, answers: dict[tuple[str, int, str], Any]) -> dict[tuple[str, int, str], Any]:
    changed = dict(answers)
    for key, item in _keyed(released):
        if item["type"] == "rewrite":
            changed[key] = {"text": '<script>alert("gotcha")</script><b>What</b> would help you most?'}
    return changed


def _earlier_answers(released: Path, answers: dict[tuple[str, int, str], Any]) -> dict[tuple[str, int, str], Any]:
    """As version 1 saved them: choice options by position; everything else under the earlier bank version."""
    changed: dict[tuple[str, int, str], Any] = {}
    for (bank, version, item_id), item in _keyed(released):
        answer = answers.get((bank, version, item_id))
        if answer is None:
            continue
        if item["type"] == "choice":
            ids = [o["id"] for o in item["options"]]
            changed[(bank, version, item_id)] = {"selected": [ids.index(i) for i in answer["selected"]]}
        else:
            changed[(bank, version - 1, item_id)] = answer
    return changed
