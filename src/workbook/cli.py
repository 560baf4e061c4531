"""The ``workbook`` command: thin click wrappers over library functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbook._errors import WorkbookError
from workbook.banks._load import BANKS_DIR, check_banks
from workbook.rules._engine import RULES_PATH, classify_question, load_rules

__all__ = ["main"]


@click.group()
@click.version_option(package_name="action-learning-workbook")
def cli() -> None:
    """Tools for the Action Learning Workbook course."""


@cli.group()
def banks() -> None:
    """Item banks."""


@banks.command("check")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), default=BANKS_DIR, show_default=True)
def banks_check(folder: Path) -> None:
    """Validate every bank; print counts per bank and type, then items=N banks=M."""
    for line in check_banks(folder):
        click.echo(line)


@cli.group()
def rules() -> None:
    """Free-text question rules."""


@rules.command("classify")
@click.option("--explain", is_flag=True, help="Add the learner-facing message as a fifth column.")
@click.option("--rules-file", type=click.Path(path_type=Path, dir_okay=False), default=RULES_PATH, show_default=True)
def rules_classify(explain: bool, rules_file: Path) -> None:
    """Read questions one per line on standard input; print question, verdict, score and rule, tab-separated."""
    loaded = load_rules(rules_file)
    for raw in sys.stdin:
        question = raw.rstrip("\n").replace("\t", " ")
        result = classify_question(question, loaded)
        if result is None:
            continue
        fields = [question, result.verdict, f"{result.score:.2f}", result.rule]
        if explain:
            fields.append(result.message)
        click.echo("\t".join(fields))


def main(argv: list[str] | None = None) -> int:
    """Run the command; errors an author can fix are printed without a traceback."""
    try:
        cli.main(args=argv, prog_name="workbook", standalone_mode=False)
    except WorkbookError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
