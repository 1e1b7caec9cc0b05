"""open_workspace returns typed tables and per-team / per-measure views."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qiteach.exceptions import ValidationFailed, WorkspaceError
from qiteach.workspace import MeasureSeries, Programme, open_workspace

FIXTURES = Path(__file__).parent / "fixtures" / "workspaces"


@pytest.fixture(scope="module")
def programme() -> Programme:
    return open_workspace(FIXTURES / "good")


def test_tables_are_typed(programme: Programme) -> None:
    m = programme.measurements
    assert m["period"].dtype == "datetime64[ns]"
    assert m["numerator"].dtype == "float64"
    assert programme.feedback["rating"].dtype == "Int64"
    assert programme.progress["date"].tolist() == list(pd.to_datetime(["2025-09-30", "2025-10-31"]))
    # choices normalised to the canonical spelling; '-' and N/A read as empty
    assert programme.participants["role"].tolist() == ["GP", "practice manager", "nurse"]
    assert set(programme.drivers["kind"]) == {"primary", "secondary", "change_idea"}
    assert programme.drivers.set_index("node_id").loc["P2", "parent_id"] is None
    assert programme.progress["note"].tolist() == [None, "Texts tested"]
    # stray spaces and BOM gone; Windows-1252 decoded
    assert programme.team_ids == ["north"]
    assert programme.participants["display_name"].iloc[1] == "Renée Smith"


def test_meta_and_sessions(programme: Programme) -> None:
    assert programme.meta["organisation"] == "Example Training Hub"
    assert programme.rules == "anhoej" and programme.synthetic is True
    s = programme.sessions
    assert s["number"].tolist() == [1, 2, 3]
    assert s["date"].iloc[0] == pd.Timestamp("2025-09-10")
    assert s["topics"].iloc[1] == ["measures", "run charts"]


def test_team_views(programme: Programme) -> None:
    team = programme.team("north")
    assert team.info["team_name"] == "North Locality"
    assert team.measure_ids == ["dna_rate", "reminders_sent", "staff_time"]
    assert len(team.participants) == 3 and len(team.attendance) == 6
    assert len(team.survey) == 4 and len(team.feedback) == 3 and len(team.drivers) == 7
    assert team.pdsa["start"].is_monotonic_increasing
    assert team.pdsa["cycle_id"].tolist() == ["C1", "C2", "C3"]
    assert team.progress["score"].tolist() == [1.5, 2.5]


def test_unknown_team_or_measure_suggests(programme: Programme) -> None:
    with pytest.raises(WorkspaceError, match='did you mean "north"'):
        programme.team("nroth")
    with pytest.raises(WorkspaceError, match='did you mean "dna_rate"'):
        programme.team("north").measure_series("dna_rat")


def test_measure_series_for_a_p_chart(programme: Programme) -> None:
    ms = programme.team("north").measure_series("dna_rate")
    assert isinstance(ms, MeasureSeries)
    assert list(ms.data.columns) == ["x", "y", "n", "note"]
    assert ms.data["y"].tolist()[:3] == [31.0, 35.0, 29.0]  # numerators, from measurements.csv
    assert ms.data["n"].tolist()[:3] == [402.0, 398.0, 391.0]
    assert ms.data["x"].is_monotonic_increasing and len(ms.data) == 10
    assert ms.data["note"].iloc[6] == "Text reminders start"
    kw = ms.chart_kwargs()
    assert kw["data"] is ms.data
    assert (kw["x"], kw["y"], kw["n"], kw["notes"]) == ("x", "y", "n", "note")
    assert (kw["chart"], kw["direction"], kw["target"]) == ("p", "decrease", 5.0)
    assert (kw["multiply"], kw["freeze"], kw["rules"]) == (100.0, 6, "anhoej")
    assert ms.chart_kwargs(rules="ihi")["rules"] == "ihi"


def test_measure_series_for_a_value_chart(programme: Programme) -> None:
    ms = programme.measure_series("north", "staff_time")
    assert ms.data["y"].tolist() == [30, 35, 28, 32, 30, 31, 45, 60, 50, 42]
    assert ms.data["n"].isna().all()
    kw = ms.chart_kwargs()
    assert kw["n"] is None and kw["chart"] == "i"
    assert kw["target"] is None and kw["multiply"] == 1.0 and kw["freeze"] is None
    all_ids = [s.measure["measure_id"] for s in programme.measure_series_all()]
    assert all_ids == ["dna_rate", "reminders_sent", "staff_time"]


def test_invalid_workspace_raises_with_every_problem() -> None:
    with pytest.raises(ValidationFailed) as info:
        open_workspace(FIXTURES / "bad")
    assert len(info.value.problems) > 30
    assert "and" in str(info.value) and "more" in str(info.value)


def test_validate_false_loads_what_it_can(tmp_path: Path) -> None:
    p = open_workspace(FIXTURES / "bad", validate=False)
    assert p.problems and p.team_ids == ["north", "south", "north"]
    m = p.measurements
    assert np.isnan(m.loc[2, "numerator"])  # "12,5" left empty
    assert m.loc[1, "period"] == pd.Timestamp("2025-10-06")  # UK date parsed


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="no such workspace folder"):
        open_workspace(tmp_path / "nothing")
    with pytest.raises(WorkspaceError, match="workbook not found"):
        open_workspace(tmp_path / "nothing.xlsx")


def test_large_tables_use_grouped_slices(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "good", ws)
    p = open_workspace(ws)
    first = p.team("north").measurements
    second = p.team("north").measurements
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == 30


def test_mdc_rules_chart_a_percentage_measure_as_xmr_of_its_plotted_values(demo_programme) -> None:
    from qiteach.charts import compute_chart

    team = demo_programme.team("north")
    series = team.measure_series(team.measure_ids[0])
    assert series.chart == "p"
    usual = compute_chart(**series.chart_kwargs("anhoej"))
    kwargs = series.chart_kwargs("mdc")
    assert (kwargs["chart"], kwargs["n"], kwargs["multiply"]) == ("i", None, 1.0)
    mdc = compute_chart(**kwargs)
    assert mdc.chart == "i" and mdc.rules == "mdc"
    # same plotted values (percentages), now with XmR limits and MDC point types
    assert mdc.points["y"].tolist() == usual.points["y"].tolist()
    assert mdc.parts["variation"].iloc[-1] in {
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
    }


def test_charter_is_optional_and_read_per_team(fresh_workspace, demo_programme) -> None:
    from qiteach.workspace import open_workspace, validate_workspace

    (fresh_workspace / "charter.csv").unlink()  # a workspace from before the charter table
    assert validate_workspace(fresh_workspace).ok
    assert open_workspace(fresh_workspace).team("east").charter is None
    west = demo_programme.team("west").charter
    assert west is not None and west["scope_out"] is None
    assert west["sponsor"] == "Dr Farid Lowe, West PCN clinical director"
    assert str(west["start"])[:10] == "2025-12-01"
