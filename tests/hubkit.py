"""Test helpers for the cohort hub: a real hub on loopback, and signing in to it.

:func:`running_hub` runs ``qiteach hub init`` on a copy of the demo programme with a
unique system-user prefix, starts ``qiteach hub start`` (foreground, its own process
group), waits for the sign-in page, and on exit sends Ctrl-C (SIGINT) and checks the hub
stopped cleanly with no process of its system users left; then removes the system users.
Every wait polls with generous limits and says what it waited for.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QITEACH = [sys.executable, "-m", "qiteach"]


def need_root() -> None:
    """The hub creates system users: the tests run as root (CI and the dev machines do)."""
    if os.geteuid() != 0:
        pytest.skip("the hub tests need root (they create system users)")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], object], timeout: float = 300, every: float = 1.0):
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except Exception as exc:  # a server still starting raises anything
            last = exc
        else:
            if last:
                return last
        time.sleep(every)
    pytest.fail(f"waited {timeout:.0f} s for {what}; last: {last!r}", pytrace=False)


def qiteach(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the ``qiteach`` command; return the finished process (text output)."""
    proc = subprocess.run(
        [*QITEACH, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if check and proc.returncode != 0:
        pytest.fail(f"qiteach {' '.join(args)} failed: {proc.stderr[-2000:]}", pytrace=False)
    return proc


def slip_code(hub_dir: Path, username: str) -> str:
    """The sign-in code printed on ``username``'s slip."""
    html = (hub_dir / "slips" / f"slip-{username}.html").read_text()
    return re.search(r'Sign-in code</td><td class="value">([A-Z0-9-]+)<', html).group(1)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@dataclass
class Hub:
    """A running hub."""

    dir: Path
    url: str
    prefix: str
    proc: subprocess.Popen
    log: Path
    stopped: dict = field(default_factory=dict)

    def system_users(self) -> list[str]:
        from qiteach.hub.accounts import read_accounts

        users = [a.system_user for a in read_accounts(self.dir).values()]
        return [*users, f"{self.prefix}workspace"]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """Ctrl-C, as a trainer would; record exit code and what was left running."""
        from qiteach.hub.system import user_processes

        if self.stopped:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=240)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            code = "did not stop within 240 s"
        chp = subprocess.run(
            ["pgrep", "-f", f"configurable-http-proxy.*{self.url.rsplit(':', 1)[1].strip('/')}"],
            capture_output=True,
            text=True,
        ).stdout.split()
        self.stopped = {
            "code": code,
            "left": user_processes(self.system_users()),
            "proxy": chp,
            "pid_file": (self.dir / "secrets" / "jupyterhub.pid").exists(),
        }


def _sigint(disposition: signal.Handlers) -> Callable[[], None]:
    return lambda: signal.signal(signal.SIGINT, disposition)


@contextmanager
def running_hub(tmp: Path, *, workspace: str | Path = "demo-programme",
                init_args: tuple[str, ...] = (), sigint_ignored: bool | None = None,
                ) -> Iterator[Hub]:  # fmt: skip
    """``hub init`` + ``hub start`` on loopback; stop with Ctrl-C and clean up afterwards.

    ``sigint_ignored=True`` starts ``hub start`` with SIGINT ignored, as a shell starts a
    command put in the background (``&``), which everything it starts inherits; ``False``
    with SIGINT as default (a terminal's foreground); ``None`` as this process has it.
    """
    import shutil
    import tempfile

    from qiteach.hub.init import remove_hub

    need_root()
    prefix = f"qt{os.getpid() % 100000}{int(time.time()) % 1000}-"
    # the hub's users must pass through the folders above HUB_DIR (pytest's tmp is 0700)
    top = Path(tempfile.mkdtemp(prefix="qiteach-hub-test-", dir="/tmp"))
    top.chmod(0o711)
    hub_dir = top / "hub"
    port = free_port()
    qiteach("hub", "init", str(workspace), str(hub_dir), "--system-prefix", prefix,
            "--port", str(port), "--no-pdf", *init_args)  # fmt: skip
    tmp.mkdir(parents=True, exist_ok=True)
    log = tmp / "hub.log"
    try:
        out = log.open("wb")
    except BaseException:
        remove_hub(hub_dir)
        raise
    proc = subprocess.Popen(
        [*QITEACH, "hub", "start", str(hub_dir)],
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=None
        if sigint_ignored is None
        else _sigint(signal.SIG_IGN if sigint_ignored else signal.SIG_DFL),
    )
    hub = Hub(hub_dir, f"http://127.0.0.1:{port}", prefix, proc, log)
    try:

        def up() -> bool:
            if proc.poll() is not None:
                pytest.fail(f"hub start exited: {log.read_text()[-3000:]}", pytrace=False)
            return status_of(f"{hub.url}/hub/login") == 200

        wait_for("the hub's sign-in page to answer 200", up, timeout=300)
        yield hub
    finally:
        if proc.poll() is None:
            hub.stop()
        out.close()
        remove_hub(hub_dir)
        shutil.rmtree(top, ignore_errors=True)


def first_sign_in(page, hub: Hub, username: str, password: str) -> None:
    """Sign in with the slip's code and choose a password, in the browser."""
    page.goto(f"{hub.url}/hub/login")
    form = page.locator("#first-signin-form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=code]").fill(slip_code(hub.dir, username))
    form.locator("input[name=new_password]").fill(password)
    form.locator("input[name=new_password2]").fill(password)
    form.locator("input[type=submit]").click()


def sign_in(page, hub: Hub, username: str, password: str) -> None:
    """Sign in with a password, in the browser."""
    page.goto(f"{hub.url}/hub/login")
    form = page.locator("#signin-form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("input[type=submit]").click()


def open_lab(page, hub: Hub, username: str, timeout: float = 300_000) -> None:
    """Wait until ``username``'s JupyterLab has loaded (the server may still be starting)."""
    page.wait_for_url(re.compile(rf".*/user/{username}/lab.*"), timeout=timeout)
    page.wait_for_selector(".jp-DirListing-content", timeout=timeout)


def run_notebook(page, hub: Hub, username: str, name: str, timeout: float = 400_000) -> None:
    """Open ``name`` in ``username``'s JupyterLab and run every cell; wait until all ran."""
    page.goto(f"{hub.url}/user/{username}/lab/tree/{name}")
    # another notebook opened earlier stays in a hidden tab: wait on what is shown
    page.wait_for_selector(".jp-Notebook .jp-Cell:visible", timeout=timeout)
    page.wait_for_selector(
        ".jp-Notebook-ExecutionIndicator[data-status='idle']:visible", timeout=timeout
    )
    page.wait_for_timeout(2000)  # let the new kernel settle before queueing every cell
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_timeout(1000)
    wait_cells_done(page, timeout)


def wait_cells_done(page, timeout: float = 400_000) -> None:
    """Wait until no code cell of the open notebook is queued or running.

    On a timeout: a screenshot in build/hub/ and the prompts and errors in the failure.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        _wait_prompts(page, timeout)
    except PlaywrightTimeout:
        shot = ROOT / "build" / "hub" / f"timeout-{int(time.time())}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        pytest.fail(
            f"cells did not finish in {timeout / 1000:.0f} s at {page.url}: prompts "
            f"{prompts}, errors {errors_in(page)}, screenshot {shot}",
            pytrace=False,
        )


def _wait_prompts(page, timeout: float) -> None:
    page.wait_for_function(
        """() => {
            const p = [...document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]
                .map(e => e.textContent);
            return p.length > 0 && !p.some(t => t.includes('*'))
                && /\\[\\d+\\]/.test(p[p.length - 1]);
        }""",
        polling=500,
        timeout=timeout,
    )


def errors_in(page) -> list[str]:
    """Error outputs shown in the open notebook."""
    texts = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    return [t for t in texts if "Error" in t or "Traceback" in t]


class HubUser:
    """One person using the hub through its REST API (no browser): sign in, token, kernel."""

    def __init__(self, hub: Hub | str, username: str) -> None:
        import requests

        self.url = hub.url if isinstance(hub, Hub) else hub
        self.username = username
        self.session = requests.Session()
        self.api_token = ""

    def _login(self, data: dict) -> int:
        s = self.session
        s.get(f"{self.url}/hub/login", timeout=60)
        data = {"_xsrf": s.cookies.get("_xsrf", path="/hub/"), "username": self.username, **data}
        r = s.post(f"{self.url}/hub/login?next=/hub/home", data=data, timeout=120,
                   allow_redirects=False)  # fmt: skip
        return r.status_code

    def first_sign_in(self, code: str, password: str) -> int:
        """Post the first-sign-in form; 302 when accepted, 403 when refused."""
        return self._login({"first_sign_in": "1", "code": code, "new_password": password,
                            "new_password2": password})  # fmt: skip

    def sign_in(self, password: str) -> int:
        """Post the password form; 302 when accepted, 403 when refused."""
        return self._login({"password": password})

    def token(self) -> str:
        """An API token of this user (asked for with the sign-in cookie, as the hub page does)."""
        s = self.session
        r = s.post(
            f"{self.url}/hub/api/users/{self.username}/tokens",
            headers={"X-XSRFToken": s.cookies.get("_xsrf", path="/hub/")},
            json={"note": "hubkit", "expires_in": 7200},
            timeout=60,
        )
        r.raise_for_status()
        self.api_token = r.json()["token"]
        return self.api_token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.api_token or self.token()}"}

    def start_server(self, timeout: float = 400) -> float:
        """Start this user's server and wait until it answers; return the seconds it took."""
        import requests

        t0 = time.monotonic()
        r = requests.post(f"{self.url}/hub/api/users/{self.username}/server",
                          headers=self.headers(), timeout=120)  # fmt: skip
        assert r.status_code in (201, 202, 400), r.text  # 400: already running

        def up() -> bool:
            r = requests.get(f"{self.url}/user/{self.username}/api/status",
                             headers=self.headers(), timeout=30)  # fmt: skip
            return r.status_code == 200

        wait_for(f"{self.username}'s server", up, timeout=timeout, every=1.0)
        return time.monotonic() - t0

    def execute(self, code: str, timeout: float = 600) -> dict:
        """Run ``code`` in a new kernel of this user's server: its stdout, error, the
        traceback lines shown, and seconds."""
        import asyncio

        return asyncio.run(self._execute(code, timeout))

    async def _execute(self, code: str, timeout: float) -> dict:
        import asyncio
        import json
        import uuid

        import requests
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        base = f"{self.url}/user/{self.username}/api/kernels"
        r = requests.post(base, headers=self.headers(), json={"name": "python3"}, timeout=120)
        r.raise_for_status()
        kernel = r.json()["id"]
        t0 = time.monotonic()
        ws_url = base.replace("http", "ws", 1) + f"/{kernel}/channels"
        ws = await websocket_connect(
            HTTPRequest(ws_url, headers=self.headers(), connect_timeout=120, request_timeout=120)
        )
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": self.username, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False},
        }))  # fmt: skip
        out, error, shown, deadline = [], None, [], time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                raw = await asyncio.wait_for(ws.read_message(), deadline - time.monotonic())
                if raw is None:
                    break
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
                    shown = msg["content"]["traceback"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
        finally:
            ws.close()
            requests.delete(f"{base}/{kernel}", headers=self.headers(), timeout=60)
        return {"stdout": "".join(out), "error": error, "traceback": shown,
                "seconds": time.monotonic() - t0}  # fmt: skip
