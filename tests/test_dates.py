"""qiteach/dates.py: every date reader's accepted forms, in one place, and the readers
use it (workspace columns, raw records, the chart CLI, compute_chart, plot_chart)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from qiteach import dates

ROOT = Path(__file__).resolve().parents[1]


def _days(*values):
    parsed, failed = dates.parse_days(pd.Series(list(values), dtype=object))
    return [None if pd.isna(v) else str(v.date()) for v in parsed], failed.tolist()


def test_workspace_days_are_iso_or_uk_and_nothing_else() -> None:
    assert _days("2025-10-06", "06/10/2025", None) == (
        ["2025-10-06", "2025-10-06", None],
        [False, False, False],
    )
    # US month first, a time, an offset, a month label, a dotted date: all refused
    for text in ("10/13/2025", "2025-10-06 10:00", "2025-10-06T10:00Z", "Oct 2025", "6.10.2025"):
        assert _days(text) == ([None], [True]), text


def test_raw_record_times_with_offsets_are_uk_local() -> None:
    got = dates.parse_times(
        pd.Series(
            [
                "2026-06-28T23:30:00Z",  # summer Sunday 23:30 UTC is Monday 00:30 in the UK
                "2026-01-04T23:30:00+00:00",  # winter: UTC is UK time
                "2026-06-28 22:30:00+01:00",
                "05/01/2026 09:15",
                "05/01/2026 09:15:30",
                "2026-01-05",
                "not a date",
            ]
        )
    )
    assert got.tolist()[:6] == [
        pd.Timestamp("2026-06-29 00:30"),
        pd.Timestamp("2026-01-04 23:30"),
        pd.Timestamp("2026-06-28 22:30"),
        pd.Timestamp("2026-01-05 09:15"),
        pd.Timestamp("2026-01-05 09:15:30"),
        pd.Timestamp("2026-01-05"),
    ]
    assert pd.isna(got.iloc[6])
    aware = pd.Series(pd.to_datetime(["2026-06-28T23:30Z"]))
    assert dates.parse_times(aware).tolist() == [pd.Timestamp("2026-06-29 00:30")]
    naive = pd.Series(pd.to_datetime(["2026-06-28 23:30"]))
    assert dates.parse_times(naive) is naive


@pytest.mark.parametrize(
    "labels",
    [
        ["2024-01", "2024-02"],
        ["2024/01", "2024/02"],
        ["Jan 2024", "Feb 2024"],
        ["January 2024", "February 2024"],
        ["Jan-24", "Feb-24"],
        ["Jan-2024", "Feb-2024"],
        ["January-2024", "February-2024"],
        ["Jan 24", "Feb 24"],
    ],
)
def test_chart_month_labels_are_the_first_of_the_month(labels) -> None:
    got = dates.parse_months(pd.Series(labels))
    assert got.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]


def test_month_labels_in_two_formats_are_not_months() -> None:
    assert dates.parse_months(pd.Series(["Jan 2024", "2024-02"])) is None


def test_iso_text_x_values_become_dates_and_other_text_stays_categories() -> None:
    iso = dates.dates_from_iso_text(pd.Series(["2024-01-01 10:30", "2024-01-02T11:00:05"]))
    assert iso.tolist() == [pd.Timestamp("2024-01-01 10:30"), pd.Timestamp("2024-01-02 11:00:05")]
    for text in (["06/10/2025", "07/10/2025"], ["2024-01-01", "Lot 2"], ["2024-01"]):
        assert dates.dates_from_iso_text(pd.Series(text)).tolist() == text


def test_one_typed_date_is_uk_day_first_or_iso() -> None:
    assert dates.parse_one("05/01/2026") == pd.Timestamp("2026-01-05")
    assert dates.parse_one("2026-01-05") == pd.Timestamp("2026-01-05")
    assert dates.parse_one(dt.datetime(2026, 1, 5, 9)) == pd.Timestamp("2026-01-05 09:00")
    with pytest.raises(ValueError):
        dates.parse_one("31/02/2026")
    with pytest.raises(ValueError):
        dates.parse_one("soon")


def test_us_dates_are_named_in_messages_only() -> None:
    assert dates.looks_us("10/13/2025") and not dates.looks_us("13/10/2025")
    assert _days("10/13/2025")[1] == [True]


def test_the_iso_patterns_agree_on_what_an_iso_date_is() -> None:
    import re

    for text in ("2024-01-01", "2024-01-01 10:30", "2024-01-01T10:30:05"):
        assert re.fullmatch(dates.ISO_DATE, text) and re.fullmatch(dates.ISO_LIKE, text)
        assert re.fullmatch(dates.DATE_LIKE, text)
    assert not re.fullmatch(dates.ISO_DATE, "06/10/2025")
    assert re.fullmatch(dates.DATE_LIKE, "06/10/2025")


READERS = (
    "qiteach/workspace/coerce.py",
    "qiteach/workspace/meta.py",
    "qiteach/measures/build.py",
    "qiteach/cli/chart.py",
    "qiteach/charts/prepare.py",
    "qiteach/plot/chart_points.py",
    "qiteach/pdsa/log.py",
    "qiteach/pdsa/quality.py",
    "qiteach/progress.py",
)


@pytest.mark.parametrize("path", READERS)
def test_readers_take_their_date_rules_from_qiteach_dates(path: str) -> None:
    """Each reader imports qiteach.dates and parses no date format of its own."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "qiteach.dates" for n in imports), f"{path} does not use qiteach.dates"
    formats = []
    for call in ast.walk(tree):
        name = getattr(getattr(call, "func", None), "attr", None) or getattr(
            getattr(call, "func", None), "id", None
        )
        if isinstance(call, ast.Call) and name in {"to_datetime", "strptime", "Timestamp"}:
            args = [*call.args, *(k.value for k in call.keywords)]
            formats += [
                a.value for a in args if isinstance(a, ast.Constant) and "%" in str(a.value)
            ]
    assert formats == [], f"{path} parses its own date format: {formats}"
