"""What changed in absolute numbers: patients, appointments, events per period, with uncertainty.

For each team measure the **baseline** level (the measure's ``baseline_points``
first points, or else the points before the programme started) is compared with
the **recent** level (the last :data:`~qiteach.evaluation.timing.RECENT_POINTS`
points):

* ratio measures (chart ``p``/``pp``, numerator and denominator): level =
  Σ numerator / Σ denominator over the points; the absolute change is
  ``(recent − baseline) × the latest denominator``, i.e. how many more (or fewer)
  people in the numerator there are at the latest period than the baseline rate
  would give for the same register;
* count and value measures: level = the mean value per period; the change is
  the difference of the means (so many more referrals *per month*).

The standard error treats each period's level as one observation:
``√(s²_baseline/k_baseline + s²_recent/k_recent)`` (sample variances of the
period levels; for ratio measures times the latest denominator). Periods next
to each other are often alike, so this can understate the uncertainty; the
report says so. ``better`` is the change signed so that positive is the
measure's wanted direction (``nan`` for neutral measures). Across teams the
changes add and their variances add (teams are independent).

>>> import pandas as pd
>>> rows = pd.DataFrame({"numerator": [50, 52, 48, 50, 60, 62, 58, 60],
...                      "denominator": [100] * 8, "value": [None] * 8})
>>> c = level_change(rows, chart="p", baseline=4, recent=4)
>>> c["baseline"], c["recent"], round(c["change"], 9), round(c["se"], 2)
(0.5, 0.6, 10.0, 1.15)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_table, programme_start
from qiteach.evaluation.timing import RECENT_POINTS

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = ["RATIO_CHARTS", "absolute_changes", "combine_changes", "level_change"]

#: Charts whose points are numerator / denominator (the change is counted in people).
RATIO_CHARTS = ("p", "pp")
Z95 = 1.959963984540054


def level_change(
    rows: pd.DataFrame, *, chart: str, baseline: int, recent: int = RECENT_POINTS
) -> dict[str, Any]:
    """Baseline and recent level of one series and the absolute change with its SE.

    ``rows`` are the measure's measurements in time order (``numerator``,
    ``denominator``, ``value``); ``baseline`` is how many first points set the
    baseline. Returns ``baseline, recent, change, se, k_baseline, k_recent,
    latest_denominator`` (levels are proportions 0-1 for ratio charts).
    """
    ratio = chart in RATIO_CHARTS
    if ratio:
        ok = rows.dropna(subset=["numerator", "denominator"])
        ok = ok[ok["denominator"] > 0]
        num = ok["numerator"].to_numpy(float)
        den = ok["denominator"].to_numpy(float)
        each = num / den
    else:
        ok = rows.dropna(subset=["value"])
        each = ok["value"].to_numpy(float)
    n = each.size
    out: dict[str, Any] = {
        "baseline": math.nan,
        "recent": math.nan,
        "change": math.nan,
        "se": math.nan,
        "k_baseline": 0,
        "k_recent": 0,
        "latest_denominator": math.nan,
    }
    k_base = min(baseline, n)
    if k_base < 1 or n - k_base < 1:
        return out
    k_recent = min(recent, n - k_base)
    b, r = slice(0, k_base), slice(n - k_recent, n)
    if ratio:
        base = float(num[b].sum() / den[b].sum())
        now = float(num[r].sum() / den[r].sum())
        scale = float(den[-1])
    else:
        base, now, scale = float(each[b].mean()), float(each[r].mean()), 1.0
    var = sum(
        (float(np.var(each[s], ddof=1)) / k if k > 1 else 0.0)
        for s, k in ((b, k_base), (r, k_recent))
    )
    out |= {
        "baseline": base,
        "recent": now,
        "change": (now - base) * scale,
        "se": math.sqrt(var) * scale,
        "k_baseline": k_base,
        "k_recent": k_recent,
        "latest_denominator": scale if ratio else math.nan,
    }
    return out


def _baseline_points(measure: dict[str, Any], periods: pd.Series, start: Any) -> int:
    k = measure.get("baseline_points")
    if k is not None and not pd.isna(k) and int(k) > 0:
        return int(k)
    if start is None:
        return 0
    return int((pd.to_datetime(periods) < pd.Timestamp(start)).sum())


def absolute_changes(
    source: Source, *, types: tuple[str, ...] = ("outcome",), recent: int = RECENT_POINTS
) -> pd.DataFrame:
    """One row per team measure of ``types``: baseline, recent, absolute change, SE, better.

    Columns: ``team_id, measure_id, measure, type, chart, unit, counted, direction,
    baseline, recent, change, se, better, k_baseline, k_recent, latest_denominator``;
    ``counted`` says what the change counts (the measure's numerator for ratio
    measures, its unit otherwise).

    >>> t = absolute_changes(demo_programme)
    >>> list(t["measure_id"].unique())
    ['dna_rate', 'answered_2min', 'abandoned', 'smr_coverage']
    """
    measures = get_table(source, "measures", required=("team_id", "measure_id", "type", "chart"))
    measures = measures[measures["type"].isin(types)]
    rows = get_table(
        source,
        "measurements",
        required=("team_id", "measure_id", "period", "value", "numerator", "denominator"),
    )
    rows = rows.assign(period=pd.to_datetime(rows["period"])).sort_values("period", kind="stable")
    groups = dict(tuple(rows.groupby(["team_id", "measure_id"], sort=False)))
    start = programme_start(source)
    out = []
    for rec in measures.to_dict("records"):
        m = {k: (None if _na(v) else v) for k, v in rec.items()}
        key = (m["team_id"], m["measure_id"])
        series = groups.get(key)
        if series is None:
            continue
        chart = str(m.get("chart") or "")
        change = level_change(
            series, chart=chart, baseline=_baseline_points(m, series["period"], start),
            recent=recent,
        )  # fmt: skip
        if math.isnan(change["change"]):
            continue
        sign = {"increase": 1.0, "decrease": -1.0}.get(str(m.get("direction")), math.nan)
        ratio = chart in RATIO_CHARTS
        counted = m.get("numerator") if ratio else m.get("unit")
        out.append(
            {
                "team_id": m["team_id"],
                "measure_id": m["measure_id"],
                "measure": m.get("name") or m["measure_id"],
                "type": m.get("type"),
                "chart": chart,
                "unit": m.get("unit"),
                "counted": str(counted or ("people" if ratio else "per period")),
                "direction": m.get("direction"),
                **change,
                "better": sign * change["change"],
            }
        )
    columns = [
        "team_id", "measure_id", "measure", "type", "chart", "unit", "counted", "direction",
        "baseline", "recent", "change", "se", "better", "k_baseline", "k_recent",
        "latest_denominator",
    ]  # fmt: skip
    frame = pd.DataFrame(out, columns=columns)
    return frame


def combine_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """Per measure across teams: total change, 95% interval, teams, teams better/worse.

    >>> ch = pd.DataFrame({"measure_id": ["a", "a"], "measure": ["A", "A"], "chart": ["p", "p"],
    ...     "counted": ["people", "people"], "direction": ["increase"] * 2,
    ...     "change": [10.0, 20.0], "se": [3.0, 4.0], "better": [10.0, 20.0]})
    >>> combine_changes(ch)[["total", "ci_low", "ci_high", "teams"]].round(1)
       total  ci_low  ci_high  teams
    0   30.0    20.2     39.8      2
    """
    if changes.empty:
        return pd.DataFrame(
            columns=["measure_id", "measure", "chart", "counted", "direction", "total", "se",
                     "ci_low", "ci_high", "teams", "teams_better", "teams_worse"]
        )  # fmt: skip
    rows = []
    for mid, g in changes.groupby("measure_id", sort=False):
        total = float(g["change"].sum())
        se = math.sqrt(float((g["se"] ** 2).sum()))
        sure = g["better"] / g["se"].where(g["se"] > 0)
        rows.append(
            {
                "measure_id": mid,
                "measure": g["measure"].iloc[0],
                "chart": g["chart"].iloc[0],
                "counted": g["counted"].iloc[0],
                "direction": g["direction"].iloc[0],
                "total": total,
                "se": se,
                "ci_low": total - Z95 * se,
                "ci_high": total + Z95 * se,
                "teams": len(g),
                # teams whose own change is clear of their own noise (beyond 1.96 SE)
                "teams_better": int((sure > Z95).sum()),
                "teams_worse": int((sure < -Z95).sum()),
            }
        )
    return pd.DataFrame(rows)


def _na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
