"""run_reports end to end on the demo programme with the fixture notebooks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from qiteach.exceptions import InputError
from qiteach.reports import run_reports
from qiteach.reports.render import external_references

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"


def _notebooks(tmp_path: Path, team: str, programme: str = "programme.ipynb") -> Path:
    folder = tmp_path / f"nb-{team.split('.')[0]}"
    folder.mkdir()
    shutil.copy(FIXTURES / team, folder / "team.ipynb")
    shutil.copy(FIXTURES / programme, folder / "programme.ipynb")
    return folder


@pytest.fixture(scope="module")
def ok_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ok")
    notebooks = _notebooks(tmp, "ok.ipynb")
    first = run_reports(DEMO, tmp / "a", jobs=2, notebooks_dir=notebooks, progress=False)
    second = run_reports(DEMO, tmp / "b", jobs=2, notebooks_dir=notebooks, progress=False)
    return first, second


def test_every_report_runs_and_is_written(ok_run):
    result, _ = ok_run
    assert result.ok
    assert [(r.kind, r.report_id) for r in result] == [
        ("programme", "programme"),
        ("team", "north"),
        ("team", "west"),
        ("team", "south"),
    ]
    names = sorted(p.name for p in result.out_dir.iterdir() if not p.name.startswith("."))
    assert names == sorted(
        ["index.html", "summary.json", "programme.html", "programme.ipynb"]
        + [f"team-{t}.{ext}" for t in ("north", "west", "south") for ext in ("html", "ipynb")]
    )


def test_html_is_offline_without_code_and_keeps_alt_text(ok_run):
    result, _ = ok_run
    page = (result.out_dir / "team-west.html").read_text()
    assert external_references(page) == []
    assert "read_csv" not in page and "show_figure" not in page  # inputs hidden
    assert "trainer-only note" not in page  # remove-cell dropped
    assert "Team West Locality uses anhoej rules" in page
    assert re.search(
        r'<img alt="Line chart for west: three points" src="data:image/png;base64,', page
    )
    assert "application/vnd.qiteach.summary+json" not in page


def test_summary_json_holds_published_figures_and_statuses(ok_run):
    result, _ = ok_run
    summary = json.loads(result.summary.read_text())
    assert summary["programme"] == "SYNTHETIC DEMO - Shire Valley QI Leaders 2025-26"
    assert (summary["reports"], summary["ok"], summary["failed"]) == (4, 4, 0)
    assert summary["teams"]["south"]["figures"] == {
        "team": "south",
        "rules": "anhoej",
        "n_teams": 3,
    }
    assert summary["programme_report"]["figures"] == {"n_teams": 3, "rules": "anhoej"}
    assert summary["teams"]["north"]["status"] == "ok"


def test_rerun_is_byte_identical(ok_run):
    first, second = ok_run
    for name in ("programme.html", "team-north.html", "team-south.html", "index.html"):
        assert (first.out_dir / name).read_bytes() == (second.out_dir / name).read_bytes(), name
    assert first.summary.read_bytes() == second.summary.read_bytes()


def test_index_lists_every_report(ok_run):
    result, _ = ok_run
    page = result.index.read_text()
    assert "SYNTHETIC DEMO - Shire Valley QI Leaders 2025-26" in page
    for team in ("north", "west", "south"):
        assert f'href="team-{team}.html"' in page
    assert page.count('class="status ok"') == 4
    assert external_references(page) == []
    # the front page of a synthetic programme carries the reports' banner and plain names
    assert "SYNTHETIC DATA: made-up programme" in page
    assert "Chart rules: Anhøj rules." in page


def test_one_failing_team_does_not_stop_the_others(tmp_path):
    notebooks = _notebooks(tmp_path, "failing.ipynb")
    out = tmp_path / "out"
    (out).mkdir()
    (out / "team-west.html").write_text("stale page from an earlier run")
    result = run_reports(DEMO, out, jobs=2, rules="ihi", notebooks_dir=notebooks, progress=False)
    assert [r.report_id for r in result.failed] == ["west"]
    west = result.record("west")
    assert west.problem() == "cell 2 (In [4]): ValueError: no data for west"
    assert result.record("north").figures == {"after": 1}
    # the failed report is still rendered, showing where it stopped
    assert "no data for west" in (out / "team-west.html").read_text()
    summary = json.loads(result.summary.read_text())
    assert summary["failed"] == 1 and summary["rules"] == "ihi"
    assert summary["teams"]["west"]["cell"] == 2
    assert summary["teams"]["west"]["error"] == "ValueError: no data for west"
    page = result.index.read_text()
    assert "cell 2 (In [4]): ValueError: no data for west" in page
    assert not list(out.glob(".*.tmp"))


def test_timeout_and_dead_kernel_are_failures_not_hangs(tmp_path):
    slow = run_reports(
        DEMO,
        tmp_path / "slow",
        teams=["south", "north"],
        timeout=8,
        jobs=2,
        notebooks_dir=_notebooks(tmp_path, "timeout.ipynb"),
        progress=False,
    )
    assert [r.report_id for r in slow.failed] == ["south"]
    assert "timed out after 8 s" in slow.record("south").error
    assert slow.record("north").ok
    dead = run_reports(
        DEMO,
        tmp_path / "dead",
        teams=["north", "west"],
        jobs=1,
        notebooks_dir=_notebooks(tmp_path, "dead_kernel.ipynb"),
        progress=False,
    )
    assert [r.report_id for r in dead.failed] == ["north"]
    assert "kernel died" in dead.record("north").error
    assert dead.record("west").ok  # same worker, new kernel


@pytest.mark.parametrize("bad", ["../evil", "a b", "-x", "x" * 65, "north;rm"])
def test_unsafe_team_ids_are_refused_before_anything_runs(tmp_path, bad):
    out = tmp_path / "out"
    with pytest.raises(InputError, match="not a safe file name"):
        run_reports(DEMO, out, teams=[bad], notebooks_dir=tmp_path / "none", progress=False)
    assert not out.exists()


def test_unknown_team_and_missing_notebook_are_input_errors(tmp_path):
    notebooks = _notebooks(tmp_path, "ok.ipynb")
    with pytest.raises(InputError, match=r'unknown team "nrth".*did you mean "north"'):
        run_reports(DEMO, tmp_path / "o", teams=["nrth"], notebooks_dir=notebooks)
    with pytest.raises(InputError, match="report notebook not found"):
        run_reports(DEMO, tmp_path / "o", notebooks_dir=tmp_path)
    with pytest.raises(InputError, match="unknown chart rules"):
        run_reports(DEMO, tmp_path / "o", rules="nelson", notebooks_dir=notebooks)


def test_notebook_must_declare_the_team_parameter(tmp_path):
    notebooks = _notebooks(tmp_path, "programme.ipynb")  # no `team` parameter
    with pytest.raises(InputError, match="does not declare parameter 'team'"):
        run_reports(DEMO, tmp_path / "o", notebooks_dir=notebooks)


def test_a_worker_waits_while_its_report_prints(tmp_path):
    """Printing (``done``) holds the slot of the worker whose report it is: at no moment
    do more than ``jobs`` pieces of work and printing run at once, and every task runs."""
    import time

    from pool_work import timed

    from qiteach.reports.runner import _run_local

    printing: list[tuple[float, float]] = []
    ran: list[tuple[int, float, float]] = []

    def done(task, rendered):
        start = time.time()
        time.sleep(0.2)  # the PDF printing, in this process
        printing.append((start, time.time()))
        ran.append(rendered)

    _run_local([(i, str(tmp_path)) for i in range(6)], 2, done, work=timed)
    assert sorted(number for number, _, _ in ran) == list(range(6))
    first, second = (span for span in ran if span[0] < 2)
    assert first[1] < second[2] and second[1] < first[2]  # two workers were busy at once
    spans = [(start, end) for _, start, end in ran] + printing
    for moment, _ in spans:  # at each start, count what is under way
        busy = sum(1 for start, end in spans if start <= moment < end)
        assert busy <= 2, f"{busy} things ran at once at {moment}"
