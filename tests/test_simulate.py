"""The seeded generators (qiteach/simulate/, simulate/collab.py): determinism,
schema structure, clean validation, collaborative shape and benchmark speed."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from qiteach import simulate
from qiteach.exceptions import InputError, WorkspaceError
from qiteach.workspace import validate_workspace
from qiteach.workspace.schema import TABLES


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _check_structure(folder: Path) -> None:
    """Every table file has exactly the schema's columns, LF endings, UTF-8."""
    for name, table in TABLES.items():
        if table.optional and not (folder / table.filename).exists():
            continue  # e.g. learning.csv: only a programme with consent has one
        raw = (folder / table.filename).read_bytes()
        assert b"\r" not in raw, name
        with open(folder / table.filename, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == table.names, name
        assert all(len(r) == len(table.names) for r in rows[1:]), name
    meta = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert "SYNTHETIC" in meta["name"]
    assert "SYNTHETIC" in (folder / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def small_collab(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("c") / "collab"
    return simulate.collaborative(out, practices=21, months=12, seed=5)


def test_demo_same_seed_same_bytes_other_seed_differs(tmp_path) -> None:
    a = _bytes(simulate.demo(tmp_path / "a"))
    b = _bytes(simulate.demo(tmp_path / "b"))
    c = _bytes(simulate.demo(tmp_path / "c", seed=7))
    assert a == b
    assert a["measurements.csv"] != c["measurements.csv"]
    assert a["drivers.csv"] == c["drivers.csv"]  # the story words do not depend on the seed


@pytest.mark.parametrize("kind", ["demo", "collaborative"])
def test_generated_workspaces_match_schema_and_validate_clean(tmp_path, kind) -> None:
    make = getattr(simulate, kind)
    folder = make(tmp_path / kind, **({"practices": 14} if kind == "collaborative" else {}))
    _check_structure(folder)
    report = validate_workspace(folder)
    assert report.ok, [str(p) for p in report.problems[:5]]


def test_collaborative_shape(small_collab: Path) -> None:
    teams = pd.read_csv(small_collab / "teams.csv")
    measures = pd.read_csv(small_collab / "measures.csv")
    meta = yaml.safe_load((small_collab / "programme.yaml").read_text())
    assert len(teams) == 21
    assert teams["locality"].nunique() == 7
    assert set(teams["topic"]) == {"diabetes", "hypertension", "atrial fibrillation"}
    per_team = measures.groupby("team_id").size()
    assert per_team.between(3, 4).all()
    assert len(meta["sessions"]) == 6
    m = pd.read_csv(small_collab / "measurements.csv", parse_dates=["period"])
    assert m.groupby(["team_id", "measure_id"]).size().eq(12 + 6).all()


def test_collaborative_mixes_improving_and_not_improving(small_collab: Path) -> None:
    """Outcome change (last 4 months minus the 6 baseline months) differs by practice:
    some rise by several points, some stay flat."""
    m = pd.read_csv(small_collab / "measurements.csv", parse_dates=["period"])
    measures = pd.read_csv(small_collab / "measures.csv")
    outcome = measures[measures["type"] == "outcome"][["team_id", "measure_id"]]
    m = m.merge(outcome)
    m["rate"] = m["numerator"] / m["denominator"]
    first = m["period"].min()
    base = m[m["period"] < first + pd.DateOffset(months=6)].groupby("team_id")["rate"].mean()
    late = m[m["period"] >= m["period"].max() - pd.DateOffset(months=3)]
    gain = late.groupby("team_id")["rate"].mean() - base
    assert (gain > 0.05).sum() >= 3
    assert (gain.abs() < 0.03).sum() >= 3
    progress = pd.read_csv(small_collab / "progress.csv")
    final = progress.groupby("team_id")["score"].last()
    assert final.max() >= 3.5 and final.min() <= 2.5


def test_collaborative_default_size_and_params(tmp_path) -> None:
    folder = simulate.collaborative(tmp_path / "c", months=9, seed=11)
    teams = pd.read_csv(folder / "teams.csv")
    assert len(teams) == 84
    m = pd.read_csv(folder / "measurements.csv")
    assert m["period"].nunique() == 9 + 6


def test_collaborative_rejects_bad_sizes(tmp_path) -> None:
    with pytest.raises(InputError, match="months must be a whole number of at least 6"):
        simulate.collaborative(tmp_path / "x", months=3)
    with pytest.raises(InputError, match="practices"):
        simulate.collaborative(tmp_path / "x", practices=0)
    assert not (tmp_path / "x").exists()


def test_never_overwrites_without_force(tmp_path) -> None:
    folder = simulate.demo(tmp_path / "d")
    with pytest.raises(WorkspaceError, match="already exists"):
        simulate.demo(folder, seed=3)
    before = (folder / "measurements.csv").read_bytes()
    simulate.demo(folder, seed=3, force=True)
    assert (folder / "measurements.csv").read_bytes() != before


@pytest.mark.slow  # generates a full-size programme
def test_scale_default_size_is_fast_and_complete(tmp_path) -> None:
    start = time.perf_counter()
    folder = simulate.scale(tmp_path / "big")
    seconds = time.perf_counter() - start
    assert seconds < 30, f"scale() took {seconds:.1f} s"
    _check_structure(folder)
    m = pd.read_csv(folder / "measurements.csv")
    assert len(m) == 1000 * 10 * 36
    assert m.groupby(["team_id", "measure_id"]).size().eq(36).all()
    assert len(pd.read_csv(folder / "pdsa.csv")) == 6000
    assert pd.read_csv(folder / "survey.csv")["participant_id"].nunique() == 3000


def test_scale_small_validates_clean(tmp_path) -> None:
    folder = simulate.scale(tmp_path / "s", teams=12, measures=4, periods=24, seed=2)
    report = validate_workspace(folder)
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert len(pd.read_csv(folder / "measurements.csv")) == 12 * 4 * 24
