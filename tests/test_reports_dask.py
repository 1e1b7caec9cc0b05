"""--scheduler: the same work on a Dask distributed cluster (LocalCluster on loopback)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"


def test_reports_run_on_a_dask_cluster(tmp_path):
    from qiteach.reports import run_reports

    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "failing.ipynb", notebooks / "team.ipynb")
    shutil.copy(FIXTURES / "programme.ipynb", notebooks / "programme.ipynb")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = run_reports(
            DEMO,
            tmp_path / "out",
            scheduler=cluster.scheduler_address,
            notebooks_dir=notebooks,
            progress=False,
        )
    assert [r.report_id for r in result.failed] == ["west"]
    assert result.record("west").problem() == "cell 2 (In [4]): ValueError: no data for west"
    assert result.record("north").figures == {"after": 1}
    summary = json.loads(result.summary.read_text())
    assert summary["programme_report"]["figures"]["n_teams"] == 3
    assert (tmp_path / "out" / "team-south.html").is_file()


def test_unreachable_scheduler_is_a_report_error(tmp_path):
    from qiteach.exceptions import ReportError
    from qiteach.reports import run_reports

    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "ok.ipynb", notebooks / "team.ipynb")
    shutil.copy(FIXTURES / "programme.ipynb", notebooks / "programme.ipynb")
    with pytest.raises(ReportError, match="cannot reach the Dask scheduler"):
        run_reports(
            DEMO,
            tmp_path / "out",
            scheduler="tcp://127.0.0.1:1",
            notebooks_dir=notebooks,
            progress=False,
        )
