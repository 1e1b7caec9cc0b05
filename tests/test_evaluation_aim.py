"""Tests for qiteach.evaluation.aim: aim met / not met and plain-English measure readings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import qiteach
from qiteach.charts import compute_chart
from qiteach.charts.result import SignalSpan
from qiteach.evaluation.aim import (
    assess_aim,
    classify_signals,
    measure_chart,
    read_measure,
    team_aim,
    team_readings,
)
from qiteach.exceptions import InputError

TINY = Path(__file__).parent / "fixtures" / "evaluation" / "tiny"
MONTHS = pd.date_range("2024-01-01", periods=24, freq="MS")


@pytest.fixture(scope="module")
def programme():
    return qiteach.open_workspace(TINY)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        "teams": pd.read_csv(TINY / "teams.csv"),
        "measures": pd.read_csv(TINY / "measures.csv"),
        "measurements": pd.read_csv(TINY / "measurements.csv", parse_dates=["period"]),
        "pdsa": pd.read_csv(TINY / "pdsa.csv", parse_dates=["start", "end"]),
        "meta": yaml.safe_load((TINY / "programme.yaml").read_text(encoding="utf-8")),
    }


def test_team_aims_on_tiny_programme(programme, tables) -> None:
    for source in (programme, tables, programme.team("a")):
        a = team_aim(source, "a")
        # last 6 DNA counts of 100: 5, 6, 5, 6, 5, 4 -> median 5% <= target 6%
        assert (a.status, a.value, a.target) == ("met", pytest.approx(5.0), 6.0)
        assert a.aim.startswith("Reduce the DNA rate")
        assert a.sentence.startswith(
            "Aim met: the median of the last 6 points (5%) is at or below the target of 6%."
        )
        # 5 vs 6 patients in 100 a month: p-chart sigma 2.4 points, margin 2.7: too close
        assert a.borderline and "Borderline: the target is within ±2.69%" in a.sentence
    b = team_aim(programme, "b")
    assert b.status == "no target set"
    assert "(50.5 calls)" in b.sentence  # median of the last six: 48, 51, 50, 52, 49, 51
    c = team_aim(tables, "c")
    assert c.status == "not yet available" and c.measure_id is None


def _measure(**kw) -> dict:
    base = {"measure_id": "m", "name": "Calls", "type": "outcome", "unit": "%"}
    return base | kw


def test_not_yet_met_increase_and_few_points() -> None:
    res = compute_chart(y=[60, 62, 61, 63], x=MONTHS[:4], chart="run", direction="increase")
    a = assess_aim(_measure(direction="increase", target=80), res)
    assert a.status == "not yet met" and a.value == 61.5
    assert a.basis == "the median of the 4 points so far"
    assert a.sentence.endswith("is below the target of 80% (higher is better).")


def test_neutral_direction_cannot_meet_target() -> None:
    res = compute_chart(y=[1, 2, 3, 4, 5, 6, 7], chart="run")
    assert assess_aim(_measure(direction="neutral", target=3), res).status == "no direction set"


def test_latest_part_centre_line_after_a_shift() -> None:
    y = [10.0] * 6 + [11.0] * 6 + [5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 4.0, 5.0, 6.0, 5.0, 9.0]
    res = compute_chart(y=y, x=MONTHS, chart="i", part=12, direction="decrease")
    a = assess_aim(_measure(direction="decrease", target=5.6), res)
    part2 = res.points[res.points["part"] == 2]
    assert a.value == pytest.approx(part2["y"].mean())  # I chart centre line = part mean
    assert a.basis.startswith("the centre line of the latest part")
    # part 2 mean = 67/12 = 5.58 <= 5.6 (the last 6 points alone have median 5.0)
    assert a.status == "met"


def test_classify_signals_rules() -> None:
    up = SignalSpan("long_run", 1, 0, 8, "up", "")
    down = SignalSpan("long_run", 1, 9, 17, "down", "")
    cross = SignalSpan("few_crossings", 1, 0, 17, None, "")
    assert classify_signals([up, down], "increase") == ("concern", "down", ["long_run"])
    assert classify_signals([up], "neutral")[0] == "special cause"
    assert classify_signals([cross], "increase") == ("special cause", None, ["few_crossings"])


def test_balancing_measure_worsening_is_a_concern() -> None:
    y = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 9, 10, 9, 10, 9, 10, 9, 10, 9, 10]
    res = compute_chart(y=y, x=MONTHS[:20], chart="run", direction="decrease")
    reading = read_measure(_measure(type="balancing", direction="decrease", name="Overtime"), res)
    assert reading.verdict == "concern" and reading.signal_direction == "up"
    assert reading.headline.startswith("Concern: Overtime (balancing) has got worse (higher)")
    assert reading.details == tuple(res.explain())
    assert read_measure(_measure(), None).verdict == "not enough data"


def test_team_readings_and_unknown_measure(programme, tables) -> None:
    readings = team_readings(programme, "a")
    assert [r.measure_id for r in readings] == ["dna", "reception_hours"]
    assert [r.verdict for r in readings] == ["improvement", "common cause"]
    assert readings[1].headline.startswith("No sign of unintended harm")
    assert team_readings(tables, "a")[0].headline == readings[0].headline
    with pytest.raises(InputError, match="no measure"):
        measure_chart(tables, "a", "dna_rat")
    with pytest.raises(InputError, match="no measure"):
        measure_chart(programme, "a", "dna_rat")


def test_a_measure_that_cannot_be_charted_says_why(tmp_path) -> None:
    import shutil

    from qiteach.datasets import dataset_path
    from qiteach.evaluation.aim import chart_or_reason, read_measure

    ws = Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))
    rows = pd.read_csv(ws / "measurements.csv", dtype=str, keep_default_na=False)
    rows[rows["measure_id"] != "dna_rate"].to_csv(ws / "measurements.csv", index=False)
    programme = qiteach.open_workspace(ws)
    result, why = chart_or_reason(programme, "north", "dna_rate", None)
    assert (result, why) == (None, "no data points to chart")  # no engine "fix: ... y and x"
    measure = {"measure_id": "dna_rate", "name": "DNA rate", "type": "outcome"}
    reading = read_measure(measure, result, reason=why)
    assert reading.verdict == "not enough data"
    assert reading.headline == f"DNA rate: no chart yet ({why})."
    assert read_measure(measure, None).headline.startswith("DNA rate: no data yet")


def test_fewer_than_ten_points_is_too_early_to_say() -> None:
    # 5 points, the last beyond the (trial) upper limit: the engine flags it, but
    # with fewer than 10 points the report must not claim improvement or its absence.
    res = compute_chart(
        y=[20, 21, 22, 25, 38], n=[40] * 5, x=MONTHS[:5], chart="p", direction="increase"
    )
    assert res.signal_spans  # the chart itself shows a (provisional) signal
    reading = read_measure(_measure(direction="increase", name="Results"), res)
    assert reading.verdict == "too early to say"
    assert (reading.signal_direction, reading.rules) == (None, ())
    assert reading.headline.startswith("Too early to say: Results has only 5 points")
    assert "at least 10" in reading.headline and "improvement" not in reading.headline
    assert "already shows a possible signal: the point at" in reading.headline
    flat = compute_chart(y=[5, 6, 5, 6, 5, 6, 5, 6, 5], x=MONTHS[:9], chart="run")
    quiet = read_measure(_measure(type="balancing", direction="decrease"), flat)
    assert quiet.verdict == "too early to say" and "No sign" not in quiet.headline
    ten = compute_chart(y=[5, 6, 5, 6, 5, 6, 5, 6, 5, 6], x=MONTHS[:10], chart="run")
    assert read_measure(_measure(direction="decrease"), ten).verdict == "common cause"


def test_headline_quotes_the_signal_that_is_still_running_not_an_old_one() -> None:
    # IHI rules on north's DNA rate: an April trend (points 60-64) and a shift below the
    # median that runs to the last point. The verdict comes from the latest signals, so
    # the headline must quote the longest of those, not the older trend.
    demo = qiteach.open_workspace(Path(__file__).parents[1] / "datasets" / "demo-programme")
    res = measure_chart(demo, "north", "dna_rate", rules="ihi")
    trend = [s for s in res.signal_spans if s.rule == "trend" and s.direction == "down"]
    shift = [s for s in res.signal_spans if s.rule == "shift" and s.direction == "down"]
    assert trend and shift and int(trend[-1].end) < int(shift[-1].end) == len(res.points) - 1
    reading = read_measure(_measure(direction="decrease", name="DNA rate"), res)
    assert reading.verdict == "improvement"
    assert reading.headline.endswith(shift[-1].text)
    assert trend[-1].text not in reading.headline
