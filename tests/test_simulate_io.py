"""Deterministic text and atomic folder writes (qiteach/simulate/output.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qiteach.exceptions import WorkspaceError
from qiteach.simulate.output import csv_text, format_float, programme_yaml, table_csv, write_folder
from qiteach.workspace.schema import TABLES


@pytest.mark.parametrize(
    ("value", "text"),
    [(31.0, "31"), (0.1 + 0.2, "0.3"), (2.5, "2.5"), (-4.0, "-4"), (1 / 3, "0.333333"),
     (math.nan, ""), (1e-7, "0")],
)  # fmt: skip
def test_format_float(value: float, text: str) -> None:
    assert format_float(value) == text


def test_csv_text_uses_lf_iso_dates_and_integral_numbers() -> None:
    frame = pd.DataFrame(
        {"d": pd.to_datetime(["2026-01-05", None]), "n": [3.0, None], "t": ["a,b", None]}
    )
    text = csv_text(frame, {"d": "date", "n": "float"})
    assert text == 'd,n,t\n2026-01-05,3,"a,b"\n,,\n'
    assert "\r" not in text


def test_table_csv_writes_schema_columns_in_order() -> None:
    frame = pd.DataFrame({"score": [2.5], "team_id": ["north"], "date": ["2026-01-31"]})
    header = table_csv("progress", frame).splitlines()[0]
    assert header.split(",") == list(TABLES["progress"].names)


def test_table_csv_rejects_unknown_columns() -> None:
    with pytest.raises(WorkspaceError, match="unknown columns"):
        table_csv("progress", pd.DataFrame({"team_id": ["x"], "colour": ["red"]}))


def test_programme_yaml_has_no_anchors_for_repeated_dates() -> None:
    import datetime as dt

    day = dt.date(2026, 1, 5)
    text = programme_yaml({"start": day, "sessions": [{"date": day}]})
    assert "&id" not in text and "*id" not in text
    assert text.count("2026-01-05") == 2


def test_write_folder_creates_and_refuses_to_overwrite(tmp_path) -> None:
    target = tmp_path / "out"
    write_folder(target, {"a.csv": "x\n1\n", "sub/b.md": "hi\n"}, force=False)
    assert (target / "a.csv").read_bytes() == b"x\n1\n"
    assert (target / "sub" / "b.md").read_text() == "hi\n"
    with pytest.raises(WorkspaceError, match="already exists") as err:
        write_folder(target, {"a.csv": "changed\n"}, force=False)
    assert "--force" in str(err.value)
    assert (target / "a.csv").read_text() == "x\n1\n"  # untouched


def test_write_folder_force_replaces_whole_folder(tmp_path) -> None:
    target = tmp_path / "out"
    write_folder(target, {"old.csv": "1\n"}, force=False)
    write_folder(target, {"new.csv": "2\n"}, force=True)
    assert sorted(p.name for p in target.iterdir()) == ["new.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temp folders left


def test_write_folder_into_empty_existing_folder(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    write_folder(tmp_path / "empty", {"a.txt": "a"}, force=False)
    assert (tmp_path / "empty" / "a.txt").read_text() == "a"


def test_write_folder_leaves_nothing_behind_on_failure(tmp_path) -> None:
    class Boom(dict):
        def items(self):
            yield "a.txt", "fine"
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "out", Boom(), force=False)
    assert list(tmp_path.iterdir()) == []


def test_write_folder_refuses_a_file_target(tmp_path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(WorkspaceError, match="not a folder"):
        write_folder(tmp_path / "f", {"a": "b"}, force=True)
