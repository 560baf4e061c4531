"""Minutes, modules and the progress manifest (workbook.course_map)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workbook.course_map import (
    READING_WORDS_PER_MINUTE,
    Exercise,
    Page,
    chapters,
    course_script,
    facts_line,
    modules,
    page_minutes,
    progress_manifest,
    read_course_script,
)
from workbook.exercise_types import TYPES

ROOT = Path(__file__).resolve().parent.parent


def ex(item: str, kind: str = "choice", bank: str = "questioning", version: int = 3) -> Exercise:
    return Exercise(item, kind, bank, version)


def test_reading_time_is_words_over_the_reading_rate() -> None:
    assert page_minutes(READING_WORDS_PER_MINUTE * 10, []) == 10
    assert page_minutes(READING_WORDS_PER_MINUTE * 10 + READING_WORDS_PER_MINUTE // 3, []) == 10
    assert page_minutes(READING_WORDS_PER_MINUTE * 10 + READING_WORDS_PER_MINUTE * 2 // 3, []) == 11


def test_each_exercise_adds_its_types_minutes() -> None:
    words = READING_WORDS_PER_MINUTE * 5
    assert page_minutes(words, ["choice", "rewrite", "timing"]) == (
        5 + TYPES["choice"].minutes + TYPES["rewrite"].minutes + TYPES["timing"].minutes
    )


def test_a_short_page_takes_at_least_a_minute() -> None:
    assert page_minutes(3, []) == 1


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(KeyError, match="no exercise type 'essay'"):
        page_minutes(100, ["essay"])


def test_every_type_states_its_minutes() -> None:
    assert all(t.minutes >= 1 for t in TYPES.values())
    # writing one's own text takes longer than choosing an option
    assert TYPES["rewrite"].minutes > TYPES["choice"].minutes


def test_facts_line_omits_the_exercises_when_there_are_none() -> None:
    words = READING_WORDS_PER_MINUTE * 12
    assert (
        facts_line(Page("a", "A", words, (ex("x"), ex("y"))))
        == f"About {12 + 2 * TYPES['choice'].minutes} minutes · 2 exercises"
    )
    assert facts_line(Page("a", "A", words, (ex("x"),))) == f"About {12 + TYPES['choice'].minutes} minutes · 1 exercise"
    assert facts_line(Page("a", "A", words)) == "About 12 minutes"
    assert facts_line(Page("a", "A", 10)) == "About 1 minute"


TOC = {
    "root": "book/welcome",
    "parts": [
        {"caption": "Start", "chapters": [{"file": "book/progress"}]},
        {
            "caption": "Skills",
            "chapters": [
                {
                    "file": "book/q/index",
                    "sections": [{"file": "book/q/one"}, {"file": "book/q/two.md"}, {"file": "book/q/graded-practice"}],
                },
                {"file": "book/tools/index", "sections": [{"file": "book/tools/log"}]},
            ],
        },
        {"caption": "Practice", "chapters": [{"file": "notebooks/practice"}]},
    ],
}


def pages() -> dict[str, Page]:
    return {
        p.docname: p
        for p in (
            Page("book/progress", "My progress", 200),
            Page("book/q/index", "Questioning", 500, (ex("lis_one", bank="listening", version=2),)),
            Page("book/q/one", "One", 900, (ex("q_a"), ex("q_b", "order"))),
            Page("book/q/two", "Two", 700, (ex("q_c", "rewrite"),)),
            Page("book/q/graded-practice", "Graded practice: Questioning", 150, (ex("q_g1"), ex("q_g2"))),
            Page("book/tools/index", "Tools", 300),
            Page("book/tools/log", "Action log", 400),
            Page(
                "notebooks/practice",
                "Practice",
                100,
                (ex("q_b", "order"), ex("q_p"), ex("lis_two", bank="listening", version=2)),
            ),
        )
    }


def test_chapters_follow_the_toc_and_drop_suffixes() -> None:
    assert chapters(TOC) == [
        ("book/progress", []),
        ("book/q/index", ["book/q/one", "book/q/two", "book/q/graded-practice"]),
        ("book/tools/index", ["book/tools/log"]),
        ("notebooks/practice", []),
    ]


def test_modules_are_chapters_with_sections_and_their_totals() -> None:
    found = modules(TOC, pages())
    assert [m.title for m in found] == ["Questioning", "Tools"]
    q, tools = found
    assert q.bank == "questioning"  # most of its exercises, though its overview shows a listening item
    assert q.graded == "book/q/graded-practice"
    assert q.exercises == 6
    assert q.minutes == sum(
        pages()[d].minutes for d in ("book/q/index", "book/q/one", "book/q/two", "book/q/graded-practice")
    )
    assert (tools.bank, tools.graded, tools.exercises) == (None, None, 0)


def test_the_real_toc_names_pages_that_exist() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [d for chapter, sections in chapters(toc) for d in (chapter, *sections)]
    assert names
    assert "book/progress" in names
    missing = [d for d in names if not (ROOT / f"{d}.md").exists()]
    assert missing == []


def test_manifest_lists_each_banks_items_once_with_the_first_page_showing_them() -> None:
    manifest = progress_manifest(TOC, pages(), lambda d: f"../{d}.html")
    assert manifest["pages"] == [
        ["../book/q/index.html", "Questioning"],
        ["../book/q/one.html", "One"],
        ["../book/q/two.html", "Two"],
        ["../book/q/graded-practice.html", "Graded practice: Questioning"],
        ["../notebooks/practice.html", "Practice"],
    ]
    (q,) = manifest["modules"]  # the tools module has no bank; listening is no module's main bank here
    assert q == {
        "bank": "questioning",
        "version": 3,
        "title": "Questioning",
        "start": "../book/q/index.html",
        "graded": "../book/q/graded-practice.html",
        "items": [["q_a", 1], ["q_b", 1], ["q_c", 2], ["q_g1", 3], ["q_g2", 3], ["q_p", 4]],
    }


def test_the_course_script_reads_back_and_cannot_close_its_script_element() -> None:
    manifest = {"modules": [{"bank": "q", "title": "Ends </script> here", "items": [["q_a", 0]]}]}
    text = course_script(manifest)
    assert "</script>" not in text
    assert read_course_script(text) == manifest


def test_a_script_that_is_not_the_course_script_is_named() -> None:
    with pytest.raises(ValueError, match=r"not a course script: it does not start with 'window\.alwCourse = '"):
        read_course_script("window.other = {};")
