"""A cohort on JupyterHub, end to end on one machine: the smoke test's scenario
(``tests/test_jupyterhub.py``) and its timings (``benchmarks/jupyterhub_smoke.py``).

JupyterHub starts on free ports on 127.0.0.1 with ``deploy/jupyterhub_config.py``
through the small override ``deploy/smoke_config.py`` (a password for everyone,
servers as local processes, homes in a temporary folder) and the proxy from
node_modules. Then, only through the proxy and the hub's REST API:

1. two learners and a trainer are added, each logs in with the password, and
   gets a token; their servers are started;
2. the trainer makes the course (``workbook course init`` in a kernel of the
   trainer's server, the gradebook on PostgreSQL) and releases an assignment
   with the formgrader's REST handlers;
3. each learner fetches it (nbgrader's Assignments handlers), writes answers
   beside the notebook with the contents API (one every answer right, one
   nothing) and submits it;
4. the trainer collects it (formgrader) and grades it (``workbook grade`` in
   the trainer's server);
5. the scores are read from the PostgreSQL gradebook.

Everything has a time limit, and the hub, the proxy and every server are
stopped at the end, also when a step fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil
import requests
import sqlalchemy
import websocket

from workbook.grading._demo import _items, _write_answers, right_answer  # the demo's hand-in helpers

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
POSTGRES = os.environ.get("WORKBOOK_TEST_POSTGRES", "postgresql://workbook:workbook@127.0.0.1:5432")
ASSIGNMENT = "questioning"
COURSE_ID = "action-learning"
LEARNERS = ("ana", "ben")  # ana answers everything right, ben hands in nothing
TRAINER = "tess"
STEPS = ("hub_start", "login", "spawn", "course_init", "release", "fetch", "answer", "submit", "collect", "grade")
TIMEOUT = 60.0  # seconds for any one step


class SmokeError(RuntimeError):
    """A step of the scenario failed; the message says which and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def postgres_database(server: str = POSTGRES) -> Iterator[str]:
    """A fresh database on the PostgreSQL server (``make postgres``), dropped afterwards."""
    name = f"workbook_hub_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError as exc:
        raise SmokeError(f"no PostgreSQL server at {server} (`make postgres` starts one): {exc}") from exc
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Hub:
    """A running hub: its public URL, the admin service's token and the process."""

    url: str
    token: str
    password: str
    process: subprocess.Popen[bytes]
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)
    left_running: list[int] = field(default_factory=list)
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.trust_env = False  # localhost only: no proxy from the environment

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, method: str, path: str, *, expect: tuple[int, ...] = (200, 201), **kwargs: Any) -> Any:
        """The hub's REST API as the admin service."""
        response = self.session.request(
            method,
            f"{self.url}/hub/api{path}",
            headers={"Authorization": f"token {self.token}"},
            timeout=TIMEOUT,
            **kwargs,
        )
        if response.status_code not in expect:
            raise SmokeError(f"{method} /hub/api{path}: {response.status_code} {response.text[:500]}")
        return response.json() if response.content else None

    def user(
        self, name: str, method: str, path: str, *, expect: tuple[int, ...] = (200, 201), **kwargs: Any
    ) -> requests.Response:
        """A request to ``name``'s own server, through the proxy, with ``name``'s token."""
        response = self.session.request(
            method,
            f"{self.url}/user/{name}{path}",
            headers={"Authorization": f"token {self.tokens[name]}"},
            timeout=kwargs.pop("timeout", TIMEOUT),
            allow_redirects=False,
            **kwargs,
        )
        if response.status_code not in expect:
            raise SmokeError(f"{name}: {method} {path}: {response.status_code} {response.text[:500]}")
        return response

    def as_user(self, token_of: str, server_of: str, path: str) -> int:
        """The status of ``token_of``'s GET on ``server_of``'s server (for the isolation check)."""
        response = self.session.get(
            f"{self.url}/user/{server_of}{path}",
            headers={"Authorization": f"token {self.tokens[token_of]}"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        return response.status_code


def _wait(what: str, check: Any, timeout: float = TIMEOUT, hub: Hub | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub is not None and hub.process.poll() is not None:
            raise SmokeError(f"the hub exited ({hub.process.returncode}) while waiting for {what}:\n{hub.log_tail()}")
        with contextlib.suppress(requests.RequestException):
            found = check()
            if found:
                return found
        time.sleep(0.2)
    raise SmokeError(f"timed out after {timeout:.0f} s waiting for {what}" + (f":\n{hub.log_tail()}" if hub else ""))


@contextlib.contextmanager
def running_hub(work: Path, db_url: str, book: Path) -> Iterator[Hub]:
    """JupyterHub on free ports with the deployment's configuration; everything stopped afterwards."""
    if not PROXY.exists():
        raise SmokeError(f"{PROXY} is missing: run `npm ci` (make setup's node step)")
    state, homes, exchange = work / "hub", work / "home", work / "exchange"
    for folder in (state, homes, exchange):
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)  # nbgrader's shared exchange: everyone may write
    port = free_port()
    admin_token, password = secrets.token_hex(16), secrets.token_hex(8)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "WORKBOOK_"))},
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(16),
        "SMOKE_STATE": str(state),
        "SMOKE_HOMES": str(homes),
        "SMOKE_PORT": str(port),
        "SMOKE_HUB_PORT": str(free_port()),
        "SMOKE_PROXY_API_PORT": str(free_port()),
        "SMOKE_PROXY": str(PROXY),
        "SMOKE_PASSWORD": password,
        "SMOKE_ADMIN_TOKEN": admin_token,
        "WORKBOOK_HUB_TRAINERS": TRAINER,
        "WORKBOOK_EXCHANGE": str(exchange),
        "WORKBOOK_DB": db_url,
        "WORKBOOK_BOOK": str(book),
        "WORKBOOK_BOOK_PORT": str(free_port()),
    }
    log = state / "jupyterhub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(DEPLOY / "smoke_config.py")],
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", admin_token, password, process, log)
    try:
        yield hub
    finally:
        _stop(hub)


def _stop(hub: Hub) -> None:
    """Stop every server, then the hub (which stops the proxy); kill whatever is left."""
    try:
        family = psutil.Process(hub.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if hub.process.poll() is None:
        for name in hub.tokens:
            with contextlib.suppress(SmokeError, requests.RequestException):
                hub.api("DELETE", f"/users/{name}/server", expect=(202, 204, 400))
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=10)
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(family, timeout=10)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    hub.session.close()
    hub.left_running = [p.pid for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def login(hub: Hub, name: str, password: str) -> bool:
    """A login with the hub's form, as a browser does: True when the hub lets ``name`` in."""
    with requests.Session() as browser:
        browser.trust_env = False
        page = browser.get(f"{hub.url}/hub/login", timeout=TIMEOUT)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        form = {"username": name, "password": password, "_xsrf": xsrf.group(1) if xsrf else ""}
        response = browser.post(f"{hub.url}/hub/login", data=form, timeout=TIMEOUT, allow_redirects=False)
        return response.status_code == 302 and any(c.name.startswith("jupyterhub-session") for c in browser.cookies)


WORKBOOK_IN_KERNEL = """\
import json, os, subprocess
course = os.path.join(os.path.expanduser("~"), os.environ["WORKBOOK_COURSE"])
done = subprocess.run(
    ["workbook", *[a.replace("{course}", course) for a in ARGS]], capture_output=True, text=True, timeout=TIMEOUT
)
result = {"returncode": done.returncode, "output": done.stdout + done.stderr}
with open(os.path.expanduser("~/RESULT.part"), "w") as out:
    json.dump(result, out)
os.replace(os.path.expanduser("~/RESULT.part"), os.path.expanduser("~/RESULT"))
print(result["output"])
"""


def run_workbook(hub: Hub, name: str, args: list[str], timeout: float = 120.0) -> str:
    """Run ``workbook ARGS`` ({course}: the trainer's course folder) as the trainer
    would in a notebook: in a new kernel of ``name``'s server (jupyter-server's
    kernel API and its websocket, through the proxy). What it printed; a
    non-zero exit fails. The command also leaves its outcome in a file, read
    with the contents API, so a reply lost on the websocket costs a poll, not a hang."""
    result = f"workbook-smoke-{uuid.uuid4().hex}.json"  # not hidden: the contents API shows no hidden file
    code = WORKBOOK_IN_KERNEL.replace("ARGS", repr(args)).replace("TIMEOUT", repr(timeout))
    code = code.replace("RESULT", result)
    kernel = hub.user(name, "POST", "/api/kernels", json={"name": "python3"}).json()["id"]
    url = hub.url.replace("http://", "ws://") + f"/user/{name}/api/kernels/{kernel}/channels"
    deadline = time.monotonic() + timeout + 30
    try:
        ws = websocket.create_connection(
            f"{url}?session_id={uuid.uuid4().hex}", header=[f"Authorization: token {hub.tokens[name]}"], timeout=10
        )
        try:
            _execute(ws, code, deadline, lambda: _result_file(hub, name, result))
        finally:
            ws.close()
        outcome = _wait(f"{name}'s workbook {args[0]}", lambda: _result_file(hub, name, result), timeout=10)
    finally:
        hub.user(name, "DELETE", f"/api/kernels/{kernel}", expect=(204, 404))
    if outcome["returncode"] != 0:
        raise SmokeError(f"workbook {' '.join(args)} exited {outcome['returncode']}:\n{outcome['output']}")
    return str(outcome["output"])


def _result_file(hub: Hub, name: str, path: str) -> dict[str, Any] | None:
    response = hub.user(name, "GET", f"/api/contents/{path}?content=1&type=file&format=text", expect=(200, 404))
    return json.loads(response.json()["content"]) if response.status_code == 200 else None


def _execute(ws: websocket.WebSocket, code: str, deadline: float, finished: Any) -> None:
    """Send ``code`` to the kernel; return once the kernel has replied and gone
    idle, or ``finished()`` says the code's outcome is there. Never past ``deadline``."""
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "username": "smoke", "session": uuid.uuid4().hex, "msg_type": "execute_request"}
    content = {"code": code, "silent": False, "store_history": False, "allow_stdin": False, "stop_on_error": True}
    message = {"header": {**header, "version": "5.3", "date": ""}, "parent_header": {}, "metadata": {}}
    ws.send(json.dumps({**message, "content": content, "channel": "shell", "buffers": []}))
    reply: dict[str, Any] | None = None
    errors: list[str] = []
    while time.monotonic() < deadline:
        ws.settimeout(2)
        try:
            received = json.loads(ws.recv())
        except websocket.WebSocketTimeoutException:
            if finished():
                return
            continue
        if received.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = received["header"]["msg_type"]
        if kind == "error":
            errors.append("\n".join(received["content"]["traceback"]))
        elif kind == "execute_reply":
            reply = received["content"]
        elif kind == "status" and received["content"]["execution_state"] == "idle" and reply is not None:
            break
    if reply is None and not finished():
        raise SmokeError("the code in the trainer's kernel did not finish in time")
    if reply is not None and reply.get("status") != "ok":
        raise SmokeError("the code in the trainer's kernel failed:\n" + "\n".join(errors))


def _ok(response: requests.Response, what: str) -> Any:
    data = response.json()
    if isinstance(data, dict) and data.get("success") is False:
        raise SmokeError(f"{what}: {str(data.get('error') or data.get('value') or data)[-800:]}")
    return data


def _good_answers(notebook: dict[str, Any], work: Path) -> str:
    """An answers file with every item of the notebook answered right, as the widgets save it."""
    folder = Path(tempfile.mkdtemp(dir=work))
    path = folder / "released.ipynb"
    nbformat.write(nbformat.from_dict(notebook), path)
    _write_answers(folder, {(bank, version, item["id"]): right_answer(item) for bank, version, item in _items(path)})
    return next(folder.glob("*.json")).read_text(encoding="utf-8")


@dataclass
class Outcome:
    """What the scenario measured: seconds per step, scores in the gradebook, the most there is."""

    timings: dict[str, float]
    scores: dict[str, float]
    max_score: float
    checks: dict[str, Any]


def scenario(work: Path, db_url: str, book: Path) -> Outcome:
    """The whole cohort, from an empty hub to grades in the gradebook (see the module's docstring)."""
    timings: dict[str, float] = {}
    checks: dict[str, Any] = {}

    @contextlib.contextmanager
    def step(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - start, 2)

    everyone = (*LEARNERS, TRAINER)
    started = time.perf_counter()
    with running_hub(work, db_url, book) as hub:
        with step("hub_start"):
            _wait("the hub", lambda: hub.session.get(f"{hub.url}/hub/api/", timeout=5).ok, hub=hub)
        with step("login"):
            hub.api("POST", "/users", json={"usernames": list(LEARNERS)}, expect=(201,))
            checks["wrong_password_refused"] = not login(hub, LEARNERS[0], hub.password + "x")
            checks["logged_in"] = {name: login(hub, name, hub.password) for name in everyone}
            for name in everyone:
                made = hub.api("POST", f"/users/{name}/tokens", json={"note": "smoke test"}, expect=(201, 200))
                hub.tokens[name] = made["token"]
            checks["trainers"] = hub.api("GET", "/groups/trainers")["users"]
        with step("spawn"):
            for name in everyone:
                hub.api("POST", f"/users/{name}/server", expect=(201, 202))
            for name in everyone:
                _wait(f"{name}'s server", lambda n=name: hub.api("GET", f"/users/{n}")["servers"][""]["ready"], hub=hub)
        page = hub.session.get(f"{hub.url}/services/book/index.html", timeout=TIMEOUT)
        checks["book"] = (page.status_code, page.content)
        checks["learner_formgrader"] = hub.as_user(LEARNERS[0], LEARNERS[0], "/formgrader/api/status")
        checks["learner_reaches_other"] = hub.as_user(LEARNERS[0], LEARNERS[1], "/api/contents")
        checks["learner_reaches_trainer"] = hub.as_user(LEARNERS[0], TRAINER, "/formgrader/api/status")

        with step("course_init"):
            exercises = str(ROOT / "exercises")
            checks["course_init"] = run_workbook(hub, TRAINER, ["course", "init", "{course}", "--exercises", exercises])
        with step("release"):
            base = f"/formgrader/api/assignment/{ASSIGNMENT}"
            _ok(hub.user(TRAINER, "POST", f"{base}/assign", timeout=120), "generate")
            _ok(hub.user(TRAINER, "POST", f"{base}/release", timeout=120), "release")
        form = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
        notebooks: dict[str, str] = {}
        with step("fetch"):
            for name in LEARNERS:
                listed = _ok(hub.user(name, "POST", "/assignments/fetch", data=form), f"{name} fetch")
                fetched = [a for a in listed["value"] if a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched"]
                if not fetched:
                    raise SmokeError(f"{name}: nothing fetched: {listed}")
                notebooks[name] = fetched[0]["notebooks"][0]["path"]
        with step("answer"):
            good = LEARNERS[0]
            notebook = hub.user(good, "GET", f"/api/contents/{notebooks[good]}").json()["content"]
            answers = {"type": "file", "format": "text", "content": _good_answers(notebook, work)}
            answers_path = f"{Path(notebooks[good]).parent}/action-learning-answers.json"
            hub.user(good, "PUT", f"/api/contents/{answers_path}", json=answers)
        with step("submit"):
            for name in LEARNERS:
                _ok(hub.user(name, "POST", "/assignments/submit", data=form, timeout=120), f"{name} submit")
        with step("collect"):
            _ok(hub.user(TRAINER, "POST", f"{base}/collect", timeout=120), "collect")
        with step("grade"):
            checks["grade"] = run_workbook(hub, TRAINER, ["grade", ASSIGNMENT, "--course", "{course}", "--jobs", "1"])
        checks["trainer_servers"] = sorted(hub.api("GET", f"/users/{TRAINER}")["servers"])
    timings["total"] = round(time.perf_counter() - started, 2)
    checks["stopped"] = {"hub_exited": hub.process.poll() is not None, "left_running": hub.left_running}
    scores, max_score = gradebook_scores(db_url)
    return Outcome(timings, scores, max_score, checks)


def gradebook_scores(db_url: str) -> tuple[dict[str, float], float]:
    """Each learner's total for the assignment, and the most there is, read with SQL from nbgrader's tables."""
    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text(
                    "SELECT sa.student_id, SUM(COALESCE(g.manual_score, g.auto_score, 0))"
                    " FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id"
                    " JOIN submitted_assignment sa ON sn.assignment_id = sa.id"
                    " JOIN assignment a ON sa.assignment_id = a.id"
                    " WHERE a.name = :name GROUP BY sa.student_id"
                ),
                {"name": ASSIGNMENT},
            ).all()
            most = connection.execute(
                sqlalchemy.text(
                    "SELECT SUM(gc.max_score) FROM grade_cells gc JOIN base_cell bc ON gc.id = bc.id"
                    " JOIN notebook n ON bc.notebook_id = n.id"
                    " JOIN assignment a ON n.assignment_id = a.id WHERE a.name = :name"
                ),
                {"name": ASSIGNMENT},
            ).scalar_one()
    finally:
        engine.dispose()
    return {student: float(score) for student, score in rows}, float(most or 0)


def stand_in_book(folder: Path) -> Path:
    """A one-page book, for a run without ``make book``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("<!doctype html><title>Action Learning Workbook</title>\n", encoding="utf-8")
    return folder


def built_book_or_stand_in(work: Path) -> Path:
    built = ROOT / "_build" / "html"
    return built if (built / "index.html").is_file() else stand_in_book(work / "book")


def main() -> int:
    """Run the scenario once and print each step's seconds as ``name=value`` lines
    (and the scores); the exit status is 1 when the scores are not the expected ones."""
    work = Path(tempfile.mkdtemp(prefix="hub-smoke-"))
    try:
        with postgres_database() as db_url:
            outcome = scenario(work, db_url, built_book_or_stand_in(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, seconds in outcome.timings.items():
        print(f"{name}_s={seconds}")
    for learner, score in sorted(outcome.scores.items()):
        print(f"score_{learner}={score} (of {outcome.max_score})")
    expected = {LEARNERS[0]: outcome.max_score, LEARNERS[1]: 0.0}
    return 0 if outcome.scores == expected and outcome.max_score > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
