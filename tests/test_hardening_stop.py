"""Stopping a report batch (issue 17): Ctrl-C, SIGTERM and SIGKILL leave nothing running.

Each test starts ``qiteach report`` as its own process group, waits (polling, with a
generous bound for a busy machine) until the first report is written, stops it, then
polls until every process the batch started (workers and their kernels) has exited.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _hardening_plugin import hostile_workspace

BASE = Path(__file__).parent / "badinput" / "base"
#: bounds for a slow, loaded CI machine: these are limits, not expected times
START_LIMIT, GONE_LIMIT = 600.0, 120.0


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's bookkeeping is left


def _start(tmp_path: Path) -> tuple[subprocess.Popen, Path, set[int]]:
    ws = hostile_workspace(BASE, tmp_path / "ws", teams=("east", "west", "south"))
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "qiteach", "report", str(ws), "--out", str(out), "-q"]
    proc = subprocess.Popen(
        [*cmd, "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name != "index.html" for p in out.glob("*.html")):
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the batch ended before it could be stopped"
    started = _descendants(proc.pid)
    assert started, "the batch has worker processes"
    return proc, out, started


def _wait_gone(pids: set[int]) -> set[int]:
    deadline = time.monotonic() + GONE_LIMIT
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return {p for p in pids if _alive(p)}


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigint-group", "sigterm-parent"])
def test_stopped_batch_stops_its_workers_keeps_what_finished_and_says_one_line(
    tmp_path: Path, how: str
) -> None:
    proc, out, started = _start(tmp_path)
    if how == "sigint-group":  # Ctrl-C in a terminal: the whole foreground group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=GONE_LIMIT)
    assert proc.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("qiteach: stopped before the end: "), err
    assert "Traceback" not in err
    assert _wait_gone(started) == set(), "workers or kernels still running"
    index = (out / "index.html").read_text("utf-8")
    written = [p.name for p in out.glob("*.html") if p.name != "index.html"]
    assert written and all(name in index for name in written)


@pytest.mark.slow
def test_workers_and_kernels_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    proc, _, started = _start(tmp_path)
    time.sleep(1.0)  # let the worker start its kernel for the next report
    started |= _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: nothing can clean up for it
    proc.communicate(timeout=60)
    left = _wait_gone(started)
    try:
        assert left == set(), "workers or kernels outlived their parent"
    finally:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
