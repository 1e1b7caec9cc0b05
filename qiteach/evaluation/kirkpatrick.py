"""Kirkpatrick levels 1–4: one table summarising what the programme achieved.

Each row is one indicator with its computed ``figure`` (a number), the
``result`` in words, the ``source`` tables it comes from and a ``status``
("available" or "not yet available" when the data do not exist yet, e.g. no
post survey mid-programme).

=====  ===========  =======================================================
level  name         indicators
=====  ===========  =======================================================
1      reaction     mean session rating; % ratings 4 or 5; attendance rate
2      learning     confidence and knowledge pre/post (Hodges–Lehmann change,
                    Wilcoxon signed-rank test on participant means); measured:
                    self-check exercises completed and passed first time
                    (learning.csv, with the programme's consent)
3      behaviour    PDSA cycles run; teams with ≥ 1 complete ramp; measures
                    with data in the latest period; latest progress scores
4      results      teams with special-cause improvement on an outcome
                    measure; aims met
=====  ===========  =======================================================

>>> kirkpatrick_table({})[["level", "indicator", "status"]].head(3)
   level                  indicator             status
0      1  Mean session rating (1-5)  not yet available
1      1     Ratings of 4 or 5 (%)  not yet available
2      1    Attendance rate (%)  not yet available
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import get_table, percent_text

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = ["LEVEL_NAMES", "kirkpatrick_table", "measures_up_to_date"]

LEVEL_NAMES = {1: "reaction", 2: "learning", 3: "behaviour", 4: "results"}
NOT_YET = "not yet available"

#: How recent a measure's last point must be, per frequency, to count as up to date.
_WINDOW_DAYS = {"daily": 1, "weekly": 7, "fortnightly": 14, "event": 31}
_CALENDAR = {"monthly": "M", "quarterly": "Q"}


def measures_up_to_date(source: Source, *, as_of: Any = None) -> pd.DataFrame:
    """Whether each measure has data in the latest period.

    ``as_of`` defaults to the latest period in any team's measurements.
    Monthly and quarterly measures need a point in the same calendar month or
    quarter as ``as_of``; daily, weekly, fortnightly and event measures a point
    less than 1, 7, 14 or 31 days before it. Returns ``team_id, measure_id,
    frequency, last_period, up_to_date``.

    >>> m = pd.DataFrame({"team_id": ["a", "a"], "measure_id": ["x", "y"],
    ...                   "frequency": ["monthly", "weekly"]})
    >>> v = pd.DataFrame({"team_id": ["a", "a"], "measure_id": ["x", "y"],
    ...     "period": pd.to_datetime(["2025-03-01", "2025-03-10"])})
    >>> measures_up_to_date({"measures": m, "measurements": v})["up_to_date"].tolist()
    [True, True]
    >>> measures_up_to_date({"measures": m, "measurements": v}, as_of="2025-03-20")[
    ...     "up_to_date"].tolist()
    [True, False]
    """
    measures = get_table(source, "measures", required=("team_id", "measure_id", "frequency"))
    rows = get_table(source, "measurements", required=("team_id", "measure_id", "period"))
    has_data = rows.dropna(subset=["value", "numerator"], how="all") if "value" in rows else rows
    last = has_data.groupby(["team_id", "measure_id"])["period"].max().rename("last_period")
    out = measures[["team_id", "measure_id", "frequency"]].merge(
        last.reset_index(), on=["team_id", "measure_id"], how="left"
    )
    out["last_period"] = pd.to_datetime(out["last_period"])
    ref = pd.Timestamp(as_of) if as_of is not None else out["last_period"].max()
    flags = []
    for freq, lp in zip(out["frequency"], out["last_period"], strict=True):
        if pd.isna(lp) or pd.isna(ref):
            flags.append(False)
        elif freq in _CALENDAR:
            flags.append(lp.to_period(_CALENDAR[freq]) == ref.to_period(_CALENDAR[freq]))
        else:
            flags.append(0 <= (ref - lp).days < _WINDOW_DAYS.get(str(freq), 31))
    out["up_to_date"] = flags
    return out


def _row(
    level: int,
    indicator: str,
    figure: float,
    result: str,
    source: str,
    *,
    missing: str = NOT_YET,
) -> dict[str, Any]:
    """One indicator; a NaN ``figure`` shows ``missing`` (default "not yet available").

    The status is "available", "too few to show" (small groups hidden) or
    "not yet available".
    """
    available = not (isinstance(figure, float) and math.isnan(figure))
    status = "available" if available else NOT_YET
    if not available and missing.startswith("too few to show"):
        status = "too few to show"
    return {
        "level": level,
        "level_name": LEVEL_NAMES[level],
        "indicator": indicator,
        "figure": figure,
        "result": result if available else missing,
        "source": source,
        "status": status,
    }


def _level2(source: Source) -> list[dict[str, Any]]:
    from qiteach.evaluation.survey import analyse_survey

    tests = analyse_survey(source).tests
    rows = []
    for domain, t in tests.items():
        figure = t.hl_estimate if t.n_pairs else math.nan
        rows.append(
            _row(
                2,
                f"{domain.capitalize()}: median change pre to post (Likert 1-5)",
                figure,
                t.sentence(),
                f"survey ({domain})",
            )
        )
    rows += _measured_learning(source)
    return rows


def _measured_learning(source: Source) -> list[dict[str, Any]]:
    """Level 2 measured: the notebooks' self-check results (learning.csv), beside the survey."""
    from qiteach.evaluation.learning import MIN_PEOPLE, NO_ROWS, TOO_FEW, learning_summary

    s = learning_summary(source)
    if s.shown:
        missing = NOT_YET
    elif s.status == "available":
        missing = f"{TOO_FEW} (fewer than {MIN_PEOPLE} people)"
    else:
        missing = NOT_YET if s.status == NO_ROWS else s.status
    base = f"of {s.answered} exercises answered by {s.people} participants"
    return [
        _row(
            2,
            "Self-check exercises completed (%)",
            s.completed_percent,
            f"{percent_text(s.completed_percent)} {base}",
            "learning",
            missing=missing,
        ),
        _row(
            2,
            "Self-check exercises passed first time (%)",
            s.first_time_percent,
            f"{percent_text(s.first_time_percent)} {base}",
            "learning",
            missing=missing,
        ),
    ]


def _level3(source: Source, teams: list[str]) -> list[dict[str, Any]]:
    from qiteach.evaluation.cohort import pdsa_activity, progress_summary

    act = pdsa_activity(source)
    n_cycles = float(act.by_team["cycles"].sum()) if act.status != NOT_YET else math.nan
    active = int((act.by_team["cycles"] > 0).sum())
    ramps = int((act.by_team["complete_ramps"] > 0).sum())
    rows = [
        _row(
            3,
            "PDSA cycles run",
            n_cycles,
            f"{n_cycles:.0f} cycle{'' if n_cycles == 1 else 's'} by {active} of {len(teams)} teams",
            "pdsa",
        ),
        _row(
            3,
            "Teams with at least one complete ramp",
            float(ramps) if act.status != NOT_YET else math.nan,
            f"{ramps} of {len(teams)} teams",
            "pdsa",
        ),
    ]
    upd = measures_up_to_date(source)
    n_ok = int(upd["up_to_date"].sum())
    have = upd["last_period"].notna().any()
    rows.append(
        _row(
            3,
            "Measures with data in the latest period (%)",
            100.0 * n_ok / len(upd) if have else math.nan,
            f"{n_ok} of {len(upd)} measures up to date"
            + (f" (as of {upd['last_period'].max():%d %b %Y})" if have else ""),
            "measures, measurements",
        )
    )
    prog = progress_summary(source)
    scored = prog.dropna(subset=["latest_score"])
    if scored.empty:
        rows.append(
            _row(3, "Latest progress score (median across teams)", math.nan, "", "progress")
        )
    else:
        med = float(scored["latest_score"].median())
        change = float(scored["change"].mean())
        rows.append(
            _row(
                3,
                "Latest progress score (median across teams)",
                med,
                f"median {med:g} (range {scored['latest_score'].min():g}-"
                f"{scored['latest_score'].max():g}) in {len(scored)} of {len(teams)} teams; "
                f"mean change since first score {change:+.2g}",
                "progress",
            )
        )
    return rows


def _level4(source: Source, teams: list[str], rules: str | None) -> list[dict[str, Any]]:
    from qiteach.evaluation.aim import team_aim
    from qiteach.evaluation.cohort import improvement_signals

    sig = improvement_signals(source, rules=rules)
    with_data = sig[sig["n_points"] > 0]
    improving = sorted(set(sig.loc[sig["verdict"] == "improvement", "team_id"]))
    table = get_table(source, "teams", required=("team_id",))
    label = table["team_name"] if "team_name" in table else table["team_id"]
    names = dict(zip(table["team_id"].astype(str), label, strict=True))

    def named(ids: list[str]) -> str:  # a board reads team names, not file ids
        return ", ".join(n if isinstance(n := names.get(t), str) and n.strip() else t for t in ids)

    rows = [
        _row(
            4,
            "Teams with special-cause improvement on an outcome measure",
            float(len(improving)) if not with_data.empty else math.nan,
            f"{len(improving)} of {len(teams)} teams"
            + (f" ({named(improving)})" if improving else ""),
            "measures, measurements (charts)",
        )
    ]
    aims = [team_aim(source, t, rules=rules) for t in teams]
    judged = [a for a in aims if a.status in ("met", "not yet met")]
    met = [a.team_id for a in aims if a.status == "met"]
    rows.append(
        _row(
            4,
            "Aims met",
            float(len(met)) if judged else math.nan,
            f"{len(met)} of {len(judged)} teams with a target and data"
            + (f" ({named(met)})" if met else "")
            + (f"; {len(teams) - len(judged)} not yet judged" if len(judged) < len(teams) else ""),
            "teams, measures, measurements",
        )
    )
    return rows


def kirkpatrick_table(source: Source, *, rules: str | None = None) -> pd.DataFrame:
    """The Kirkpatrick levels 1–4 table for a programme (see module docstring).

    Columns: ``level, level_name, indicator, figure, result, source, status``.
    """
    from qiteach.evaluation.cohort import attendance_summary, feedback_summary

    teams = [str(t) for t in get_table(source, "teams", required=("team_id",))["team_id"]]
    fb = feedback_summary(source)
    att = attendance_summary(source)
    rows = [
        _row(
            1,
            "Mean session rating (1-5)",
            fb.mean_rating,
            f"{fb.mean_rating:.2f} from {fb.n_ratings} ratings",
            "feedback",
        ),
        _row(
            1,
            "Ratings of 4 or 5 (%)",
            fb.percent_4plus,
            f"{percent_text(fb.percent_4plus)} of {fb.n_ratings} ratings",
            "feedback",
        ),
        _row(
            1,
            "Attendance rate (%)",
            100.0 * att.overall_rate,
            f"{percent_text(100.0 * att.overall_rate)} of {att.n_records} session places",
            "attendance",
        ),
    ]
    rows += _level2(source)
    rows += _level3(source, teams)
    rows += _level4(source, teams, rules)
    return pd.DataFrame(rows)
