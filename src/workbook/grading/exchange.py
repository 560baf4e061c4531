"""nbgrader's exchange collect, refusing hand-ins their learner did not make.

With nbgrader's shared exchange, a hand-in's learner name is whatever the
learner's server writes into the folder name (``LEARNER+ASSIGNMENT+TIME``), so
a learner who edits their own configuration could hand in under another
learner's name, and the newest hand-in per name is the one graded. Where every
learner has their own system account (The Littlest JupyterHub makes
``jupyter-NAME`` for each), the hand-in folder's owner says who really made
it. nbgrader itself only logs "cheating attempt?" and collects it anyway.

``OwnerCheckedCollect`` is the collect every course uses (``workbook course
init`` names it in the course's ``nbgrader_config.py``), so the formgrader's
Collect button and ``workbook collect`` both refuse such a hand-in once
``OwnerCheckedCollect.owner_template`` names the account each learner's work
must belong to (``jupyter-{learner}`` on The Littlest JupyterHub). Left empty
(the default), nothing is checked: where every server runs as one account the
owner says nothing, and ngshare is the answer (deploy/README.md).
"""

from __future__ import annotations

import os
from typing import Any

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import Unicode

from workbook.grading._collect import owner_problem

TEMPLATE_HELP = (
    "The system account that must own a learner's hand-in in the exchange, with {learner} for the "
    "learner's id (jupyter-{learner} on The Littlest JupyterHub). Empty: not checked."
)


class OwnerCheckedCollect(ExchangeCollect):  # type: ignore[misc]
    """nbgrader's collect, leaving out every hand-in whose owner is not the learner it names."""

    owner_template = Unicode("", help=TEMPLATE_HELP).tag(config=True)

    def _problem(self, record: dict[str, Any]) -> str | None:
        path = os.path.join(self.inbound_path, record["filename"])
        return owner_problem(path, record["username"], self.owner_template)

    def _sort_by_timestamp(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Newest first, as nbgrader orders a learner's hand-ins, but the learner's
        own before any other account's: nbgrader collects the first, so a later
        hand-in made in their name by someone else cannot hide their genuine one."""
        return sorted(records, key=lambda r: (self._problem(r) is None, r["timestamp"]), reverse=True)

    def copy_files(self) -> Any:
        records: list[dict[str, Any]] = list(self.src_records)  # type: ignore[has-type]
        kept = []
        for record in records:
            problem = self._problem(record)
            if problem:
                self.log.error("Not collected: %s: %s", record["filename"], problem)
            else:
                kept.append(record)
        self.src_records = kept
        return super().copy_files()
