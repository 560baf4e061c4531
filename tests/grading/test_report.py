"""The cohort report on a small hand-made cohort: statistics wired to the
results, unreadable hand-ins set apart, the distractor table, links, CSV."""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from dataclasses import asdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from traitlets.config import Config

from workbook.grading import _report as report_module
from workbook.grading._book_pages import BookPage, BookPages
from workbook.grading._course import Course
from workbook.grading._grade import LearnerResult
from workbook.grading._report import NOT_ENOUGH_DATA, summarise, write_report

CHOICE = {
    "id": "choice_one",
    "type": "choice",
    "prompt": "Which question is open?",
    "options": [
        {"id": "what_happened", "text": "What happened next?", "correct": True},
        {"id": "did_you", "text": "Did you tell her?", "correct": False},
        {"id": "why_not", "text": "Why didn't you?", "correct": False},
    ],
}
PROMPTS = {"choice_one": CHOICE["prompt"], "order_two": "Put the steps in order.", "rewrite_three": "Rewrite it."}


def item(item_id: str, points: float, *, selected: list[str] | None = None, response: str = "") -> dict[str, Any]:
    """One item of a result as ``grade_submissions`` writes it (one point each)."""
    entry: dict[str, Any] = {
        "item_id": item_id,
        "fraction": points,
        "correct": points == 1,
        "answered": True,
        "given": [response or "an answer"],
        "notes": [],
        "model_answer": ["a model answer"],
        "problem": None,
        "response": response or "wrong",
        "points": points,
        "max_points": 1.0,
        "prompt": PROMPTS[item_id],
        "explanation": "Because.",
    }
    if selected is not None:
        entry["selected"] = selected
    return entry


def learner(name: str, marks: list[float], pick: str, *, unreadable: str | None = None) -> LearnerResult:
    items = [
        item("choice_one", marks[0], selected=[pick]),
        item("order_two", marks[1]),
        item("rewrite_three", marks[2], response="=HYPERLINK(evil)" if marks[2] == 0 else ""),
    ]
    return LearnerResult(
        learner=name,
        assignment="questioning",
        status="graded",
        score=0.0 if unreadable else sum(marks),
        max_score=3.0,
        submitted_at="2026-11-20 09:30:00.000000 UTC",
        problems=[unreadable] if unreadable else [],
        items=items,
        unreadable=unreadable,
    )


# The Guttman cohort of test_analysis (totals 3, 2, 1, 0), plus a hand-in whose
# answers file could not be read, which must change nothing.
COHORT = [
    learner("ada", [1, 1, 1], "what_happened"),
    learner("ben", [1, 1, 0], "what_happened"),
    learner("cy", [1, 0, 0], "what_happened"),
    learner("dee", [0, 0, 0], "did_you"),
    learner("zed", [0, 0, 0], "why_not", unreadable="the answers file was not used: 50,000,097 bytes is too large"),
]


def bank_item(item_id: str) -> dict[str, Any] | None:
    return CHOICE if item_id == "choice_one" else None


def test_statistics_come_from_the_readable_hand_ins_only() -> None:
    s = summarise("questioning", COHORT, [], bank_item=bank_item)
    assert (s.hand_ins, s.marked, s.unreadable) == (5, 4, 1)
    assert [i.stats.facility for i in s.items] == [0.75, 0.5, 0.25]
    assert [i.stats.discrimination_index for i in s.items] == pytest.approx(
        [math.sqrt(3 / 11), 1 / math.sqrt(2), math.sqrt(3 / 11)]
    )
    assert s.test.alpha == pytest.approx(0.75)
    assert s.mean_pct == pytest.approx(50.0)  # 100, 67, 33, 0: "zed" is not a 0
    assert sum(s.histogram) == 4


def test_an_unreadable_hand_in_is_shown_with_its_reason_not_a_score() -> None:
    s = summarise("questioning", COHORT, [], bank_item=bank_item)
    zed = next(row for row in s.learners if row.learner == "zed")
    assert zed.percent is None
    assert zed.unreadable == "the answers file was not used: 50,000,097 bytes is too large"
    assert zed.problems == []  # the reason is not repeated as a second problem


def test_an_old_result_that_nbgrader_could_not_grade_counts_as_unreadable() -> None:
    old = LearnerResult("old", "questioning", "not graded", 0.0, 3.0, None, ["questioning.ipynb is an empty file"])
    s = summarise("questioning", [*COHORT[:4], old], [], bank_item=bank_item)
    assert s.marked == 4
    assert next(row for row in s.learners if row.learner == "old").unreadable == "questioning.ipynb is an empty file"


def test_distractor_table_counts_option_ids_by_group() -> None:
    """Groups of round(0.27 × 4) = 1: upper is "ada" (total 3), lower "dee" (total 0)."""
    s = summarise("questioning", COHORT, [], bank_item=bank_item)
    choice = s.items[0]
    assert s.group_size == 1
    assert choice.options is not None
    assert [(o.option_id, o.key, o.everyone, o.upper, o.lower) for o in choice.options] == [
        ("what_happened", True, 3, 1, 0),
        ("did_you", False, 1, 0, 1),
        ("why_not", False, 0, 0, 0),  # only the unreadable hand-in chose it
    ]
    assert choice.commonest_wrong == ("Did you tell her?", 1)


def test_results_without_option_ids_give_no_distractor_table() -> None:
    old = [LearnerResult(**{**asdict(r), "items": [dict(i) for i in r.items]}) for r in COHORT[:4]]
    for r in old:
        del r.items[0]["selected"]
    assert summarise("questioning", old, [], bank_item=bank_item).items[0].options is None


def test_one_learner_gives_not_enough_data() -> None:
    s = summarise("questioning", COHORT[:1], [], bank_item=bank_item)
    assert s.items[0].stats.facility == 1.0
    assert s.items[0].stats.discrimination_index is None
    assert s.test.alpha is None


def test_items_link_to_the_page_that_teaches_them() -> None:
    page = BookPage("book/questioning/open-and-closed", "Open and closed questions")
    pages = BookPages({"choice_one": page}, {}, "https://example.org/course/")
    s = summarise("questioning", COHORT, [], pages=pages, bank_item=bank_item)
    assert s.items[0].href == "https://example.org/course/book/questioning/open-and-closed.html"
    assert s.items[1].page is None
    assert s.items[1].href is None


def course_with(tmp_path: Path, results: list[LearnerResult], *, feedback_for: tuple[str, ...] = ()) -> Course:
    root = tmp_path / "course"
    (root / "exercises" / "questioning").mkdir(parents=True)
    folder = root / "results" / "questioning"
    folder.mkdir(parents=True)
    for r in results:
        (folder / f"{r.learner}.json").write_text(json.dumps(asdict(r)), encoding="utf-8")
    (folder / "_rejected.json").write_text(
        json.dumps([{"file": "someone_broken.json", "reason": "not valid JSON"}]), encoding="utf-8"
    )
    for name in feedback_for:
        page = root / "feedback" / name / "questioning" / "feedback.html"
        page.parent.mkdir(parents=True)
        page.write_text("<p>feedback</p>", encoding="utf-8")
    return Course(root, Config())


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(report_module, "_bank_item", bank_item)
    course = course_with(tmp_path, COHORT, feedback_for=("ada", "zed"))
    return write_report(course, out=tmp_path / "reports", book_url="https://example.org/course")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_items_csv_keeps_its_columns_and_adds_moodles(report: Path) -> None:
    with (report.parent / "items.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[:7] == [
        "assignment",
        "item",
        "facility",
        "discrimination",
        "answered",
        "commonest_wrong_answers",
        "prompt",
    ]
    assert {"discrimination_index", "discriminative_efficiency"} <= set(header)
    items = {row["item"]: row for row in rows(report.parent / "items.csv")}
    assert items["choice_one"]["discrimination_index"] == f"{math.sqrt(3 / 11):.3f}"
    assert items["choice_one"]["discriminative_efficiency"] == "1.000"


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(report: Path) -> None:
    items = {row["item"]: row for row in rows(report.parent / "items.csv")}
    assert items["rewrite_three"]["commonest_wrong_answers"].startswith("'=HYPERLINK(evil)")
    text = (report.parent / "items.csv").read_text(encoding="utf-8")
    assert not re.search(r"(^|,)[=+@]", text, re.M)


def test_learners_csv_never_gives_an_unreadable_hand_in_a_score(report: Path) -> None:
    zed = next(row for row in rows(report.parent / "learners.csv") if row["learner"] == "zed")
    assert zed["status"] == "could not be read"
    assert zed["percent"] == ""
    assert zed["score"] == ""
    assert "too large" in zed["problems"]


def test_not_enough_data_is_written_as_words_never_nan(tmp_path: Path) -> None:
    out = write_report(course_with(tmp_path, COHORT[:1]), out=tmp_path / "r").parent
    text = (out / "items.csv").read_text(encoding="utf-8")
    assert NOT_ENOUGH_DATA in text
    assert not re.search(r"\bnan\b", text, re.I)
    assert not re.search(r"\bnan\b", (out / "index.html").read_text(encoding="utf-8"), re.I)


def test_report_page_links_learners_items_and_shows_unreadable_hand_ins(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert '<a href="../course/feedback/ada/questioning/feedback.html">ada' in html
    assert "ben<span" not in html  # no feedback page written for ben: no link
    assert "could not be read: the answers file was not used" in html
    zed_row = re.search(r"<tr><th scope=\"row\"><a [^>]*>zed.*?</tr>", html, re.S)
    assert zed_row is not None
    assert "%" not in zed_row.group(0)
    assert "Which question is open?" in html
    assert "someone_broken.json" in html
    assert "key (right answer)" in html


def test_report_page_escapes_learner_text_and_is_accessible(tmp_path: Path) -> None:
    cohort = [learner(n, [0, 0, 0], "did_you") for n in ("a1", "b2")]
    cohort[0].items[1]["response"] = "<script>alert(1)</script>"
    html = write_report(course_with(tmp_path, cohort), out=tmp_path / "r").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels))
    assert html.count("<table") == html.count("<caption>")
    assert 'role="img" aria-label="Learners by score band' in html


def test_without_book_sources_there_are_no_links_and_no_error(tmp_path: Path) -> None:
    s = summarise("questioning", COHORT, [], pages=BookPages(), bank_item=bank_item)
    assert all(i.href is None for i in s.items)


FORMULA_IDS = ['=HYPERLINK("http:evil";"click")', "@SUM(1;1)", "-3-4", " =1+1", "\t=1+1", "＝1+1", "＋1", "﹫x", "−2"]


def starts_a_formula(cell: str) -> bool:
    """Would a spreadsheet read this cell as a formula (or a signed number)?"""
    start = unicodedata.normalize("NFKC", cell).lstrip()
    return bool(cell) and (cell[0] in "\t\r\n" or start[:1] in {"=", "+", "-", "@", "\u2212"})


def test_formula_like_learner_ids_are_guarded_in_every_csv_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Learner ids from nbgrader's exchange may start a formula; every text cell of
    learners.csv, progress.csv and items.csv starts with an apostrophe instead."""
    monkeypatch.setattr(report_module, "_bank_item", bank_item)
    cohort = [learner(name, [1, 0, 0], "did_you") for name in FORMULA_IDS]
    for result in cohort:
        result.problems = [f" =problem of {result.learner}"]
        for entry in result.items:
            entry["response"] = "＝1+1" if entry["item_id"] == "order_two" else entry["response"]
    out = write_report(course_with(tmp_path, cohort), out=tmp_path / "reports").parent
    cells = {}
    for name in ("learners.csv", "progress.csv", "items.csv"):
        with (out / name).open(newline="", encoding="utf-8") as f:
            cells[name] = [cell for row in csv.reader(f) for cell in row]
        assert cells[name]
        assert not [cell for cell in cells[name] if starts_a_formula(cell)], name
    learners = {row["learner"] for row in rows(out / "learners.csv")}
    assert learners == {f"'{name}" for name in FORMULA_IDS}
    assert {row["learner"] for row in rows(out / "progress.csv")} == learners
    assert any(cell.startswith("'＝1+1") for cell in cells["items.csv"])


@pytest.mark.parametrize("text", ["ada", "a=b", "What next?", "  leading spaces", "3", ""])
def test_ordinary_text_is_not_guarded(text: str) -> None:
    assert report_module._text(text) == text


def entry(
    item_id: str, points: float, out_of: float = 1.0, *, response: str = "", problem: str | None = None
) -> dict[str, Any]:
    """One item of a result; ``problem`` "not answered" makes it unanswered."""
    return {
        "item_id": item_id,
        "answered": problem != "not answered",
        "problem": problem,
        "response": response,
        "points": points,
        "max_points": out_of,
        "prompt": f"Prompt of {item_id}",
    }


def result_of(name: str, *items: dict[str, Any]) -> LearnerResult:
    score = sum(i["points"] for i in items)
    return LearnerResult(
        name, "running-sets", "graded", score, sum(i["max_points"] for i in items), None, [], list(items)
    )


def no_bank_item(item_id: str) -> None:
    return None


# Two learners, five items; facilities worked by hand in the ids' order:
# all_right (1 + 1) / 2 = 1, half (1 + 0) / 2 = 0.5, quarter (1 + 0) / 2 / 2 =
# 0.25, none 0, most (2 + 1) / 2 / 2 = 0.75.
FIVE = [
    result_of(
        "ada", entry("all_right", 1), entry("half", 1), entry("quarter", 1, 2), entry("none", 0), entry("most", 2, 2)
    ),
    result_of(
        "ben", entry("all_right", 1), entry("half", 0), entry("quarter", 0, 2), entry("none", 0), entry("most", 1, 2)
    ),
]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("items", ["all_right", "half", "quarter", "none", "most"], id="items-in-the-assignments-order"),
        pytest.param("hardest_first", ["none", "quarter", "half", "most", "all_right"], id="hardest-first"),
        pytest.param("start_here", ["none", "quarter", "half"], id="start-here-the-three-hardest"),
    ],
)
def test_summary_orders_items_by_facility(field: str, expected: list[str]) -> None:
    s = summarise("running-sets", FIVE, [], bank_item=no_bank_item)
    assert [i.item_id for i in getattr(s, field)] == expected


def test_start_here_leaves_out_items_everyone_got_right() -> None:
    s = summarise("running-sets", [FIVE[0]], [], bank_item=no_bank_item)  # ada: 1, 1, 1/2, 0, 1
    assert [i.item_id for i in s.start_here] == ["none", "quarter"]


def test_summary_figures_worked_by_hand() -> None:
    """ada scores 5 of 7 (71.43 %), ben 2 of 7 (28.57 %): mean 50 %."""
    s = summarise("running-sets", FIVE, [], bank_item=no_bank_item)
    assert s.title == "Running sets"
    assert (s.hand_ins, s.marked, s.unreadable, s.group_size) == (2, 2, 0, 1)
    assert [(row.learner, row.percent) for row in s.learners] == [
        ("ada", pytest.approx(500 / 7)),
        ("ben", pytest.approx(200 / 7)),
    ]
    assert s.mean_pct == pytest.approx(50.0)
    assert s.histogram == [0, 0, 1, 0, 0, 0, 0, 1, 0, 0]
    assert s.items[0].kind == ""  # not in any bank: no type, no distractor table
    assert s.items[0].options is None


def test_commonest_wrong_answers_count_answered_items_below_full_marks() -> None:
    """Counted: 'closed question' twice, 'why question' (half marks, still not
    full), an unreadable answer by its problem, 'leading question'; not counted:
    the right answer and the unanswered item. The top three are kept, ties in
    the order first met."""
    answers = [
        entry("rewrite", 0, response="closed question"),
        entry("rewrite", 0.5, response="why question"),
        entry("rewrite", 1, response="open question"),
        entry("rewrite", 0, problem="not answered"),
        entry("rewrite", 0, problem="the answer could not be read"),
        entry("rewrite", 0, response="closed question"),
        entry("rewrite", 0, response="leading question"),
    ]
    cohort = [result_of(f"learner{n}", a) for n, a in enumerate(answers)]
    row = summarise("running-sets", cohort, [], bank_item=no_bank_item).items[0]
    assert row.wrong_answers == [("closed question", 2), ("why question", 1), ("the answer could not be read", 1)]
    assert row.commonest_wrong == ("closed question", 2)
    assert row.stats.answered == 6


def hand_in_self_assessment(course: Course, name: str, assignment: str, value: Any) -> None:
    folder = course.root / "submitted" / name / assignment
    folder.mkdir(parents=True, exist_ok=True)
    data = {"format": "action-learning-workbook-answers", "format_version": 1, "answers": {}, "self_assessment": value}
    (folder / "action-learning-answers.json").write_text(json.dumps(data), encoding="utf-8")


def rated(phase: str, when: str, **ratings: tuple[int, int]) -> dict[str, Any]:
    return {
        phase: {
            "at": when,
            "ratings": {k.replace("_", "-"): {"confidence": c, "frequency": f} for k, (c, f) in ratings.items()},
        }
    }


def test_report_shows_the_self_assessment_shift_for_learners_who_handed_in_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only learners with a before and an after count; the newest of each is used;
    a capability counts the learners who rated it both times."""
    monkeypatch.setattr(report_module, "_bank_item", bank_item)
    course = course_with(tmp_path, COHORT)
    early, late = "2026-10-01T09:00:00Z", "2026-12-01T09:00:00Z"
    hand_in_self_assessment(
        course,
        "ada",
        "questioning",
        {
            **rated("before", early, questioning=(2, 1), co_coaching=(1, 1)),
            **rated("after", late, questioning=(4, 3), co_coaching=(3, 2)),
        },
    )
    # bo's before and after came in two files; an older after in a third is ignored.
    hand_in_self_assessment(course, "bo", "questioning", rated("before", early, questioning=(3, 3)))
    hand_in_self_assessment(course, "bo", "listening", rated("after", late, questioning=(2, 3)))
    hand_in_self_assessment(course, "bo", "reflection", rated("after", "2026-11-01T09:00:00Z", questioning=(5, 5)))
    # cy handed in a before only, and dee a broken file: neither counts.
    hand_in_self_assessment(course, "cy", "questioning", rated("before", early, questioning=(1, 1)))
    (course.root / "submitted" / "dee" / "questioning").mkdir(parents=True)
    (course.root / "submitted" / "dee" / "questioning" / "action-learning-answers.json").write_text("{not json")
    out = tmp_path / "reports"
    html = write_report(course, out=out, assignments=["questioning"]).read_text(encoding="utf-8")
    # only the questioning assignment was reported, so bo's other files are not read
    assert "1 learner handed in both a before and an after" in html

    html = write_report_all(course, out, ["questioning", "listening", "reflection"])
    assert "2 learners handed in both a before and an after" in html
    table = {r["capability"]: r for r in rows(out / "self-assessment.csv")}
    assert table["questioning"]["learners"] == "2"
    assert table["questioning"]["confidence_before"] == "2.50"  # ada 2, bo 3
    assert table["questioning"]["confidence_after"] == "3.00"  # ada 4, bo 2 (not the older 5)
    assert table["questioning"]["confidence_shift"] == "0.50"  # ada +2, bo -1
    assert table["questioning"]["frequency_shift"] == "1.00"  # ada +2, bo 0
    assert table["co-coaching"]["learners"] == "1"
    assert table["co-coaching"]["confidence_shift"] == "2.00"
    assert table["listening"]["learners"] == "0"
    assert table["listening"]["confidence_shift"] == ""
    row = re.search(r'<tr data-capability="questioning">.*?</tr>', html, re.S)
    assert row is not None
    assert [c for c in re.findall(r'<td class="num">([^<]*)</td>', row.group(0))] == [
        "2",
        "2.5",
        "3.0",
        "+0.5",
        "2.0",
        "3.0",
        "+1.0",
    ]
    listening = re.search(r'<tr data-capability="listening">.*?</tr>', html, re.S)
    assert listening is not None
    assert NOT_ENOUGH_DATA in listening.group(0)


def write_report_all(course: Course, out: Path, names: list[str]) -> str:
    """The report over several assignments, with the one cohort's results copied to each."""
    for name in names[1:]:
        folder = course.root / "results" / name
        folder.mkdir(parents=True, exist_ok=True)
        (course.root / "exercises" / name).mkdir(parents=True, exist_ok=True)
        for result in (course.root / "results" / names[0]).glob("*.json"):
            (folder / result.name).write_text(result.read_text(encoding="utf-8"), encoding="utf-8")
    return write_report(course, out=out, assignments=names).read_text(encoding="utf-8")


def test_report_says_when_no_learner_handed_in_both_self_assessments(tmp_path: Path) -> None:
    html = write_report(course_with(tmp_path, COHORT), out=tmp_path / "r").read_text(encoding="utf-8")
    assert "No learner handed in both a before and an after self-assessment." in html
    assert all(r["learners"] == "0" for r in rows(tmp_path / "r" / "self-assessment.csv"))
