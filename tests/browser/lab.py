"""A real JupyterLab server on loopback, for tests that open notebooks in Chromium.

One set-up for every such test (a random port and token, settings and workspaces in the
test's folder, every cell rendered, no news or update checks), as a context manager: used
by ``test_forms_jupyterlab*.py``, ``test_trainer_jupyterlab.py`` and the boxes' tests
(:func:`box_lab`: a notebook of code cells over a copy of the demo programme, opened and
run by :func:`box_page`), with the page steps they share (wait for the kernel, Run All,
wait for a redrawn image); the fixtures of ``test_hardening_jupyterlab.py`` and
``test_browser_saving.py`` still hold their own copy.
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
from typing import Any

import pytest

__all__ = [
    "ALL_CELLS_RAN",
    "SERVER_START_S",
    "box_lab",
    "box_page",
    "code_notebook",
    "jupyter_lab",
    "notebook_page",
    "open_notebook",
    "run_all_cells",
    "type_into",
    "wait_for_idle_kernel",
    "wait_for_new_image",
]

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


def code_notebook(nbdir: Path, name: str, *sources: str) -> Path:
    """Write ``nbdir/name`` holding one code cell per source (a Python 3 kernel)."""
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbdir.mkdir(parents=True, exist_ok=True)
    path = nbdir / name
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def box_lab(tmp_path: Path, name: str, *sources: str) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab showing notebook ``name`` (a code cell per source) over a demo copy.

    Each source has ``{ws}`` where the copy's folder goes (quoted); the server runs as
    user sam.tester. Yields (url, token, workspace copy).
    """
    import shutil

    from qiteach.datasets import dataset_path

    ws = Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))
    nbdir = tmp_path / "notebooks"
    code_notebook(nbdir, name, *(source.format(ws=repr(str(ws))) for source in sources))
    with jupyter_lab(tmp_path, nbdir, env={"USER": "sam.tester"}) as (url, token):
        yield url, token, ws


@contextlib.contextmanager
def box_page(
    served: tuple[str, str, Path], name: str, shown: str, *, width: int = 1200, height: int = 1500
) -> Iterator[Any]:
    """Chromium on notebook ``name`` of a :func:`box_lab` server, every cell run; yields the page.

    Run All is repeated until ``shown`` (a selector matching one element) appears. When the
    body is done, checks that no cell wrote an error or traceback and that nothing was
    fetched from outside the server.
    """
    url, token, _ws = served
    with notebook_page(url, token, name, width=width, height=height) as (page, found):
        run_all_cells(page, page.locator(shown))
        yield page
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        page.close()
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside


def open_notebook(page: Any, url: str, token: str, name: str) -> None:
    """Open notebook ``name`` of the server at ``url``; wait until its kernel is idle."""
    page.goto(f"{url}/lab/tree/{name}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    wait_for_idle_kernel(page)


@contextlib.contextmanager
def notebook_page(
    url: str, token: str, name: str, *, width: int = 1200, height: int = 1500
) -> Iterator[tuple[Any, Any]]:
    """Chromium showing notebook ``name``, its kernel idle; yields (page, audit).

    The audit (:class:`browser.pages.Audit`) records any request that leaves the server.
    """
    from browser.pages import Audit, browser, watch

    found = Audit(url)
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        watch(page, found, allow=(url, "data:", "blob:"))
        open_notebook(page, url, token, name)
        yield page, found


def wait_for_idle_kernel(page: Any) -> None:
    """Wait (polling, up to 3 minutes) until the status bar shows the kernel connected and idle."""
    page.wait_for_function(
        "() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, "
        ".jp-StatusBar')?.innerText || '')",
        polling=500,
        timeout=180_000,
    )


def run_all_cells(
    page: Any, shown: Any = None, *, attempts: int = 3, started_ms: int = 60_000
) -> None:
    """Run > Run All Cells, tried ``attempts`` times (a first Run All can be lost when busy).

    Each try waits for ``shown`` (a locator) to appear, or, without one, for some cell to
    start or finish running (up to ``started_ms``).
    """
    for _attempt in range(attempts):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            if shown is not None:
                shown.wait_for(timeout=120_000)
            else:
                page.wait_for_function(
                    """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                        .some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))""",
                    polling=500,
                    timeout=started_ms,
                )
            return
        except Exception:
            continue


#: true in the page once every cell has run: no "[*]" prompt left, the last one numbered
ALL_CELLS_RAN = """() => {
    const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent);
    return p.length > 0 && !p.some(t => t.includes('*')) && /\\[\\d+\\]/.test(p[p.length - 1]);
}"""


def type_into(page: Any, field: Any, text: str) -> None:
    """Type ``text`` into ``field`` (a locator) as a participant would, replacing what it held.

    A widget's box sends its value when it loses focus, so this ends with Tab.
    """
    field.scroll_into_view_if_needed()
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=5)
    field.press("Tab")


def wait_for_new_image(page: Any, old: str, shot: Path) -> None:
    """Wait for an output image other than ``old`` (a redrawn drawing); screenshot ``shot``."""
    try:
        page.wait_for_function(
            "old => [...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".some(i => i.src.startsWith('data:image/png') && i.src !== old)",
            arg=old,
            polling=500,
            timeout=120_000,
        )
    finally:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
