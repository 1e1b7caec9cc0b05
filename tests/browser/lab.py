"""A real JupyterLab server on loopback, for tests that open notebooks in Chromium.

One set-up for every such test (a random port and token, settings and workspaces in the
test's folder, every cell rendered, no news or update checks), as a context manager: used
by ``test_forms_jupyterlab.py`` and ``test_trainer_jupyterlab.py``; the fixtures of
``test_hardening_jupyterlab.py`` and ``test_browser_saving.py`` still hold their own copy.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

__all__ = ["SERVER_START_S", "jupyter_lab"]

#: Bound on the server's start on a loaded 2-core machine (polled, not slept).
SERVER_START_S = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def jupyter_lab(
    tmp_path: Path, nbdir: Path, *, env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, str]]:
    """JupyterLab serving ``nbdir`` on 127.0.0.1; yields (url, token); stopped afterwards."""
    port, token = _free_port(), secrets.token_hex(16)
    full_env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "cfg"), ("JUPYTER_RUNTIME_DIR", "run")):
        full_env[var] = str(tmp_path / sub)
    full_env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "settings")
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)  # render every cell (no virtual scrolling)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    full_env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    full_env.update(env or {})
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--ServerApp.token={token}", f"--notebook-dir={nbdir}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class="
        "jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if os.geteuid() == 0:  # CI and the dev machines run as root
        cmd.append("--allow-root")
    log_path = tmp_path / "lab.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=full_env, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + SERVER_START_S
            while True:  # poll the status API until the server answers
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(log_path.read_text()[-2000:], pytrace=False)
                    time.sleep(0.3)
            yield url, token
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
