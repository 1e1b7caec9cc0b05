"""A SYNTHETIC Breakthrough-Series collaborative of general practices.

:func:`collaborative_tables` builds a collaborative of general practices (84
by default) in 7 collaboratives (``locality`` = collaborative name) working on
diabetes, hypertension or atrial fibrillation over 12 months with 6 learning
sets. Each practice is one team with 3–4 measures, 6 months of prework
baseline then the programme months; about half the practices improve.

Besides the measures, each practice has a registered list size (``list_size``,
in step with its registers), a higher grouping (``area``: the ICB place its
collaborative belongs to), a short narrative (``background``, ``learning``,
``next_steps``; a few teams have not written theirs) and change ideas carrying a
shared ``code`` (some teams word the same idea differently, as real teams do; the
code still matches them). These come from a second random stream seeded from
``seed``, so the measurements, PDSA cycles and people are the same as before
they were added.

The benchmark workspace (:mod:`qiteach.simulate.scale_data`) reuses the helpers here.

>>> programme, tables = collaborative_tables(practices=14, months=12, seed=1)
>>> len(tables["teams"]), tables["teams"]["locality"].nunique(), len(programme["sessions"])
(14, 7, 6)
>>> sorted(tables["teams"]["area"].unique())
['Central place', 'North place', 'West place']
>>> tables["drivers"]["code"].dropna().str[:3].unique().tolist()
['DM-', 'HT-', 'AF-']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from qiteach.exceptions import InputError
from qiteach.simulate.demo_text import SURVEY_ITEMS

__all__ = ["AREAS", "BASELINE_MONTHS", "COLLABORATIVES", "TOPICS", "collaborative_tables"]

COLLABORATIVES = ("Aire Valley", "Calder", "Derwent", "Eden", "Fylde", "Ribble", "Wharfe")
#: The ICB place (teams.csv ``area``) each collaborative belongs to.
AREAS = {
    "Aire Valley": "Central place",
    "Calder": "Central place",
    "Wharfe": "Central place",
    "Derwent": "North place",
    "Eden": "North place",
    "Fylde": "West place",
    "Ribble": "West place",
}
#: Registered patients per unit of a practice's register ``size`` (about 8,000 at size 1).
LIST_PER_SIZE = 8000
PROGRAMME_START = dt.date(2025, 10, 1)
BASELINE_MONTHS = 6

_PREFIX = (
    "Abbey",
    "Beech",
    "Castle",
    "Dale",
    "Fern",
    "Glebe",
    "Heath",
    "Ivy",
    "Kings",
    "Lark",
    "Mill",
    "Park",
    "Quarry",
    "Rose",
    "Station",
    "Tower",
    "Vale",
    "Willow",
    "Yew",
    "Orchard",
    "Bridge",
    "Church",
    "Forge",
    "Market",
)
_SUFFIX = ("Surgery", "Medical Centre", "Practice", "Health Centre")
_FIRST = (
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Priya",
    "Tom",
    "Aisha",
    "Ben",
    "Ruth",
    "Omar",
    "Kate",
    "Li",
)
_LAST = ("Green", "Shaw", "Khan", "Evans", "Moss", "Iqbal", "Price", "Ward", "Lamb", "Reid")
_ROLES = ("GP", "nurse", "practice manager", "pharmacist", "admin")
_ROLE_P = (0.25, 0.25, 0.25, 0.1, 0.15)

# measure spec: id, name, type, chart, unit, direction, target, multiply, definition,
#   numerator, denominator, base (rate or mean), effect (added rate or multiplier), size
# fmt: off
_MEASURES: dict[str, list[tuple[Any, ...]]] = {
    "diabetes": [
        ("hba1c_target", "HbA1c at or below 58 mmol/mol", "outcome", "p", "%", "increase", 65, 100,
         "People with diabetes whose latest HbA1c in 12 months is 58 mmol/mol or less",
         "Patients on the diabetes register with latest HbA1c <= 58",
         "Patients on the diabetes register",
         0.55, 0.10, 420),
        ("care_processes", "All 8 care processes", "process", "p", "%", "increase", 60, 100,
         "People with diabetes who had all 8 NICE care processes in 12 months",
         "Patients with all 8 care processes recorded", "Patients on the diabetes register",
         0.40, 0.15, 420),
        ("education_referrals", "Structured education referrals", "process", "c", "referrals",
         "increase",
         None, None,
         "Referrals to structured diabetes education in the month",
         "", "", 6.0, 1.8, 0),
        ("hypos", "Hypoglycaemia episodes reported", "balancing", "c", "episodes", "decrease",
         None, None,
         "Hypoglycaemia episodes recorded in the month",
         "", "", 3.0, 1.0, 0),
    ],
    "hypertension": [
        ("bp_target", "Blood pressure at target", "outcome", "p", "%", "increase", 77, 100,
         "People with hypertension whose latest BP is at or below the NICE target for their age",
         "Patients with latest BP at target", "Patients on the hypertension register",
         0.62, 0.09, 1100),
        ("bp_recorded", "BP recorded in 12 months", "process", "p", "%", "increase", 90, 100,
         "People with hypertension with a BP reading in the last 12 months",
         "Patients with a BP reading in 12 months", "Patients on the hypertension register",
         0.78, 0.10, 1100),
        ("home_bp_loans", "Home BP monitors loaned", "process", "c", "loans", "increase",
         None, None,
         "Home blood pressure monitors loaned in the month",
         "", "", 9.0, 2.0, 0),
    ],
    "atrial fibrillation": [
        ("anticoagulated", "AF patients anticoagulated", "outcome", "p", "%", "increase", 90, 100,
         "People with AF and CHA2DS2-VASc 2 or more who are prescribed an anticoagulant",
         "Eligible AF patients prescribed an anticoagulant",
         "AF patients with CHA2DS2-VASc >= 2",
         0.82, 0.08, 160),
        ("pulse_checks", "Opportunistic pulse checks", "process", "c", "checks", "increase",
         None, None,
         "Manual pulse checks recorded in patients aged 65 and over in the month",
         "", "", 40.0, 1.6, 0),
        ("orbit_scores", "Bleeding risk assessed", "process", "p", "%", "increase", 80, 100,
         "Anticoagulated AF patients with an ORBIT score in 12 months",
         "Patients with an ORBIT score recorded", "Anticoagulated AF patients",
         0.35, 0.25, 140),
        ("bleeds", "Bleeding events recorded", "balancing", "c", "events", "decrease",
         None, None,
         "Bleeding events coded in anticoagulated patients in the month",
         "", "", 1.5, 1.0, 0),
    ],
}
# fmt: on
TOPICS = tuple(_MEASURES)

_DRIVERS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "diabetes": [
        ("P1", "", "primary", "Every patient has timely reviews", "strong"),
        ("S1", "P1", "secondary", "Recall system finds overdue patients", "strong"),
        ("CI1", "S1", "change_idea", "Birthday-month recall for all care processes", "strong"),
        ("CI2", "S1", "change_idea", "Bloods taken a week before the review", "strong"),
        ("P2", "", "primary", "Patients manage their own condition", "strong"),
        ("S2", "P2", "secondary", "Patients understand their results", "weak"),
        ("CI3", "S2", "change_idea", "Refer every new diagnosis to structured education", "weak"),
        ("CI4", "S2", "change_idea", "Text results with a plain-English explanation", "weak"),
    ],
    "hypertension": [
        ("P1", "", "primary", "Blood pressure is measured regularly", "strong"),
        ("S1", "P1", "secondary", "Readings can be taken outside appointments", "strong"),
        ("CI1", "S1", "change_idea", "Loan home BP monitors with a submission form", "strong"),
        ("CI2", "S1", "change_idea", "Waiting-room BP machine", "weak"),
        ("P2", "", "primary", "Treatment is stepped up promptly", "strong"),
        ("S2", "P2", "secondary", "Raised readings reach a prescriber", "strong"),
        ("CI3", "S2", "change_idea", "Pharmacist-led titration clinic", "strong"),
        ("CI4", "S2", "change_idea", "Weekly search for patients above target", "weak"),
    ],
    "atrial fibrillation": [
        ("P1", "", "primary", "AF is found early", "strong"),
        ("S1", "P1", "secondary", "Pulse checked at routine contacts", "strong"),
        ("CI1", "S1", "change_idea", "Pulse check at every flu vaccination", "strong"),
        ("CI2", "S1", "change_idea", "Single-lead ECG device in nurse clinics", "weak"),
        ("P2", "", "primary", "People with AF are protected from stroke", "strong"),
        ("S2", "P2", "secondary", "Anticoagulation decisions are reviewed", "strong"),
        ("CI3", "S2", "change_idea", "Virtual review of patients not anticoagulated", "strong"),
        ("CI4", "S2", "change_idea", "Shared decision aid for anticoagulation", "weak"),
    ],
}

#: Shared change-idea codes (drivers.csv ``code``), by topic and change-idea node.
_CODES: dict[str, dict[str, str]] = {
    "diabetes": {"CI1": "DM-RECALL", "CI2": "DM-BLOODS", "CI3": "DM-EDUC", "CI4": "DM-TEXT"},
    "hypertension": {
        "CI1": "HT-HOMEBP", "CI2": "HT-WAITBP", "CI3": "HT-TITRATE", "CI4": "HT-SEARCH",
    },
    "atrial fibrillation": {
        "CI1": "AF-FLUPULSE", "CI2": "AF-ECG", "CI3": "AF-REVIEW", "CI4": "AF-AID",
    },
}  # fmt: skip
#: Other wordings some teams use for the same idea (the code still matches them).
_VARIANTS = {
    "DM-RECALL": "Recall every patient in their birthday month",
    "DM-EDUC": "Structured education referral at diagnosis",
    "HT-HOMEBP": "Home blood pressure monitor loans",
    "HT-TITRATE": "Pharmacist titration clinic",
    "AF-FLUPULSE": "Check pulses at flu clinics",
    "AF-REVIEW": "Virtual clinic for AF patients not on anticoagulation",
}
_AIM_WHO = {
    "diabetes": "people with diabetes whose HbA1c is at or below 58 mmol/mol",
    "hypertension": "people with hypertension whose blood pressure is at target",
    "atrial fibrillation": "people with AF and CHA2DS2-VASc 2 or more on an anticoagulant",
}
_SCALES = ("1 clinician, 1 week", "1 clinic, 2 weeks", "1 practice team, 1 month", "whole practice")
_COMMENTS = (
    "Useful to hear what other practices tried",
    "Good data session",
    "Too much content for one afternoon",
    "The run chart clinic helped us a lot",
    "Would like more time in our own team",
)


def _month_starts(first: dt.date, n: int) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first), periods=n, freq="MS")


def _learning_set_dates(months: int) -> list[dt.date]:
    starts = _month_starts(PROGRAMME_START, months)
    out = []
    for i in range(6):
        month = starts[min(months - 1, round(i * months / 6))]
        day = month + pd.Timedelta(days=7)
        day += pd.Timedelta(days=(2 - day.weekday()) % 7)  # second-ish Wednesday
        out.append(day.date())
    return out


def _programme(name: str, months: int, sessions: list[dt.date], titles: list[str]) -> dict:
    end = (
        pd.Timestamp(PROGRAMME_START) + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    ).date()
    return {
        "name": name,
        "organisation": "Fictional Integrated Care Board (SYNTHETIC)",
        "start": PROGRAMME_START,
        "end": end,
        "rules": "anhoej",
        "synthetic": True,
        "sessions": [
            {"number": i + 1, "date": d, "title": t, "topics": [t]}
            for i, (d, t) in enumerate(zip(sessions, titles, strict=True))
        ],
    }


_SET_TITLES = [
    "Learning set 1: aims, teams and baseline data",
    "Learning set 2: driver diagrams and change ideas",
    "Learning set 3: PDSA ramps",
    "Learning set 4: reading run and control charts",
    "Learning set 5: spreading what works",
    "Learning set 6: summative congress",
]


def _check(name: str, value: int, low: int) -> None:
    if int(value) != value or value < low:
        raise InputError(
            f"{name} must be a whole number of at least {low}, got {value!r}",
            column=name,
            fix=f"pass --{name} {max(low, 1)} or more",
        )


def _practice_names(n: int) -> list[str]:
    names = []
    for k in range(n):
        base = f"{_PREFIX[k % len(_PREFIX)]} {_SUFFIX[(k // len(_PREFIX)) % len(_SUFFIX)]}"
        cycle = k // (len(_PREFIX) * len(_SUFFIX))
        names.append(base if cycle == 0 else f"{base} {cycle + 1}")
    return names


def collaborative_tables(
    *, practices: int = 84, months: int = 12, seed: int = 2026
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The collaborative as ``(programme.yaml mapping, {table: DataFrame})``."""
    _check("practices", practices, 1)
    _check("months", months, 6)
    rng = np.random.default_rng(seed)
    n_collab = min(len(COLLABORATIVES), practices)
    periods = _month_starts(PROGRAMME_START, months + BASELINE_MONTHS) - pd.DateOffset(
        months=BASELINE_MONTHS
    )
    sessions = _learning_set_dates(months)
    names = _practice_names(practices)
    end = _programme("", months, [], [])["end"]
    tables: dict[str, list] = {
        t: []
        for t in (
            "teams",
            "measures",
            "drivers",
            "measurements",
            "pdsa",
            "progress",
            "participants",
        )
    }
    improving_flags = rng.random(practices) < 0.5
    side = np.random.default_rng([seed, 1])  # list sizes, wording, narratives (see docstring)
    person = 0
    for k in range(practices):
        collab = COLLABORATIVES[k % n_collab]
        topic = TOPICS[COLLABORATIVES.index(collab) % len(TOPICS)]
        team = f"{collab.lower().replace(' ', '-')}-{k // n_collab + 1:02d}"
        improves = bool(improving_flags[k])
        size = rng.uniform(0.6, 1.6)
        onset = BASELINE_MONTHS + int(rng.integers(2, max(3, months // 2)))
        t = np.arange(len(periods))
        ramp = np.clip((t - onset + 1) / 3, 0, 1) * (1.0 if improves else 0.0)
        strength = rng.uniform(0.6, 1.3)
        specs = (
            _MEASURES[topic][: 3 + int(rng.random() < 0.6)]
            if topic != "hypertension"
            else _MEASURES[topic]
        )
        list_size = int(round(size * LIST_PER_SIZE * side.uniform(0.9, 1.1), -1))
        tables["teams"].append(
            {
                "team_id": team,
                "team_name": f"{names[k]} (SYNTHETIC)",
                "locality": collab,
                "practices": names[k],
                "project_title": f"Better {topic} care at {names[k]}",
                "topic": topic,
                "aim": f"Increase the percentage of {_AIM_WHO[topic]} at {names[k]} "
                f"from {round(specs[0][11] * 100)}% to {specs[0][6]}% by {end:%d %B %Y}",
                "area": AREAS.get(collab, ""),
                "list_size": list_size,
            }
        )
        for spec in specs:
            (
                mid,
                mname,
                mtype,
                chart,
                unit,
                direction,
                target,
                mult,
                definition,
                num,
                den,
                base,
                effect,
                n0,
            ) = spec
            tables["measures"].append(
                {
                    "team_id": team,
                    "measure_id": mid,
                    "name": mname,
                    "type": mtype,
                    "chart": chart,
                    "unit": unit,
                    "direction": direction,
                    "target": target,
                    "multiply": mult,
                    "definition": definition,
                    "numerator": num,
                    "denominator": den,
                    "data_source": "Clinical system monthly search",
                    "frequency": "monthly",
                    "baseline_points": BASELINE_MONTHS,
                }
            )
            rows = {"team_id": team, "measure_id": mid, "period": periods.date}
            if chart == "p":
                n = np.round(n0 * size + rng.normal(0, 3, len(t))).astype(int)
                sign = -1.0 if direction == "decrease" else 1.0
                lift = 0.0 if mtype == "balancing" else sign * effect * strength
                rate = np.clip(base + rng.normal(0, 0.02) + lift * ramp, 0.01, 0.99)
                rows |= {"numerator": rng.binomial(n, rate), "denominator": n}
            else:
                factor = 1.0 if mtype == "balancing" else effect**strength
                lam = base * size * (1 + (factor - 1) * ramp)
                rows |= {"value": rng.poisson(lam)}
            tables["measurements"].append(pd.DataFrame(rows))
        drivers = _team_drivers(side, topic)
        for node, parent, kind, text, link, code in drivers:
            tables["drivers"].append((team, node, parent, kind, text, link, code))
        cycles = _practice_pdsa(rng, team, topic, sessions, improves, drivers)
        tables["pdsa"] += cycles
        tables["teams"][-1] |= _narrative(side, names[k], list_size, topic, cycles, drivers)
        tables["progress"] += _practice_progress(rng, team, months, onset, improves)
        for _ in range(int(rng.integers(2, 5))):
            person += 1
            role = str(rng.choice(_ROLES, p=_ROLE_P))
            display = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            tables["participants"].append((f"p{person:04d}", display, role, team))
    out = {
        "teams": pd.DataFrame(tables["teams"]),
        "measures": pd.DataFrame(tables["measures"]),
        "drivers": pd.DataFrame(
            tables["drivers"],
            columns=["team_id", "node_id", "parent_id", "kind", "text", "link", "code"],
        ),
        "measurements": pd.concat(tables["measurements"], ignore_index=True),
        "pdsa": pd.DataFrame(tables["pdsa"]),
        "progress": pd.DataFrame(tables["progress"]),
        "participants": pd.DataFrame(
            tables["participants"], columns=["participant_id", "display_name", "role", "team_id"]
        ),
    }
    out |= _evaluation(rng, out["participants"]["participant_id"].to_numpy(), 6)
    programme = _programme(
        f"SYNTHETIC collaborative - {practices} practices, {months} months",
        months,
        sessions,
        _SET_TITLES,
    )
    return programme, out


def _team_drivers(side: np.random.Generator, topic: str) -> list[tuple[str, ...]]:
    """The topic's driver diagram for one team: codes on change ideas, some reworded."""
    out = []
    for node, parent, kind, text, link in _DRIVERS[topic]:
        code = _CODES[topic].get(node) if kind == "change_idea" else None
        if code is not None and code in _VARIANTS and side.random() < 0.25:
            text = _VARIANTS[code]
        out.append((node, parent, kind, text, link, code))
    return out  # type: ignore[return-value]


_BLANK_NARRATIVE = 0.15  # share of teams that have not written their narrative yet


def _narrative(
    side: np.random.Generator,
    practice: str,
    list_size: int,
    topic: str,
    cycles: list[dict[str, Any]],
    drivers: list[tuple[str, ...]],
) -> dict[str, str]:
    """background, learning and next_steps in a team's words, from what its cycles did."""
    if side.random() < _BLANK_NARRATIVE:
        return {"background": "", "learning": "", "next_steps": ""}
    text = {d[0]: d[3] for d in drivers}
    last: dict[str, str] = {}
    for c in cycles:  # each idea's latest decision
        last[text[c["node_id"]]] = c["act"]
    adopted = [i for i, a in last.items() if a == "adopt"]
    dropped = [i for i, a in last.items() if a == "abandon"]
    untried = [d[3] for d in drivers if d[2] == "change_idea" and d[3] not in last]
    background = (
        f"{practice} looks after about {list_size:,} registered patients. Our prework "
        f"searches showed {topic} reviews were often late, and the team wanted to see "
        "whether a few small changes tested one at a time could close the gap."
    )
    if adopted:
        learning = f"{adopted[0]} worked for us once we had tested it at small scale first" + (
            f"; {dropped[0].lower()} did not, and we stopped it." if dropped else "."
        )
    elif dropped:
        learning = (
            f"{dropped[0]} did not make a difference here, so we stopped it. Running the "
            "monthly search ourselves showed us how much variation is normal."
        )
    else:
        learning = "We are still testing; sharing data monthly kept the team talking."
    nxt = untried[int(side.integers(0, len(untried)))] if untried else None
    next_steps = (
        f"Keep {adopted[0].lower()} going as routine"
        if adopted
        else "Finish the cycles we have running"
    ) + (f" and test {nxt.lower()} next." if nxt else ".")
    return {"background": background, "learning": learning, "next_steps": next_steps}


def _practice_pdsa(
    rng: np.random.Generator,
    team: str,
    topic: str,
    sessions: list[dt.date],
    improves: bool,
    drivers: list[tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    rows_of = drivers if drivers is not None else _DRIVERS[topic]
    ideas = [(r[0], r[3]) for r in rows_of if r[2] == "change_idea"]
    chosen = rng.choice(len(ideas), size=int(rng.integers(1, 3)), replace=False)
    rows: list[dict[str, Any]] = []
    for r, idx in enumerate(sorted(chosen.tolist())):
        node, idea = ideas[idx]
        start = pd.Timestamp(sessions[1 + r]) + pd.Timedelta(days=int(rng.integers(5, 20)))
        for step in range(int(rng.integers(2, 4))):
            last = step == 3 or rng.random() < 0.15
            scale = _SCALES[min(step, len(_SCALES) - 1)]
            days = int(rng.choice([7, 14, 28]))
            works = improves or rng.random() < 0.3
            act = "continue" if last else ("adopt" if works and step >= 1 else "adapt")
            if not works and step >= 1 and rng.random() < 0.5:
                act = "abandon"
            rows.append(
                {
                    "team_id": team,
                    "cycle_id": f"C{len(rows) + 1}",
                    "node_id": node,
                    "ramp": f"R{r + 1}",
                    "start": start.date(),
                    "end": None if last else (start + pd.Timedelta(days=days)).date(),
                    "objective": f"Test '{idea.lower()}' at the scale of {scale}",
                    "prediction": f"The {topic} measures move the right way within {days} days"
                    if rng.random() < 0.8
                    else "",
                    "do": f"Ran the test with {scale}; recorded each patient on a tally sheet.",
                    "study": ""
                    if last
                    else (
                        "Results better than the baseline; prediction met."
                        if works
                        else "No clear change against the baseline; prediction not met."
                    ),
                    "act": act,
                    "scale": scale,
                }
            )
            start += pd.Timedelta(days=days + int(rng.integers(3, 10)))
            if act == "abandon" or last:
                break
    return rows


def _practice_progress(
    rng: np.random.Generator, team: str, months: int, onset: int, improves: bool
) -> list[dict[str, Any]]:
    ends = pd.date_range(pd.Timestamp(PROGRAMME_START), periods=months, freq="ME")
    cap = float(rng.choice([3.5, 4.0, 4.5])) if improves else float(rng.choice([2.0, 2.5]))
    rows = []
    score = 1.0
    for m, end in enumerate(ends):
        if m > 0 and rng.random() < 0.6:
            score = min(score + 0.5, cap if m >= onset - BASELINE_MONTHS else min(cap, 2.5))
        rows.append({"team_id": team, "date": end.date(), "score": score})
    return rows


def _evaluation(
    rng: np.random.Generator, people: np.ndarray, n_sessions: int
) -> dict[str, pd.DataFrame]:
    """Attendance, feedback and survey for ``people`` (vectorised)."""
    n = len(people)
    pid = np.repeat(people, n_sessions)
    session = np.tile(np.arange(1, n_sessions + 1), n)
    attended = rng.random(n * n_sessions) < 0.85
    attendance = pd.DataFrame(
        {"participant_id": pid, "session": session, "attended": np.where(attended, "yes", "no")}
    )
    fb = attended & (rng.random(n * n_sessions) < 0.7)
    comments = np.array(_COMMENTS, dtype=object)[rng.integers(0, len(_COMMENTS), n * n_sessions)]
    comments[rng.random(n * n_sessions) >= 0.25] = ""
    rating = np.clip(np.round(rng.normal(4.1, 0.75, n * n_sessions)), 1, 5).astype(int)
    feedback = pd.DataFrame(
        {
            "participant_id": pid[fb],
            "session": session[fb],
            "rating": rating[fb],
            "comment": comments[fb],
        }
    )
    items = [s for s in SURVEY_ITEMS if s[1] != "operational_definition"][:8]
    k = len(items)
    person = np.repeat(rng.normal(0, 0.5, n), k)
    frames = []
    for timepoint, shift, keep in (("pre", 0.0, 1.0), ("post", 1.2, 0.9)):
        base = np.tile([2.4 if d == "confidence" else 2.7 for d, _, _ in items], n)
        score = np.clip(np.round(base + shift + person + rng.normal(0, 0.7, n * k)), 1, 5)
        answered = np.repeat(rng.random(n) < keep, k)
        frames.append(
            pd.DataFrame(
                {
                    "participant_id": np.repeat(people, k)[answered],
                    "timepoint": timepoint,
                    "domain": np.tile([d for d, _, _ in items], n)[answered],
                    "item": np.tile([i for _, i, _ in items], n)[answered],
                    "score": score[answered].astype(int),
                }
            )
        )
    return {
        "attendance": attendance,
        "feedback": feedback,
        "survey": pd.concat(frames, ignore_index=True),
    }
