"""CPU seconds of the commands people wait for, against their goals and the peers.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7] [--peers build/peers]

Each command runs as its own process (qiteach as the ``qiteach`` command people type,
the console script beside this Python); its CPU time (user + system, from
``resource.getrusage(RUSAGE_CHILDREN)``) is the figure, because on a shared
machine wall time grows with the load and CPU time hardly does. After an
untimed warm-up round (which writes bytecode caches) the commands are
interleaved, one of each then again, and the median of ``--repeat`` runs is
printed with the goal from issue 16.

The peers are measured in the same run when a virtual environment holding them
is given (``--peers``, by default ``build/peers``, made by ``make peers``):
clinical-qikit computing the same p chart and printing its JSON, and pyqicharts'
command line drawing it to PNG. Without them the figures stated in issue 16
(measured on this machine) are printed instead, marked as such.

``make peers`` also pip-installs this checkout into that environment, as a user
gets qiteach. ``chart --json`` is compared with qikit from there: the same
interpreter, the same pandas, the same kind of install. The checkout's own
``.venv`` holds qiteach as an editable install, whose import hook costs every
Python start about 11 ms of CPU here (``python -c pass``: 21 against 10 ms); a
user's install has no such hook. The installed copy is used only while its
modules are the checkout's (compared by content); otherwise the line says to run
``make peers`` again.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo-programme"
#: the chart --json case run from a pip install beside qikit (the one with qikit's goal)
INSTALLED_JSON = "  the same --json, pip-installed"
#: peer CPU seconds stated in issue 16 (same chart, this machine), used when a peer is missing
STATED = {"qikit": 0.56}

_QIKIT = """\
import sys
import pandas as pd
from qikit import qic
data = pd.read_csv(sys.argv[1])
print(qic(data=data, x="x", y="y", n="n", chart="p").to_json())
"""


#: children may write bytecode caches (as an installed qiteach has them): the untimed
#: warm-up round writes them, so no timed run pays for compiling
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Case:
    """One command line, measured ``repeat`` times."""

    name: str
    argv: list[str]
    goal: float | str | None = None  # seconds, or the name of the peer case to beat
    prepare: Callable[[], None] | None = None  # run before each measurement, not timed
    times: list[float] | None = None


def cpu_of(argv: list[str]) -> float:
    """CPU seconds (user + system) the command and its waited-for children used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=_ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stderr[-1500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def p_chart_csv(path: Path, points: int = 30) -> Path:
    """A monthly p chart's data: x (ISO dates), y (numerators), n (denominators)."""
    rng = np.random.default_rng(16)
    n = rng.integers(80, 120, points)
    pd.DataFrame(
        {
            "x": pd.date_range("2024-01-01", periods=points, freq="MS").strftime("%Y-%m-%d"),
            "y": rng.binomial(n, 0.3),
            "n": n,
        }
    ).to_csv(path, index=False)
    return path


def installed_qiteach(peers: Path | None) -> tuple[str | None, str]:
    """The ``qiteach`` command pip-installed in ``peers``, if its modules are this checkout's.

    Returns ``(command or None, why not)``.
    """
    if peers is None:
        return None, "no peers environment (make peers)"
    script = peers / "bin" / "qiteach"
    if not script.exists():
        return None, f"qiteach is not installed in {peers} (make peers)"
    done = subprocess.run(
        [str(peers / "bin" / "python"), "-c", "import qiteach; print(qiteach.__file__)"],
        capture_output=True, text=True, check=False, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    if done.returncode != 0:
        return None, f"qiteach in {peers} does not import (make peers)"
    installed = Path(done.stdout.strip()).parent
    source = ROOT / "qiteach"

    # the checkout's modules, each as it is in the install (a wheel also carries copies of
    # the shipped datasets and report notebooks under qiteach/_shipped/)
    stale = [
        f for f in sorted(source.rglob("*.py"))
        if not (installed / f.relative_to(source)).is_file()
        or (installed / f.relative_to(source)).read_bytes() != f.read_bytes()
    ]  # fmt: skip
    if stale:
        return None, f"qiteach in {peers} is older than this checkout (make peers)"
    return str(script), ""


def cases(work: Path, peers: Path | None, qi: list[str]) -> list[Case]:
    """Every command measured (``qi`` runs qiteach): qiteach's, then the peers' when installed."""
    data = p_chart_csv(work / "p30.csv")
    png = work / "chart.png"
    new_dir = work / "new-ws"
    xlsx = work / "demo.xlsx"

    def clear(*paths: Path) -> Callable[[], None]:
        def run() -> None:
            for p in paths:
                if p.is_dir():
                    import shutil

                    shutil.rmtree(p)
                elif p.exists():
                    p.unlink()

        return run

    peer_py = peers / "bin" / "python" if peers else None
    peer_pq = peers / "bin" / "pyqicharts" if peers else None
    have_qikit = bool(peer_py and peer_py.exists())
    have_pq = bool(peer_pq and peer_pq.exists())
    installed, why = installed_qiteach(peers) if have_qikit else (None, "")
    if why:
        print(f"chart --json from a user's install not measured: {why}")
    json_argv = ["chart", str(data), "--chart", "p", "--json"]
    out = [
        Case(
            "qiteach chart p, 30 points --json",
            [*qi, *json_argv],
            goal=None if installed else ("qikit" if have_qikit else STATED["qikit"]),
        ),
        Case(
            "qiteach chart p, 30 points --out PNG",
            [*qi, "chart", str(data), "--chart", "p", "--out", str(png)],
            goal="pyqicharts" if have_pq else None,
        ),
        Case("qiteach validate (demo programme)", [*qi, "validate", str(DEMO)], goal=0.7),
        Case("qiteach datasets", [*qi, "datasets"], goal=0.7),
        Case("qiteach new DIR", [*qi, "new", str(new_dir)], goal=0.7, prepare=clear(new_dir)),
        Case(
            "qiteach convert DIR FILE.xlsx",
            [*qi, "convert", str(DEMO), str(xlsx)],
            goal=0.7,
            prepare=clear(xlsx),
        ),
    ]
    for command in ("simulate", "report", "notebooks"):
        out.append(Case(f"qiteach {command} --help", [*qi, command, "--help"], goal=0.7))
    out.append(Case("qiteach --help (every subcommand)", [*qi, "--help"]))
    if installed:
        out.insert(1, Case(INSTALLED_JSON, [installed, *json_argv], goal="qikit"))
    if have_qikit:
        script = work / "qikit_p.py"
        script.write_text(_QIKIT, encoding="utf-8")
        out.append(Case("qikit", [str(peer_py), str(script), str(data)]))
    if have_pq:
        pq = [str(peer_pq), "chart", str(data), "--x", "x", "--y", "y", "--chart", "p"]
        pq += ["--denominator", "n", "--output", str(work / "pq.png")]
        out.append(Case("pyqicharts", pq))
    return out


#: runs in a fresh interpreter: IPython is loaded first and not timed (a kernel has it),
#: then the notebook's parameters cell and its imports + workspace cell are timed
_CELL = """\
import json, sys, time
import IPython.display
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
code = [c for c in cells if c["cell_type"] == "code"][:2]
source = "\\n".join(
    line for c in code for line in "".join(c["source"]).splitlines()
    if not line.lstrip().startswith(("%", "!"))
)
start = time.process_time()
exec(compile(source, sys.argv[1], "exec"), {"__name__": "__main__"})
print(time.process_time() - start, file=sys.stderr)
"""


def first_cells(repeat: int) -> None:
    """CPU seconds of each session notebook's first cells (parameters, imports + workspace).

    Twice: in a kernel of the hub (one BLAS thread, :data:`qiteach.blas.ONE_BLAS_THREAD`,
    as the hub sets for every server) and in a plain one (numpy's default BLAS pool).
    """
    from qiteach.blas import ONE_BLAS_THREAD

    masters = sorted((ROOT / "notebooks" / "sessions").glob("*.ipynb"))
    plain = {k: v for k, v in _ENV.items() if k not in ONE_BLAS_THREAD}
    envs = {
        "hub": {**plain, "MPLBACKEND": "Agg", **ONE_BLAS_THREAD},
        "plain": {**plain, "MPLBACKEND": "Agg"},
    }
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeat + 1):  # the first round is the untimed warm-up
        for nb in masters:
            for kind, env in envs.items():
                done = subprocess.run(
                    [sys.executable, "-c", _CELL, str(nb)],
                    capture_output=True, text=True, check=True, env=env, cwd=nb.parent,
                )  # fmt: skip
                times.setdefault((nb.stem, kind), []).append(
                    float(done.stderr.strip().splitlines()[-1])
                )
    print(f"\n{'session notebook: first code cells':<38}{'hub CPU s':>10}{'plain':>8}{'goal':>12}")
    for nb in masters:
        hub, bare = (statistics.median(times[(nb.stem, k)][1:]) for k in envs)
        worst = max(hub, bare)
        verdict = "  ok" if worst < 1.0 else "  MISSED"
        print(f"{nb.stem:<38}{hub:>10.2f}{bare:>8.2f}{'< 1.00 s':>12}{verdict}")


def paired(mine: list[float], theirs: list[float]) -> str:
    """Two commands compared round by round (they ran one after the other in each round).

    The median difference, how many rounds the first was cheaper in, and the exact
    two-sided sign test's p for "neither is cheaper" (ties dropped): a p above 0.05 means
    the runs cannot tell the two apart.

    >>> paired([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.1, 1.2, 1.1, 1.1, 1.3, 1.2])
    'median -0.150 s; cheaper in 6 of 6 rounds (sign test p = 0.031)'
    """
    diffs = [a - b for a, b in zip(mine, theirs, strict=True)]
    lower = sum(d < 0 for d in diffs)
    n = lower + sum(d > 0 for d in diffs)
    k = min(lower, n - lower)
    p = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2**n) if n else 1.0
    return (
        f"median {statistics.median(diffs):+.3f} s; cheaper in {lower} of {len(diffs)} rounds "
        f"(sign test p = {p:.3f})"
    )


def qiteach_command() -> str:
    """The ``qiteach`` command people type: the console script beside this Python.

    ``python -m qiteach`` (used when there is no script) costs about 0.04 s more CPU here:
    runpy, and the package found through the editable install's finder.
    """
    script = Path(sys.executable).with_name("qiteach")
    return str(script) if script.exists() else f"{sys.executable} -m qiteach"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--peers", type=Path, default=ROOT / "build" / "peers")
    parser.add_argument("--only", help="measure only the commands whose name contains this")
    parser.add_argument(
        "--qiteach",
        default=qiteach_command(),
        help="the command that runs qiteach (to compare another checkout)",
    )
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} on {os.cpu_count()} cores; medians of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        peers = args.peers.resolve() if args.peers.exists() else None  # children run elsewhere
        todo = cases(Path(tmp), peers, args.qiteach.split())
        if args.only:  # keep the peers a kept case is measured against
            keep = [c for c in todo if args.only in c.name]
            todo = [c for c in todo if c in keep or any(k.goal == c.name for k in keep)]
        for case in todo:
            case.times = []
        for case in todo:  # warm-up, not timed: bytecode caches, file system cache
            if case.prepare:
                case.prepare()
            cpu_of(case.argv)
        for _ in range(args.repeat):  # interleaved: a burst of load hits every case alike
            for case in todo:
                if case.prepare:
                    case.prepare()
                case.times.append(cpu_of(case.argv))
    median = {c.name: statistics.median(c.times or [0.0]) for c in todo}
    print(f"{'command':<38}{'CPU s':>8}{'goal':>26}")
    for case in todo:
        cpu = median[case.name]
        if isinstance(case.goal, str):
            goal, what = median[case.goal], f"<= {case.goal} {median[case.goal]:.3f} s"
        elif case.goal is not None:
            goal, what = case.goal, f"< {case.goal:.2f} s"
            if case.goal in STATED.values():
                what += " (qikit, stated)"
        else:
            goal, what = None, "peer" if case.name in ("qikit", "pyqicharts") else "-"
        verdict = "" if goal is None else ("  ok" if cpu <= goal else "  MISSED")
        print(f"{case.name:<38}{cpu:>8.3f}{what:>26}{verdict}")
    for case in todo:  # the medians' verdict, and whether the rounds can tell them apart
        peer = next((c for c in todo if c.name == case.goal), None)
        if peer is not None:
            print(f"{case.name.strip()} - {peer.name}: {paired(case.times, peer.times)}")
    if not args.only:
        first_cells(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
