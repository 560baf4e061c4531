"""The JupyterHub smoke test's timings: deploy/smoke.py's scenario, run once.

A hub on localhost with deploy/jupyterhub_config.py (through
deploy/smoke_config.py), two learners and a trainer: seconds for the hub to
start, the logins and tokens, the three servers to spawn, the trainer's
``workbook course init``, the release (formgrader), the learners' fetch,
answers and submit (nbgrader's Assignments handlers), the collect
(formgrader) and ``workbook grade``, and the total; then each learner's
score as read from the PostgreSQL gradebook (``make postgres``).

Run: .venv/bin/python benchmarks/jupyterhub_smoke.py   (lines hub_start_s=… spawn_s=… grade_s=… total_s=…)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SMOKE = Path(__file__).resolve().parent.parent / "deploy" / "smoke.py"

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location("workbook_hub_smoke", SMOKE)
    assert spec is not None
    assert spec.loader is not None
    smoke = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = smoke  # dataclasses look their module up
    spec.loader.exec_module(smoke)
    sys.exit(smoke.main())
