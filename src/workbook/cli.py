"""The ``workbook`` command: thin click wrappers over library functions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from workbook import WorkbookError
from workbook.assignments import SOURCES_FOLDER
from workbook.banks import BANKS_DIR, check_banks
from workbook.grading import (
    DEFAULT_MEMORY_MB,
    Course,
    LearnerResult,
    collect_submissions,
    course_lock,
    grade_submissions,
    init_course,
    open_course,
    release_assignment,
    run_demo,
    submitted_learners,
    write_assignment_source,
    write_feedback,
    write_report,
)
from workbook.rules import RULES_PATH, classify_question, load_rules
from workbook.scorm import write_scorm_packages

__all__ = ["main"]

# Defaults the command shares with the library are read from the library's functions.
_INIT: dict[str, Any] = init_course.__kwdefaults__ or {}
_GRADE: dict[str, Any] = grade_submissions.__kwdefaults__ or {}
_DEMO: dict[str, Any] = run_demo.__kwdefaults__ or {}


@click.group()
@click.version_option(package_name="action-learning-workbook")
def cli() -> None:
    """Tools for the Action Learning Workbook course."""


@cli.group()
def banks() -> None:
    """Item banks."""


_exercises_option = click.option(
    "--exercises",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help=f"The folder of assignment sources [default: {SOURCES_FOLDER}/ beside the book's _config.yml, "
    "at or above the working directory].",
)


@banks.command("check")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), default=BANKS_DIR, show_default=True)
@_exercises_option
def banks_check(folder: Path, exercises: Path | None) -> None:
    """Validate every bank, and that every learning outcome is assessed by a graded
    item; print counts per bank and type, then items=N banks=M outcomes=K."""
    for line in check_banks(folder, exercises=exercises):
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


# ---- graded practice (nbgrader) ---------------------------------------------

_course_option = click.option(
    "--course",
    "course_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(),
    show_default=True,
    help="The course directory (made by `workbook course init`).",
)
_db_option = click.option(
    "--db",
    "db_url",
    envvar="WORKBOOK_DB",
    default=None,
    help="Gradebook SQLAlchemy URL (e.g. postgresql://…); default: the course's own.",
)


_wait_option = click.option(
    "--wait",
    type=click.FloatRange(0),
    default=0,
    show_default=True,
    help="Seconds to wait if another `workbook` command is working on the course.",
)


def _open(course_dir: Path, db_url: str | None) -> Course:
    return open_course(course_dir, db_url=db_url)


@contextmanager
def _locked(course_dir: Path, db_url: str | None, command: str, wait: float) -> Iterator[Course]:
    """The opened course, held by ``command`` for as long as it runs (see ``_lock``)."""
    opened = _open(course_dir, db_url)
    with course_lock(opened, command, wait=wait, on_wait=lambda text: click.echo(text, err=True)):
        yield opened


@cli.group()
def course() -> None:
    """Course directories for graded practice."""


@course.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@_db_option
@click.option(
    "--timeout",
    type=click.IntRange(1),
    default=_INIT["timeout"],
    show_default=True,
    help="Seconds a cell may run when grading.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(256),
    default=None,
    help=f"Memory limit per grading kernel [default: {DEFAULT_MEMORY_MB}, or the course's current limit].",
)
@_exercises_option
def course_init(
    directory: Path, db_url: str | None, timeout: int, memory_mb: int | None, exercises: Path | None
) -> None:
    """Create a course directory (configuration, gradebook, exchange) for this book's assignments."""
    made = init_course(directory, db_url=db_url, timeout=timeout, memory_mb=memory_mb, exercises=exercises)
    click.echo(f"course ready in {made.root} with assignments: {', '.join(made.assignments())}")


@cli.group()
def assignment() -> None:
    """Assignment sources in exercises/."""


@assignment.command("new")
@click.argument("name")
@click.argument("items", nargs=-1, required=True)
@click.option("--title", required=True, help="The notebook's title.")
@click.option("--intro", default="", help="A paragraph saying what the assignment checks.")
@_exercises_option
def assignment_new(name: str, items: tuple[str, ...], title: str, intro: str, exercises: Path | None) -> None:
    """Write exercises/NAME/NAME.md grading the bank ITEMS (one display and one test cell each)."""
    path = write_assignment_source(name, title=title, intro=intro, items=list(items), exercises=exercises)
    click.echo(f"wrote {path}")


@cli.command()
@click.argument("assignment")
@_course_option
@_db_option
@_wait_option
def release(assignment: str, course_dir: Path, db_url: str | None, wait: float) -> None:
    """Generate the learners' version of ASSIGNMENT and release it to the exchange."""
    with _locked(course_dir, db_url, "release", wait) as opened:
        folder = release_assignment(opened, assignment)
    click.echo(f"released {assignment}: {folder}")


@cli.command()
@click.argument("assignment")
@click.option(
    "--from",
    "downloads",
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder of answers files downloaded from the book.",
)
@_course_option
@_db_option
@_wait_option
def collect(assignment: str, downloads: Path | None, course_dir: Path, db_url: str | None, wait: float) -> None:
    """Collect hand-ins of ASSIGNMENT from the exchange (and --from a folder of downloads)."""
    with _locked(course_dir, db_url, "collect", wait) as opened:
        summary = collect_submissions(opened, assignment, downloads=downloads)
    click.echo(f"collected {len(summary.collected)}: {', '.join(summary.collected) or 'none new'}")
    for rejected in summary.rejected:
        click.echo(f"not collected: {rejected['file']}: {rejected['reason']}", err=True)


@cli.command()
@click.argument("assignment")
@click.option(
    "--jobs", type=click.IntRange(1), default=_GRADE["jobs"], help="Learners marked at once [default: one per core]."
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1),
    default=_GRADE["time_limit"],
    show_default=True,
    help="Seconds the marking of one learner's hand-in may take.",
)
@_course_option
@_db_option
@_wait_option
def grade(
    assignment: str, jobs: int | None, time_limit: float, course_dir: Path, db_url: str | None, wait: float
) -> None:
    """Grade every collected hand-in of ASSIGNMENT from its answers, in parallel, with progress.

    The exit status is the number of learners who could not be graded (at most 100)."""
    with _locked(course_dir, db_url, "grade", wait) as opened:
        results = _grade_with_progress(opened, assignment, jobs, time_limit)
    graded = [r for r in results if r.status == "graded"]
    for result in results:
        for problem in result.problems:
            click.echo(f"{result.learner}: {problem}", err=True)
    failed = len(results) - len(graded)
    click.echo(
        f"graded {len(graded)} of {len(results)}"
        + (f"; {failed} could not be graded (reasons above)" if failed else "")
        + f"; results in {opened.results_dir(assignment)}"
    )
    if failed:
        raise click.exceptions.Exit(min(failed, 100))


def _grade_with_progress(opened: Course, assignment: str, jobs: int | None, time_limit: float) -> list[LearnerResult]:
    total = len(submitted_learners(opened, assignment))
    with click.progressbar(
        length=total, label=f"grading {assignment}", show_eta=True, show_pos=True, file=sys.stderr
    ) as bar:
        return grade_submissions(
            opened, assignment, jobs=jobs, time_limit=time_limit, on_progress=lambda _: bar.update(1)
        )


_book_url_option = click.option(
    "--book-url",
    default=None,
    help="Address of the built course book, for links to the pages that teach each item "
    "[default: the checkout's _build/html, if built].",
)


@cli.command()
@click.argument("assignment")
@_book_url_option
@_course_option
@_db_option
@_wait_option
def feedback(assignment: str, book_url: str | None, course_dir: Path, db_url: str | None, wait: float) -> None:
    """Write a readable feedback page for each graded learner (give --book-url where learners read the book)."""
    with _locked(course_dir, db_url, "feedback", wait) as opened:
        pages = write_feedback(opened, assignment, book_url=book_url)
    click.echo(f"wrote {len(pages)} feedback pages, e.g. {pages[0]}")


@cli.command()
@click.argument("assignment", required=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for index.html and the CSV files.",
)
@_book_url_option
@_course_option
@_db_option
@_wait_option
def report(
    assignment: str | None, out: Path, book_url: str | None, course_dir: Path, db_url: str | None, wait: float
) -> None:
    """Write the cohort report (HTML with plots, and CSV) for ASSIGNMENT or every graded one."""
    with _locked(course_dir, db_url, "report", wait) as opened:
        page = write_report(opened, out=out, assignments=[assignment] if assignment else None, book_url=book_url)
    click.echo(f"report: {page}")


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--learners", type=click.IntRange(12, 500), default=_DEMO["learners"], show_default=True)
@click.option(
    "--jobs", type=click.IntRange(1), default=_DEMO["jobs"], help="Learners graded at once [default: one per core]."
)
def demo(directory: Path, learners: int, jobs: int | None) -> None:
    """Build a demo course with a generated cohort and run the whole pipeline in it."""
    click.echo(f"building a demo course in {directory} …")
    run = run_demo(directory, learners=learners, jobs=jobs)
    graded = sum(r.status == "graded" for r in run.results)
    click.echo(
        f"hand-ins collected: {len(run.collected.collected)}; files not collected: {len(run.collected.rejected)}"
    )
    click.echo(f"graded {graded} of {len(run.results)}; feedback pages: {run.course.root / 'feedback'}")
    click.echo(f"cohort report: {run.report}")


@cli.command()
@click.argument("book", type=click.Path(path_type=Path, file_okay=False, exists=True), default=".")
@click.option(
    "--html",
    "html_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The built book [default: _build/html in BOOK].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the packages go [default: _build/scorm in BOOK].",
)
def scorm(book: Path, html_dir: Path | None, out_dir: Path | None) -> None:
    """Package the built book (in BOOK, default .) for an LMS: SCORM 1.2 and SCORM 2004 zips, one SCO per module."""
    for path in write_scorm_packages(book, html_dir=html_dir, out_dir=out_dir):
        click.echo(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    """Run the command; errors an author can fix are printed without a traceback."""
    try:
        status = cli.main(args=argv, prog_name="workbook", standalone_mode=False)
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
    return status if isinstance(status, int) else 0  # a command's raised Exit code is returned here


if __name__ == "__main__":
    sys.exit(main())
