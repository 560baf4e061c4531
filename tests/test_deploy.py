"""deploy/: the JupyterHub configuration, the servers' nbgrader and Jupyter
configuration and the Zero to JupyterHub values, read as the hub and the
servers read them (no hub started: tests/test_jupyterhub.py starts one)."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from jupyterhub.app import JupyterHub
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
DB = "postgresql://workbook:secret@db.example/gradebook"


def load(name: str, folder: Path = DEPLOY) -> Config:
    return PyFileConfigLoader(name, path=str(folder)).load_config()


@pytest.fixture
def hub_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WORKBOOK_BOOK", "WORKBOOK_HUB_ADMINS", "WORKBOOK_SINGLEUSER_CONFIG", "WORKBOOK_COURSE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBOOK_HUB_TRAINERS", "tess, tom")
    monkeypatch.setenv("WORKBOOK_EXCHANGE", "/srv/exchange")
    monkeypatch.setenv("WORKBOOK_DB", DB)
    monkeypatch.setenv("WORKBOOK_HANDIN_OWNER", "jupyter-{learner}")


def spawner_of(name: str, groups: list[str], environment: dict[str, str]) -> Any:
    user = SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment=environment)


@pytest.mark.usefixtures("hub_env")
def test_trainers_are_a_group_with_a_role_and_only_their_servers_get_the_gradebook() -> None:
    config = load("jupyterhub_config.py")
    hub = JupyterHub(config=config)
    assert hub.load_groups == {"trainers": {"users": ["tess", "tom"]}}
    assert [r["name"] for r in hub.load_roles] == ["trainer"]
    assert "access:servers" not in hub.load_roles[0]["scopes"]  # trainers do not open learners' servers
    assert hub.services == []  # no book given, no book service
    shared = dict(config.Spawner.environment.get_value({}))
    assert shared["WORKBOOK_EXCHANGE"] == "/srv/exchange"
    assert {p.name for p in Path(shared["JUPYTER_CONFIG_PATH"]).iterdir()} >= {
        "nbgrader_config.py",
        "jupyter_server_config.py",
    }
    hook = config.Spawner.pre_spawn_hook
    trainer, learner = spawner_of("tess", ["trainers"], shared), spawner_of("ana", [], shared)
    hook(trainer)
    hook(learner)
    assert trainer.environment["WORKBOOK_DB"] == DB
    assert trainer.environment["WORKBOOK_COURSE"] == "course"
    assert trainer.environment["WORKBOOK_HANDIN_OWNER"] == "jupyter-{learner}"
    assert "WORKBOOK_DB" not in learner.environment
    assert "WORKBOOK_DB" not in shared  # the configured environment, shared by every server, is untouched


@pytest.mark.usefixtures("hub_env")
def test_the_book_is_a_service_and_a_distributions_settings_are_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WORKBOOK_BOOK", "/srv/book/html")
    monkeypatch.setenv("WORKBOOK_HUB_ADMINS", "provider")
    # as The Littlest JupyterHub loads it: a snippet, after the distribution's own settings
    (tmp_path / "jupyterhub_config.py").write_text(
        "c = get_config()\n"
        'c.JupyterHub.services = [{"name": "culler", "command": ["cull"]}]\n'
        'c.Authenticator.admin_users = {"tljh-admin"}\n'
        f"load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})\n",
        encoding="utf-8",
    )
    config = load("jupyterhub_config.py", tmp_path)
    hub = JupyterHub(config=config)
    assert [s["name"] for s in hub.services] == ["culler", "book"]
    book = hub.services[1]
    assert book["command"][1:] == [str(DEPLOY / "book_service.py"), "/srv/book/html"]
    assert Path(book["command"][1]).is_file()
    assert set(config.Authenticator.admin_users) == {"tljh-admin", "provider"}


def nbgrader_config(monkeypatch: pytest.MonkeyPatch, home: Path, **env: str) -> Config:
    for name in ("WORKBOOK_COURSE", "WORKBOOK_DB", "WORKBOOK_HANDIN_OWNER", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("WORKBOOK_EXCHANGE", "/srv/exchange")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load("nbgrader_config.py", DEPLOY / "singleuser")


def test_a_learner_hands_in_under_their_hub_name_and_sees_no_gradebook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = nbgrader_config(monkeypatch, tmp_path, JUPYTERHUB_USER="ana")
    assert config.CourseDirectory.student_id == "ana"
    assert config.CourseDirectory.course_id == "action-learning"
    assert config.Exchange.root == "/srv/exchange"
    assert "db_url" not in config.CourseDirectory
    assert "root" not in config.CourseDirectory


def test_a_trainer_works_on_the_course_folder_with_the_shared_exchange_and_gradebook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    # the course's own configuration (workbook course init) names a folder of its own for the exchange
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.Exchange.root = "exchange"\nc.CourseDirectory.source_directory = "exercises"\n'
    )
    config = nbgrader_config(
        monkeypatch,
        tmp_path,
        JUPYTERHUB_USER="tess",
        WORKBOOK_COURSE="course",
        WORKBOOK_DB=DB,
        WORKBOOK_HANDIN_OWNER="jupyter-{learner}",
    )
    assert config.OwnerCheckedCollect.owner_template == "jupyter-{learner}"
    assert config.CourseDirectory.root == str(course)
    assert config.CourseDirectory.source_directory == "exercises"
    assert config.CourseDirectory.db_url == DB
    assert config.Exchange.root == "/srv/exchange"
    assert "student_id" not in config.CourseDirectory  # a trainer collects everyone's


@pytest.mark.parametrize(("env", "formgrader"), [({}, False), ({"WORKBOOK_COURSE": "course"}, True)])
def test_only_a_trainers_server_has_the_formgrader(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], formgrader: bool
) -> None:
    monkeypatch.delenv("WORKBOOK_COURSE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    extensions = load("jupyter_server_config.py", DEPLOY / "singleuser").ServerApp.jpserver_extensions
    assert extensions["nbgrader.server_extensions.formgrader"] is formgrader
    assert extensions["nbgrader.server_extensions.assignment_list"] is True


def test_the_book_service_serves_the_book_under_its_prefix_only(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("book_service", DEPLOY / "book_service.py")
    assert spec is not None
    assert spec.loader is not None
    service = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(service)
    (tmp_path / "index.html").write_text("<title>Book</title>", encoding="utf-8")
    handler = type("Quiet", (service.BookHandler,), {"prefix": "/services/book/", "log_message": lambda *a: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/services/book/index.html", timeout=10) as page:
            assert page.read() == b"<title>Book</title>"
        with pytest.raises(urllib.error.HTTPError) as outside:
            urllib.request.urlopen(f"{base}/index.html", timeout=10)
        assert outside.value.code == 404
        outside.value.close()
    finally:
        server.shutdown()
        server.server_close()


def test_the_zero_to_jupyterhub_values_run_the_same_configuration() -> None:
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    hub, singleuser = values["hub"], values["singleuser"]
    mounted = hub["extraFiles"]["workbook-config"]["mountPath"]
    assert mounted.endswith("/jupyterhub_config.py")
    assert f'load_subconfig("{mounted}")' in hub["extraConfig"]["10-workbook"]
    assert hub["extraEnv"]["WORKBOOK_DB"]["valueFrom"]["secretKeyRef"] == {"name": "workbook-gradebook", "key": "url"}
    assert "postgresql://" not in (DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8")  # no password in values
    assert hub["extraEnv"]["WORKBOOK_SINGLEUSER_CONFIG"] == singleuser["extraEnv"]["JUPYTER_CONFIG_PATH"]
    exchange = hub["extraEnv"]["WORKBOOK_EXCHANGE"]
    assert singleuser["extraEnv"]["WORKBOOK_EXCHANGE"] == exchange
    mounts = {m["name"]: m["mountPath"] for m in singleuser["storage"]["extraVolumeMounts"]}
    volumes = {v["name"]: v for v in singleuser["storage"]["extraVolumes"]}
    assert mounts["nbgrader-exchange"] == exchange
    assert volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"]
    assert hub["services"]["book"]["url"].startswith("http")
