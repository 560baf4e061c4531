"""One table of exercise types: every registry of types, in Python, JSON Schema,
JavaScript and the README, lists the same ones, and the demo can answer every
item of every type rightly and wrongly."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook.answers import LEARNER_ID, SCHEMA
from workbook.banks import BANKS_DIR, default_banks
from workbook.exercise_types import TYPES, by_type, exercise_type
from workbook.grading import POINTS
from workbook.rules import RULES_PATH, default_rules, default_smart_rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "workbook"
BANK_SCHEMA = json.loads((BANKS_DIR / "bank.schema.json").read_text(encoding="utf-8"))
ITEMS = [item for bank in default_banks().banks for item in bank.items]


def test_the_bank_schema_lists_the_types_of_the_table() -> None:
    """Does the schema's type enum, and its one branch (and $defs entry) per type, follow the table?"""
    item = BANK_SCHEMA["$defs"]["item"]
    assert item["properties"]["type"]["enum"] == list(TYPES)
    branches = [(b["if"]["properties"]["type"]["const"], b["then"]["$ref"]) for b in item["allOf"]]
    assert branches == [(name, f"#/$defs/{name}") for name in TYPES]
    assert set(TYPES) <= set(BANK_SCHEMA["$defs"])


def test_the_python_registries_follow_the_table() -> None:
    from workbook.banks import _load
    from workbook.exercises import _widgets
    from workbook.grading import _demo, _scoring

    for registry in (_load._SEMANTIC_CHECKS, _widgets.WIDGETS, _scoring._MODELS, _scoring._MARKERS, _demo.RIGHT):
        assert list(registry) == list(TYPES)
    assert list(_demo.WRONG) == list(POINTS) == list(TYPES)
    assert {name: kind.points for name, kind in TYPES.items()} == POINTS


def test_a_registry_missing_a_type_fails_naming_it() -> None:
    with pytest.raises(RuntimeError, match=r"here: the exercise types differ .*: missing timing; unknown essay"):
        by_type({**{t: 1 for t in TYPES if t != "timing"}, "essay": 1}, where="here")
    with pytest.raises(KeyError, match="no exercise type 'essay' \\(known: choice, classify"):
        exercise_type("essay")


@pytest.mark.parametrize("name", list(TYPES))
def test_each_type_has_a_public_widget_class_carrying_its_rules(name: str) -> None:
    import workbook.exercises as exercises

    kind = TYPES[name]
    cls = getattr(exercises, kind.widget_name)
    assert kind.widget_name in exercises.__all__
    assert cls is kind.widget()
    assert cls.__doc__ == kind.summary
    item = next(i for i in ITEMS if i["type"] == name)
    state = exercises.exercise(item["id"]).get_state()
    rules = {None: None, "question": default_rules().data, "smart": default_smart_rules().data}[kind.rules]
    assert state.get("rules") == rules


def test_the_browser_lists_the_types_of_the_table() -> None:
    """``TYPES`` exported by exercises/exercise.js (its renderers and markers) has the table's types."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to read the exercise types of exercise.js")
    script = "const m = await import('./src/workbook/exercises/exercise.js'); console.log(JSON.stringify(Object.keys(m.TYPES ?? {})))"
    out = subprocess.run(
        [node, "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert sorted(json.loads(out.stdout)) == sorted(TYPES), "exercise.js must export TYPES with one entry per type"


def test_the_readme_describes_every_type() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing exercises", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- `(\w+)`:", section, re.M) == list(TYPES)


def test_the_bank_verdicts_are_the_question_rules_verdicts() -> None:
    """A rewrite item's verdicts (bank schema) are exactly those the question rules give."""
    rules = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    assert BANK_SCHEMA["$defs"]["verdict"]["enum"] == list(rules["verdicts"])


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_the_demo_answers_every_item_rightly_and_wrongly(item: dict[str, Any]) -> None:
    """The demo's right answer earns full marks with the real scorer, its wrong answer less."""
    kind = exercise_type(item["type"])
    right = kind.score(item, kind.right_answer(item))
    assert (right.fraction, right.correct, right.problem) == (1.0, True, None)
    for seed in range(3):
        wrong = kind.score(item, kind.wrong_answer(item, random.Random(seed)))
        assert wrong.fraction < 1, wrong
        assert (wrong.correct, wrong.problem) == (False, None)
    assert kind.model_answer(item)


def _js_learner_ids() -> list[tuple[Path, str, str]]:
    """``LEARNER_ID = /source/flags;`` in the exercises' JavaScript, wherever it lives."""
    found = []
    for path in sorted((PACKAGE / "exercises").rglob("*.js")):
        for match in re.finditer(r"\bLEARNER_ID\s*=\s*/(.+)/([a-z]*);", path.read_text(encoding="utf-8")):
            found.append((path, match.group(1), match.group(2)))
    return found


def test_the_learner_id_rule_is_the_same_in_python_the_schema_and_the_browser() -> None:
    """The hand-in button (JavaScript) accepts exactly the learner ids the reader accepts."""
    found = _js_learner_ids()
    assert len(found) == 1, found
    path, source, flags = found[0]
    assert (source, flags) == (SCHEMA["$defs"]["name"]["pattern"], ""), path
    samples = ["ada", "Ada.Lovelace-1_x", "a" * 64, "a" * 65, "", "-ada", "ada\n", "a/../b", "ad a", "ädä", "7"]
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the browser's learner-id rule")
    script = f"const r = /{source}/{flags}; console.log(JSON.stringify({json.dumps(samples)}.map((s) => r.test(s))))"
    out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [bool(LEARNER_ID.fullmatch(s)) for s in samples]


def test_the_answers_schema_ships_with_the_package() -> None:
    from importlib.resources import files

    assert "answers/*.json" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    shipped = json.loads(files("workbook.answers").joinpath("answers.schema.json").read_text("utf-8"))
    assert shipped == SCHEMA


def test_the_widgets_do_not_import_grading() -> None:
    """``exercises`` sits below ``grading``: building and recording widgets imports none of it."""
    script = (
        "import sys\n"
        "from workbook.exercises import exercise\n"
        f"exercise({ITEMS[0]['id']!r})\n"
        "from workbook.exercises import _widgets\n"
        "print(sorted(m for m in sys.modules if m.startswith('workbook.grading')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_nothing_in_the_package_reaches_outside_it_by_parents() -> None:
    """Supplements the behaviour tests of ``workbook.assignments`` and the book lookup:
    no module finds project files by climbing from its own location."""
    climbing = re.compile(r"__file__\)?(?:\.resolve\(\))?\.parents\[|__file__\)?(?:\.resolve\(\))?\.parent\.parent")
    allowed = {
        # the sandbox mounts the folder that holds the installed package (site-packages or src/), not project files
        ("grading/_sandbox.py", "candidates.append(Path(workbook.__file__).resolve().parents[1])"),
    }
    found = {
        (str(path.relative_to(PACKAGE)), line.strip())
        for path in PACKAGE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if climbing.search(line)
    }
    assert found <= allowed
