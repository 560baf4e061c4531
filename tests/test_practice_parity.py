"""The browser's practice-set engine (practice/practice.js, run here under Node)
and the Python one (the grader's replay) give the same replies, insights and
debrief figures for the same scripted play-throughs."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from tests.test_practice import GOOD_PLAY, POOR_PLAY
from workbook.practice import debrief, default_scenarios, play
from workbook.rules import default_rules

SCRIPT = Path(__file__).parent / "js" / "play_practice.mjs"
# How people start and pad a question in a set.
OPENINGS = ["", "So, ", "Um, ", "Okay, so, ", "Right. ", "Hi {name}, ", "{name}, ", "Sorry, just, "]


def _spoken(question: str, name: str, rng: random.Random) -> str:
    opening = rng.choice(OPENINGS).format(name=name)
    if rng.random() < 0.3 and " " in question:  # a false start: the first word twice
        first, rest = question.split(" ", 1)
        question = f"{first}, {first.lower()} {rest}"
    return opening + (question[0].lower() + question[1:] if opening else question)


def scripts() -> list[dict[str, Any]]:
    """Fixed scripts, then seeded mixtures of each scenario's examples and suggestions, spoken."""
    rng = random.Random(13)
    out = [{"scenario": "weekend_rota", "questions": GOOD_PLAY}, {"scenario": "weekend_rota", "questions": POOR_PLAY}]
    for sid, s in default_scenarios().items():
        examples = [i["example"] for i in s["insights"]]
        out.append({"scenario": sid, "questions": examples})
        out.append({"scenario": sid, "questions": s["suggestions"]})
        pool = [*examples, *s["suggestions"], "…", "It sounds like a lot.", "Tell me more.", "Why?"]
        for _ in range(8):
            picked = [rng.choice(pool) for _ in range(rng.randint(1, 45))]
            out.append({"scenario": sid, "questions": [_spoken(q, s["presenter"]["name"], rng) for q in picked]})
    return out


def test_python_and_javascript_play_alike(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the practice-set parity test")
    cases = scripts()
    path = tmp_path / "cases.json"
    path.write_text(
        json.dumps({"rules": default_rules().data, "scenarios": default_scenarios(), "scripts": cases}),
        encoding="utf-8",
    )
    run = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True, check=True, encoding="utf-8")
    browser = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(browser) == len(cases)
    reached, suggestions, over = set(), set(), 0
    for case, js in zip(cases, browser, strict=True):
        session = play(default_scenarios()[case["scenario"]], case["questions"])
        py = {"turns": [asdict(t) for t in session.turns], "debrief": asdict(debrief(session))}
        assert py == js, case
        reached.update((case["scenario"], i) for i in py["debrief"]["reached"])
        suggestions.add(py["debrief"]["suggestion"])
        over += session.over
    # the scripts exercise every insight, several suggestions and the time running out
    assert reached == {(sid, i["id"]) for sid, s in default_scenarios().items() for i in s["insights"]}
    assert len(suggestions) >= 4
    assert over > 0
