"""Building series from raw records: weeks/months, DNA %, HbA1c in range, g/t data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qiteach.charts import compute_chart
from qiteach.exceptions import ToolkitError
from qiteach.measures.build import (
    aggregate,
    cases_between,
    days_between,
    dna_series,
    hba1c_in_range_series,
    period_start,
)


@pytest.fixture
def appointments() -> pd.DataFrame:
    # week of Mon 5 Jan 2026: 4 booked (1 DNA), 1 cancelled; week of 12 Jan: 2 booked (2 DNA);
    # Sunday 18 Jan belongs to the week starting 12 Jan; Mon 19 Jan starts a new week
    return pd.DataFrame(
        {
            "date": [
                "2026-01-05",
                "2026-01-06",
                "2026-01-07",
                "2026-01-09",
                "2026-01-09",
                "2026-01-12",
                "2026-01-18",
                "2026-01-19",
            ],
            "status": [
                "Attended",
                "DNA",
                "attended",
                "Seen",
                "Cancelled",
                "DNA",
                "did not attend",
                "attended",
            ],
        }
    )


def test_period_start_weeks_start_monday_months_first() -> None:
    d = pd.Series(
        pd.to_datetime(
            ["2026-03-01", "2026-03-02", "2026-03-08 17:30", "2026-02-28"], format="ISO8601"
        )
    )
    assert list(period_start(d, "week").dt.strftime("%Y-%m-%d")) == [
        "2026-02-23",
        "2026-03-02",
        "2026-03-02",
        "2026-02-23",
    ]
    assert list(period_start(d, "month").dt.strftime("%Y-%m-%d")) == [
        "2026-03-01",
        "2026-03-01",
        "2026-03-01",
        "2026-02-01",
    ]
    with pytest.raises(ToolkitError, match="unknown period"):
        period_start(d, "fortnight")  # type: ignore[arg-type]


def test_dna_series_weekly_hand_checked(appointments: pd.DataFrame) -> None:
    before = appointments.copy()
    out = dna_series(appointments)
    pd.testing.assert_frame_equal(appointments, before)
    assert list(out.columns) == ["x", "y", "n", "numerator", "value"]
    assert list(out["x"].dt.strftime("%Y-%m-%d")) == ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert list(out["y"]) == [1, 2, 0]
    assert list(out["n"]) == [4, 2, 1]
    assert out["value"].tolist() == pytest.approx([25.0, 100.0, 0.0])


def test_dna_series_monthly_and_feeds_compute_chart(appointments: pd.DataFrame) -> None:
    out = dna_series(appointments, by="month")
    assert list(out["y"]) == [3] and list(out["n"]) == [7]
    weekly = dna_series(appointments)
    chart = compute_chart(weekly, x="x", y="y", n="n", chart="p", multiply=100)
    # p chart centre line = total DNAs / total booked, in percent
    assert float(chart.points["cl"].iloc[0]) == pytest.approx(100 * 3 / 7)


def test_dna_series_unknown_status_names_row(appointments: pd.DataFrame) -> None:
    bad = appointments.copy()
    bad.loc[3, "status"] = "walked out"
    with pytest.raises(ToolkitError) as info:
        dna_series(bad)
    assert str(info.value).startswith("appointments:5:status: status 'walked out' is neither")
    out = dna_series(bad, ignore=("cancelled", "walked out"))
    assert list(out["n"]) == [3, 2, 1]


def test_bad_date_is_reported(appointments: pd.DataFrame) -> None:
    bad = appointments.copy()
    bad.loc[2, "date"] = "next Tuesday"
    with pytest.raises(ToolkitError, match=r"appointments:4:date: 'next Tuesday' is not a date"):
        dna_series(bad)
    uk = appointments.assign(date=["05/01/2026"] * 8)  # dd/mm/yyyy is read the UK way
    assert list(dna_series(uk)["x"].dt.strftime("%Y-%m-%d")) == ["2026-01-05"]


def test_aggregate_with_predicate_column_denominator_and_counts() -> None:
    visits = pd.DataFrame(
        {
            "when": pd.to_datetime(["2026-01-02", "2026-01-20", "2026-03-03", "2026-03-04"]),
            "wait": [3, 10, 1, 8],
            "patients": [10, 20, 5, 5],
            "falls": [1, 0, 2, 1],
        }
    )
    waited = aggregate(
        visits, date="when", by="month", numerator=lambda d: d["wait"] > 7, multiply=100
    )
    assert list(waited["y"]) == [1, 1] and list(waited["n"]) == [2, 2]  # Feb has no visits
    per_patient = aggregate(
        visits, date="when", by="month", numerator="falls", denominator="patients"
    )
    assert per_patient["value"].tolist() == pytest.approx([1 / 30, 3 / 10])
    counts = aggregate(visits, date="when", by="month", numerator="falls", denominator=None)
    assert list(counts["x"].dt.strftime("%m")) == ["01", "02", "03"]  # empty February filled
    assert counts["y"].tolist() == [1.0, 0.0, 3.0] and "n" not in counts
    with pytest.raises(ToolkitError, match="no 'fell' column for the numerator"):
        aggregate(visits, date="when", numerator="fell")


@pytest.fixture
def hba1c() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "patient_id": ["a", "a", "b", "b", "c"],
            "date": ["2025-01-15", "2026-03-31", "2026-01-31", "2026-02-01", "2026-03-10"],
            "hba1c": [70, 52, 58, 64, 40],
        }
    )


def test_hba1c_latest_result_each_month_end(hba1c: pd.DataFrame) -> None:
    out = hba1c_in_range_series(hba1c, start="2026-01-01", end="2026-03-31")
    # Jan: a=70 (2025), b=58 (31 Jan, ≤58 counts) -> 1/2
    # Feb: a=70, b=64 -> 0/2 ; Mar: a=52 (31 Mar counts), b=64, c=40 -> 2/3
    assert list(out["x"].dt.strftime("%Y-%m-%d")) == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert list(out["y"]) == [1, 0, 2]
    assert list(out["n"]) == [2, 2, 3]
    assert out["value"].tolist() == pytest.approx([50.0, 0.0, 200 / 3])


def test_hba1c_lookback_counts_old_results_as_not_in_range(hba1c: pd.DataFrame) -> None:
    data = hba1c.copy()
    data.loc[0, "hba1c"] = 50  # in range, but tested Jan 2025
    wide = hba1c_in_range_series(data, start="2026-01-01", end="2026-02-28")
    narrow = hba1c_in_range_series(data, start="2026-01-01", end="2026-02-28", lookback_months=12)
    assert list(wide["y"]) == [2, 1]
    assert list(narrow["y"]) == [1, 0]  # patient a's 2025 test is older than 12 months
    assert list(narrow["n"]) == list(wide["n"]) == [2, 2]


def test_days_between_and_cases_between() -> None:
    incidents = pd.DataFrame({"date": ["2026-02-10", "2026-01-01", "2026-01-31"]})
    t = days_between(incidents)
    assert list(t["x"].dt.strftime("%Y-%m-%d")) == ["2026-01-31", "2026-02-10"]
    assert t["y"].tolist() == [30.0, 10.0]
    chart = compute_chart(t, x="x", y="y", chart="t")
    assert len(chart.points) == 2
    with pytest.raises(ToolkitError, match="fewer than 2 incidents"):
        days_between(["2026-01-01"])

    ops = pd.DataFrame({"op": np.arange(1, 11), "infected": [0, 0, 1, 0, 0, 0, 0, 1, 1, 0]})
    g = cases_between(ops, event="infected", date=None, order="op")
    assert g["y"].tolist() == [4.0, 0.0] and g["x"].tolist() == [8, 9]
    with pytest.raises(ToolkitError, match="fewer than 2 events"):
        cases_between(ops.assign(infected=0), event="infected", date=None)


def test_times_with_utc_offsets_across_the_clock_change_are_read_as_uk_local_dates() -> None:
    # an export spanning the March clock change has +00:00 and +01:00 offsets; 23:30 UTC on
    # Sunday 29 March 2026 is 00:30 on Monday 30 March in the UK, so it is in the next week
    log = pd.DataFrame(
        {
            "date": ["2026-01-05T10:00:00+00:00", "2026-03-29T23:30:00Z", "2026-03-29T10:00+01:00"],
            "status": ["attended", "DNA", "attended"],
        }
    )
    weekly = dna_series(log)
    assert [d.date().isoformat() for d in weekly["x"]] == ["2026-01-05", "2026-03-23", "2026-03-30"]
    assert weekly["y"].tolist() == [0, 0, 1]
    assert weekly["n"].tolist() == [1, 1, 1]


def test_uk_dates_with_a_time_are_dates() -> None:
    log = pd.DataFrame(
        {"date": ["01/02/2026 09:30", "28/02/2026 17:45:10"], "status": ["DNA", "seen"]}
    )
    monthly = dna_series(log, by="month")
    assert monthly["x"].dt.date.astype(str).tolist() == ["2026-02-01"]
    assert monthly[["y", "n"]].to_numpy().tolist() == [[1, 2]]


def test_yes_no_text_is_read_as_true_false() -> None:
    cases = pd.DataFrame(
        {
            "date": ["2026-01-02", "2026-01-01", "2026-01-03", "2026-01-04", "2026-01-05"],
            "infection": ["Yes", "no", "no", "YES", "n"],
        }
    )
    assert cases_between(cases, event="infection")["y"].tolist() == [1.0]


def test_a_blank_hba1c_is_no_result_not_an_error() -> None:
    res = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c"],
            "date": ["2026-01-10", "2026-01-20", "2026-01-25"],
            "hba1c": [50, None, 70],
        }
    )
    out = hba1c_in_range_series(res)
    assert out[["y", "n"]].to_numpy().tolist() == [[1, 2]]


def test_a_blank_numerator_names_its_row() -> None:
    df = pd.DataFrame({"date": ["2026-01-05", "2026-01-06"], "seen": [1, None]})
    with pytest.raises(ToolkitError, match=r"3:seen: the numerator is empty"):
        aggregate(df, date="date", numerator="seen")


def test_counts_of_no_records_are_an_empty_series() -> None:
    out = aggregate(
        pd.DataFrame({"date": [], "falls": []}), date="date", numerator="falls", denominator=None
    )
    assert len(out) == 0
    assert list(out.columns) == ["x", "y", "numerator", "value"]


def test_hba1c_start_and_end_in_uk_format_are_day_first() -> None:
    res = pd.DataFrame(
        {"patient_id": ["a", "b"], "date": ["2026-01-10", "2026-03-15"], "hba1c": [50, 70]}
    )
    out = hba1c_in_range_series(res, start="01/02/2026", end="30/04/2026")
    assert out["x"].dt.strftime("%Y-%m").tolist() == ["2026-02", "2026-03", "2026-04"]
    assert out[["y", "n"]].to_numpy().tolist() == [[1, 1], [1, 2], [1, 2]]


def test_period_start_reads_uk_text_dates_day_first() -> None:
    out = period_start(pd.Series(["05/01/2026", "2026-01-31"]), "month")
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2026-01-01", "2026-01-01"]


def test_hba1c_last_results_list_with_never_tested_patients() -> None:
    from qiteach.measures.build import hba1c_in_range_series

    # one row per patient; c was never tested (both blank): no result, not an error
    last = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c"],
            "date": ["2026-01-10", "2026-02-20", None],
            "hba1c": [50.0, 70.0, None],
        }
    )
    out = hba1c_in_range_series(last)
    assert out["n"].tolist() == [1, 2] and out["y"].tolist() == [1, 1]
    # a result with no date is still refused, on its own spreadsheet row
    undated = last.assign(hba1c=[50.0, 70.0, 60.0])
    with pytest.raises(ToolkitError, match=r"hba1c:4:date: the date is empty"):
        hba1c_in_range_series(undated)
