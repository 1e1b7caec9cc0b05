"""open_programme: read once per process, a private copy per call, re-read when a file changes.

The last test runs the real team report in one warm kernel for two teams and
compares it with a fresh kernel: the cache (which survives the kernel's reset
between notebooks) must not change a single byte of the next team's page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from qiteach.exceptions import ValidationFailed
from qiteach.reports import cache

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo-programme"


@pytest.fixture
def ws(tmp_path):
    cache.clear_cache()
    yield Path(shutil.copytree(DEMO, tmp_path / "ws"))
    cache.clear_cache()


def test_second_open_is_a_hit_and_equal_to_open_workspace(ws):
    import qiteach

    first = cache.open_programme(ws)
    second = cache.open_programme(ws)
    assert cache.cache_info() == {"entries": 1, "hits": 1, "misses": 1}
    direct = qiteach.open_workspace(ws)
    for name, df in direct.tables.items():
        pd.testing.assert_frame_equal(second.tables[name], df)
    assert second.meta == direct.meta and second.team_ids == direct.team_ids
    assert first is not second


def test_changes_to_a_copy_never_reach_the_next(ws):
    first = cache.open_programme(ws)
    first.tables["measurements"]["value"] = -1.0
    first.tables["teams"].loc[0, "team_name"] = "leaked"
    first.meta["name"] = "leaked"
    first.meta["sessions"].clear()
    first.sessions.loc[0, "title"] = "leaked"
    first.team("north").measure_series("dna_rate")  # fills first's private index
    second = cache.open_programme(ws)
    assert "leaked" not in second.tables["teams"]["team_name"].tolist()
    assert second.name != "leaked" and second.meta["sessions"]
    assert (second.tables["measurements"]["value"].dropna() != -1.0).all()
    assert second.sessions.loc[0, "title"] != "leaked"
    assert second._index == {}


def test_an_edited_file_is_read_again(ws):
    cache.open_programme(ws)
    teams = ws / "teams.csv"
    df = pd.read_csv(teams, dtype=str, keep_default_na=False)
    df.loc[0, "team_name"] = "Renamed team"
    df.to_csv(teams, index=False)
    st = teams.stat()
    os.utime(teams, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later mtime, surely
    again = cache.open_programme(ws)
    assert again.tables["teams"].loc[0, "team_name"] == "Renamed team"
    assert cache.cache_info()["misses"] == 2 and cache.cache_info()["entries"] == 1


def test_an_invalid_workspace_raises_and_is_not_cached(ws):
    (ws / "teams.csv").write_text("team_id,team_name\n,no id\n")
    with pytest.raises(ValidationFailed):
        cache.open_programme(ws)
    assert cache.cache_info()["entries"] == 0


def _cache_probe(folder: Path) -> Path:
    """A notebook that publishes the kernel's workspace-cache counters."""
    import nbformat

    params = nbformat.v4.new_code_cell(
        'workspace: str = ""\nteam: str = ""', metadata={"tags": ["parameters"]}
    )
    probe = nbformat.v4.new_code_cell(
        "from qiteach.reports import publish\n"
        "from qiteach.reports.cache import cache_info\n"
        "publish(cache_info())"
    )
    nb = nbformat.v4.new_notebook(cells=[params, probe])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_warm_kernel_team_page_equals_a_fresh_kernel_page(tmp_path):
    """North then west in one warm kernel (cache hit for west) == west in a fresh kernel."""
    from dataclasses import replace

    from qiteach.reports import engine
    from qiteach.reports.runner import plan_tasks
    from qiteach.reports.worker import run_task

    _, _, tasks = plan_tasks(DEMO, teams=["north", "west"])
    north, west = [t for t in tasks if t.kind == "team"]
    probe = replace(west, notebook=str(_cache_probe(tmp_path)), report_id="probe")
    engine.shutdown_warm_kernel()
    try:
        warm_north = run_task(north)
        warm_west = run_task(west)
        probed = run_task(probe).record  # same kernel, after both reports
        fresh_west = run_task(replace(west, engine=engine.FRESH))
    finally:
        engine.shutdown_warm_kernel()
    assert probed.ok, probed.problem()
    assert probed.figures == {"entries": 1, "hits": 1, "misses": 1}  # west read from the cache
    for rendered in (warm_north, warm_west, fresh_west):
        assert rendered.record.ok, rendered.record.problem()
    assert warm_west.html == fresh_west.html
    assert warm_west.record.figures == fresh_west.record.figures
    assert warm_north.html != warm_west.html
