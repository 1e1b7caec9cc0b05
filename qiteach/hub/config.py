"""JupyterHub's configuration for one HUB_DIR (``HUB_DIR/jupyterhub_config.py`` calls this).

Everything the hub needs comes from the HUB_DIR (``hub.json``, ``accounts.csv``, the
secrets) and from ``secrets/run.json``, which ``qiteach hub start`` writes with the
loopback ports chosen for this run (hub API, proxy API, saving service).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qiteach.blas import ONE_BLAS_THREAD
from qiteach.hub.credentials import MIN_PASSWORD
from qiteach.hub.layout import HubLayout, find_proxy, read_settings, user_python
from qiteach.hub.service import SERVICE_NAME

__all__ = ["CONFIG_PY", "configure", "roles", "save_url"]

#: A Jupyter config folder given to every user server: its ``labconfig`` holds the
#: JupyterLab defaults of the hub (no "get notified about Jupyter news?" prompt, no
#: news or update fetched: the hub is offline and its users are not administrators);
#: its ``jupyter_server_config.json`` starts kernels on Unix sockets in the person's
#: private runtime folder, not on loopback TCP (see :mod:`qiteach.hub.runtime`).
LAB_CONFIG = Path(__file__).parent / "lab_config"

#: The text of ``HUB_DIR/jupyterhub_config.py``.
CONFIG_PY = """\
# Written by `qiteach hub init`; settings live in hub.json beside this file.
from pathlib import Path

from qiteach.hub.config import configure

configure(c, Path(__file__).resolve().parent)  # noqa: F821 (c is JupyterHub's config object)
"""


def save_url(run: dict[str, Any]) -> str:
    """Where user servers reach the saving service (loopback, straight to the service).

    >>> save_url({"service_port": 8123})
    'http://127.0.0.1:8123/services/qiteach-save'
    """
    return f"http://127.0.0.1:{run['service_port']}/services/{SERVICE_NAME}"


def roles() -> list[dict[str, Any]]:
    """Users and their servers may call the saving service; the culler may stop servers."""
    access = f"access:services!service={SERVICE_NAME}"
    return [
        {"name": "user", "scopes": ["self", access]},
        {"name": "server", "scopes": ["users:activity!user", "access:servers!server", access]},
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        },
    ]


def configure(c: Any, hub_dir: str | Path) -> None:
    """Fill JupyterHub's config object ``c`` for ``hub_dir``."""
    layout = HubLayout(hub_dir)
    settings = read_settings(layout.root)
    run = json.loads(layout.run_file.read_text())
    py = str(user_python())  # user servers and the saving service run as other users

    c.JupyterHub.ip = run.get("ip", settings["ip"])
    c.JupyterHub.port = int(run.get("port", settings["port"]))
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = int(run["hub_port"])
    if settings.get("ssl_cert"):
        c.JupyterHub.ssl_cert = settings["ssl_cert"]
        c.JupyterHub.ssl_key = settings["ssl_key"]
    c.JupyterHub.cookie_secret_file = str(layout.secrets / "cookie_secret")
    c.JupyterHub.db_url = f"sqlite:///{layout.database}"
    c.JupyterHub.pid_file = str(layout.pid_file)
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    c.JupyterHub.template_paths = [str(Path(__file__).parent / "templates")]
    c.JupyterHub.template_vars = {"min_password": MIN_PASSWORD}
    c.JupyterHub.load_roles = roles()

    c.ConfigurableHTTPProxy.command = [find_proxy()]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{run['proxy_api_port']}"
    c.ConfigurableHTTPProxy.auth_token = (layout.secrets / "proxy_token").read_text().strip()
    c.ConfigurableHTTPProxy.pid_file = str(layout.secrets / "proxy.pid")
    c.ConfigurableHTTPProxy.should_start = True

    c.JupyterHub.authenticator_class = "qiteach.hub.auth.QiteachAuthenticator"
    c.QiteachAuthenticator.credentials_path = str(layout.credentials)
    c.Authenticator.auth_refresh_age = 60
    c.Authenticator.refresh_pre_spawn = True

    c.JupyterHub.spawner_class = "qiteach.hub.spawner.QiteachSpawner"
    c.QiteachSpawner.hub_dir = str(layout.root)
    c.Spawner.cmd = [str(Path(py).parent / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.args = [  # offline: JupyterLab fetches no news, update checks or extensions
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    c.Spawner.notebook_dir = "~"
    c.Spawner.http_timeout = 180  # a busy 2-core box can take a minute to start JupyterLab
    c.Spawner.start_timeout = 300
    c.Spawner.environment = {
        "QITEACH_SAVE_URL": save_url(run),
        "QITEACH_WORKSPACE": str(layout.workspace),
        # JupyterLab's defaults for everyone: never ask about, or fetch, Jupyter's news;
        # kernels on Unix sockets only their owner can reach
        "JUPYTER_CONFIG_PATH": str(LAB_CONFIG),
        **ONE_BLAS_THREAD,  # a kernel per participant: no BLAS thread pool in each
    }

    timeout = int(settings["idle_timeout"])
    c.JupyterHub.services = [
        {
            "name": SERVICE_NAME,
            "url": f"http://127.0.0.1:{run['service_port']}",
            "command": [py, "-m", "qiteach.hub.service", str(layout.root)],
            "user": settings["service_user"],
            "cwd": str(layout.workspace),
            "display": False,
        },
        {
            "name": "idle-culler",
            "command": [
                py,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={timeout}",
                f"--cull-every={max(10, min(300, timeout // 2))}",
            ],
            "display": False,
        },
    ]
