"""A ReDoS checker passes every pattern the learner's text meets.

tests/test_rules_safety.py times each pattern on hostile texts; here npm's
recheck (a devDependency, installed by `npm ci`) analyses each one as the
browser compiles it, `new RegExp(source, flags)`, and must find it safe: not
exponential, not even quadratic. The patterns are the question rules
(normalise steps, rules, adjustments), the SMART rules, the avoid and about
patterns of every rewrite item in every bank, and the regular expression
literals of the two browser evaluators. All are checked in one Node process
(tests/js/check_redos.mjs), which says why any is not safe. With recheck's
native binary (installed on Linux, macOS and Windows on x64) this takes about
30 s on two cores; its pure JavaScript checker, used where no binary is
installed, takes about 2.5 minutes (in two worker threads).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.test_rules_safety import every_browser_pattern

HERE = Path(__file__).parent
ROOT = HERE.parent
RULES_JS = [ROOT / "src" / "workbook" / "rules" / name for name in ("question_rules.js", "smart_rules.js")]
CHECKER = HERE / "js" / "check_redos.mjs"
# The flags every_browser_pattern gives are those of these calls; if the
# evaluators compile patterns differently, update both.
COMPILES = Counter(
    {
        'new RegExp(s.pattern, "g")': 2,  # normalise steps, question and SMART rules
        "new RegExp(r.pattern)": 1,  # question rules
        "new RegExp(a.pattern)": 1,  # adjustments
        "new RegExp(k.pattern)": 1,  # SMART checks
        "new RegExp(pattern)": 1,  # rewrite items' avoid and about patterns
    }
)
# Patterns recheck must call vulnerable, so a checker that passes everything fails:
# the shape of the rule the security review found, and the quadratic look-ahead
# that statements_before_the_question had until recheck found it.
CONTROLS = [
    ("control: exponential", r"^(?:x\s*-?\s*)+$", ""),
    ("control: quadratic", r"^[^?]*[.!\u2026] (?=[^.!?]*\?)", "g"),
]
_LITERAL = re.compile(r"(?<=[(=,!&|:?])\s*/(?![/*])((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\[\n])+)/([dgimsuy]*)")


def js_literal_patterns() -> list[tuple[str, str, str]]:
    """(where, source, flags) for each regular expression literal in the browser's rule evaluators."""
    found = []
    for path in RULES_JS:
        code = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith(("//", "*", "/*"))
        )
        found += [(f"{path.name} /{source}/{flags}", source, flags) for source, flags in _LITERAL.findall(code)]
    return list(dict.fromkeys(found))


def run_recheck(patterns: list[tuple[str, str, str]]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the ReDoS check (CI installs it, and recheck with `npm ci`)")
    cases = [{"where": where, "source": source, "flags": flags} for where, source, flags in patterns]
    run = subprocess.run(
        [node, str(CHECKER)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, f"check_redos.mjs failed ({run.returncode}): {run.stderr}"
    report: dict[str, Any] = json.loads(run.stdout)
    assert [r["where"] for r in report["results"]] == [c["where"] for c in cases]
    return report


def verdict(result: dict[str, Any]) -> str:
    """What recheck said about one pattern, in a line."""
    if result["status"] == "vulnerable":
        hot = ", ".join(repr(h) for h in result["hotspot"] or [])
        return f"vulnerable, {result['complexity']['summary']}; attack {result['attack']}; hot spots {hot}: /{result['source']}/{result['flags']}"
    if result["status"] == "unknown":
        return f"undecided ({result['error']}): /{result['source']}/{result['flags']}"
    return result["status"]


def test_the_flags_are_the_browser_s() -> None:
    found = Counter(
        call for path in RULES_JS for call in re.findall(r"new RegExp\([^()]*\)", path.read_text(encoding="utf-8"))
    )
    assert found == COMPILES


def test_the_browser_s_own_literals_are_found() -> None:
    sources = {source for _, source, _ in js_literal_patterns()}
    assert {r"\s+", r"[a-z']+", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"} <= sources
    assert any(s.startswith(r"[\u2018") for s in sources)


@pytest.mark.slow
def test_recheck_finds_every_pattern_safe() -> None:
    patterns = every_browser_pattern() + js_literal_patterns()
    report = run_recheck(CONTROLS + patterns)
    results = report["results"]
    controls, checked = results[: len(CONTROLS)], results[len(CONTROLS) :]
    assert [r["status"] for r in controls] == ["vulnerable"] * len(CONTROLS), [verdict(r) for r in controls]
    not_safe = {r["where"]: verdict(r) for r in checked if r["status"] != "safe"}
    assert not not_safe, f"recheck ({report['backend']}) finds {len(not_safe)} of {len(checked)} patterns not safe"
