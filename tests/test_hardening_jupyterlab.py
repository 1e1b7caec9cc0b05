"""Real JupyterLab smoke test: session 6 runs in Chromium and its run-chart widget answers.

Starts JupyterLab on loopback with a random token in a temporary copy of the
notebook, opens it in headless Chromium (Debian's), runs all cells from the Run
menu, types a series into the run-chart explorer and presses its button, then
checks a figure image and the rule message appear with no error output. A
screenshot is saved under ``build/hardening/``. Requests other than to the
loopback server are blocked and must not happen.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Limits for a loaded 2-core CI machine (a run at load ~8 took 24 minutes): the test polls
#: for each condition and goes on as soon as it holds; these only bound a real hang.
SERVER_START_S = 600
PAGE_MS = 600_000
ALL_CELLS_MS = 1_500_000
NOTEBOOK = ROOT / "notebooks" / "sessions" / "06-variation-and-run-charts.ipynb"
SHOT = ROOT / "build" / "hardening" / "jupyterlab-session06.png"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path: Path):
    """A JupyterLab server on 127.0.0.1 serving a copy of session 6; yields (url, token)."""
    if not NOTEBOOK.is_file():
        pytest.fail(f"{NOTEBOOK} is missing", pytrace=False)
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy(NOTEBOOK, nbdir / NOTEBOOK.name)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "cfg"), ("JUPYTER_RUNTIME_DIR", "run")):
        env[var] = str(tmp_path / sub)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "settings")
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)  # render every cell (no virtual scrolling) so all are checked
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--ServerApp.token={token}", f"--notebook-dir={nbdir}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class="
        "jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if os.geteuid() == 0:  # CI and the dev machines run as root
        cmd.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "lab.log").read_text()[-2000:], pytrace=False)
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
        log.close()


@pytest.mark.slow
def test_session6_runs_in_jupyterlab_and_widget_answers(lab) -> None:
    from browser.lab import ALL_CELLS_RAN, run_all_cells
    from browser.pages import Audit, browser, watch

    url, token = lab
    found = Audit(url)
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(PAGE_MS)  # every other wait polls up to the busy-machine bound
        watch(page, found, allow=(url, "data:", "blob:"))
        page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=PAGE_MS)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=PAGE_MS)  # fmt: skip
        page.wait_for_function(  # the kernel is connected and idle (status bar)
            "() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, "
            ".jp-StatusBar')?.innerText || '')",
            polling=500,
            timeout=PAGE_MS,
        )
        # a Run All queued while the kernel connects can be lost: tried up to 5 times
        run_all_cells(page, attempts=5, started_ms=120_000)
        page.wait_for_function(
            ALL_CELLS_RAN,
            polling=500,
            timeout=ALL_CELLS_MS,  # waits for: every code cell has run (no [*] prompt)
        )
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        box = page.locator("textarea[placeholder='e.g. 12, 14, 9, 11']").first
        box.scroll_into_view_if_needed()
        box.fill("1, 2, 1, 2, 1, 2, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8")
        box.press("Tab")
        page.locator("button:has-text('Add point')").first.click()
        explorer = box.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
        explorer.locator(".widget-html:has-text('Which rule fires')").wait_for(timeout=PAGE_MS)
        page.wait_for_timeout(1500)
        message = explorer.locator(".widget-html").last.inner_text()
        images = explorer.locator("img")
        assert images.count() >= 1
        ok = images.first.evaluate("i => i.complete && i.naturalWidth > 0")
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        explorer.scroll_into_view_if_needed()
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))
        page.close()
    assert ok
    assert all(re.fullmatch(r"\[\d+\]:", t.strip()) for t in prompts), prompts  # all ran
    assert "Which rule fires" in message, message
    assert "of 17 points are useful" in message, message  # 16 typed + 1 added by the button
    assert "crosses the median only once" in message, message  # the few-crossings rule fired
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside
    assert found.dialogs == []
