"""A warm report kernel does not grow: each notebook's garbage is freed before the next (issue 16).

The reset collected nothing before ``gc.freeze()``, so every team report's cyclic
garbage (figures, frames, DataFrames) was frozen for ever: about 15 MB a notebook.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qiteach.reports import engine
from qiteach.reports.runner import plan_tasks
from qiteach.reports.worker import run_task

pytestmark = pytest.mark.slow

COLLABORATIVE = Path(__file__).parents[1] / "datasets" / "collaborative"
NOTEBOOKS = 20


def _rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_warm_kernel_memory_stays_flat_over_20_team_reports() -> None:
    engine.shutdown_warm_kernel()
    _, _, tasks = plan_tasks(COLLABORATIVE)
    teams = [t for t in tasks if t.kind == "team"][:NOTEBOOKS]
    assert len(teams) == NOTEBOOKS
    sizes: list[float] = []
    pids: set[int | None] = set()
    try:
        for task in teams:
            record = run_task(task).record
            assert record.ok, (task.report_id, record.error)
            pid = engine.warm_kernel_pid()
            assert pid is not None
            pids.add(pid)
            sizes.append(_rss_mb(pid))
    finally:
        engine.shutdown_warm_kernel()
    assert len(pids) == 1  # one kernel ran them all
    first, last = sizes[0], sizes[-1]
    shown = ", ".join(f"{s:.0f}" for s in sizes)
    assert last - first <= 0.10 * first, f"kernel MB after each notebook: {shown}"
