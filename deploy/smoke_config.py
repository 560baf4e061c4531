"""The smoke test's hub: deploy/jupyterhub_config.py as it is, with only what a
test on one machine needs changed (``deploy/smoke.py`` sets the SMOKE_*
variables): a password for every user (DummyAuthenticator), servers as local
processes with homes under a temporary folder (SimpleLocalProcessSpawner),
free ports on 127.0.0.1, the hub's state in a temporary folder, and an admin
service whose token the test uses. Never for a real cohort: neither the
authenticator nor the spawner isolates anyone.
"""

import os

c = get_config()  # noqa: F821
load_subconfig(os.path.join(os.path.dirname(__file__), "jupyterhub_config.py"))  # noqa: F821

env = os.environ
state = env["SMOKE_STATE"]

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(env["SMOKE_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env["SMOKE_HUB_PORT"])
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"
c.JupyterHub.cleanup_servers = True
c.ConfigurableHTTPProxy.command = [env["SMOKE_PROXY"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['SMOKE_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = f"{state}/proxy.pid"

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = env["SMOKE_PASSWORD"]
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = env["SMOKE_HOMES"] + "/{username}"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
if os.geteuid() == 0:  # CI runs as root, and so does every "user" of this spawner
    c.Spawner.args = ["--allow-root"]

c.JupyterHub.services.append({"name": "smoke", "api_token": env["SMOKE_ADMIN_TOKEN"]})
c.JupyterHub.load_roles.append(
    {
        "name": "smoke",
        "description": "The smoke test: adds users, makes their tokens, starts and stops their servers",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users", "read:groups"],
        "services": ["smoke"],
    }
)
