"""Each user's Jupyter server on the hub (on JUPYTER_CONFIG_PATH; see ../jupyterhub_config.py):
nbgrader's extensions for learners (the Assignments list, validation) and,
for trainers only, the formgrader (the hub sets WORKBOOK_COURSE for the
``trainers`` group), so a learner's server has no gradebook page at all."""

import os

c = get_config()  # noqa: F821

trainer = bool(os.environ.get("WORKBOOK_COURSE"))
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
    "nbgrader.server_extensions.formgrader": trainer,
    "nbgrader.server_extensions.course_list": trainer,
}
