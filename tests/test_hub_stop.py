"""Ctrl-C stops a hub with a signed-in user promptly, and leaves nothing running.

One participant signs in, starts JupyterLab and opens a kernel; ``qiteach hub start``
gets SIGINT, as from a trainer's Ctrl-C; it was started with SIGINT ignored (as a shell
starts a command put in the background, and as every process it starts then inherits)
or as default. It must exit with code 0 well before its own 60 s grace for JupyterHub
(the bound is generous for a busy machine; a quiet one takes a few seconds), with no
process of the hub's system users, no proxy and no pid file left. The saving service,
on its own, stops at once on SIGINT or SIGTERM even when started with that signal ignored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from hubkit import ROOT, HubUser, free_port, running_hub, slip_code, status_of, wait_for

#: Well under start.py's 60 s grace: a stall until the grace runs out fails.
BOUND = 30.0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_saving_service_stops_at_once_on_a_signal_it_was_started_ignoring(tmp_path, sig) -> None:
    """JupyterHub stops a service with SIGINT and waits 30 s before SIGTERM."""
    port = free_port()
    env = {**os.environ, "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "qiteach.hub.service", str(tmp_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(sig, signal.SIG_IGN),
    )
    try:
        url = f"http://127.0.0.1:{port}/services/qiteach-save/health"
        wait_for("the saving service to answer", lambda: status_of(url) == 200, timeout=120)
        t0 = time.monotonic()
        proc.send_signal(sig)
        code = proc.wait(timeout=25)  # JupyterHub would wait 30 s
        took = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
        out = proc.communicate()[0]
    print(f"\nsaving service exited {took:.1f} s after {sig.name}")
    assert code == 0, out
    assert "stopped" in out and "Traceback" not in out, out


@pytest.mark.slow
@pytest.mark.parametrize("sigint_ignored", [True, False], ids=["background", "foreground"])
def test_ctrl_c_stops_a_hub_with_a_running_server_promptly(tmp_path, sigint_ignored) -> None:
    from qiteach.hub.system import user_processes

    with running_hub(tmp_path, sigint_ignored=sigint_ignored) as hub:
        user = HubUser(hub, "p01")
        assert user.first_sign_in(slip_code(hub.dir, "p01"), "p01-stop-password") == 302
        user.start_server()
        base = f"{hub.url}/user/p01/api/kernels"
        r = requests.post(base, headers=user.headers(), json={"name": "python3"}, timeout=120)
        r.raise_for_status()
        wait_for(
            "p01's kernel to be listed",
            lambda: requests.get(base, headers=user.headers(), timeout=30).json(),
            timeout=120,
        )
        users = hub.system_users()
        assert user_processes(users), "p01's server should be running as its system user"

        t0 = time.monotonic()
        hub.proc.send_signal(signal.SIGINT)
        try:
            code = hub.proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            pytest.fail(f"qiteach hub start did not exit within 180 s: {hub.log_text()[-3000:]}")
        took = time.monotonic() - t0
        print(f"\nqiteach hub start exited {took:.1f} s after SIGINT (code {code})")
        assert code == 0, hub.log_text()[-3000:]
        assert took < BOUND, f"stop took {took:.1f} s: {hub.log_text()[-3000:]}"
        assert "qiteach hub: stopped" in hub.log_text()
        assert user_processes(users) == []
        chp = subprocess.run(
            ["pgrep", "-f", f"configurable-http-proxy.*{hub.url.rsplit(':', 1)[1]}"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert chp == []
        assert not (hub.dir / "secrets" / "jupyterhub.pid").exists()
