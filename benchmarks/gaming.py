"""Can a lazy learner game graded practice? Naive strategies against chance.

Each strategy plays every assignment as learners would hand it in (answers
files downloaded from the book, collected and graded by `workbook grade`), and
every exercise page of the built book in headless Chromium (answers read back
from the page's storage and marked by the same scorer):

- ``first``: always the first option shown (choice; the first category or
  option for every statement of a classify, match or spot item; an order item
  handed in as first shown);
- ``longest``: the longest option shown (choice; other selection items at random);
- ``random``: a random answer to every selection item;
- ``stock_rewrite``: "What do you think?" for every rewrite and a stock action
  for every SMART item; selection items at random.

A practice set is played with its suggested questions, word for word (in the
order offered by ``first``, longest first by ``longest``, at random by
``random``) and with "What do you think?" forty times by ``stock_rewrite``; a
dilemma by taking the first, the longest or a random choice shown at each step.

Text and timing items are left blank by the selection strategies, as a lazy
learner skips them; chance counts them as 0. ``chance`` is the exact expected
score of uniformly random answers (a random non-empty set of options for a
multiple-answer item; a random path through a dilemma), as a share of the points. Options are shuffled per
learner, so every learner sees (and games) their own order: the benchmark
uses the same seeded shuffle as the page.

Run: .venv/bin/python benchmarks/gaming.py [--learners 4] [--no-book] [--no-grader]
The last line is ``gaming_first=… gaming_longest=… gaming_stock_rewrite=… chance=…``
(percentages over every graded item). Goal: no strategy more than 10 points above chance.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.assignments import assignment_items, assignment_sources
from workbook.banks import default_banks
from workbook.exercises._shuffle import initial_order, seeded_permutation, shown
from workbook.grading import score_item
from workbook.grading._scoring import DILEMMA_CREDIT
from workbook.practice._engine import MAX_QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
STRATEGIES = ("first", "longest", "random", "stock_rewrite")
STOCK_QUESTION = "What do you think?"
STOCK_ACTION = "I will do it by Friday."
SELECTION = {"choice", "classify", "match", "spot", "order"}

Item = dict[str, Any]
Answer = dict[str, Any] | None


# ---- what a learner sees: the page's own seeded shuffle -------------------


def shown_options(item: Item, seed: str) -> list[dict[str, Any]]:
    """Choice options in the order this learner sees them."""
    return shown(item, "options", seed=seed)


def shown_order(item: Item, seed: str) -> list[str]:
    """An order item's steps as first shown to this learner."""
    return initial_order(item, seed=seed)


def choices_of(item: Item) -> list[str]:
    """The ids a classify, match or spot row picks from, in the order shown."""
    return [c["id"] for c in (item.get("categories") or item["options"])]


def rows_of(item: Item) -> int:
    if item["type"] == "classify":
        return len(item["statements"])
    if item["type"] == "match":
        return len(item["pairs"])
    return sum(1 for line in item["dialogue"] if line.get("category"))


# ---- the strategies ---------------------------------------------------------


def suggested_questions(item: Item, order: str, rng: random.Random) -> Answer:
    """A practice set played with its suggestions, word for word, until the questions run out."""
    offered = list(item["scenario"]["suggestions"])
    if order == "longest":
        offered.sort(key=len, reverse=True)
    if order == "random":
        return {"questions": [rng.choice(offered) for _ in range(rng.randint(1, MAX_QUESTIONS))]}
    return {"questions": (offered * MAX_QUESTIONS)[:MAX_QUESTIONS]}


def dilemma_path(item: Item, seed: str, pick: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> Answer:
    """A dilemma walked to an ending, ``pick`` choosing among each step's choices as shown."""
    nodes = {n["id"]: n for n in item["nodes"]}
    node: dict[str, Any] | None = item["nodes"][0]
    path = []
    while node is not None:
        order = seeded_permutation(len(node["choices"]), f"{seed}|{item['id']}|{node['id']}")
        choice = pick([node["choices"][i] for i in order])
        path.append(choice["id"])
        node = nodes.get(choice["next"])
    return {"path": path}


def random_answer(item: Item, seed: str, rng: random.Random) -> Answer:
    kind = item["type"]
    if kind == "practice":
        return suggested_questions(item, "random", rng)
    if kind == "dilemma":
        return dilemma_path(item, seed, rng.choice)
    if kind == "choice":
        ids = [o["id"] for o in item["options"]]
        if item.get("multiple"):
            size = rng.randint(1, len(ids))
            return {"selected": rng.sample(ids, size)}
        return {"selected": [rng.choice(ids)]}
    if kind in {"classify", "match", "spot"}:
        picks = [rng.choice(choices_of(item)) for _ in range(rows_of(item))]
        return {{"classify": "placed", "match": "matched", "spot": "spotted"}[kind]: picks}
    if kind == "order":
        steps = list(item["steps"])
        rng.shuffle(steps)
        return {"order": steps}
    return None


def first_answer(item: Item, seed: str, rng: random.Random) -> Answer:
    kind = item["type"]
    if kind == "practice":
        return suggested_questions(item, "first", rng)
    if kind == "dilemma":
        return dilemma_path(item, seed, lambda choices: choices[0])
    if kind == "choice":
        return {"selected": [shown_options(item, seed)[0]["id"]]}
    if kind in {"classify", "match", "spot"}:
        first = shown(item, "options", seed=seed)[0]["id"] if kind == "match" else choices_of(item)[0]
        return {{"classify": "placed", "match": "matched", "spot": "spotted"}[kind]: [first] * rows_of(item)}
    if kind == "order":
        return {"order": shown_order(item, seed)}
    return None


def longest_answer(item: Item, seed: str, rng: random.Random) -> Answer:
    if item["type"] == "choice":
        return {"selected": [max(shown_options(item, seed), key=lambda o: len(o["text"]))["id"]]}
    if item["type"] == "practice":
        return suggested_questions(item, "longest", rng)
    if item["type"] == "dilemma":
        return dilemma_path(item, seed, lambda choices: max(choices, key=lambda c: len(c["text"])))
    return random_answer(item, seed, rng)


def stock_answer(item: Item, seed: str, rng: random.Random) -> Answer:
    if item["type"] == "rewrite":
        return {"text": STOCK_QUESTION}
    if item["type"] == "smart":
        return {"text": STOCK_ACTION}
    if item["type"] == "practice":
        return {"questions": [STOCK_QUESTION] * MAX_QUESTIONS}
    return random_answer(item, seed, rng)


PLAY: dict[str, Callable[[Item, str, random.Random], Answer]] = {
    "first": first_answer,
    "longest": longest_answer,
    "random": random_answer,
    "stock_rewrite": stock_answer,
}


# ---- chance -----------------------------------------------------------------


def chance(item: Item) -> float:
    """The exact expected score of a uniformly random answer (0 for text and timing)."""
    kind = item["type"]
    if kind == "choice":
        ids = [o["id"] for o in item["options"]]
        if not item.get("multiple"):
            return 1 / len(ids)
        subsets = [s for n in range(1, len(ids) + 1) for s in itertools.combinations(ids, n)]
        return sum(score_item(item, {"selected": list(s)}).fraction for s in subsets) / len(subsets)
    if kind in {"classify", "match", "spot"}:
        return 1 / len(choices_of(item))
    if kind == "order":
        return 1 / len(item["steps"])
    if kind == "dilemma":
        return _random_walk_credit(item, item["nodes"][0]["id"])
    return 0.0


def _random_walk_credit(item: Item, at: str) -> float:
    """The expected credit of choosing uniformly at random from node ``at`` to an ending."""
    node = next((n for n in item["nodes"] if n["id"] == at), None)
    if node is None:
        return DILEMMA_CREDIT[next(e["quality"] for e in item["endings"] if e["id"] == at)]
    return sum(_random_walk_credit(item, c["next"]) for c in node["choices"]) / len(node["choices"])


# ---- through the grader -----------------------------------------------------


def hand_in_file(folder: Path, *, learner: str, assignment: str, answers: dict[str, Answer]) -> None:
    """An answers file as the graded-practice page's "Download my hand-in" saves it."""
    grouped: dict[str, dict[str, Any]] = {}
    for item_id, answer in answers.items():
        if answer is None:
            continue
        bank, _ = default_banks().item(item_id)
        grouped.setdefault(f"{bank.name}@{bank.version}", {})[item_id] = {
            "answer": answer,
            "saved": "2026-12-01T09:00:00Z",
        }
    data = {
        "format": "action-learning-workbook-answers",
        "format_version": 1,
        "exported": "2026-12-01T09:30:00Z",
        "learner": learner,
        "assignment": assignment,
        "answers": grouped,
        "skipped": 0,
    }
    (folder / f"{learner}_{assignment}_20261201T093000.json").write_text(json.dumps(data), encoding="utf-8")


def through_grader(learners: int) -> dict[str, float]:
    """Percentage of all points per strategy (and chance), graded by `workbook grade`."""
    from workbook.grading import collect_submissions, grade_submissions, init_course, release_assignment

    root = Path(tempfile.mkdtemp(prefix="gaming-bench-")) / "course"
    course = init_course(root)
    earned = dict.fromkeys(STRATEGIES, 0.0)
    possible = dict.fromkeys(STRATEGIES, 0.0)
    expected = 0.0
    total = 0.0
    for source in assignment_sources():
        assignment = source.stem
        release_assignment(course, assignment)
        items = [default_banks().item(i)[1] for i in assignment_items(assignment)]
        downloads = root / "downloads" / assignment
        downloads.mkdir(parents=True)
        for strategy in STRATEGIES:
            for n in range(learners):
                learner = f"{strategy.replace('_', '-')}-{n}"
                rng = random.Random(f"{learner}/{assignment}")
                answers = {item["id"]: PLAY[strategy](item, learner, rng) for item in items}
                hand_in_file(downloads, learner=learner, assignment=assignment, answers=answers)
        collect_submissions(course, assignment, downloads=downloads)
        results = grade_submissions(course, assignment)
        per_item_points = _points(results)
        for result in results:
            strategy = next(s for s in STRATEGIES if result.learner.startswith(s.replace("_", "-")))
            if result.status != "graded":
                sys.exit(f"{assignment}: {result.learner} was not graded: {result.problems}")
            earned[strategy] += result.score
            possible[strategy] += result.max_score
        for item in items:
            points = per_item_points.get(item["id"], 1.0)
            expected += chance(item) * points
            total += points
        line = " ".join(f"{s}={100 * earned[s] / possible[s]:.1f}" for s in STRATEGIES)
        print(f"grader {assignment}: {line} (running totals, %)", flush=True)
    scores = {s: 100 * earned[s] / possible[s] for s in STRATEGIES}
    scores["chance"] = 100 * expected / total
    return scores


def _points(results: list[Any]) -> dict[str, float]:
    """Each item's points (out of), from the graded results."""
    points: dict[str, float] = {}
    for result in results:
        for entry in result.items:
            points[entry["item_id"]] = float(entry["max_points"])
    return points


# ---- in the book, in Chromium -----------------------------------------------


PLAY_PAGE = """
async ({strategy, stock, action, seed}) => {
  let state = seed;
  const rand = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  for (const root of document.querySelectorAll("section.alw-exercise[data-exercise-id]")) {
    const type = [...root.classList].find((c) => c.startsWith("alw-") && c !== "alw-exercise").slice(4);
    const check = root.querySelector("button.alw-check");
    if (!check) continue;
    const trick = strategy === "first" || (strategy === "longest" && type === "choice");
    if (type === "choice") {
      const inputs = [...root.querySelectorAll(".alw-option input")];
      let chosen;
      if (strategy === "first") chosen = [inputs[0]];
      else if (strategy === "longest") chosen = [inputs.reduce((a, b) => (document.querySelector(`label[for="${b.id}"]`).textContent.length > document.querySelector(`label[for="${a.id}"]`).textContent.length ? b : a))];
      else if (inputs[0].type === "checkbox") { chosen = inputs.filter(() => rand() < 0.5); if (!chosen.length) chosen = [pick(inputs)]; }
      else chosen = [pick(inputs)];
      for (const input of chosen) input.click();
    } else if (type === "classify") {
      for (const group of root.querySelectorAll(".alw-statement")) {
        const radios = [...group.querySelectorAll("input[type=radio]")];
        (trick ? radios[0] : pick(radios)).click();
      }
    } else if (type === "match" || type === "spot") {
      for (const select of root.querySelectorAll("select")) {
        const values = [...select.options].map((o) => o.value).filter(Boolean);
        select.value = trick ? values[0] : pick(values);
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (type === "order") {
      if (!trick) {
        for (let k = 0; k < 6; k += 1) {
          const moves = [...root.querySelectorAll("button.alw-move:not([disabled])")];
          if (moves.length) pick(moves).click();
        }
      }
    } else if (type === "practice") {
      const box = root.querySelector("input.alw-text");
      const ask = root.querySelector("button.alw-ask");
      let offered = [...root.querySelectorAll("button.alw-suggested")].map((b) => b.textContent);
      if (strategy === "longest") offered.sort((a, b) => b.length - a.length);
      if (strategy === "random") offered = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => pick(offered));
      if (strategy === "stock_rewrite") offered = Array(40).fill(stock);
      if (strategy === "first" || strategy === "longest") offered = Array(40).fill(offered).flat().slice(0, 40);
      for (const question of offered) {
        if (ask.disabled || box.disabled) break;
        box.value = question;
        ask.click();
      }
    } else if (type === "dilemma") {
      for (let step = 0; step < 20; step += 1) {
        const choices = [...root.querySelectorAll("button.alw-dilemma-choice")];
        if (!choices.length) break;
        if (strategy === "first") choices[0].click();
        else if (strategy === "longest") choices.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a)).click();
        else pick(choices).click();
        root.querySelector("button.alw-dilemma-continue").click();
      }
      continue;
    } else if (type === "rewrite" && strategy === "stock_rewrite") {
      root.querySelector("input.alw-text").value = stock;
    } else if (type === "smart" && strategy === "stock_rewrite") {
      root.querySelector("textarea.alw-text").value = action;
    } else continue;
    check.click();
  }
  const out = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    const m = key.match(/^alw:([a-z][a-z0-9_-]*)@(\\d+):([a-z][a-z0-9_]*)$/);
    if (m) out[m[3]] = JSON.parse(localStorage.getItem(key)).answer;
  }
  return out;
}
"""


def in_the_book(learners: int) -> dict[str, float]:
    """Percentage score per strategy over every exercise embedded in the built book."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from scripts.printing import served
    from tests.book_pages import embedded_items
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, HTML

    pages = embedded_items()
    items = {i: default_banks().item(i)[1] for ids in pages.values() for i in ids}
    scores: dict[str, float] = {}
    with served(HTML) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for strategy in STRATEGIES:
            got = 0.0
            for n in range(learners):
                context = browser.new_context()
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith((base, "blob:", "data:")) else route.abort()
                    ),
                )
                page = context.new_page()
                answers: dict[str, Any] = {}
                for path in pages:
                    page.goto(f"{base}/{path}")
                    page.wait_for_selector("section.alw-exercise[data-exercise-id]")
                    answers.update(
                        page.evaluate(
                            PLAY_PAGE,
                            {
                                "strategy": strategy,
                                "stock": STOCK_QUESTION,
                                "action": STOCK_ACTION,
                                "seed": 7919 * (n + 1),
                            },
                        )
                    )
                context.close()
                got += sum(score_item(item, answers.get(item_id)).fraction for item_id, item in items.items())
            scores[strategy] = 100 * got / (learners * len(items))
            print(
                f"book {strategy}: {scores[strategy]:.1f} % over {len(items)} exercises on {len(pages)} pages",
                flush=True,
            )
        browser.close()
    scores["chance"] = 100 * sum(chance(item) for item in items.values()) / len(items)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=4, help="simulated learners per strategy (default 4)")
    parser.add_argument("--no-book", action="store_true", help="skip the Chromium run over the built book")
    parser.add_argument("--no-grader", action="store_true", help="skip the hand-ins through `workbook grade`")
    args = parser.parse_args(argv)
    runs = []
    if not args.no_grader:
        runs.append(("grader", through_grader(args.learners)))
    if not args.no_book:
        runs.append(("book", in_the_book(args.learners)))
    margins = []
    for name, scores in runs:
        print(f"{name}: " + " ".join(f"{k}={v:.1f}" for k, v in scores.items()))
        margins += [(scores[s] - scores["chance"], name, s) for s in STRATEGIES]
    margin, name, strategy = max(margins)
    print(f"largest_margin_over_chance={margin:.1f} ({strategy}, {name})")
    print(f"goal_met={'yes' if margin <= 10 else 'no'} (a margin of at most 10 points)")
    # The last line: the graded hand-ins (what a trainer's scores rest on), else the book.
    scores = runs[0][1]
    print(
        f"gaming_first={scores['first']:.1f} gaming_longest={scores['longest']:.1f} "
        f"gaming_stock_rewrite={scores['stock_rewrite']:.1f} chance={scores['chance']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
