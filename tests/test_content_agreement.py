"""Where the course states the same fact in several places, the places agree.

The timings of a set meeting have one source, ``src/workbook/banks/facts/timings.yaml``.
Pages show its figures through MyST substitutions (``{{ issue_minutes }}``, filled in by
``book/_ext/course_facts.py``); these tests check that every substitution a page uses
exists, that the pages teaching the issue pattern use them, that no page or bank keeps a
superseded figure, and that the timing items and the pages' timed meeting plans keep to
the ranges in the data file.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from tests.book_pages import course_banks
from workbook.banks._facts import load_timings, timing_substitutions

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
BANKS = ROOT / "src" / "workbook" / "banks"
TIMINGS = load_timings()
SUBSTITUTIONS = timing_substitutions(TIMINGS)
PARTS: list[dict[str, Any]] = TIMINGS["issue"]["parts"]
STAGES: list[dict[str, Any]] = TIMINGS["meeting"]["stages"]
LENGTHS = {length["minutes"]: length for length in TIMINGS["meeting"]["lengths"] if "minutes" in length}

# Pages that teach the pattern of one member's issue, and the substitutions each must use.
ISSUE_PAGES = [
    "what-is-action-learning/set-meeting.md",
    "running-sets/traditional-set.md",
    "facilitation/running-a-meeting.md",
]
ISSUE_SUBSTITUTIONS = ["issue_minutes", *(f"issue_{part['id']}_minutes" for part in PARTS)]

# Figures the course used before the timings became data: none may come back.
SUPERSEDED = [
    r"thirty[- ]+to[- ]+forty",
    r"\b30\s*(?:–|-|to)\s*40\b",
    r"every four or five weeks, (?:over|for) four or five meetings",
]

_SUBSTITUTION = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_]*)\s*}}")
_CLOCK_ROW = re.compile(r"^\|\s*(\d+):(\d\d)\s*–\s*(\d+):(\d\d)\s*\|\s*([^|]*?)\s*\|", re.M)


def _pages() -> list[Path]:
    return sorted(BOOK.rglob("*.md"))


def _within(low: int, high: int, span: dict[str, int]) -> bool:
    return span["min"] <= low <= high <= span["max"]


def _one_match(name: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The single entry whose keyword appears in ``name``."""
    found = [e for e in entries if e["keyword"] in name.lower()]
    assert len(found) == 1, f"'{name}' should name exactly one of {[e['keyword'] for e in entries]}, names {found}"
    return found[0]


def _issue_count(minutes: int) -> dict[str, int]:
    assert minutes in LENGTHS, f"the timings file states no number of issues for a {minutes}-minute meeting"
    issues: dict[str, int] = LENGTHS[minutes]["issues"]
    return issues


def test_each_stated_meeting_length_can_hold_its_issues() -> None:
    others = [s for s in STAGES if s["id"] not in {"issue", "break"}]
    for minutes, length in LENGTHS.items():
        issues = length["issues"]
        low = sum(s["minutes"]["min"] for s in others) + issues["min"] * TIMINGS["issue"]["minutes"]["min"]
        high = (
            sum(s["minutes"]["max"] for s in STAGES if s["id"] != "issue")
            + issues["max"] * TIMINGS["issue"]["minutes"]["max"]
        )
        assert low <= minutes <= high, f"{length['id']}: {minutes} minutes cannot hold its issues and stages"


def test_every_substitution_a_page_uses_is_defined() -> None:
    for page in _pages():
        for name in _SUBSTITUTION.findall(page.read_text(encoding="utf-8")):
            assert name in SUBSTITUTIONS, f"{page.relative_to(ROOT)}: {{{{ {name} }}}} is not in the timings data"


@pytest.mark.parametrize("page", ISSUE_PAGES)
def test_pages_teaching_the_issue_pattern_state_it_from_the_data(page: str) -> None:
    used = set(_SUBSTITUTION.findall((BOOK / page).read_text(encoding="utf-8")))
    missing = [name for name in ISSUE_SUBSTITUTIONS if name not in used]
    assert not missing, f"book/{page} should state these through substitutions: {missing}"


def test_no_page_or_bank_keeps_a_superseded_figure() -> None:
    files = [*_pages(), *sorted(BANKS.glob("*.yaml"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in SUPERSEDED:
            match = re.search(pattern, text, re.I)
            assert match is None, f"{path.relative_to(ROOT)}: '{match.group(0)}' is a superseded timing"


def _timing_items() -> list[dict[str, Any]]:
    return [item for bank in course_banks().banks for item in bank.items if item["type"] == "timing"]


def test_there_are_timing_items_to_check() -> None:
    assert len(_timing_items()) >= 3


@pytest.mark.parametrize("item", _timing_items(), ids=lambda item: item["id"])
def test_timing_items_keep_to_the_stated_timings(item: dict[str, Any]) -> None:
    names = [stage["name"].lower() for stage in item["stages"]]
    is_single_issue = all(any(p["keyword"] in name for p in PARTS) for name in names)
    if is_single_issue:
        assert _within(item["total"], item["total"], TIMINGS["issue"]["minutes"]), "an issue's length"
        assert [_one_match(s["name"], PARTS)["id"] for s in item["stages"]] == [p["id"] for p in PARTS]
        for stage in item["stages"]:
            part = _one_match(stage["name"], PARTS)
            assert _within(stage["min"], stage["max"], part["minutes"]), f"{stage['name']} against {part['minutes']}"
        return
    found = []
    for stage in item["stages"]:
        known = _one_match(stage["name"], STAGES)
        found.append(known["id"])
        assert _within(stage["min"], stage["max"], known["minutes"]), f"{stage['name']} against {known['minutes']}"
    issues = _issue_count(item["total"])
    assert issues["min"] <= found.count("issue") <= issues["max"], f"{found.count('issue')} issues in {item['total']}"
    missing = {"updates", "bidding", "review"} - set(found)
    assert not missing, f"a meeting plan needs these stages too: {sorted(missing)}"


def _plans(text: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Each '## Plan:' section's timed rows as (stage, start, end) in minutes."""
    plans = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0]
        rows = [(m[5], int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])) for m in _CLOCK_ROW.finditer(section)]
        if title.startswith("Plan:") and rows:
            plans.append((title, rows))
    return plans


def test_the_traditional_set_plans_keep_to_the_stated_timings() -> None:
    plans = _plans((BOOK / "running-sets" / "traditional-set.md").read_text(encoding="utf-8"))
    assert len(plans) == 2, "a plan in a room and a plan on a video call"
    for title, rows in plans:
        assert rows[0][1] == 0, f"{title}: the plan should start at 0:00"
        assert all(a[2] == b[1] for a, b in itertools.pairwise(rows)), f"{title}: a gap or overlap between rows"
        ids = []
        for stage, start, end in rows:
            known = _one_match(stage, STAGES)
            ids.append(known["id"])
            assert _within(end - start, end - start, known["minutes"]), f"{title}: {stage} lasts {end - start}"
        issues = _issue_count(rows[-1][2])
        assert issues["min"] <= ids.count("issue") <= issues["max"], title


def test_the_worked_arithmetic_in_running_a_meeting_adds_up() -> None:
    text = (BOOK / "facilitation" / "running-a-meeting.md").read_text(encoding="utf-8")
    section = text.split("## Planning the time you have", 1)[1].split("\n## ", 1)[0]
    total = int(re.search(r"three hours \((\d+) minutes\)", section)[1])  # type: ignore[index]
    lines = re.findall(r"^- (.+?): (\d+) minutes[;.]$", section, re.M)
    left = next(int(minutes) for name, minutes in lines if name.startswith("time left"))
    for name, minutes in lines:
        if not name.startswith("time left"):
            known = _one_match(name, STAGES)
            assert _within(int(minutes), int(minutes), known["minutes"]), f"{name}: {minutes}"
    assert sum(int(m) for _, m in lines) == total
    issues, issue = _issue_count(total), TIMINGS["issue"]["minutes"]
    assert issues["min"] * issue["min"] <= left <= issues["max"] * issue["max"] + issue["min"] - 1
    assert "{{ three_hours_issues }}" in section


PROGRAMME: list[dict[str, Any]] = TIMINGS["programme"]["sessions"]
_PROGRAMME_TABLE = re.compile(r"^### Timings: session (\d), (in a room|on a video call)$", re.M)


def _programme_tables() -> dict[tuple[int, str], list[tuple[str, int, int]]]:
    """Each '### Timings: session N, …' table of the programme page as (activity, start, end) rows."""
    text = (BOOK / "running-sets" / "programme.md").read_text(encoding="utf-8")
    tables = {}
    for match in _PROGRAMME_TABLE.finditer(text):
        section = text[match.end() :].split("\n#", 1)[0]
        where = "in_person" if match[2] == "in a room" else "online"
        rows = [(m[5], int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])) for m in _CLOCK_ROW.finditer(section)]
        tables[(int(match[1]), where)] = rows
    return tables


def test_the_programme_sessions_add_up_to_their_stated_lengths() -> None:
    """Every session of the trainers' programme, in a room and online, has a timed
    table that starts at 0:00, has no gap or overlap, and ends at the length the
    timings data gives it (which the page states through substitutions)."""
    tables = _programme_tables()
    assert set(tables) == {(n, w) for n in range(1, len(PROGRAMME) + 1) for w in ("in_person", "online")}
    text = (BOOK / "running-sets" / "programme.md").read_text(encoding="utf-8")
    for number, session in enumerate(PROGRAMME, start=1):
        for where in ("in_person", "online"):
            rows = tables[(number, where)]
            title = f"session {number} {where}"
            assert rows, title
            assert rows[0][1] == 0, f"{title}: the table should start at 0:00"
            assert all(a[2] == b[1] for a, b in itertools.pairwise(rows)), f"{title}: a gap or overlap between rows"
            assert rows[-1][2] == session[where], f"{title}: ends at {rows[-1][2]}, the data says {session[where]}"
            assert f"{{{{ programme_{session['id']}_{where}_minutes }}}}" in text, f"{title}: length not stated"


def test_the_programme_fishbowl_is_one_issue_round_at_the_stated_timing() -> None:
    fishbowls = [
        end - start
        for rows in _programme_tables().values()
        for name, start, end in rows
        if "fishbowl" in name.lower() and "issue round" in name.lower()
    ]
    assert len(fishbowls) == 2, "session 2 in a room and online"
    assert all(_within(m, m, TIMINGS["issue"]["minutes"]) for m in fishbowls), fishbowls
