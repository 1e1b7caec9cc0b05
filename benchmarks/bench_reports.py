"""Benchmark the report runner: where the time goes, and cost per team as teams grow.

    .venv/bin/python benchmarks/bench_reports.py [--sizes 10 40 80 160] [--jobs 2]

Uses ``notebooks/reports/team.ipynb`` and ``programme.ipynb`` when they exist,
otherwise a representative stand-in written here (pandas + matplotlib, five
charts and a few tables per team from the workspace CSVs). Workspaces come from
``qiteach simulate collaborative --practices N``. Prints:

1. stock papermill from the shell (one ``papermill`` process and kernel per
   notebook), a few notebooks, seconds each;
2. phases inside one worker: kernel start + library imports, execution, rendering;
3. the full run (programme + every team, ``--jobs`` workers) at each size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "notebooks" / "reports"

PARAMS = 'workspace: str = ""\nteam: str = ""\nrules: str = "anhoej"'
SETUP = """\
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from qiteach.reports import publish, show_figure

teams = pd.read_csv(f"{workspace}/teams.csv")
measures = pd.read_csv(f"{workspace}/measures.csv")
data = pd.read_csv(f"{workspace}/measurements.csv", parse_dates=["period"])
info = teams[teams.team_id == team].iloc[0]
mine = data[data.team_id == team].copy()
mine["y"] = mine["value"].fillna(100 * mine["numerator"] / mine["denominator"])"""
CHART = """\
ids = list(measures[measures.team_id == team].measure_id)
measure_id = ids[{i} % len(ids)]
s = mine[mine.measure_id == measure_id].sort_values("period")
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.plot(s["period"], s["y"], marker="o")
ax.axhline(s["y"].median(), color="grey", linestyle="--")
ax.set_title(f"{{info.team_name}}: {{measure_id}}")
show_figure(fig, alt=f"Run chart of {{measure_id}} for {{info.team_name}}")"""
TABLES = """\
display(measures[measures.team_id == team][["measure_id", "name", "type", "chart"]])
display(mine.groupby("measure_id")["y"].describe().round(2))
publish({"measures": int(mine.measure_id.nunique()), "points": int(len(mine))})"""
PROGRAMME = """\
import pandas as pd
from IPython.display import display

from qiteach.reports import publish

teams = pd.read_csv(f"{workspace}/teams.csv")
display(teams[["team_id", "team_name"]])
publish({"teams": len(teams)})"""


def stand_in_notebooks(folder: Path) -> Path:
    """Write the representative team and programme notebooks into ``folder``."""

    def nb(cells):
        out = new_notebook(cells=cells)
        out.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        out.metadata["language_info"] = {"name": "python"}
        return out

    params = new_code_cell(PARAMS, metadata={"tags": ["parameters"]})
    cells = [new_markdown_cell("# Team report"), params, new_code_cell(SETUP)]
    cells += [new_code_cell(CHART.format(i=i)) for i in range(5)]
    cells.append(new_code_cell(TABLES))
    nbformat.write(nb(cells), folder / "team.ipynb")
    prog_params = new_code_cell('workspace: str = ""', metadata={"tags": ["parameters"]})
    nbformat.write(nb([prog_params, new_code_cell(PROGRAMME)]), folder / "programme.ipynb")
    return folder


def simulate(practices: int, where: Path) -> Path:
    out = where / f"collab-{practices}"
    cmd = [sys.executable, "-m", "qiteach", "simulate", "collaborative", str(out)]
    subprocess.run(
        [*cmd, "--practices", str(practices), "--force"], check=True, capture_output=True
    )
    return out


def stock_papermill(notebooks: Path, workspace: Path, team_ids: list[str], out: Path) -> float:
    """Seconds per notebook for ``papermill`` run from the shell, one process each."""
    exe = Path(sys.executable).with_name("papermill")
    times = []
    for team in team_ids:
        start = time.perf_counter()
        args = ["-p", "workspace", str(workspace), "-p", "team", team, "--no-progress-bar"]
        done = subprocess.run(
            [str(exe), str(notebooks / "team.ipynb"), str(out / f"{team}.ipynb"), *args],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"papermill failed:\n{done.stderr[-2000:]}")
        times.append(time.perf_counter() - start)
    return statistics.mean(times)


def phases(notebooks: Path, workspace: Path, team_ids: list[str]) -> dict[str, float]:
    """Kernel start, execution and rendering inside one in-process worker."""
    from qiteach.reports import engine
    from qiteach.reports.worker import ReportTask, init_worker, run_task

    start = time.perf_counter()
    init_worker()
    setup = time.perf_counter() - start
    records = []
    for team in team_ids:
        params = {"workspace": str(workspace), "team": team}
        task = ReportTask("team", team, team, str(notebooks / "team.ipynb"), params, 600)
        records.append(run_task(task).record)
    engine.shutdown_warm_kernel()
    bad = [r.error for r in records if not r.ok]
    if bad:
        raise SystemExit(f"benchmark notebook failed: {bad[0]}")
    warm = records[1:]
    return {
        "worker set-up (imports)": setup,
        "kernel start + imports": records[0].timings.get("kernel_start", 0.0),
        "execute (warm kernel)": statistics.mean(
            r.timings["execute"] - r.timings.get("kernel_start", 0.0) for r in warm
        ),
        "render HTML": statistics.mean(r.timings["render"] for r in warm),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 80, 160])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stock", type=int, default=3, help="notebooks for the shell baseline")
    args = parser.parse_args(argv)

    from qiteach.reports import run_reports
    from qiteach.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if (REAL / "team.ipynb").is_file() and (REAL / "programme.ipynb").is_file():
            notebooks, which = REAL, "notebooks/reports"
        else:
            (tmp / "nb").mkdir()
            notebooks = stand_in_notebooks(tmp / "nb")
            which = "stand-in (5 charts, 2 tables)"
        print(f"notebooks: {which}; jobs: {args.jobs}")
        base = simulate(min(args.sizes), tmp)
        ids = open_workspace(base).team_ids

        stock_out = tmp / "stock"
        stock_out.mkdir()
        stock = stock_papermill(notebooks, base, ids[: args.stock], stock_out)
        print(f"\nstock papermill from the shell: {stock:.2f} s per notebook")

        print("\nphases inside one worker (seconds)")
        for name, secs in phases(notebooks, base, ids[:6]).items():
            print(f"  {name:<26} {secs:6.2f}")

        print(f"\n{'teams':>6} {'reports':>8} {'wall s':>8} {'s/team':>8} {'failed':>7}")
        for size in args.sizes:
            ws = simulate(size, tmp)
            n_teams = len(open_workspace(ws).team_ids)
            start = time.perf_counter()
            result = run_reports(
                ws, tmp / f"out-{size}", jobs=args.jobs, notebooks_dir=notebooks, progress=False
            )
            wall = time.perf_counter() - start
            print(
                f"{n_teams:>6} {len(result):>8} {wall:>8.1f} {wall / n_teams:>8.2f} "
                f"{len(result.failed):>7}"
            )
            shutil.rmtree(tmp / f"out-{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
