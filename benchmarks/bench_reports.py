"""Benchmark the report runner: where the time goes, and cost per team as teams grow.

    .venv/bin/python benchmarks/bench_reports.py [--sizes 10 40 80 160] [--jobs 2]
    .venv/bin/python benchmarks/bench_reports.py --workspace datasets/collaborative --teams 12
    .venv/bin/python benchmarks/bench_reports.py --workspace datasets/collaborative --quick

``--quick`` (with ``--workspace``) skips the full run (item 5): about a minute
instead of several, and it still prints issue 16's figure, the line
"team: CPU per team report (kernel + worker)", and the CPU per section.

Runs ``notebooks/reports/team.ipynb`` and ``programme.ipynb`` on workspaces
made by ``qiteach simulate collaborative --practices N`` (or, with
``--workspace``, on that workspace and its first ``--teams`` teams). Prints:

1. the machine load (``os.getloadavg``): on a shared machine wall times grow
   with it, CPU seconds do not;
2. stock papermill from the shell (one ``papermill`` process and kernel per
   notebook), a few notebooks, seconds each;
3. phases inside one worker: worker set-up, kernel start + library imports,
   then per notebook the kernel's CPU, the worker's CPU (papermill, messages,
   rendering), rendering alone and writing the two files;
4. CPU seconds of each report section, running the notebooks' own code
   in this process (the team report averaged over a few teams, the programme
   report once on the largest size);
5. the full run (programme + every team, ``--jobs`` workers) at each size:
   wall seconds, CPU seconds of every process involved (workers and kernels
   included), and the wall time a quiet machine would need (CPU / jobs).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks" / "reports"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def simulate(practices: int, where: Path) -> Path:
    out = where / f"collab-{practices}"
    cmd = [sys.executable, "-m", "qiteach", "simulate", "collaborative", str(out)]
    subprocess.run(
        [*cmd, "--practices", str(practices), "--force"], check=True, capture_output=True
    )
    return out


def children_cpu() -> float:
    """CPU seconds of this process and every finished, waited-for descendant."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def stock_papermill(workspace: Path, team_ids: list[str], out: Path) -> float:
    """Seconds per notebook for ``papermill`` run from the shell, one process each."""
    exe = Path(sys.executable).with_name("papermill")
    times = []
    for team in team_ids:
        start = time.perf_counter()
        args = ["-p", "workspace", str(workspace), "-p", "team", team, "--no-progress-bar"]
        done = subprocess.run(
            [str(exe), str(NOTEBOOKS / "team.ipynb"), str(out / f"{team}.ipynb"), *args],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"papermill failed:\n{done.stderr[-2000:]}")
        times.append(time.perf_counter() - start)
    return statistics.mean(times)


def _kernel_cpu() -> float | None:
    """CPU seconds of this process's warm kernel (Linux /proc), or None."""
    from qiteach.reports import engine

    warm = engine._WARM
    pid = getattr(getattr(warm.client.km, "provisioner", None), "pid", None) if warm else None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def phases(workspace: Path, team_ids: list[str], out: Path) -> dict[str, float]:
    """Worker set-up, kernel start, and per-notebook kernel / worker / render / write costs."""
    from qiteach.fileio import write_text_atomic
    from qiteach.reports import engine
    from qiteach.reports.runner import plan_tasks
    from qiteach.reports.worker import init_worker, run_task

    start = time.perf_counter()
    init_worker()
    setup = time.perf_counter() - start
    _, _, tasks = plan_tasks(workspace, teams=team_ids)
    tasks = [t for t in tasks if t.kind == "team"]
    engine.shutdown_warm_kernel()
    first = run_task(tasks[0]).record
    kernel0, worker_cpu = _kernel_cpu(), 0.0
    rendered, writes = [], []
    for task in tasks[1:]:
        cpu = time.process_time()
        rendered.append(run_task(task))
        worker_cpu += time.process_time() - cpu
        w = time.perf_counter()
        write_text_atomic(out / task.html_name, rendered[-1].html or "")
        write_text_atomic(out / task.notebook_name, rendered[-1].ipynb or "")
        writes.append(time.perf_counter() - w)
    n = len(rendered)
    kernel1 = _kernel_cpu()
    engine.shutdown_warm_kernel()
    bad = [r.record.problem() for r in rendered if not r.record.ok]
    if not first.ok or bad:
        raise SystemExit(f"team report failed: {first.problem() or bad[0]}")
    out_phases = {
        "worker set-up (imports)": setup,
        "kernel start + imports": first.timings.get("kernel_start", 0.0),
        "team: wall per notebook": statistics.mean(r.record.seconds for r in rendered),
        "team: worker CPU": worker_cpu / n,
        "team: render HTML (wall)": statistics.mean(r.record.timings["render"] for r in rendered),
        "team: write html+ipynb": statistics.mean(writes),
        "team: page size (MB)": statistics.mean(len(r.html or "") for r in rendered) / 1e6,
    }
    if kernel0 is not None and kernel1 is not None:
        out_phases["team: kernel CPU"] = (kernel1 - kernel0) / n
    return out_phases


def section_costs(notebook: Path, workspace: Path, teams: list[str]) -> dict[str, float]:
    """CPU seconds per report section (``##`` heading), the notebook's code run in-process.

    The first run warms imports and the workspace cache and is not counted.
    """
    import matplotlib

    matplotlib.use("Agg")
    nb = nbformat.read(notebook, as_version=4)
    totals: dict[str, float] = defaultdict(float)
    for k, team in enumerate(teams):
        names = {"workspace": str(workspace), "rules": "", "team": team}
        section = "set-up and header"
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.source.startswith("## "):
                section = cell.source.splitlines()[0][3:]
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            start = time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell.source, str(notebook), "exec"), names)
            if k:
                totals[section] += time.process_time() - start
    return {name: secs / max(1, len(teams) - 1) for name, secs in totals.items()}


def given_workspace(workspace: Path, n_teams: int, jobs: int, *, full_run: bool = True) -> int:
    """Phases, section costs and (unless not ``full_run``) one full run on ``workspace``."""
    from qiteach.reports import run_reports
    from qiteach.workspace import open_workspace

    ids = open_workspace(workspace).team_ids[: max(2, n_teams)]
    print(f"{workspace.name}, {len(ids)} teams; jobs: {jobs}; {load()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print("\nphases inside one worker (seconds; wall unless CPU)")
        (tmp / "phases").mkdir()
        got = phases(workspace, ids[: min(len(ids), 7)], tmp / "phases")
        for name, secs in got.items():
            print(f"  {name:<28} {secs:7.3f}")
        if "team: kernel CPU" in got:
            per_team = got["team: kernel CPU"] + got["team: worker CPU"]
            print(f"  {'team: CPU per team report':<28} {per_team:7.3f}  (kernel + worker)")
        print(f"\nCPU seconds per section, team report (mean of {len(ids) - 1} teams)")
        team_costs = section_costs(NOTEBOOKS / "team.ipynb", workspace, ids)
        for name, secs in team_costs.items():
            print(f"  {name:<44} {secs:6.3f}")
        print(f"  {'total':<44} {sum(team_costs.values()):6.3f}")
        if not full_run:
            print(f"\n{load()}")
            return 0
        cpu0, start = children_cpu(), time.perf_counter()
        result = run_reports(
            workspace, tmp / "out", teams=ids, jobs=jobs, notebooks_dir=NOTEBOOKS, progress=False
        )
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu0
        print(
            f"\nfull run, {len(result)} reports (programme + {len(ids)} teams): wall {wall:.1f} s, "
            f"CPU {cpu:.1f} s, {cpu / len(ids):.2f} s CPU per team, {len(result.failed)} failed"
        )
    print(f"\n{load()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 80, 160])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stock", type=int, default=3, help="notebooks for the shell baseline")
    parser.add_argument("--workspace", type=Path, help="a workspace to measure instead of sizes")
    parser.add_argument("--teams", type=int, default=12, help="teams of --workspace to run")
    parser.add_argument(
        "--quick", action="store_true", help="with --workspace: phases and sections, no full run"
    )
    args = parser.parse_args(argv)
    if args.workspace:
        return given_workspace(
            args.workspace.resolve(), args.teams, args.jobs, full_run=not args.quick
        )

    from qiteach.reports import run_reports
    from qiteach.workspace import open_workspace

    print(f"jobs: {args.jobs}; {load()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = simulate(min(args.sizes), tmp)
        ids = open_workspace(base).team_ids

        if args.stock:
            stock_out = tmp / "stock"
            stock_out.mkdir()
            stock = stock_papermill(base, ids[: args.stock], stock_out)
            print(f"\nstock papermill from the shell: {stock:.2f} s per notebook")

        print("\nphases inside one worker (seconds; wall unless CPU)")
        (tmp / "phases").mkdir()
        for name, secs in phases(base, ids[:7], tmp / "phases").items():
            print(f"  {name:<28} {secs:7.3f}")

        print("\nCPU seconds per section, team report (mean of 5 teams)")
        team_costs = section_costs(NOTEBOOKS / "team.ipynb", base, ids[:6])
        for name, secs in team_costs.items():
            print(f"  {name:<44} {secs:6.3f}")
        print(f"  {'total':<44} {sum(team_costs.values()):6.3f}")

        print(f"\n{'teams':>6} {'reports':>8} {'wall s':>8} {'s/team':>7} {'CPU s':>7} "
              f"{'CPU/team':>9} {'quiet wall':>11} {'failed':>7}  load")  # fmt: skip
        largest = None
        for size in args.sizes:
            ws = simulate(size, tmp)
            n_teams = len(open_workspace(ws).team_ids)
            cpu0, start = children_cpu(), time.perf_counter()
            result = run_reports(
                ws, tmp / f"out-{size}", jobs=args.jobs, notebooks_dir=NOTEBOOKS, progress=False
            )
            wall, cpu = time.perf_counter() - start, children_cpu() - cpu0
            print(
                f"{n_teams:>6} {len(result):>8} {wall:>8.1f} {wall / n_teams:>7.2f} {cpu:>7.1f} "
                f"{cpu / n_teams:>9.2f} {cpu / args.jobs:>11.1f} {len(result.failed):>7}  "
                f"{os.getloadavg()[0]:.1f}",
                flush=True,
            )
            shutil.rmtree(tmp / f"out-{size}")
            largest = ws

        print(f"\nCPU seconds per section, programme report ({largest.name}, one run)")
        prog_costs = section_costs(NOTEBOOKS / "programme.ipynb", largest, ["", ""])
        for name, secs in prog_costs.items():
            print(f"  {name:<68} {secs:6.3f}")
        print(f"  {'total':<68} {sum(prog_costs.values()):6.3f}")
    print(f"\n{load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
