"""JupyterHub for an Action Learning Workbook cohort: learners, trainers, nbgrader and the book.

One configuration for every hub: The Littlest JupyterHub loads it as a snippet
(``/opt/tljh/config/jupyterhub_config.d/``), Zero to JupyterHub repeats its
settings in ``z2jh-values.yaml``, and the smoke test (``deploy/smoke.py``)
loads it from a small override that only swaps in a test authenticator and
spawner, ports and paths. Everything a provider changes is an environment
variable (see deploy/README.md):

WORKBOOK_HUB_TRAINERS   trainers' user names, comma-separated (the ``trainers`` group)
WORKBOOK_HUB_ADMINS     the hub's administrators, comma-separated (default: none beyond the host's own)
WORKBOOK_EXCHANGE       nbgrader's exchange, shared by every user's server (default /srv/nbgrader/exchange)
WORKBOOK_COURSE         the trainer's course folder, relative to the trainer's home (default ``course``)
WORKBOOK_DB             the gradebook (PostgreSQL URL), given to trainers' servers only
WORKBOOK_HANDIN_OWNER   the account that must own a learner's hand-in, {learner} for the learner
                        (``jupyter-{learner}`` on The Littlest JupyterHub; unset: not checked)
WORKBOOK_BOOK           the built book (``_build/html``), served at /services/book/ (no service when unset)
WORKBOOK_BOOK_PORT      the book service's port on 127.0.0.1 (default 10101)
WORKBOOK_SINGLEUSER_CONFIG  the folder with the servers' nbgrader and Jupyter configuration
                        (default: deploy/singleuser beside this file), put on each server's JUPYTER_CONFIG_PATH
"""

import os
import sys
from pathlib import Path
from typing import Any

c = get_config()  # noqa: F821

HERE = Path(__file__).resolve().parent


def _names(variable: str) -> list[str]:
    return [name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()]


TRAINERS = _names("WORKBOOK_HUB_TRAINERS")
SINGLEUSER = os.environ.get("WORKBOOK_SINGLEUSER_CONFIG", str(HERE / "singleuser"))
BOOK = os.environ.get("WORKBOOK_BOOK", "")
BOOK_PORT = int(os.environ.get("WORKBOOK_BOOK_PORT", "10101"))

# Learners and trainers. Trainers are a group; a role lets them see and add
# learners (not open learners' servers: that is the administrators' right).
# Added to, never replacing, what the distribution set (TLJH's administrators,
# Zero to JupyterHub's roles for its own services).
c.JupyterHub.load_groups.update({"trainers": {"users": TRAINERS}})
c.JupyterHub.load_roles.append(
    {
        "name": "trainer",
        "description": "Trainers list and add learners",
        "scopes": ["self", "list:users", "read:users", "admin:users"],
        "groups": ["trainers"],
    }
)
c.Authenticator.admin_users.update(_names("WORKBOOK_HUB_ADMINS"))

# Every server: nbgrader's extensions (formgrader for trainers only) and the
# course's nbgrader configuration, from deploy/singleuser on JUPYTER_CONFIG_PATH.
c.Spawner.default_url = "/lab"
c.Spawner.environment.update(
    {
        "JUPYTER_CONFIG_PATH": SINGLEUSER,
        "WORKBOOK_EXCHANGE": os.environ.get("WORKBOOK_EXCHANGE", "/srv/nbgrader/exchange"),
        "WORKBOOK_COURSE_ID": "action-learning",
    }
)


def _trainer_environment(spawner: Any) -> None:
    """A trainer's server gets the course folder and the gradebook URL (with its
    password); a learner's never sees them."""
    if any(group.name == "trainers" for group in spawner.user.groups):
        extra = {"WORKBOOK_COURSE": os.environ.get("WORKBOOK_COURSE", "course")}
        for name in ("WORKBOOK_DB", "WORKBOOK_HANDIN_OWNER"):
            if os.environ.get(name):
                extra[name] = os.environ[name]
        spawner.environment = {**spawner.environment, **extra}  # a new dict: the configured one is shared


c.Spawner.pre_spawn_hook = _trainer_environment

# The built book beside the hub, at /services/book/ (public: the book is the
# course text, no learner's data).
if BOOK:
    c.JupyterHub.services.append(
        {
            "name": "book",
            "url": f"http://127.0.0.1:{BOOK_PORT}",
            "command": [sys.executable, str(HERE / "book_service.py"), BOOK],
            "display": True,
        }
    )
