"""Benchmark: time and memory at the edge of the size envelope (issue 17).

Builds a workspace at the limits of ``qiteach.workspace.limits`` (1,000 teams x 10
measures x 50 periods = 500,000 measurement rows, plus PDSA, survey and the rest),
then runs, each in its own process so that its peak memory is its own:

- ``qiteach validate`` on the folder of CSV files and on the same data as a workbook;
- ``qiteach report --team`` for one team (the programme report runs too);
- the refusals one step past the edge: 1,001 teams, and 500,001 rows in a CSV.

It prints wall time and the peak resident memory of the largest process (the report's
kernels included). Run: ``.venv/bin/python benchmarks/bench_envelope.py [--no-workbook]``
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_workspace import build

from qiteach.workspace.limits import MAX_TABLE_ROWS, MAX_TEAMS

PERIODS = MAX_TABLE_ROWS // (MAX_TEAMS * 10)  # 10 measures per team

_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True);"
    "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
    "print(r.returncode, peak);"
    "sys.stderr.write(r.stdout.decode()[-300:] + r.stderr.decode()[-300:])"
)


def run(*args: str) -> tuple[int, float, float, str]:
    """Exit code, wall seconds, peak MiB of the largest process, and the last output."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "qiteach", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    code, peak = done.stdout.split()
    tail = done.stderr.strip().splitlines()
    return int(code), wall, int(peak) / 1024, tail[-1] if tail else ""


def show(job: str, result: tuple[int, float, float, str]) -> None:
    code, wall, peak, last = result
    print(f"{job:<52} exit {code}  {wall:7.1f} s  {peak:7.0f} MiB   {last[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-workbook", action="store_true", help="skip the .xlsx runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "edge"
        root.mkdir()
        t0 = time.perf_counter()
        build(root, MAX_TEAMS, measures=10, periods=PERIODS)
        meta = root / "programme.yaml"  # 50 monthly points run to February 2029
        meta.write_text(meta.read_text().replace("2027-12-31", "2029-12-31"))
        rows = sum(1 for _ in (root / "measurements.csv").open()) - 1
        print(
            f"workspace at the edge: {MAX_TEAMS:,} teams, {rows:,} measurement rows "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        show("validate, folder of CSV files", run("validate", str(root)))
        if not args.no_workbook:
            book = Path(tmp) / "edge.xlsx"
            show("convert the folder to a workbook", run("convert", str(root), str(book)))
            show("validate, the same data as a workbook", run("validate", str(book)))
        out = Path(tmp) / "out"
        show(
            "report --team t0000 (and the programme report)",
            run("report", str(root), "--out", str(out), "--team", "t0000", "--jobs", "1", "-q"),
        )
        over = Path(tmp) / "over-teams"
        shutil.copytree(root, over)
        teams = over / "teams.csv"
        width = teams.open().readline().count(",") + 1
        with teams.open("a") as fh:
            fh.write(f"t{MAX_TEAMS:04d},Team extra" + "," * (width - 2) + "\n")
        show(f"refuse {MAX_TEAMS + 1:,} teams (validate)", run("validate", str(over)))
        over = Path(tmp) / "over-rows"
        shutil.copytree(root, over)
        with (over / "measurements.csv").open("a") as fh:
            fh.write("t0000,m0,2099-01-01,1,,,\n" * (MAX_TABLE_ROWS - rows + 1))
        show(f"refuse {MAX_TABLE_ROWS + 1:,} rows (validate)", run("validate", str(over)))
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this script itself peaked at {usage:.0f} MiB while building)")


if __name__ == "__main__":
    main()
