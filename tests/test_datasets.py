"""Finding, listing and loading the shipped datasets (qiteach/datasets.py) and
the content of the teaching datasets (qiteach/simulate/teaching_data.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qiteach
from qiteach.datasets import CATALOGUE, dataset_path, datasets_root, list_datasets, load_dataset
from qiteach.exceptions import InputError

TABLE_NAMES = [n for n, d in CATALOGUE.items() if d.kind != "workspace"]


def test_public_api_is_lazy_exported() -> None:
    assert qiteach.load_dataset is load_dataset
    assert qiteach.list_datasets is list_datasets


def test_root_is_the_repository_datasets_folder() -> None:
    assert datasets_root() == Path(qiteach.__file__).resolve().parents[1] / "datasets"


def test_list_datasets_names_kinds_and_row_counts() -> None:
    table = list_datasets()
    assert list(table["name"]) == list(CATALOGUE)
    assert set(table["kind"]) == {"workspace", "teaching", "chart-example"}
    rows = dict(zip(table["name"], table["rows"], strict=True))
    assert rows["dna-weekly"] == len(load_dataset("dna-weekly"))
    demo_rows = len(pd.read_csv(dataset_path("demo-programme") / "measurements.csv"))
    assert rows["demo-programme"] == demo_rows


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_table_dataset_loads_with_its_documented_columns(name: str) -> None:
    entry = CATALOGUE[name]
    frame = load_dataset(name)
    assert list(frame.columns) == list(entry.columns)
    for col in entry.dates:
        assert pd.api.types.is_datetime64_any_dtype(frame[col]), col
    assert len(frame) > 0
    path = dataset_path(name)
    assert path.stat().st_size < 1_000_000
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    assert f"## {name}" in readme and "SYNTHETIC" in readme


@pytest.mark.parametrize("name", ["demo-programme", "collaborative"])
def test_workspace_datasets_load_as_paths(name: str) -> None:
    path = load_dataset(name)
    assert isinstance(path, Path) and (path / "programme.yaml").is_file()


@pytest.mark.parametrize(("name", "teams"), [("demo-programme", 3), ("collaborative", 84)])
def test_shipped_workspaces_validate_clean(name: str, teams: int) -> None:
    from qiteach.workspace import validate_workspace

    report = validate_workspace(load_dataset(name))
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert report.notes == []
    assert qiteach.open_workspace(load_dataset(name)).counts()["teams"] == teams


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(InputError) as err:
        load_dataset("demo-programe")
    assert 'did you mean "demo-programme"' in str(err.value)
    with pytest.raises(InputError, match="list_datasets"):
        dataset_path("zzzz")


def test_missing_folder_says_how_to_rebuild(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QITEACH_DATASETS", str(tmp_path))
    with pytest.raises(InputError, match=r"datasets/generate\.py"):
        load_dataset("red-beads")
    assert list_datasets()["rows"].eq(0).all()


# --- teaching content -------------------------------------------------------------------


def test_appointment_log_gives_a_weekly_dna_measure() -> None:
    log = load_dataset("appointment-log")
    assert 2000 <= len(log) <= 6000
    assert set(log["status"]) == {"attended", "DNA"}
    weekly = log.assign(dna=log["status"].eq("DNA")).resample("W-SUN", on="date")["dna"]
    rate = weekly.mean()
    assert len(rate) == 13 and rate.between(0.02, 0.15).all()
    # teaching point: appointments booked further ahead are missed more often
    far = log[log["booked_days_ahead"] >= 14]["status"].eq("DNA").mean()
    near = log[log["booked_days_ahead"] <= 2]["status"].eq("DNA").mean()
    assert far > near


def test_days_between_incidents_derives_from_incidents() -> None:
    incidents = load_dataset("incidents")
    between = load_dataset("days-between-incidents")
    assert len(between) == len(incidents) - 1
    expected = incidents["date"].diff().dt.days.iloc[1:].to_numpy()
    assert np.array_equal(between["days_between"].to_numpy(), expected)
    assert (between["days_between"] >= 1).all()


def test_counts_are_sane() -> None:
    dna = load_dataset("dna-weekly")
    assert (dna["dnas"] <= dna["booked"]).all() and len(dna) == 104
    hba1c = load_dataset("hba1c-monthly")
    assert (hba1c["in_range"] <= hba1c["diabetics"]).all() and len(hba1c) == 36
    reasons = load_dataset("appointment-reasons")
    share = reasons["requests"].sort_values(ascending=False) / reasons["requests"].sum()
    assert share.iloc[0] > 0.25 and share.iloc[:3].sum() > 0.5  # a Pareto "vital few"
    beads = load_dataset("red-beads")
    assert beads["red_beads"].between(0, 50).all() and len(beads) == 24
    assert 6 < beads["red_beads"].mean() < 14  # 20% of a paddle of 50 is 10
    fishbone = load_dataset("fishbone-dna")
    assert fishbone["category"].nunique() >= 5


def test_patients_hba1c_has_missing_tests_and_plausible_values() -> None:
    patients = load_dataset("patients-hba1c")
    assert patients["last_hba1c"].isna().sum() > 0
    assert patients["last_hba1c_date"].isna().equals(patients["last_hba1c"].isna())
    assert patients["last_hba1c"].dropna().between(25, 150).all()
    in_range = (patients["last_hba1c"] <= 58) & (
        patients["last_hba1c_date"] >= pd.Timestamp("2025-04-01")
    )
    assert 0.3 < in_range.mean() < 0.8


def test_chart_examples_have_their_built_in_signals() -> None:
    i = load_dataset("chart-i")["y"].to_numpy()
    mr = np.abs(np.diff(i)).mean()
    assert (np.abs(i - i.mean()) > 2.66 * mr).sum() >= 1  # the high month is outside XmR limits
    p = load_dataset("chart-p")
    rate = p["y"] / p["n"]
    assert rate[16:].min() > np.median(rate[:16])  # a shift after week 16
    xbar = load_dataset("chart-xbar")
    assert xbar.groupby("x").size().eq(5).all()
