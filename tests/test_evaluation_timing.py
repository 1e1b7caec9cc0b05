"""Verdicts about now, and when a signal began (qiteach.evaluation.timing, read_measure)."""

from __future__ import annotations

import pandas as pd
import pytest

from qiteach.charts import compute_chart
from qiteach.evaluation import improvement_signals, read_measure
from qiteach.evaluation.timing import (
    AFTER_FIRST_CYCLE,
    BEFORE_FIRST_CYCLE,
    BEFORE_PROGRAMME,
    NO_CYCLE_YET,
    RECENT_POINTS,
    began_before,
    timing_of,
)

MONTHS = pd.date_range("2025-04-01", periods=18, freq="MS")  # 6 months' prework, 12 after
START = "2025-10-01"


def _measure(**kw):
    return {"measure_id": "m", "name": "Patients at target", "type": "outcome",
            "direction": "increase", "target": 80.0, "unit": "%"} | kw  # fmt: skip


def test_an_old_low_point_does_not_make_the_team_a_concern_now() -> None:
    # one point far below the limits 11 months before the end, then every point above target
    y = [70, 71, 69, 70, 72, 70, 50, 70, 71, 82, 83, 81, 82, 84, 81, 83, 82, 81]
    res = compute_chart(y=y, x=MONTHS, chart="i", freeze=6, direction="increase", target=80)
    assert next((s.rule, s.direction) for s in res.signal_spans) == ("outside_limits", "down")
    reading = read_measure(_measure(), res, programme_start=START, first_cycle="2025-11-15")
    assert reading.ever_verdict == "improvement"  # the later shift up decides "at any time"
    old = [70, 71, 69, 70, 72, 70, 50, 70, 71, 69, 70, 72, 70, 71, 69, 70, 71, 70]
    res = compute_chart(y=old, x=MONTHS, chart="i", freeze=6, direction="increase")
    reading = read_measure(_measure(), res, programme_start=START, first_cycle="2025-11-15")
    assert (reading.verdict, reading.ever_verdict) == ("common cause", "concern")
    assert reading.headline.startswith(
        f"No signal in the last {RECENT_POINTS} points of Patients at target"
    )
    assert "Earlier there was a signal of concern" in reading.headline
    assert reading.signal_start == pd.Timestamp("2025-10-01")


def test_a_signal_reaching_the_recent_points_is_the_verdict_now() -> None:
    y = [70, 71, 69, 70, 72, 70, 70, 71, 69, 70, 71, 70, 78, 79, 80, 78, 79, 80]
    res = compute_chart(y=y, x=MONTHS, chart="i", freeze=6, direction="increase")
    reading = read_measure(_measure(), res, programme_start=START, first_cycle="2025-11-15")
    assert (reading.verdict, reading.ever_verdict) == ("improvement", "improvement")
    assert reading.timing == AFTER_FIRST_CYCLE
    assert reading.headline.startswith(
        f"Special-cause improvement in Patients at target (higher) in the last {RECENT_POINTS}"
    )
    assert "after the team's first PDSA cycle (15 November 2025)" in reading.headline


@pytest.mark.parametrize(
    ("first_cycle", "expected"),
    [
        ("2026-03-20", BEFORE_FIRST_CYCLE),  # run begins Jan 2026, January ended before the cycle
        ("2026-01-20", AFTER_FIRST_CYCLE),  # a cycle in the run's first month is not "after"
        ("2026-02-01", BEFORE_FIRST_CYCLE),  # January ended on 1 February: before
        (None, NO_CYCLE_YET),
    ],
)
def test_when_a_run_began_against_the_first_cycle(first_cycle, expected) -> None:
    y = [70, 71, 69, 70, 72, 70, 71, 69, 70, 71, 78, 79, 80, 78, 79, 80, 81, 79]
    res = compute_chart(y=y, x=MONTHS, chart="run", freeze=6, direction="increase")
    span = next(s for s in res.signal_spans if s.direction == "up")
    assert MONTHS[int(span.start)] == pd.Timestamp("2026-01-01")
    got = timing_of(res, span, programme_start=START, first_cycle=first_cycle)
    assert got == expected
    reading = read_measure(_measure(), res, programme_start=START, first_cycle=first_cycle)
    assert reading.timing == expected
    if expected == BEFORE_FIRST_CYCLE:
        assert "before the team's first PDSA cycle" in reading.headline


def test_a_signal_from_the_prework_months_began_before_the_programme() -> None:
    y = [70, 71, 69, 78, 79, 80, 78, 79, 80, 81, 79, 80, 78, 79, 80, 81, 79, 80]
    res = compute_chart(y=y, x=MONTHS, chart="run", freeze=3, direction="increase")
    reading = read_measure(_measure(), res, programme_start=START, first_cycle="2025-11-01")
    assert reading.verdict == "improvement" and reading.timing == BEFORE_PROGRAMME
    assert "before the programme started (1 October 2025)" in reading.headline
    assert "cannot have started it" in reading.headline
    # no dates given: nothing is said about attribution
    assert read_measure(_measure(), res).timing == ""
    assert began_before(res, res.signal_spans[0], START)


def test_making_data_count_reads_the_latest_point() -> None:
    # a 7-point run above the mean ends two points before the last: MDC's variation icon
    # (the latest point's type) is common cause, so the verdict now is common cause
    y = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 14, 14, 15, 14, 15, 14, 10, 10]
    res = compute_chart(y=y, x=MONTHS, chart="i", rules="mdc", freeze=10, direction="increase")
    assert res.points["point_type"].iloc[-1] == "common_cause"
    assert any(s.direction == "up" for s in res.signal_spans)
    reading = read_measure(_measure(), res, programme_start=START, first_cycle="2025-11-01")
    assert (reading.verdict, reading.ever_verdict, reading.recent_window) == (
        "common cause",
        "improvement",
        1,
    )
    assert "No signal in the latest point" in reading.headline
    # the same data with Anhøj rules: the run reaches the last 6 points, improvement now
    anhoej = compute_chart(y=y, x=MONTHS, chart="i", freeze=10, direction="increase")
    assert read_measure(_measure(), anhoej).verdict == "improvement"


@pytest.fixture(scope="module")
def collaborative_signals(collaborative_programme) -> pd.DataFrame:
    return improvement_signals(collaborative_programme)


def test_collaborative_practice_above_target_for_six_months_is_not_a_concern_now(
    collaborative_signals,
) -> None:
    # ribble-04 (AF anticoagulation): one point below the lower limit in October 2025, the
    # last six points all above the 90% target; it used to be reported as "concern"
    row = collaborative_signals.set_index("team_id").loc["ribble-04"]
    assert (row["verdict"], row["ever_verdict"]) == ("common cause", "concern")
    assert row["reading"].startswith("No signal in the last 6 points of AF patients")


def test_collaborative_improvement_signals_that_began_too_early_are_marked(
    collaborative_signals,
) -> None:
    sig = collaborative_signals
    now = sig[sig["verdict"] == "improvement"]
    assert len(now) == 46
    assert (now["timing"] == BEFORE_PROGRAMME).sum() == 3
    assert (now["timing"] == BEFORE_FIRST_CYCLE).sum() == 10
    early = now[now["timing"] == BEFORE_PROGRAMME]
    assert (early["signal_start"] < pd.Timestamp(START)).all()
    assert early["reading"].str.contains("before the programme started").all()
