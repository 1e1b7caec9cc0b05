"""The IHI progress (assessment) scale for improvement teams, and a team's trajectory.

Scores run from 0.5 to 5.0 in steps of 0.5 (IHI Assessment Scale for
Collaboratives, as used by Life QI; qi-methods.md §8). Definitions below are
qiteach's paraphrase of the Life QI wording of the IHI scale.

>>> describe_score(2.5)
'2.5 Changes tested, no improvement: first tests of change have begun; most goals ...'
>>> t = trajectory([{"date": "2026-01-31", "score": 1.0}, {"date": "2026-03-31", "score": 2.5},
...                 {"date": "2026-02-28", "score": 2.0}])
>>> t.latest, t.change, t.time_at_level
(2.5, 1.5, {1.0: 28, 2.0: 31, 2.5: 0})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.dates import parse_one
from qiteach.exceptions import ToolkitError

__all__ = [
    "PROGRESS_LABELS",
    "PROGRESS_SCALE",
    "ProgressTrajectory",
    "clean_progress",
    "describe_score",
    "trajectory",
    "validate_score",
]

_FILE = "progress.csv"

_SCALE: tuple[tuple[float, str, str], ...] = (
    (0.5, "Intent to participate",
     "a project has been identified but there is no charter or team yet."),
    (1.0, "Charter and team established",
     "a charter has been agreed and people assigned, but no work done yet."),
    (1.5, "Planning begun",
     "the project is being organised: resources, first focus, materials, meeting dates."),
    (2.0, "Activity, no changes",
     "the team is learning: planning, measuring, collecting baseline data, studying "
     "the process; no changes tested yet."),
    (2.5, "Changes tested, no improvement",
     "first tests of change have begun; most goals have a measure, shown on charts "
     "with targets."),
    (3.0, "Modest improvement",
     "some changes tested successfully and a little small-scale implementation; "
     "anecdotal evidence of improvement (about 20% of expected results)."),
    (3.5, "Improvement",
     "testing and implementation continue and project measures improve further "
     "towards the goals."),
    (4.0, "Significant improvement",
     "expected results reached for major parts of the system; implementation "
     "(training, communication) has begun; half or more of the goals met."),
    (4.5, "Sustainable improvement",
     "data on the key measures begin to show that the improvement is being sustained."),
    (5.0, "Outstanding sustainable results",
     "implementation complete, all goals and expected results achieved, and the "
     "organisation has changed to keep the improvement going."),
)  # fmt: skip

#: score -> short label
PROGRESS_LABELS: dict[float, str] = {s: label for s, label, _ in _SCALE}

#: The scale as a table: score, label, definition.
PROGRESS_SCALE: pd.DataFrame = pd.DataFrame(_SCALE, columns=["score", "label", "definition"])


def validate_score(value: Any, *, row: int | None = None, file: str = _FILE) -> float:
    """Return ``value`` as a float if it is on the scale (0.5 to 5.0 in steps of 0.5).

    >>> validate_score("3")
    3.0
    >>> validate_score(2.7, row=4)
    Traceback (most recent call last):
    qiteach.exceptions.ToolkitError: progress.csv:4:score: 2.7 is not on the IHI progress scale ...
    """
    try:
        score = float(value)
    except (TypeError, ValueError):
        score = float("nan")
    if (
        value is None
        or value is pd.NA
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and pd.isna(value))
    ):
        raise ToolkitError(
            "the score is empty", file=file, row=row, column="score",
            fix="fill in a score from 0.5 to 5.0 (steps of 0.5)",
        )  # fmt: skip
    if score not in PROGRESS_LABELS:
        raise ToolkitError(
            f"{value!r} is not on the IHI progress scale" if isinstance(value, str)
            else f"{value} is not on the IHI progress scale",
            file=file,
            row=row,
            column="score",
            fix="use 0.5, 1.0, 1.5 ... 5.0 (steps of 0.5)",
        )  # fmt: skip
    return score


def describe_score(value: Any) -> str:
    """The score with its label and definition, in one line."""
    score = validate_score(value)
    definition = PROGRESS_SCALE.loc[PROGRESS_SCALE["score"] == score, "definition"].iloc[0]
    return f"{score:.1f} {PROGRESS_LABELS[score]}: {definition}"


@dataclass(frozen=True, slots=True)
class ProgressTrajectory:
    """One team's progress scores over time.

    ``frame`` has one row per score, sorted by date: ``date``, ``score``,
    ``label``, ``days`` (days the score held: to the next score, the latest to
    ``as_of``). ``time_at_level`` sums those days per score, in score order.
    ``change`` is latest − first.
    """

    team_id: str | None
    frame: pd.DataFrame
    first: float
    latest: float
    latest_date: dt.date
    change: float
    time_at_level: dict[float, int]

    def as_text(self, *, date_text: Callable[[dt.date], str] = str) -> str:
        """One sentence for a report; ``date_text`` writes the dates (default ISO).

        >>> t = trajectory([{"date": "2026-01-31", "score": 1.0},
        ...                 {"date": "2026-02-28", "score": 2.0}])
        >>> print(t.as_text())
        Latest progress score 2.0 (Activity, no changes) on 2026-02-28, up 1.0 since 2026-01-31.
        >>> print(t.as_text(date_text=lambda d: d.strftime("%d/%m/%Y")))
        Latest progress score 2.0 (Activity, no changes) on 28/02/2026, up 1.0 since 31/01/2026.
        """
        since = date_text(self.frame["date"].iloc[0].date())
        if self.change > 0:
            moved = f"up {self.change:.1f} since {since}"
        elif self.change < 0:
            moved = f"down {-self.change:.1f} since {since}"
        else:
            moved = f"unchanged since {since}"
        return (
            f"Latest progress score {self.latest:.1f} ({PROGRESS_LABELS[self.latest]}) "
            f"on {date_text(self.latest_date)}, {moved}."
        )


def _frame(progress: Any) -> pd.DataFrame:
    if isinstance(progress, pd.DataFrame):
        return progress
    if isinstance(progress, Mapping):
        return pd.DataFrame({"date": list(progress), "score": list(progress.values())})
    if isinstance(progress, Iterable):
        rows = list(progress)
        return pd.DataFrame(rows) if rows else pd.DataFrame(columns=["date", "score"])
    raise ToolkitError(
        f"expected a table of progress scores, got {type(progress).__name__}",
        file=_FILE,
        fix="pass the progress table, a list of {'date', 'score'} dicts or {date: score}",
    )


def _timestamp(value: Any) -> pd.Timestamp:
    """A date from a cell or option: ISO, or UK dd/mm/yyyy read day-first (NaT if unreadable)."""
    try:
        return parse_one(value)
    except (TypeError, ValueError):
        return pd.NaT


def clean_progress(progress: Any) -> pd.DataFrame:
    """Validated copy of progress rows: team_id (if given), date (Timestamp), score, sorted.

    >>> clean_progress([{"date": "2026-02-01", "score": "2"}])["score"].tolist()
    [2.0]
    """
    df = _frame(progress)
    for col in ("date", "score"):
        if col not in df.columns:
            raise ToolkitError(
                f"no {col!r} column", file=_FILE, column=col,
                fix="the progress table needs date and score columns",
            )  # fmt: skip
    out = pd.DataFrame(index=df.index)
    if "team_id" in df.columns:
        out["team_id"] = df["team_id"].astype(str).str.strip()
    dates = []
    for i, value in enumerate(df["date"]):
        stamp = _timestamp(value)
        if pd.isna(stamp):
            raise ToolkitError(
                f"date {value!r} is not a date", file=_FILE, row=i + 2, column="date",
                fix="write dates as YYYY-MM-DD",
            )  # fmt: skip
        dates.append(stamp.normalize())
    out["date"] = dates
    out["score"] = [validate_score(v, row=i + 2) for i, v in enumerate(df["score"])]
    keys = ["team_id", "date"] if "team_id" in out.columns else ["date"]
    dupes = out.duplicated(keys, keep="first")
    if dupes.any():
        i = int(dupes.to_numpy().nonzero()[0][0])
        raise ToolkitError(
            f"two scores on {out['date'].iloc[i].date()}", file=_FILE, row=i + 2, column="date",
            fix="keep one score per team per date",
        )  # fmt: skip
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def trajectory(progress: Any, *, as_of: Any = None) -> ProgressTrajectory:
    """One team's progress over time: sorted scores, latest, change since first, time at each level.

    ``progress`` is one team's rows of the ``progress`` table (or a list of
    ``{"date", "score"}`` dicts, or ``{date: score}``). Each score holds from
    its date until the next score's date; the latest holds until ``as_of``
    (default: its own date, so 0 days).
    """
    df = clean_progress(progress)
    if df.empty:
        raise ToolkitError(
            "no progress scores", file=_FILE, column="score",
            fix="add at least one dated score",
        )  # fmt: skip
    team = None
    if "team_id" in df.columns:
        teams = sorted(set(df["team_id"]))
        if len(teams) > 1:
            raise ToolkitError(
                f"rows for {len(teams)} teams ({', '.join(teams)})", file=_FILE,
                column="team_id", fix="pass one team's rows, e.g. df[df.team_id == 'north']",
            )  # fmt: skip
        team = teams[0]
    end = df["date"].iloc[-1] if as_of is None else _timestamp(as_of)
    if pd.isna(end):
        raise ToolkitError(
            f"as_of {as_of!r} is not a date", file=_FILE, column="date",
            fix="write dates as YYYY-MM-DD",
        )  # fmt: skip
    end = end.normalize()
    if end < df["date"].iloc[-1]:
        raise ToolkitError(
            f"as_of {end.date()} is before the latest score ({df['date'].iloc[-1].date()})",
            file=_FILE, column="date", fix="give an as_of date on or after the latest score",
        )  # fmt: skip
    following = [*df["date"].iloc[1:], end]
    days = [int((b - a).days) for a, b in zip(df["date"], following, strict=True)]
    frame = pd.DataFrame(
        {
            "date": df["date"],
            "score": df["score"],
            "label": df["score"].map(PROGRESS_LABELS),
            "days": days,
        }
    )
    time_at: dict[float, int] = {}
    for score, d in sorted(zip(frame["score"], days, strict=True)):
        time_at[score] = time_at.get(score, 0) + d
    first, latest = float(frame["score"].iloc[0]), float(frame["score"].iloc[-1])
    return ProgressTrajectory(
        team_id=team,
        frame=frame,
        first=first,
        latest=latest,
        latest_date=frame["date"].iloc[-1].date(),
        change=latest - first,
        time_at_level=time_at,
    )
