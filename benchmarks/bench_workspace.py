"""Benchmark: load and validate a big programme workspace (target: under 5 s).

Builds, in a temporary folder, 1,000 teams x 10 measures x 36 monthly periods
(360,000 measurement rows) plus participants, attendance, drivers, PDSA,
progress, survey and feedback, writes it as CSVs with numpy/pandas, then times
``validate_workspace`` (read + type + every check) and ``open_workspace``.

Run: ``.venv/bin/python benchmarks/bench_workspace.py [--teams N]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from qiteach.workspace import open_workspace, validate_workspace
from qiteach.workspace.schema import TABLES

CHARTS = np.array(["p", "p", "u", "i", "run", "c", "g", "t", "pp", "i"])


def _save(df: pd.DataFrame, root: Path, name: str) -> None:
    """Write one table with every schema column (missing ones left empty)."""
    for col in TABLES[name].names:
        if col not in df:
            df[col] = ""
    df[list(TABLES[name].names)].to_csv(root / f"{name}.csv", index=False)


def build(root: Path, teams: int, measures: int = 10, periods: int = 36, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    sessions = [
        {"number": i + 1, "date": f"2025-{i + 1:02d}-15", "title": f"Session {i + 1}"}
        for i in range(6)
    ]
    meta = {
        "name": "Benchmark programme",
        "organisation": "Bench",
        "start": "2025-01-01",
        "end": "2027-12-31",
        "synthetic": True,
        "sessions": sessions,
    }
    (root / "programme.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    tid = np.array([f"t{i:04d}" for i in range(teams)])
    pd.DataFrame(
        {
            "team_id": tid,
            "team_name": np.char.add("Team ", tid),
            "project_title": "Project",
            "topic": "DNAs",
            "aim": "Reduce DNAs by 20% by March",
        }
    ).pipe(_save, root, "teams")
    pid = np.array([f"p{i:05d}" for i in range(teams * 4)])
    roles = np.array(["GP", "nurse", "practice manager", "admin"])
    pd.DataFrame(
        {
            "participant_id": pid,
            "display_name": pid,
            "role": roles[np.arange(len(pid)) % 4],
            "team_id": np.repeat(tid, 4),
        }
    ).pipe(_save, root, "participants")
    pd.DataFrame(
        {
            "participant_id": np.repeat(pid, 6),
            "session": np.tile(np.arange(1, 7), len(pid)),
            "attended": np.where(rng.random(len(pid) * 6) < 0.8, "yes", "no"),
        }
    ).pipe(_save, root, "attendance")
    nodes = ["P1", "P2", "S1", "S2", "S3", "CI1", "CI2", "CI3", "CI4"]
    parents = ["", "", "P1", "P1", "P2", "S1", "S1", "S2", "S3"]
    kinds = ["primary"] * 2 + ["secondary"] * 3 + ["change_idea"] * 4
    k = len(nodes)
    pd.DataFrame(
        {
            "team_id": np.repeat(tid, k),
            "node_id": np.tile(nodes, teams),
            "parent_id": np.tile(parents, teams),
            "kind": np.tile(kinds, teams),
            "text": "box",
        }
    ).pipe(_save, root, "drivers")
    mid = np.array([f"m{j}" for j in range(measures)])
    charts = CHARTS[np.arange(measures) % len(CHARTS)]
    pd.DataFrame(
        {
            "team_id": np.repeat(tid, measures),
            "measure_id": np.tile(mid, teams),
            "name": "Measure",
            "type": "process",
            "chart": np.tile(charts, teams),
            "direction": "decrease",
            "definition": "def",
            "frequency": "monthly",
            "baseline_points": 12,
        }
    ).pipe(_save, root, "measures")
    n = teams * measures * periods
    chart = np.tile(np.repeat(charts, periods), teams)
    ratio = np.isin(chart, ["p", "pp", "u", "up"])
    den = rng.integers(200, 500, n).astype(float)
    num = np.floor(den * rng.uniform(0.02, 0.12, n))
    value = rng.poisson(20, n).astype(float)
    months = pd.date_range("2025-01-01", periods=periods, freq="MS").strftime("%Y-%m-%d")
    pd.DataFrame(
        {
            "team_id": np.repeat(tid, measures * periods),
            "measure_id": np.tile(np.repeat(mid, periods), teams),
            "period": np.tile(np.asarray(months), teams * measures),
            "value": np.where(ratio, np.nan, value),
            "numerator": np.where(ratio, num, np.nan),
            "denominator": np.where(ratio, den, np.nan),
        }
    ).pipe(_save, root, "measurements")
    cycles = 8
    starts = pd.Timestamp("2025-03-01") + pd.to_timedelta(
        rng.integers(0, 600, teams * cycles), unit="D"
    )
    pd.DataFrame(
        {
            "team_id": np.repeat(tid, cycles),
            "cycle_id": np.tile([f"C{c}" for c in range(cycles)], teams),
            "node_id": np.tile(["CI1", "CI2", "CI3", "CI4"] * 2, teams),
            "ramp": "R1",
            "start": starts.strftime("%Y-%m-%d"),
            "end": (starts + pd.Timedelta(days=14)).strftime("%Y-%m-%d"),
            "objective": "test",
            "act": "adapt",
        }
    ).pipe(_save, root, "pdsa")
    pd.DataFrame(
        {
            "team_id": np.repeat(tid, 12),
            "date": np.tile(
                pd.date_range("2025-01-31", periods=12, freq="ME").strftime("%Y-%m-%d"), teams
            ),
            "score": np.tile(np.arange(1, 13) * 0.25 + 0.5 - (np.arange(1, 13) % 2) * 0.25, teams),
        }
    ).pipe(_save, root, "progress")
    items = [f"q{i}" for i in range(10)]
    pd.DataFrame(
        {
            "participant_id": np.repeat(pid, 20),
            "timepoint": np.tile(np.repeat(["pre", "post"], 10), len(pid)),
            "domain": "confidence",
            "item": np.tile(items * 2, len(pid)),
            "score": rng.integers(1, 6, len(pid) * 20),
        }
    ).pipe(_save, root, "survey")
    pd.DataFrame(
        {
            "participant_id": np.repeat(pid, 6),
            "session": np.tile(np.arange(1, 7), len(pid)),
            "rating": rng.integers(1, 6, len(pid) * 6),
            "comment": "",
        }
    ).pipe(_save, root, "feedback")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        build(root, args.teams)
        print(f"built workspace in {time.perf_counter() - t0:.1f} s")
        best_v = best_o = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            report = validate_workspace(root)
            best_v = min(best_v, time.perf_counter() - t0)
            t0 = time.perf_counter()
            programme = open_workspace(root)
            best_o = min(best_o, time.perf_counter() - t0)
        assert report.ok, [str(p) for p in report.problems[:5]]
        c = programme.counts()
        print(
            f"{c['teams']} teams, {c['measures']} measures, {c['measurements']} measurement rows, "
            f"{c['pdsa']} PDSA cycles, {c['survey']} survey answers, {c['attendance']} attendance"
        )
        print(f"validate_workspace: {best_v:.2f} s (best of {args.repeat}; target < 5 s)")
        print(f"open_workspace:     {best_o:.2f} s")
        t0 = time.perf_counter()
        for team in programme.teams_iter():
            for mid in team.measure_ids:
                team.measure_series(mid)
        print(f"every team's measure_series: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
