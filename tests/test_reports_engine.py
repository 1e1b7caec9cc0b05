"""Warm-kernel engine: no state leaks between notebooks; timeouts and dead kernels fail cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from qiteach.reports import engine
from qiteach.reports.worker import ReportTask, run_task

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"


@pytest.fixture
def fresh_process_kernel():
    """Start from no warm kernel and never leave one behind."""
    engine.shutdown_warm_kernel()
    yield
    engine.shutdown_warm_kernel()


def _task(name: str, team: str, *, timeout: float = 60, eng: str = engine.WARM) -> ReportTask:
    params = {"workspace": str(DEMO), "team": team}
    return ReportTask("team", team, team.title(), str(NOTEBOOKS / name), params, timeout, eng)


def test_probe_sees_no_state_from_the_previous_notebook(fresh_process_kernel):
    starts = engine.warm_kernel_starts()
    first = run_task(_task("probe.ipynb", "north")).record
    second = run_task(_task("probe.ipynb", "west")).record
    assert first.ok and second.ok, (first.error, second.error)
    assert engine.warm_kernel_starts() == starts + 1  # one kernel, reused
    assert first.figures["pid"] == second.figures["pid"]
    # the first run left a global, rcParams, an open Agg figure, env, sys.path, a module, a cwd
    assert second.figures == first.figures
    assert second.figures["global"] is False
    assert second.figures["figures"] == 0
    assert second.figures["linewidth"] == 1.5
    assert second.figures["env"] is None
    assert second.figures["module"] is False
    assert "inline" in second.figures["backend"]
    assert second.figures["cwd"] == str(NOTEBOOKS.resolve())


def test_warm_kernel_matches_a_fresh_kernel(fresh_process_kernel):
    run_task(_task("probe.ipynb", "north"))  # dirty the warm kernel first
    warm = run_task(_task("probe.ipynb", "west")).record.figures
    fresh = run_task(_task("probe.ipynb", "west", eng=engine.FRESH)).record.figures
    assert warm.pop("pid") != fresh.pop("pid")
    assert warm == fresh


def test_timeout_is_a_failure_and_the_next_notebook_gets_a_new_kernel(fresh_process_kernel):
    starts = engine.warm_kernel_starts()
    slow = run_task(_task("timeout.ipynb", "south", timeout=6)).record
    assert slow.status == "failed"
    assert "timed out after 6 s" in slow.error
    assert slow.cell == 1 and slow.execution_count == 3  # In [1] parameters, In [2] injected
    assert slow.seconds < 30
    after = run_task(_task("ok.ipynb", "north")).record
    assert after.ok, after.error
    assert engine.warm_kernel_starts() == starts + 2


def test_dead_kernel_is_a_failure_and_the_next_notebook_runs(fresh_process_kernel):
    dead = run_task(_task("dead_kernel.ipynb", "north")).record
    assert dead.status == "failed"
    assert "kernel died" in dead.error
    assert dead.cell == 1
    after = run_task(_task("dead_kernel.ipynb", "west")).record
    assert after.ok, after.error


def test_cell_error_reports_cell_and_error_line_and_keeps_the_kernel(fresh_process_kernel):
    starts = engine.warm_kernel_starts()
    failed = run_task(_task("failing.ipynb", "west"))
    rec = failed.record
    assert rec.status == "failed"
    assert rec.error == "ValueError: no data for west"
    assert (rec.cell, rec.execution_count) == (2, 4)
    assert rec.problem() == "cell 2 (In [4]): ValueError: no data for west"
    assert failed.html is not None and "no data for west" in failed.html
    assert rec.figures == {}  # the publish cell after the error never ran
    assert run_task(_task("failing.ipynb", "north")).record.figures == {"after": 1}
    assert engine.warm_kernel_starts() == starts + 1


@pytest.mark.parametrize("eng", [engine.WARM, engine.FRESH])
def test_kernels_talk_over_unix_sockets_not_tcp(fresh_process_kernel, capfd, eng):
    """Both engines' kernels listen on Unix sockets in a private folder: ipykernel says
    nothing of "running over TCP without encryption" (``qiteach notebooks`` runs FRESH)."""
    record = run_task(_task("probe.ipynb", "north", eng=eng)).record
    assert record.ok, record.error
    err = capfd.readouterr().err
    assert "Kernel is running over TCP" not in err, err[-2000:]
