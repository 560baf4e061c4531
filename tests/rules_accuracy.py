"""How well the question rules label each question set: accuracy per label
and open/closed agreement. Used by tests/test_rules.py, and run on its own to
print the figures:

    .venv/bin/python -m tests.rules_accuracy            # every set
    .venv/bin/python -m tests.rules_accuracy --misses   # and each question it gets wrong

Open/closed agreement counts only the questions labelled open or closed, and
asks whether the rules call each one open (open) or anything else (closed), the
distinction the meeting runner's question log and the rewrite exercises rest on.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workbook.rules import classify_question

DATA = Path(__file__).parent / "data"
LABELS = ("open", "closed", "leading", "stacked", "why")

# (file, what it is): the sets the rules were written against come first.
SETS = (
    ("labelled_questions.tsv", "written questions, used to write the rules"),
    ("heldout_questions.tsv", "written questions, held out when the rules were first written"),
    ("spoken_questions.tsv", "questions as people say them, used to tune the rules for speech"),
    ("spoken_heldout_questions.tsv", "questions as people say them, written with the spoken set but never tuned on"),
)


def labelled(name: str) -> list[tuple[str, str]]:
    """(label, question) rows of one TSV set."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [
            (row["label"], row["question"]) for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


@dataclass
class Report:
    """The rules' results on one set."""

    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    open_closed: list[bool] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        return {label: self.right[label] / self.total[label] for label in LABELS if self.total[label]}

    def agreement(self) -> float:
        return sum(self.open_closed) / len(self.open_closed)


def measure(rows: list[tuple[str, str]]) -> Report:
    report = Report()
    for label, question in rows:
        verdict = classify_question(question)
        got = verdict.verdict if verdict else "none"
        report.total[label] += 1
        report.right[label] += got == label
        if got != label:
            report.misses.append((label, got, question))
        if label in ("open", "closed"):
            report.open_closed.append((got == "open") == (label == "open"))
    return report


def main(argv: list[str]) -> int:
    for name, about in SETS:
        report = measure(labelled(name))
        per_label = "  ".join(
            f"{label} {report.right[label]}/{report.total[label]} ({score:.0%})"
            for label, score in report.accuracy().items()
        )
        agree = sum(report.open_closed)
        print(f"{name} ({about}): {sum(report.total.values())} questions")
        print(f"  {per_label}")
        print(f"  open/closed agreement {agree}/{len(report.open_closed)} ({report.agreement():.1%})")
        if "--misses" in argv:
            for label, got, question in report.misses:
                print(f"    labelled {label}, read as {got}: {question}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
