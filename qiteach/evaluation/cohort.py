"""Programme-wide summaries: attendance, participants, feedback, PDSA activity, progress, signals.

Every function takes a Programme (or Team) or a mapping of table name to
DataFrame with :mod:`qiteach.workspace.schema` columns, and copes with a
programme in mid-flight: empty tables give empty results with
``status="not yet available"`` rather than errors.

Definitions (see ``docs/evaluation.md``):

* attendance rate = rows with ``attended == "yes"`` / attendance rows recorded
  (sessions not yet held have no rows, so they do not count against anyone);
* a *complete ramp* is a ramp of at least 2 cycles, every one finished (end date
  and act recorded), whose last cycle ended in ``adopt`` or ``abandon``;
* an *improvement signal* is a special-cause signal whose most recent
  directional signal lies in the measure's wanted direction.

>>> import pandas as pd
>>> people = pd.DataFrame({"participant_id": ["p1", "p2"], "display_name": ["A", "B"],
...                        "role": ["GP", "nurse"], "team_id": ["t", "t"]})
>>> att = pd.DataFrame({"participant_id": ["p1", "p2", "p1", "p2"], "session": [1, 1, 2, 2],
...                     "attended": ["yes", "yes", "yes", "no"]})
>>> s = attendance_summary({"participants": people, "attendance": att})
>>> s.overall_rate
0.75
>>> s.table()
role     GP  nurse  all
session
1     100.0  100.0  100.0
2     100.0    0.0   50.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import get_meta, get_table

if TYPE_CHECKING:
    from qiteach.evaluation._tables import Source

__all__ = [
    "AttendanceSummary",
    "FeedbackSummary",
    "PDSAActivity",
    "attendance_summary",
    "feedback_summary",
    "improvement_signals",
    "participants_by_role",
    "pdsa_activity",
    "progress_summary",
]

NOT_YET = "not yet available"
ACTS = ("adopt", "adapt", "abandon", "continue")


def _sessions(source: Source) -> pd.DataFrame:
    """Session number, date and title from the workspace (``sessions`` or programme.yaml)."""
    sessions = getattr(source, "sessions", None)
    if sessions is None and isinstance(source, dict):
        sessions = source.get("sessions")
    if sessions is None:
        sessions = pd.DataFrame(get_meta(source).get("sessions") or [])
    if not isinstance(sessions, pd.DataFrame) or "number" not in sessions:
        return pd.DataFrame(columns=["session", "date", "title"])
    out = pd.DataFrame({"session": pd.to_numeric(sessions["number"]).astype(int)})
    out["date"] = pd.to_datetime(sessions["date"]) if "date" in sessions else pd.NaT
    out["title"] = sessions["title"].astype(object) if "title" in sessions else None
    return out


# -- attendance and participants -----------------------------------------------------------
@dataclass(frozen=True)
class AttendanceSummary:
    """Attendance by session and role; ``matrix`` is participant × session (1, 0 or NaN)."""

    status: str
    overall_rate: float
    n_records: int
    by_session: pd.DataFrame
    by_session_role: pd.DataFrame
    by_role: pd.DataFrame
    matrix: pd.DataFrame

    def table(self, *, decimals: int | None = 1) -> pd.DataFrame:
        """% attended, sessions as rows and roles as columns, plus an ``all`` column.

        ``decimals=None`` keeps full precision, for callers that round for display
        themselves (rounding twice can turn 84.52% into "84%").
        """
        if self.by_session_role.empty:
            return pd.DataFrame()
        wide = self.by_session_role.pivot(index="session", columns="role", values="percent")
        wide["all"] = self.by_session.set_index("session")["percent"]
        return wide if decimals is None else wide.round(decimals)


def _rate(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, observed=True)["yes"].agg(["size", "sum"]).reset_index()
    grouped = grouped.rename(columns={"size": "n_recorded", "sum": "n_attended"})
    grouped["n_attended"] = grouped["n_attended"].astype(int)
    grouped["percent"] = 100.0 * grouped["n_attended"] / grouped["n_recorded"]
    return grouped


def attendance_summary(source: Source) -> AttendanceSummary:
    """Attendance rates overall, by session, by role and by session × role."""
    att = get_table(source, "attendance")
    people = get_table(source, "participants", required=("participant_id", "role", "team_id"))
    att = att.merge(people[["participant_id", "role", "team_id"]], on="participant_id", how="left")
    att["role"] = att["role"].fillna("unknown").astype(str)
    att["yes"] = att["attended"].astype(str).str.lower().eq("yes")
    att["session"] = pd.to_numeric(att["session"]).astype("Int64")
    if att.empty:
        empty = pd.DataFrame(columns=["session", "n_recorded", "n_attended", "percent"])
        return AttendanceSummary(
            NOT_YET, float("nan"), 0, empty, empty.assign(role=[]), empty, pd.DataFrame()
        )
    by_session = _rate(att, ["session"])
    sessions = _sessions(source)
    if not sessions.empty:
        by_session = by_session.merge(sessions, on="session", how="left")
    matrix = att.pivot_table(
        index=["team_id", "role", "participant_id"],
        columns="session",
        values="yes",
        aggfunc="max",
    ).astype(float)
    return AttendanceSummary(
        status="available",
        overall_rate=float(att["yes"].mean()),
        n_records=len(att),
        by_session=by_session,
        by_session_role=_rate(att, ["session", "role"]),
        by_role=_rate(att, ["role"]),
        matrix=matrix,
    )


def participants_by_role(source: Source, *, by_team: bool = False) -> pd.DataFrame:
    """Number and % of participants per role (optionally per team × role).

    >>> p = pd.DataFrame({"participant_id": ["a", "b", "c"], "role": ["GP", "GP", "admin"],
    ...                   "team_id": ["t", "t", "u"]})
    >>> participants_by_role({"participants": p})
        role  n    percent
    0     GP  2  66.666667
    1  admin  1  33.333333
    """
    people = get_table(source, "participants", required=("participant_id", "role", "team_id"))
    keys = ["team_id", "role"] if by_team else ["role"]
    out = people.groupby(keys).size().rename("n").reset_index()
    total = out.groupby("team_id")["n"].transform("sum") if by_team else out["n"].sum()
    out["percent"] = 100.0 * out["n"] / total
    return out.sort_values([*keys[:-1], "n"], ascending=[True] * (len(keys) - 1) + [False])


# -- feedback ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedbackSummary:
    """Session feedback: mean rating and % rating 4 or 5 per session, and the comments."""

    status: str
    n_ratings: int
    mean_rating: float
    percent_4plus: float
    by_session: pd.DataFrame
    comments: pd.DataFrame


def feedback_summary(source: Source) -> FeedbackSummary:
    """Mean rating and % rating ≥ 4 per session and overall; comments in session order."""
    fb = get_table(source, "feedback")
    fb = fb.dropna(subset=["rating"])
    fb = fb.assign(rating=fb["rating"].astype(float), session=fb["session"].astype(int))
    comments = fb.dropna(subset=["comment"])
    comments = comments[comments["comment"].astype(str).str.strip() != ""]
    comments = comments[["session", "rating", "comment"]].sort_values("session", kind="stable")
    if fb.empty:
        cols = ["session", "n", "mean_rating", "percent_4plus"]
        return FeedbackSummary(
            NOT_YET, 0, float("nan"), float("nan"), pd.DataFrame(columns=cols), comments
        )
    by = fb.groupby("session")["rating"].agg(
        n="size", mean_rating="mean", percent_4plus=lambda r: 100.0 * float((r >= 4).mean())
    )
    by = by.reset_index()
    sessions = _sessions(source)
    if not sessions.empty:
        by = by.merge(sessions[["session", "title"]], on="session", how="left")
    return FeedbackSummary(
        status="available",
        n_ratings=len(fb),
        mean_rating=float(fb["rating"].mean()),
        percent_4plus=100.0 * float((fb["rating"] >= 4).mean()),
        by_session=by,
        comments=comments.reset_index(drop=True),
    )


# -- progress scores -----------------------------------------------------------------------
def progress_summary(source: Source) -> pd.DataFrame:
    """Per team: number of scores, first and latest score with dates, and the change.

    Teams without any score yet appear with NaN scores and ``status`` "not yet
    available".
    """
    prog = get_table(source, "progress").dropna(subset=["score"])
    prog = prog.assign(date=pd.to_datetime(prog["date"]), score=prog["score"].astype(float))
    prog = prog.sort_values(["team_id", "date"], kind="stable")
    teams = get_table(source, "teams", required=("team_id",))
    names = teams.set_index("team_id")["team_name"] if "team_name" in teams else None
    rows = []
    for team in teams["team_id"]:
        mine = prog[prog["team_id"] == team]
        row: dict[str, Any] = {"team_id": team}
        if names is not None:
            row["team_name"] = names.get(team)
        row["n_scores"] = len(mine)
        if mine.empty:
            row |= {
                "first_date": pd.NaT,
                "first_score": np.nan,
                "latest_date": pd.NaT,
                "latest_score": np.nan,
                "change": np.nan,
                "status": NOT_YET,
            }
        else:
            first, last = mine.iloc[0], mine.iloc[-1]
            row |= {
                "first_date": first["date"],
                "first_score": first["score"],
                "latest_date": last["date"],
                "latest_score": last["score"],
                "change": last["score"] - first["score"],
                "status": "available",
            }
        rows.append(row)
    columns = ["team_id", *(["team_name"] if names is not None else []), "n_scores"]
    columns += ["first_date", "first_score", "latest_date", "latest_score", "change", "status"]
    return pd.DataFrame(rows, columns=columns)


# -- PDSA activity -------------------------------------------------------------------------
@dataclass(frozen=True)
class PDSAActivity:
    """PDSA cycles per team (with act counts and complete ramps) and per month."""

    status: str
    by_team: pd.DataFrame
    by_month: pd.DataFrame
    acts: dict[str, int]


def _complete_ramp(cycles: pd.DataFrame) -> bool:
    if len(cycles) < 2:
        return False
    finished = cycles["end"].notna() & cycles["act"].notna()
    last = cycles.sort_values(["start", "cycle_id"], kind="stable").iloc[-1]
    return bool(finished.all()) and str(last["act"]) in ("adopt", "abandon")


def pdsa_activity(source: Source) -> PDSAActivity:
    """Cycles, ramps, running cycles, act counts and complete ramps per team; cycles per month."""
    pdsa = get_table(
        source, "pdsa", required=("team_id", "cycle_id", "ramp", "start", "end", "act")
    )
    pdsa = pdsa.assign(start=pd.to_datetime(pdsa["start"]), end=pd.to_datetime(pdsa["end"]))
    teams = get_table(source, "teams", required=("team_id",))
    rows = []
    for team in teams["team_id"]:
        mine = pdsa[pdsa["team_id"] == team]
        acts = mine["act"].dropna().astype(str).value_counts()
        ramps = mine.groupby("ramp")
        rows.append(
            {
                "team_id": team,
                "cycles": len(mine),
                "ramps": int(mine["ramp"].nunique()),
                "running": int(mine["end"].isna().sum()),
                **{act: int(acts.get(act, 0)) for act in ACTS},
                "complete_ramps": sum(_complete_ramp(g) for _, g in ramps),
            }
        )
    by_team = pd.DataFrame(
        rows, columns=["team_id", "cycles", "ramps", "running", *ACTS, "complete_ramps"]
    )
    if pdsa.empty:
        return PDSAActivity(NOT_YET, by_team, pd.DataFrame(), dict.fromkeys(ACTS, 0))
    month = pdsa["start"].dt.to_period("M").dt.start_time.rename("month")
    by_month = pdsa.groupby([month, "team_id"]).size().unstack(fill_value=0)
    full = pd.date_range(by_month.index.min(), by_month.index.max(), freq="MS", name="month")
    by_month = by_month.reindex(full, fill_value=0)
    by_month.columns.name = None
    acts = pdsa["act"].dropna().astype(str).value_counts()
    return PDSAActivity(
        "available", by_team, by_month, {act: int(acts.get(act, 0)) for act in ACTS}
    )


# -- improvement signals -------------------------------------------------------------------
def improvement_signals(
    source: Source,
    *,
    types: tuple[str, ...] = ("outcome",),
    rules: str | None = None,
) -> pd.DataFrame:
    """Which teams' measures (default: outcome measures) show special-cause signals.

    One row per team measure: ``team_id, measure_id, measure, type, direction,
    n_points, signal`` (yes/no), ``rules`` (comma-separated rules that fired),
    ``signal_direction`` (up/down of the most recent directional signal),
    ``direction_consistent`` (yes/no; "n/a" for neutral measures or no signal),
    ``verdict`` (what the latest points show, see :func:`~qiteach.evaluation.read_measure`),
    ``ever_verdict`` (any signal at any time), ``signal_start`` (first date of the
    signal quoted), ``timing`` (began before the programme / before the team's first
    PDSA cycle / after it) and a plain-English ``reading``.
    """
    from qiteach.evaluation._tables import programme_start
    from qiteach.evaluation.aim import chart_or_reason, first_cycles, read_measure

    measures = get_table(source, "measures", required=("team_id", "measure_id", "type"))
    measures = measures[measures["type"].isin(types)]
    start = programme_start(source)
    cycles = first_cycles(source)
    rows = []
    for rec in measures.to_dict("records"):
        measure = {k: (None if _na(v) else v) for k, v in rec.items()}
        team_id, measure_id = str(measure["team_id"]), str(measure["measure_id"])
        result, why = chart_or_reason(source, team_id, measure_id, rules)
        reading = read_measure(
            measure, result, reason=why, programme_start=start, first_cycle=cycles.get(team_id)
        )
        signal = reading.verdict in ("improvement", "concern", "special cause")
        if reading.verdict == "improvement":
            consistent = "yes"
        elif reading.verdict == "concern":
            consistent = "no"
        else:
            consistent = "n/a"
        rows.append(
            {
                "team_id": team_id,
                "measure_id": measure_id,
                "measure": reading.name,
                "type": reading.type,
                "direction": reading.direction,
                "n_points": reading.n_points,
                "signal": "yes" if signal else "no",
                "rules": ", ".join(reading.rules),
                "signal_direction": reading.signal_direction or "",
                "direction_consistent": consistent,
                "verdict": reading.verdict,
                "ever_verdict": reading.ever_verdict or reading.verdict,
                "signal_start": reading.signal_start,
                "timing": reading.timing,
                "reading": reading.headline,
            }
        )
    columns = [
        "team_id",
        "measure_id",
        "measure",
        "type",
        "direction",
        "n_points",
        "signal",
        "rules",
        "signal_direction",
        "direction_consistent",
        "verdict",
        "ever_verdict",
        "signal_start",
        "timing",
        "reading",
    ]
    return pd.DataFrame(rows, columns=columns)


def _na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
