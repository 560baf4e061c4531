"""The widget bundler turns our importing ES modules into one self-contained module."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workbook import WorkbookError
from workbook._bundle import bundle_module
from workbook.exercises import exercise


def test_imports_are_inlined_once_ahead_of_the_importer(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "twice.js").write_text("export function twice(x) {\n  return 2 * x;\n}\n")
    (tmp_path / "a.js").write_text('import { twice } from "./lib/twice.js";\nexport const a = twice(1);\n')
    (tmp_path / "main.js").write_text(
        'import { twice } from "./lib/twice.js";\nimport { a } from "./a.js";\nexport default twice(a);\n'
    )
    bundled = bundle_module(tmp_path / "main.js")
    assert "import" not in bundled
    assert bundled.count("function twice") == 1
    assert bundled.index("function twice") < bundled.index("const a") < bundled.index("export default")


def test_an_import_wrapped_over_lines_is_inlined(tmp_path: Path) -> None:
    (tmp_path / "lib.js").write_text("export const one = 1;\nexport const two = 2;\n")
    (tmp_path / "main.js").write_text('import {\n  one,\n  two,\n} from "./lib.js";\nexport default one + two;\n')
    bundled = bundle_module(tmp_path / "main.js")
    assert "import" not in bundled
    assert bundled.index("const two") < bundled.index("export default")


def test_bundled_module_runs(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the bundled module")
    (tmp_path / "b.js").write_text("export const b = 20;\n")
    (tmp_path / "main.js").write_text('import { b } from "./b.js";\nconsole.log(b + 1);\n')
    out = tmp_path / "bundle.mjs"
    out.write_text(bundle_module(tmp_path / "main.js"))
    assert subprocess.run([node, str(out)], capture_output=True, text=True, check=True).stdout == "21\n"


@pytest.mark.parametrize(
    "line",
    [
        'import confetti from "https://esm.sh/canvas-confetti";',
        'import { x } from "lodash";',
        'import * as all from "./b.js";',
    ],
)
def test_other_imports_are_refused_with_file_and_line(tmp_path: Path, line: str) -> None:
    (tmp_path / "main.js").write_text(f"// header\n{line}\n")
    with pytest.raises(WorkbookError, match=r"main\.js:2: only"):
        bundle_module(tmp_path / "main.js")


def test_exercise_module_carries_the_question_rules() -> None:
    esm = exercise("rewrite_have_you_spoken_to_hr").get_state()["_esm"]
    assert "import " not in esm
    assert "function classifyQuestion" in esm


def test_compaction_drops_block_comments_of_any_length(tmp_path: Path) -> None:
    """A multi-line /** … */ comment leaves no stray lines behind (a "* …" line is a syntax error)."""
    (tmp_path / "main.js").write_text(
        "/** One line. */\n"
        "/**\n * Several\n * lines.\n */\n"
        "const a = 2 * 3; /* trailing comments stay */\n"
        "// a line comment\n"
        "export default a;\n"
    )
    assert bundle_module(tmp_path / "main.js") == "const a = 2 * 3; /* trailing comments stay */\nexport default a;"


def test_the_exercise_module_as_pages_carry_it_parses(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to parse the bundled module")
    module = tmp_path / "exercise.mjs"
    module.write_text(exercise("choice_when_closed_fits")._esm, encoding="utf-8")
    run = subprocess.run([node, "--check", str(module)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def _run(node_module: Path) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the bundled module")
    return subprocess.run([node, str(node_module)], capture_output=True, text=True, check=True).stdout


def test_each_file_keeps_its_own_scope(tmp_path: Path) -> None:
    """Private names may repeat across files, and stay private, as in modules."""
    (tmp_path / "a.js").write_text("const label = 'a';\nexport function a() {\n  return label;\n}\n")
    (tmp_path / "b.js").write_text("const label = 'b';\nexport const b = () => label;\n")
    (tmp_path / "main.js").write_text(
        'import { a } from "./a.js";\nimport { b } from "./b.js";\n'
        "const label = 'main';\nconsole.log(a(), b(), label, typeof secret);\n"
    )
    out = tmp_path / "bundle.mjs"
    out.write_text(bundle_module(tmp_path / "main.js"))
    assert _run(out) == "a b main undefined\n"


def test_a_file_imported_twice_runs_once_and_is_shared(tmp_path: Path) -> None:
    (tmp_path / "count.js").write_text("export const calls = [];\ncalls.push('loaded');\n")
    (tmp_path / "a.js").write_text('import { calls } from "./count.js";\nexport const a = calls;\n')
    (tmp_path / "main.js").write_text(
        'import { calls } from "./count.js";\nimport { a } from "./a.js";\nconsole.log(calls.length, a === calls);\n'
    )
    out = tmp_path / "bundle.mjs"
    out.write_text(bundle_module(tmp_path / "main.js"))
    assert _run(out) == "1 true\n"


def test_renamed_imports_and_export_lists(tmp_path: Path) -> None:
    (tmp_path / "lib.js").write_text(
        "function one() {\n  return 1;\n}\nconst two = 2;\nexport { one, two as deux };\nexport class Three {}\n"
    )
    (tmp_path / "main.js").write_text(
        'import { deux, one as un, Three } from "./lib.js";\nconsole.log(un() + deux, typeof Three);\nexport { un };\n'
    )
    out = tmp_path / "bundle.mjs"
    out.write_text(bundle_module(tmp_path / "main.js"))
    assert _run(out) == "3 function\n"


def test_the_entry_keeps_its_exports(tmp_path: Path) -> None:
    (tmp_path / "lib.js").write_text("export function twice(x) {\n  return 2 * x;\n}\n")
    (tmp_path / "main.js").write_text(
        'import { twice } from "./lib.js";\nexport const four = twice(2);\nexport { twice };\nexport default { four };\n'
    )
    out = tmp_path / "bundle.mjs"
    out.write_text(bundle_module(tmp_path / "main.js"))
    (tmp_path / "use.mjs").write_text(
        'import main, { four, twice } from "./bundle.mjs";\nconsole.log(four, twice(3), main.four);\n'
    )
    assert _run(tmp_path / "use.mjs") == "4 6 4\n"


def test_a_name_the_file_does_not_export_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lib.js").write_text("const hidden = 1;\nexport const shown = 2;\n")
    (tmp_path / "main.js").write_text('// header\nimport { shown, hidden } from "./lib.js";\n')
    with pytest.raises(WorkbookError, match=r"main\.js:2: \./lib\.js does not export hidden"):
        bundle_module(tmp_path / "main.js")


def test_an_import_cycle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport const a = 1;\n')
    (tmp_path / "b.js").write_text('import { a } from "./a.js";\nexport const b = 2;\n')
    (tmp_path / "main.js").write_text('import { a } from "./a.js";\n')
    with pytest.raises(WorkbookError, match=r"b\.js:1: import cycle \(a\.js -> b\.js -> a\.js\)"):
        bundle_module(tmp_path / "main.js")


@pytest.mark.parametrize(
    "line",
    ["export default 1;", "export let count = 0;", "export var count = 0;", "export const { a, b } = c;"],
)
def test_other_exports_of_an_imported_file_are_refused(tmp_path: Path, line: str) -> None:
    (tmp_path / "lib.js").write_text(f"export const ok = 1;\n{line}\n")
    (tmp_path / "main.js").write_text('import { ok } from "./lib.js";\n')
    with pytest.raises(WorkbookError, match=r"lib\.js:2: an imported file can only have"):
        bundle_module(tmp_path / "main.js")


def test_every_widget_module_runs_in_node(tmp_path: Path) -> None:
    """Each bundled widget module loads (no name clash, no missing import) and
    has its render function; the DOM is only touched when a widget renders."""
    from workbook.tools import action_log, meeting_runner, reflective_journal

    for name, widget in {
        "exercise": exercise("choice_when_closed_fits"),
        "action_log": action_log(),
        "meeting_runner": meeting_runner(),
        "reflective_journal": reflective_journal(),
    }.items():
        module = tmp_path / f"{name}.mjs"
        module.write_text(widget.get_state()["_esm"], encoding="utf-8")
        (tmp_path / f"use_{name}.mjs").write_text(
            f'import widget from "./{name}.mjs";\nconsole.log(typeof widget.render);\n'
        )
        assert _run(tmp_path / f"use_{name}.mjs") == "function\n", name
