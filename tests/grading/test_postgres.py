"""A shared gradebook on PostgreSQL (`--db URL`): the pipeline runs against a
real server (make test starts Debian's PostgreSQL on localhost)."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from workbook.grading import collect_submissions, grade_submissions, init_course, open_course, release_assignment
from workbook.grading._demo import DEMO_ASSIGNMENT, _answers, _hand_in  # the demo's hand-in helpers

pytestmark = pytest.mark.slow

SERVER = os.environ.get("WORKBOOK_TEST_POSTGRES", "postgresql://workbook:workbook@127.0.0.1:5432")


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh database on the server, dropped afterwards."""
    name = f"workbook_test_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError as exc:
        pytest.fail(f"no PostgreSQL server at {SERVER} (make test starts one: `make postgres`): {exc}")
    yield f"{SERVER}/{name}"
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_pipeline_runs_on_a_postgresql_gradebook(database: str, tmp_path: Path) -> None:
    course = init_course(tmp_path / "course", db_url=database)
    assert course.db_url == database
    assert not (tmp_path / "course" / "gradebook.db").exists()
    release_assignment(course, DEMO_ASSIGNMENT)
    released = next((course.root / "release" / DEMO_ASSIGNMENT).glob("*.ipynb"))
    rng = random.Random(5)
    for learner in ("ana", "ben", "cai"):
        _hand_in(course, learner, released, _answers(released, 0.7, rng))
    collect_submissions(course, DEMO_ASSIGNMENT)
    results = grade_submissions(course, DEMO_ASSIGNMENT, jobs=2)
    assert [r.status for r in results] == ["graded"] * 3

    from nbgrader.api import Gradebook

    with Gradebook(database) as gradebook:
        for result in results:
            stored = gradebook.find_submission(DEMO_ASSIGNMENT, result.learner)
            assert float(stored.score) == pytest.approx(result.score)
    # The course's own config still names SQLite; --db (here, db_url) overrides it each time.
    assert open_course(course.root, db_url=database).db_url == database
