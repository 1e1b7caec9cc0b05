"""``qiteach hub start HUB_DIR``: JupyterHub in the foreground; Ctrl-C stops it cleanly.

The hub, its proxy, the saving service and the idle culler run as children of this
command. Ctrl-C (or SIGTERM) asks JupyterHub to shut down, which stops every user server
and the proxy; anything still running afterwards as one of the hub's system users is
stopped too, so nothing is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from qiteach.exceptions import InputError
from qiteach.hub.accounts import read_accounts
from qiteach.hub.layout import HubLayout, find_proxy, read_settings, user_python
from qiteach.hub.system import kill_user_processes, require_root

__all__ = ["free_port", "start_hub"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_busy(ip: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return True
    return False


def _child_setup() -> None:
    """In the JupyterHub child before exec: private files; SIGINT and SIGTERM as default.

    A signal ignored by whoever started ``qiteach hub start`` (a shell ignores SIGINT for
    a command run in the background, ``nohup`` ignores SIGHUP) stays ignored across exec,
    in JupyterHub and in the services it starts before it sets its own handlers. The idle
    culler would then sit out SIGINT, and JupyterHub waits 30 s per service before SIGTERM,
    which is how a Ctrl-C once took more than a minute.
    """
    os.umask(0o077)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """SIGINT (JupyterHub's clean shutdown), then TERM, then KILL the whole process group."""
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def start_hub(
    hub_dir: str | Path,
    *,
    ip: str | None = None,
    port: int | None = None,
    log_file: Path | None = None,
) -> int:
    """Run the hub until Ctrl-C / SIGTERM; return JupyterHub's exit code (0 after Ctrl-C)."""
    require_root("qiteach hub start")
    layout = HubLayout(hub_dir)
    settings = read_settings(layout.root)
    accounts = read_accounts(layout.root)
    find_proxy()  # clear lines now rather than a traceback from JupyterHub later
    user_python()
    ip = ip or settings["ip"]
    port = int(port or settings["port"])
    if _port_busy(ip, port):
        raise InputError(
            f"port {port} on {ip} is already in use",
            fix="stop what uses it, or choose another with --port",
        )
    run = {
        "ip": ip,
        "port": port,
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "service_port": free_port(),
        "started_by": os.getpid(),
    }
    layout.run_file.write_text(json.dumps(run) + "\n")
    os.chmod(layout.run_file, 0o600)
    cmd = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(layout.config)]
    out = open(log_file, "ab") if log_file else None  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        cmd,
        cwd=layout.secrets,
        start_new_session=True,
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
        preexec_fn=_child_setup,
    )
    scheme = "https" if settings.get("ssl_cert") else "http"
    print(
        f"qiteach hub: starting {settings['programme']} at {scheme}://{ip}:{port}/ "
        "(Ctrl-C stops it)",
        flush=True,
    )
    stopping: list[int] = []

    def ask_stop(signum, frame) -> None:
        stopping.append(signum)

    old = {s: signal.signal(s, ask_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while proc.poll() is None and not stopping:
            time.sleep(0.2)
        if stopping:
            print("qiteach hub: stopping (servers, proxy, services) ...", flush=True)
        _stop(proc, grace=60.0)
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        if out:
            out.close()
    users = [a.system_user for a in accounts.values()] + [settings["service_user"]]
    leftover = kill_user_processes(users)
    proxy_pid = layout.secrets / "proxy.pid"
    if proxy_pid.exists():
        try:
            os.kill(int(proxy_pid.read_text().strip()), signal.SIGTERM)
            leftover.append(int(proxy_pid.read_text().strip()))
        except (ValueError, ProcessLookupError):
            pass
        proxy_pid.unlink(missing_ok=True)
    layout.pid_file.unlink(missing_ok=True)
    layout.run_file.unlink(missing_ok=True)
    if leftover:
        print(f"qiteach hub: stopped {len(leftover)} leftover process(es)", flush=True)
    print("qiteach hub: stopped", flush=True)
    return 0 if stopping else (proc.returncode or 0)
