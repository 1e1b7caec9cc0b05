"""The SYNTHETIC demo programme: 13 participants, 3 locality teams, 8 sessions.

The numbers are drawn around plausible rates (binomial and Poisson draws) so
that each team tells a story an evaluator can find on the charts:

* **north** (DNAs, weekly p chart): a clear improvement after reminder and
  cancel-by-reply changes — a long run below the baseline centre line and
  points below the frozen lower limit;
* **west** (telephone access, monthly p′ chart): a modest shift late in the
  series — a run above the baseline that only just meets the Anhøj rule;
* **south** (structured medication reviews, monthly p chart): changes tested,
  no improvement yet — common-cause variation only.

>>> programme, tables = demo_tables(seed=DEMO_SEED)
>>> programme["synthetic"], len(programme["sessions"])
(True, 8)
>>> tables["participants"]["role"].value_counts()["practice manager"]
np.int64(8)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from qiteach.simulate.demo_text import (
    CHARTERS,
    COMMENTS,
    DRIVERS,
    MEASURES,
    PARTICIPANTS,
    PDSA,
    PROGRESS,
    SESSIONS,
    STAKEHOLDERS,
    SURVEY_ITEMS,
    TEAMS,
)
from qiteach.simulate.output import programme_yaml, table_csv

__all__ = ["DEMO_SEED", "demo_files", "demo_tables"]

#: The seed the shipped ``datasets/demo-programme`` was generated with.
DEMO_SEED = 20251205

_WEEKS = pd.date_range("2025-01-06", "2026-09-28", freq="7D")
_MONTHS = pd.date_range("2025-01-01", "2026-09-01", freq="MS")
_BANK_HOLIDAYS = pd.to_datetime(
    [
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-26",
        "2025-08-25",
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
    ]
)


def _ramp(periods: pd.DatetimeIndex, start: str, full: str) -> np.ndarray:
    """0 before ``start``, rising linearly to 1 at ``full``, 1 after."""
    t0, t1 = pd.Timestamp(start), pd.Timestamp(full)
    frac = (periods - t0) / (t1 - t0)
    return np.clip(np.asarray(frac, dtype=float), 0.0, 1.0)


def _rows(team: str, measure: str, periods: pd.DatetimeIndex, **cols: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"team_id": team, "measure_id": measure, "period": periods.date})
    for name, values in cols.items():
        frame[name] = values
    return frame


def _north(rng: np.random.Generator) -> list[pd.DataFrame]:
    weeks = _WEEKS
    holiday_days = np.array(
        [((w <= _BANK_HOLIDAYS) & (w + pd.Timedelta(days=7) > _BANK_HOLIDAYS)).sum() for w in weeks]
    )
    booked = rng.poisson(430 * (1 - 0.2 * holiday_days))
    winter = np.isin(weeks.month, [12, 1]) | (weeks.month == 8)
    change = _ramp(weeks, "2026-02-02", "2026-04-20")
    p_dna = (0.083 + 0.007 * winter - 0.039 * change) * np.exp(rng.normal(0, 0.04, len(weeks)))
    dnas = rng.binomial(booked, p_dna)
    notes = pd.Series("", index=weeks)
    notes[pd.Timestamp("2026-01-19")] = "SMS reminder test on one GP's list (C1)"
    notes[pd.Timestamp("2026-02-23")] = "Reminders in all four practices (C4)"
    notes[pd.Timestamp("2026-03-23")] = "Cancel by reply in all four practices (C7)"
    p_sms = 0.55 + 0.37 * _ramp(weeks, "2026-01-19", "2026-03-02")
    sms = rng.binomial(booked, p_sms)
    cancels = rng.poisson(3.5 + 19 * _ramp(weeks, "2026-03-02", "2026-04-06"))
    hours = 9.5 + 1.5 * _ramp(weeks, "2026-01-19", "2026-02-23") - 5.0 * change
    hours = np.round(np.maximum(hours + rng.normal(0, 1.1, len(weeks)), 1.0), 1)  # type: ignore[assignment]
    return [
        _rows("north", "dna_rate", weeks, numerator=dnas, denominator=booked, note=notes.values),
        _rows("north", "sms_reminder", weeks, numerator=sms, denominator=booked),
        _rows("north", "sms_cancellations", weeks, value=cancels),
        _rows("north", "reception_hours", weeks, value=hours),
    ]


def _west(rng: np.random.Generator) -> list[pd.DataFrame]:
    months = _MONTHS
    n = len(months)
    season = np.select(
        [months.month == 1, months.month == 8, months.month == 12], [1.1, 0.9, 0.95], 1.0
    )
    calls = rng.poisson(5200 * season)
    winter = np.isin(months.month, [12, 1])
    shift = 0.015 * (months == pd.Timestamp("2026-01-01")) + 0.03 * (months >= "2026-02-01")
    p_answer = np.clip(0.60 - 0.02 * winter + shift + rng.normal(0, 0.015, n), 0.05, 0.95)
    answered = rng.binomial(calls, p_answer)
    p_abandon = np.clip(0.13 + 0.01 * winter - 0.6 * shift + rng.normal(0, 0.008, n), 0.01, 0.5)
    abandoned = rng.binomial(calls, p_abandon)
    notes = np.where(months == pd.Timestamp("2026-02-01"), "Peak-time rota in all practices", "")
    notes = np.where(
        months == pd.Timestamp("2026-04-01"), "Call-back option in all practices", notes
    )
    staff = 3.0 + 0.6 * (months == pd.Timestamp("2026-01-01")) + 1.8 * (months >= "2026-02-01")
    staff = np.round(staff + rng.normal(0, 0.25, n), 1)
    online = np.round(820 + 4 * np.arange(n) + 30 * (months >= "2026-03-01") + rng.normal(0, 40, n))
    return [
        _rows("west", "answered_2min", months, numerator=answered, denominator=calls, note=notes),
        _rows("west", "abandoned", months, numerator=abandoned, denominator=calls),
        _rows("west", "peak_staff", months, value=staff),
        _rows("west", "online_requests", months, value=online),
    ]


def _south(rng: np.random.Generator) -> list[pd.DataFrame]:
    months = _MONTHS
    n = len(months)
    eligible = np.round(630 + 1.2 * np.arange(n) + rng.normal(0, 4, n)).astype(int)
    reviewed = rng.binomial(eligible, 0.46)
    invites = rng.poisson(
        np.select([months >= "2026-05-01", months >= "2026-02-01"], [120.0, 50.0], 38.0)
    )
    notes = np.where(months == pd.Timestamp("2026-05-01"), "SMS invitations to all eligible", "")
    per_session = np.round(3.1 + rng.normal(0, 0.4, n), 1)
    queries = rng.poisson(58, n)
    return [
        _rows("south", "smr_coverage", months, numerator=reviewed, denominator=eligible),
        _rows("south", "smr_invites", months, value=invites, note=notes),
        _rows("south", "smr_per_session", months, value=per_session),
        _rows("south", "gp_med_queries", months, value=queries),
    ]


def _people(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    ids = [f"p{i + 1:02d}" for i in range(len(PARTICIPANTS))]
    participants = pd.DataFrame(
        {
            "participant_id": ids,
            "display_name": [p[0] for p in PARTICIPANTS],
            "role": [p[1] for p in PARTICIPANTS],
            "team_id": [p[2] for p in PARTICIPANTS],
        }
    )
    sessions = [s["number"] for s in SESSIONS]
    grid = pd.MultiIndex.from_product([ids, sessions], names=["participant_id", "session"])
    attendance = grid.to_frame(index=False)
    missed = rng.random(len(attendance)) < 0.08
    attendance["attended"] = np.where(missed, "no", "yes")

    came = attendance[attendance["attended"] == "yes"].reset_index(drop=True)
    came = came[rng.random(len(came)) < 0.9].reset_index(drop=True)
    harder = np.where(came["session"] == 7, 0.5, 0.0)
    rating = np.clip(np.round(4.3 - harder + rng.normal(0, 0.7, len(came))), 1, 5).astype(int)
    comment = [str(rng.choice(COMMENTS[s])) if rng.random() < 0.45 else "" for s in came["session"]]
    feedback = came[["participant_id", "session"]].assign(rating=rating, comment=comment)

    person = rng.normal(0, 0.5, len(ids))
    rows = []
    no_post = set(rng.choice(ids, size=2, replace=False).tolist())
    skipped_item = (str(rng.choice([i for i in ids if i not in no_post])), "read_spc")
    for k, pid in enumerate(ids):
        for timepoint, base in (
            ("pre", {"confidence": 2.2, "knowledge": 2.6}),
            ("post", {"confidence": 3.8, "knowledge": 3.9}),
        ):
            if timepoint == "post" and pid in no_post:
                continue
            for domain, item, _question in SURVEY_ITEMS:
                if timepoint == "post" and (pid, item) == skipped_item:
                    continue
                score = base[domain] + person[k] + rng.normal(0, 0.7)
                rows.append((pid, timepoint, domain, item, int(np.clip(round(score), 1, 5))))
    survey = pd.DataFrame(rows, columns=["participant_id", "timepoint", "domain", "item", "score"])
    return {
        "participants": participants,
        "attendance": attendance,
        "feedback": feedback,
        "survey": survey,
    }


def _qi_tables() -> dict[str, pd.DataFrame]:
    teams = pd.DataFrame([{"team_id": t, **v} for t, v in TEAMS.items()])
    charter = pd.DataFrame([{"team_id": t, **v} for t, v in CHARTERS.items()])
    drivers = pd.DataFrame(
        [(t, *row) for t, rows in DRIVERS.items() for row in rows],
        columns=["team_id", "node_id", "parent_id", "kind", "text", "link"],
    )
    measures = pd.DataFrame([{"team_id": t, **m} for t, ms in MEASURES.items() for m in ms])
    pdsa_rows = []
    for team, cycles in PDSA.items():
        ordered = sorted(cycles, key=lambda c: c[2])
        for k, (node, ramp, start, days, obj, pred, do, study, act, scale) in enumerate(ordered):
            end = start + dt.timedelta(days=days) if days is not None else None
            pdsa_rows.append(
                (team, f"C{k + 1}", node, ramp, start, end, obj, pred, do, study, act, scale)
            )
    pdsa = pd.DataFrame(
        pdsa_rows,
        columns=[
            "team_id",
            "cycle_id",
            "node_id",
            "ramp",
            "start",
            "end",
            "objective",
            "prediction",
            "do",
            "study",
            "act",
            "scale",
        ],
    )
    month_ends = pd.date_range("2025-12-31", "2026-09-30", freq="ME").date
    progress = pd.DataFrame(
        [
            (team, month_ends[i], score, note)
            for team, scores in PROGRESS.items()
            for i, (score, note) in enumerate(scores)
        ],
        columns=["team_id", "date", "score", "note"],
    )
    stakeholders = pd.DataFrame(
        [(team, name, int(influence), int(interest), action or None, who or None, when or None)
         for team, rows in STAKEHOLDERS.items()
         for name, influence, interest, action, who, when in rows],
        columns=["team_id", "stakeholder", "influence", "interest", "action", "who", "when"],
    )  # fmt: skip
    return {
        "teams": teams,
        "charter": charter,
        "drivers": drivers,
        "measures": measures,
        "pdsa": pdsa,
        "progress": progress,
        "stakeholders": stakeholders,
    }


def _learning(rng: np.random.Generator, people: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Consented self-check results: each exercise of each session a person attended.

    Nine in ten exercises are answered; the first try passes more often in the
    early sessions; a missed first try is usually put right within two more tries.
    """
    from qiteach.workspace.schema import EXERCISES

    team = dict(zip(people["participants"]["participant_id"], people["participants"]["team_id"],
                    strict=True))  # fmt: skip
    when = {s["number"]: s["date"] for s in SESSIONS}
    came = people["attendance"][people["attendance"]["attended"] == "yes"]
    rows = []
    for pid, session in zip(came["participant_id"], came["session"], strict=True):
        for exercise in (e for e, n in EXERCISES.items() if n == session):
            if rng.random() >= 0.9:
                continue
            first = rng.random() < 0.75 - 0.03 * session
            extra = 0 if first else int(rng.integers(1, 3))
            final = first or rng.random() < 0.8
            rows.append((pid, team[pid], session, exercise, "pass" if first else "not yet",
                         "pass" if final else "not yet", 1 + extra, when[session]))  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["participant_id", "team_id", "session", "exercise", "first_result",
                 "final_result", "attempts", "date"],
    )  # fmt: skip


def demo_tables(*, seed: int = DEMO_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The demo programme as ``(programme.yaml mapping, {table name: DataFrame})``."""
    # one independent stream per part, so each team's story depends only on its own draws
    north, west, south, people, learning = (np.random.default_rng([seed, k]) for k in range(5))
    measurements = pd.concat([*_north(north), *_west(west), *_south(south)], ignore_index=True)
    persons = _people(people)
    tables = {**_qi_tables(), **persons, "measurements": measurements}
    tables["learning"] = _learning(learning, persons)
    programme = {
        "name": "SYNTHETIC DEMO - Shire Valley QI Leaders 2025-26",
        "organisation": "Shire Valley Training Hub (fictional)",
        "start": SESSIONS[0]["date"],
        "end": dt.date(2026, 9, 30),
        "rules": "anhoej",
        "synthetic": True,
        "learning_evidence": True,  # the made-up participants "consented": shows level 2 measured
        "sessions": [dict(s) for s in SESSIONS],
        # the cohort hub's trainer accounts (qiteach hub init); made-up names like the rest
        "trainers": [
            {"trainer_id": "t01", "display_name": "Rowan Ellery (trainer)"},
            {"trainer_id": "t02", "display_name": "Priya Nandakumar (trainer)"},
        ],
    }
    return programme, tables


_README = """\
# SYNTHETIC demo programme

**Every name, number and comment here is made up.** The data were generated by
`qiteach.simulate.demo(out_dir, seed={seed})` (see `datasets/generate.py`) and
regenerate byte-identically.

A QI leaders programme as NHS primary care runs them: 8 half-day learning
sessions (December 2025 - September 2026), 13 participants (3 GPs, 8 practice
managers, 1 pharmacist, 1 nurse) in 3 locality teams, each with a live project:

| team | project | story on the charts |
|---|---|---|
| north | DNAs (weekly p chart of DNA %) | clear improvement: long run below the baseline, points below the lower limit |
| west | telephone access (monthly p' chart, % calls answered within 2 minutes) | modest shift late in the series, borderline |
| south | structured medication reviews (monthly p chart) | changes tested, no improvement yet (common cause only) |

`learning.csv` holds the notebooks' self-check results as if the participants had
consented (`learning_evidence: true` in `programme.yaml`): the programme report's
Kirkpatrick level 2 shows them beside the confidence survey.

Open it with `qiteach.open_workspace(qiteach.load_dataset("demo-programme"))`.
"""  # noqa: E501


def demo_files(*, seed: int = DEMO_SEED) -> dict[str, str]:
    """Every file of the demo workspace folder: name -> text."""
    programme, tables = demo_tables(seed=seed)
    files = {"programme.yaml": programme_yaml(programme), "README.md": _README.format(seed=seed)}
    for name, frame in tables.items():
        files[f"{name}.csv"] = table_csv(name, frame)
    return files
