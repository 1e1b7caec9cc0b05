"""Saving from a real JupyterLab in Chromium: session 3's builder adds a change idea and saves.

A participant copy of session 3, pointed at a writable copy of the demo programme for team
north, runs in JupyterLab on loopback; in headless Chromium (Debian's) the test adds a change
idea through the builder's controls, clicks "Save driver diagram", waits for the "Saved:" line
and checks the box is in drivers.csv and the history. A screenshot is kept under
``build/hardening/``.
"""

from __future__ import annotations

import csv
import os
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

from qiteach.datasets import dataset_path
from qiteach.workspace import validate_workspace
from qiteach.workspace.save import read_history

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "participant" / "03-driver-diagrams.ipynb"
SHOT = ROOT / "build" / "hardening" / "jupyterlab-session03-save.png"
IDEA = "Reminder card at the reception desk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 serving session 3 set to a writable workspace copy."""
    ws = Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    text = NOTEBOOK.read_text(encoding="utf-8")
    default = 'workspace: str = \\"demo-programme\\"'
    assert default in text, "the parameters cell changed: update this test"
    (nbdir / NOTEBOOK.name).write_text(
        text.replace(default, f'workspace: str = \\"{ws}\\"'), encoding="utf-8"
    )
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.pop("QITEACH_SAVE_URL", None)  # no hub here: the library saves into the folder
    for var, sub in (("JUPYTER_CONFIG_DIR", "cfg"), ("JUPYTER_RUNTIME_DIR", "run")):
        env[var] = str(tmp_path / sub)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "settings")
    tracker = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", f"--ServerApp.token={token}", f"--notebook-dir={nbdir}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class="
        "jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:  # wait for the server to answer its status API
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "lab.log").read_text()[-2000:], pytrace=False)
                time.sleep(0.3)
        yield url, token, ws
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
def test_session3_builder_saves_a_change_idea_from_the_browser(lab) -> None:
    from browser.lab import ALL_CELLS_RAN, run_all_cells
    from browser.pages import Audit, browser, watch

    url, token, ws = lab
    found = Audit(url)
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1100})
        watch(page, found, allow=(url, "data:", "blob:"))
        page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000
        )
        page.wait_for_timeout(3000)  # let the new kernel settle before queueing every cell
        run_all_cells(page, started_ms=90_000)  # on a loaded machine a first Run All is lost
        try:
            page.wait_for_function(  # every code cell has run
                ALL_CELLS_RAN,
                polling=500,
                timeout=300_000,
            )
        except Exception:
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT.with_name("jupyterlab-session03-save-failed.png")))
            prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
            errs = page.locator(
                ".jp-OutputArea-output[data-mime-type*='error'], "
                "[data-mime-type='application/vnd.jupyter.stderr']"
            ).all_inner_texts()
            pytest.fail(f"not every cell ran: prompts {prompts}; errors {errs[:3]}", pytrace=False)
        kind = page.locator(".widget-dropdown:has(label:text-is('New box')) select").first
        kind.scroll_into_view_if_needed()
        kind.select_option(label="Change idea")
        page.wait_for_timeout(1000)
        text = page.locator("input[placeholder='What the box says']").first
        text.fill(IDEA)
        text.press("Tab")
        page.locator("button:has-text('Add')").first.click()
        page.locator(f".widget-html:has-text('Added'):has-text('{IDEA}')").first.wait_for(
            timeout=60_000
        )
        save = page.locator("button:has-text('Save driver diagram')").first
        save.scroll_into_view_if_needed()
        save.click()
        status = page.locator(".widget-html:has-text('Saved: North Locality')").first
        status.wait_for(timeout=120_000)  # the save answered
        message = status.inner_text()
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))
        page.close()
    assert "Saved: North Locality's driver diagram" in message and "(1 box added)" in message
    with open(ws / "drivers.csv", encoding="utf-8", newline="") as fh:
        saved = [r for r in csv.DictReader(fh) if r["team_id"] == "north"]
    assert IDEA in {r["text"] for r in saved}
    assert next(r for r in saved if r["text"] == IDEA)["kind"] == "change_idea"
    assert read_history(ws)[-1]["operation"] == "save_drivers"
    assert validate_workspace(ws).ok
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside
