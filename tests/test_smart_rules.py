"""SMART action checks: the shipped rules find what the fixture file says they should,
the browser's evaluator (smart_rules.js, run here under Node) agrees with the Python
one on every fixture, and a broken rules file is reported with file, line and key."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest
import yaml

from workbook import RulesError
from workbook.rules import check_smart_action, load_smart_rules
from workbook.rules._smart import SMART_RULES_PATH, default_smart_rules

HERE = Path(__file__).parent
ELEMENTS = ["specific", "measurable", "achievable", "relevant", "time_bound"]


def fixture_rows() -> list[tuple[str, str]]:
    rows = (HERE / "data" / "smart_actions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(met, action) for met, action in (row.split("\t", 1) for row in rows)]


@pytest.mark.parametrize(("met", "action"), [pytest.param(m, a, id=a[:40] or "blank") for m, a in fixture_rows()])
def test_each_fixture_action_meets_the_elements_listed(met: str, action: str) -> None:
    results = check_smart_action(action)
    if met == "blank":
        assert results is None
        return
    assert results is not None
    assert [r.element for r in results] == ELEMENTS
    assert sorted(r.element for r in results if r.met) == sorted(met.split())


def test_python_and_javascript_agree(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the parity test (Debian package nodejs)")
    rules_json = tmp_path / "smart_rules.json"
    rules_json.write_text(json.dumps(default_smart_rules().data), encoding="utf-8")
    actions = [action for _, action in fixture_rows()]
    run = subprocess.run(
        [node, str(HERE / "js" / "check_smart_actions.mjs"), str(rules_json)],
        input="\n".join(actions) + "\n",
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    from_js = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(from_js) == len(actions)
    mismatches = []
    for action, js in zip(actions, from_js, strict=True):
        py = check_smart_action(action)
        py_list = [asdict(r) for r in py] if py is not None else None
        if py_list != js:
            mismatches.append((action, py_list, js))
    assert not mismatches, mismatches[:3]


def rules_with(change: object, tmp_path: Path) -> Path:
    data = yaml.safe_load(SMART_RULES_PATH.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "smart_rules.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["elements"][0]["checks"][0].update(pattern="(unclosed"),
            r"smart_rules\.yaml:\d+: elements\[0\]\.checks\[0\]\.pattern: check 'specific_vague_verb': bad pattern",
            id="bad-pattern",
        ),
        pytest.param(
            lambda d: d["elements"].reverse(),
            r"smart_rules\.yaml:\d+: elements\[0\]\.id: 'specific' was expected",
            id="elements-out-of-order",
        ),
        pytest.param(
            lambda d: d["elements"][1]["checks"][0].update(met="yes"),
            r"elements\[1\]\.checks\[0\]\.met: 'yes' is not of type 'boolean'",
            id="met-not-boolean",
        ),
        pytest.param(
            lambda d: d["elements"][4]["checks"][1].update(id="specific_named_step"),
            r"smart_rules\.yaml:1: \(top level\): ids must be unique, repeated: specific_named_step",
            id="duplicate-check-id",
        ),
    ],
)
def test_rules_file_errors_name_file_line_and_key(tmp_path: Path, change: object, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        load_smart_rules(rules_with(change, tmp_path))
