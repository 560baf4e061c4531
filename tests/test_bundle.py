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
