"""A cohort on JupyterHub (deploy/): the hub on localhost with the deployment's
own configuration, two learners and a trainer, an assignment released,
fetched, handed in, collected and graded, the grades read from PostgreSQL.
The scenario is deploy/smoke.py (benchmarks/jupyterhub_smoke.py times it);
make test starts PostgreSQL (`make postgres`) and installs the proxy (`npm ci`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # a hub, three servers and PostgreSQL: not in make test-fast

ROOT = Path(__file__).resolve().parent.parent


def load_smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("workbook_hub_smoke", ROOT / "deploy" / "smoke.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


smoke = load_smoke()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The whole scenario, once for the module (about 30 s)."""
    work = tmp_path_factory.mktemp("hub")
    book = smoke.built_book_or_stand_in(work)
    try:
        with smoke.postgres_database() as db_url:
            return smoke.scenario(work, db_url, book), book
    except smoke.SmokeError as exc:
        pytest.fail(str(exc))


def test_the_gradebook_on_postgresql_holds_each_learners_grade(run: tuple[Any, Path]) -> None:
    outcome, _ = run
    good, blank = smoke.LEARNERS
    assert outcome.max_score > 0
    assert outcome.scores == {good: outcome.max_score, blank: 0.0}
    assert "graded 2 of 2" in outcome.checks["grade"]


def test_everyone_logs_in_with_the_password_and_no_one_without(run: tuple[Any, Path]) -> None:
    outcome, _ = run
    assert outcome.checks["wrong_password_refused"]
    assert outcome.checks["logged_in"] == dict.fromkeys((*smoke.LEARNERS, smoke.TRAINER), True)
    assert outcome.checks["trainers"] == [smoke.TRAINER]


def test_a_learner_reaches_only_their_own_server_and_has_no_formgrader(run: tuple[Any, Path]) -> None:
    checks = run[0].checks
    assert checks["learner_reaches_other"] == 403
    assert checks["learner_reaches_trainer"] == 403
    assert checks["learner_formgrader"] == 404  # the trainer's formgrader answered the same request (release)


def test_the_book_is_served_beside_the_hub(run: tuple[Any, Path]) -> None:
    outcome, book = run
    assert outcome.checks["book"] == (200, (book / "index.html").read_bytes())


def test_every_step_is_timed_and_everything_is_stopped_afterwards(run: tuple[Any, Path]) -> None:
    outcome, _ = run
    assert set(outcome.timings) == {*smoke.STEPS, "total"}
    assert all(seconds >= 0 for seconds in outcome.timings.values())
    assert outcome.checks["stopped"] == {"hub_exited": True, "left_running": []}
