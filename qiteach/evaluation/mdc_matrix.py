"""The Making Data Count summary matrix: every team × measure with variation and assurance.

NHS boards read a summary of many measures as two icons each (NHS England,
*Making Data Count*; qi-methods.md §7): **variation**, what the latest points
show (common cause; special cause improvement, concern or neutral, high or low),
and **assurance**, whether the measure will meet its target (the target beyond
the latest limits on the good side: consistently passes; on the bad side:
consistently fails; between them: hit and miss).

With the Making Data Count rules the chart itself carries both (the latest
point's ``point_type`` and the latest part's ``assurance``). With the other rule
sets the matrix reads the report's own charts the same way, so no chart is
computed twice: variation is the verdict *now*
(:func:`~qiteach.evaluation.read_measure`, a signal reaching the recent points)
and assurance compares the target with the latest control limits
(:func:`qiteach.charts.rules.mdc.assurance`); a run chart has no limits, so no
assurance. The table says which rule set it was read with.

**Needs attention** orders the rows: a concern now (3), a target consistently
failed (2), hit and miss (1); the two add up, so a concern on a failing measure
comes first.

>>> m = mdc_matrix(demo_programme)
>>> list(m.columns)[:6]
['team_id', 'measure_id', 'measure', 'type', 'variation', 'assurance']
>>> bool((m["attention"].diff().dropna() <= 0).all())  # sorted, most attention first
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_table

if TYPE_CHECKING:
    from qiteach.charts import ChartResult
    from qiteach.evaluation._tables import Source
    from qiteach.evaluation.aim import MeasureReading

__all__ = ["ATTENTION", "mdc_matrix", "measure_status"]

#: points towards "needs attention" for each state (variation and assurance add up)
ATTENTION = {"concern": 3, "consistent_fail": 2, "inconsistent": 1}

_WAY = {"up": "high", "down": "low"}


def measure_status(
    result: ChartResult | None, reading: MeasureReading, target: float | None
) -> tuple[str | None, str | None]:
    """``(variation point type, assurance)`` of one measure's chart and reading.

    The variation is in ``ChartResult.points.point_type`` terms
    (``special_cause_improvement``, ``special_cause_concern``,
    ``special_cause_neutral_high`` / ``_low``, ``common_cause``); None when the
    chart cannot be read yet.
    """
    from qiteach.charts.rules.mdc import assurance

    if result is None or reading.verdict in ("not enough data", "too early to say"):
        return None, None
    if result.rules == "mdc":
        types = result.points["point_type"].dropna()
        variation = str(types.iloc[-1]) if len(types) else None
        sure = result.parts["assurance"].dropna()
        return variation, (str(sure.iloc[-1]) if len(sure) else None)
    variation = {
        "improvement": "special_cause_improvement",
        "concern": "special_cause_concern",
        "common cause": "common_cause",
    }.get(reading.verdict)
    if reading.verdict == "special cause":
        variation = f"special_cause_neutral_{_WAY.get(reading.signal_direction or '', 'high')}"
    sure = None
    pts = result.points
    last = pts[pts["part"] == pts["part"].dropna().iloc[-1]] if pts["part"].notna().any() else pts
    lcl, ucl = last["lcl"].to_numpy(float), last["ucl"].to_numpy(float)
    directed = target is not None and result.direction in ("increase", "decrease")
    if directed and np.isfinite(lcl[-1:]).all() and np.isfinite(ucl[-1:]).all():
        # the chart's points, limits and the measure's target share one scale (e.g. %)
        sure = assurance(float(target), float(lcl[-1]), float(ucl[-1]), result.direction)  # type: ignore[arg-type]
    return variation, sure


def _target(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


def mdc_matrix(
    source: Source,
    *,
    rules: str | None = None,
    teams: list[str] | None = None,
    types: tuple[str, ...] = ("outcome", "process", "balancing"),
) -> pd.DataFrame:
    """One row per team measure: variation, assurance, verdict, attention; most attention first.

    Columns: ``team_id, measure_id, measure, type, variation, assurance,
    direction, verdict, attention, rules``.
    """
    from qiteach.evaluation._tables import programme_start
    from qiteach.evaluation.aim import chart_or_reason, first_cycles, read_measure

    measures = get_table(source, "measures", required=("team_id", "measure_id", "type"))
    measures = measures[measures["type"].isin(types)]
    if teams is not None:
        measures = measures[measures["team_id"].isin(teams)]
    start = programme_start(source)
    cycles = first_cycles(source)
    rows = []
    for rec in measures.to_dict("records"):
        m = {k: (None if _na(v) else v) for k, v in rec.items()}
        team = str(m["team_id"])
        result, why = chart_or_reason(source, team, str(m["measure_id"]), rules)
        reading = read_measure(m, result, reason=why, programme_start=start,
                               first_cycle=cycles.get(team))  # fmt: skip
        variation, sure = measure_status(result, reading, _target(m.get("target")))
        concern = variation == "special_cause_concern"
        rows.append(
            {
                "team_id": team,
                "measure_id": str(m["measure_id"]),
                "measure": reading.name,
                "type": reading.type,
                "variation": variation,
                "assurance": sure,
                "direction": reading.direction,
                "verdict": reading.verdict,
                "attention": (ATTENTION["concern"] if concern else 0)
                + ATTENTION.get(sure or "", 0),
                "rules": None if result is None else result.rules,
            }
        )
    columns = ["team_id", "measure_id", "measure", "type", "variation", "assurance",
               "direction", "verdict", "attention", "rules"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    order = {"outcome": 0, "process": 1, "balancing": 2}
    frame = frame.assign(_t=frame["type"].map(order).fillna(3))
    frame = frame.sort_values(["attention", "_t"], ascending=[False, True], kind="stable")
    return frame.drop(columns="_t").reset_index(drop=True)


def _na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
