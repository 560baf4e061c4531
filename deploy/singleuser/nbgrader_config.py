"""nbgrader in each user's server on the hub (on JUPYTER_CONFIG_PATH; see ../jupyterhub_config.py).

Everyone: the course id and the shared exchange (WORKBOOK_EXCHANGE), so
learners fetch and submit from JupyterLab's Assignments tab.
Trainers (the hub sets WORKBOOK_COURSE for the ``trainers`` group only): the
course folder made by ``workbook course init``, read with its own
configuration, and the gradebook on PostgreSQL (WORKBOOK_DB), so the
formgrader and the ``workbook`` commands see the same course.
"""

import os

c = get_config()  # noqa: F821

EXCHANGE = os.environ.get("WORKBOOK_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.course_id = os.environ.get("WORKBOOK_COURSE_ID", "action-learning")
c.Exchange.root = EXCHANGE

if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("WORKBOOK_COURSE"):
    # A learner hands in under their hub name: nbgrader would otherwise use the
    # system account's (``jupyter-NAME`` on The Littlest JupyterHub, the one
    # account of every user with a shared-account spawner).
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]

if os.environ.get("WORKBOOK_COURSE"):
    course = os.path.join(os.path.expanduser("~"), os.environ["WORKBOOK_COURSE"])  # an absolute path stays itself
    if os.path.isfile(os.path.join(course, "nbgrader_config.py")):
        load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821
    c.CourseDirectory.root = course
    c.Exchange.root = EXCHANGE  # the course's own config names a folder of its own
    if os.environ.get("WORKBOOK_DB"):
        c.CourseDirectory.db_url = os.environ["WORKBOOK_DB"]
    # Where each learner has their own account, a hand-in their account did not
    # make is refused (workbook/grading/exchange.py): jupyter-{learner} on TLJH.
    c.OwnerCheckedCollect.owner_template = os.environ.get("WORKBOOK_HANDIN_OWNER", "")
