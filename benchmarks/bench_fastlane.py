"""The fast lane's figure (issue 11): wall and CPU seconds of ``make fast``, against its goal.

    .venv/bin/python benchmarks/bench_fastlane.py [--files 15] [--dist worksteal]

Runs ``pytest -q -n 2 -m "not slow" -p no:cacheprovider --durations=0`` once as a
child process and prints the wall time, the children's user and system CPU seconds
(``resource.getrusage(RUSAGE_CHILDREN)``: the xdist workers included), the load
average before and after, the date, pytest's last line and the costliest test files
(the sum of their setup, call and teardown durations). The goal is a wall time under
two minutes on a quiet two-core machine; on a shared machine judge a change by the
CPU seconds, which hardly grow with the load. Not part of ``make bench``: it takes
minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: issue 11: the fast lane runs in under two minutes (wall, quiet 2-core machine)
GOAL_SECONDS = 120.0
DURATION = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S+)")


def per_file(lines: list[str]) -> dict[str, float]:
    """Seconds per test file from ``--durations=0`` lines.

    >>> per_file(["1.50s call     tests/test_a.py::test_x", "0.25s setup    tests/test_a.py::t",
    ...           "0.10s call     qiteach/x.py::qiteach.x"])
    {'tests/test_a.py': 1.75, 'qiteach/x.py': 0.1}
    """
    out: dict[str, float] = defaultdict(float)
    for line in lines:
        m = DURATION.match(line)
        if m:
            out[m.group(3).split("::")[0]] += float(m.group(1))
    return dict(out)


def main() -> int:
    """Run the fast lane once and print its figures; return pytest's exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=15, help="how many costliest files to list")
    parser.add_argument("--dist", default="worksteal", help="pytest-xdist --dist mode")
    args = parser.parse_args()
    cmd = [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", args.dist]
    cmd += ["-m", "not slow", "-p", "no:cacheprovider", "--durations=0"]
    load_before = os.getloadavg()
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    load_after = os.getloadavg()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = run.stdout.splitlines()
    last = next((x for x in reversed(lines) if x.strip()), "(no output)")
    print(f"date      {dt.datetime.now().astimezone().isoformat(timespec='minutes')}")
    print(f"command   {' '.join(cmd[2:])}  (cores: {os.cpu_count()})")
    print(f"result    {last.strip('= ')}")
    print(f"wall      {wall:.1f} s (goal < {GOAL_SECONDS:.0f} s on a quiet machine)")
    print(f"cpu       {usage.ru_utime:.1f} s user, {usage.ru_stime:.1f} s system")
    before, after = (" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    print(f"load      before {before}, after {after} (1, 5, 15 min)")
    print(f"\ncostliest files (seconds of setup + call + teardown, top {args.files}):")
    for name, seconds in sorted(per_file(lines).items(), key=lambda kv: -kv[1])[: args.files]:
        print(f"  {seconds:7.1f}  {name}")
    if run.returncode:
        print(run.stdout[-3000:], run.stderr[-2000:], sep="\n", file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
