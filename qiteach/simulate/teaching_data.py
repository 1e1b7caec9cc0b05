"""SYNTHETIC teaching datasets and chart examples (small CSVs for the notebooks).

Each builder returns a DataFrame whose columns are described in
:data:`qiteach.datasets.CATALOGUE`; :func:`teaching_files` and
:func:`chart_example_files` turn them into file texts plus a README data
dictionary generated from that catalogue, so data and dictionary never drift.

>>> files = teaching_files(seed=TEACHING_SEED)
>>> "README.md" in files and "appointment-log.csv" in files
True
>>> files["red-beads.csv"].splitlines()[0]
'day,worker,red_beads,paddle'
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
import pandas as pd

from qiteach.datasets import CATALOGUE
from qiteach.simulate.output import csv_text

__all__ = ["TEACHING_SEED", "chart_example_files", "teaching_files"]

#: The seed the shipped teaching data and chart examples were generated with.
TEACHING_SEED = 1950  # Deming's year in Japan

Builder = Callable[[np.random.Generator], pd.DataFrame]


def _dna_weekly(rng: np.random.Generator) -> pd.DataFrame:
    weeks = pd.date_range("2024-04-01", periods=104, freq="7D")
    booked = rng.poisson(520, len(weeks))
    p = np.where(weeks >= "2025-06-02", 0.058, 0.078)
    return pd.DataFrame({"week": weeks, "dnas": rng.binomial(booked, p), "booked": booked})


def _hba1c_monthly(rng: np.random.Generator) -> pd.DataFrame:
    months = pd.date_range("2023-04-01", periods=36, freq="MS")
    diabetics = np.round(610 + 1.5 * np.arange(36) + rng.normal(0, 3, 36)).astype(int)
    change = np.clip((np.arange(36) - 23) / 4, 0, 1)
    in_range = rng.binomial(diabetics, 0.56 + 0.08 * change)
    note = np.where(np.arange(36) == 24, "Pre-review bloods and recall letters started", "")
    return pd.DataFrame(
        {"month": months, "in_range": in_range, "diabetics": diabetics, "note": note}
    )


_INCIDENT_TYPES = ("Prescribing error", "Lost referral", "Test result not actioned",
                   "Wrong patient record", "Vaccine storage", "Communication")  # fmt: skip


def _incidents(rng: np.random.Generator) -> pd.DataFrame:
    gaps = rng.geometric(1 / 14, 60)
    dates = pd.Timestamp("2024-04-01") + pd.to_timedelta(np.cumsum(gaps), unit="D")
    dates = dates[dates < pd.Timestamp("2026-04-01")]
    n = len(dates)
    return pd.DataFrame(
        {
            "incident_id": np.arange(1, n + 1),
            "date": dates,
            "category": np.array(_INCIDENT_TYPES)[rng.integers(0, len(_INCIDENT_TYPES), n)],
            "harm": rng.choice(["none", "low", "moderate"], size=n, p=[0.6, 0.32, 0.08]),
        }
    )


def _days_between(incidents: pd.DataFrame) -> pd.DataFrame:
    days = incidents["date"].diff().dt.days
    out = incidents[["incident_id", "date"]].assign(days_between=days)
    return out.iloc[1:].reset_index(drop=True)


_REASONS = {
    "Acute infection (chest, throat, ear, urine)": 312,
    "Medication query or repeat request": 188,
    "Musculoskeletal pain": 146,
    "Mental health": 97,
    "Skin problem": 71,
    "Test results": 58,
    "Fit note": 33,
    "Child unwell": 29,
    "Admin or letter request": 18,
    "Other": 14,
}


def _appointment_reasons(rng: np.random.Generator) -> pd.DataFrame:
    counts = rng.poisson(list(_REASONS.values()))
    return pd.DataFrame({"reason": list(_REASONS), "requests": counts})


def _appointment_log(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-01-05", periods=65)
    per_day = rng.poisson(50, len(days))
    date = np.repeat(days.values, per_day)
    n = len(date)
    clinician = rng.choice(["GP", "nurse", "HCA", "pharmacist"], size=n, p=[0.5, 0.25, 0.17, 0.08])
    ahead = np.minimum(rng.geometric(1 / 6, n) - 1, 42)
    p_dna = np.clip(0.03 + 0.004 * ahead, 0, 0.3)
    status = np.where(rng.random(n) < p_dna, "DNA", "attended")
    return pd.DataFrame(
        {
            "appointment_id": np.arange(1, n + 1),
            "date": date,
            "clinician": clinician,
            "booked_days_ahead": ahead,
            "status": status,
        }
    )


def _patients_hba1c(rng: np.random.Generator) -> pd.DataFrame:
    n = 480
    age = np.clip(np.round(rng.normal(64, 13, n)), 19, 98).astype(int)
    since = rng.exponential(170, n).astype(int)
    tested = rng.random(n) < 0.93
    last = pd.Timestamp("2026-03-31") - pd.to_timedelta(since, unit="D")
    value = np.round(np.exp(rng.normal(np.log(56), 0.2, n))).astype(float)
    return pd.DataFrame(
        {
            "patient_id": [f"D{i:04d}" for i in range(1, n + 1)],
            "age": age,
            "sex": rng.choice(["F", "M"], size=n),
            "last_hba1c_date": pd.Series(last).where(tested),
            "last_hba1c": np.where(tested, value, np.nan),
        }
    )


_FISHBONE = {
    "Patients": [
        "Forgot the appointment",
        "Felt better and did not cancel",
        "Work or childcare clash",
        "Did not know how to cancel",
    ],
    "Process": [
        "Booked weeks ahead",
        "No reminder sent",
        "Cancelling needs a phone call",
        "Same slot rebooked without checking",
    ],
    "Communication": [
        "Mobile number out of date",
        "Letter in English only",
        "Reminder did not name the practice",
    ],
    "Environment": ["Hard to park", "Bus route changed", "School holidays"],
    "Technology": ["SMS system out of credit", "Online booking confirmation unclear"],
    "Staff": ["No one owns the DNA list", "Reception unsure what to say to repeat DNAs"],
}


def _fishbone(rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(
        [(cat, cause) for cat, causes in _FISHBONE.items() for cause in causes],
        columns=["category", "cause"],
    )


def _red_beads(rng: np.random.Generator) -> pd.DataFrame:
    workers = ["Ann", "Bilal", "Carys", "Dev", "Erin", "Femi"]
    red = rng.hypergeometric(800, 3200, 50, size=4 * len(workers))
    return pd.DataFrame(
        {
            "day": np.repeat(np.arange(1, 5), len(workers)),
            "worker": workers * 4,
            "red_beads": red,
            "paddle": 50,
        }
    )


#: A repeat-prescription request at a practice, step by step (a made-up but typical flow):
#: step_id, step, lane, next, decision, minutes, wait_minutes, value_added.
_REPEAT_PRESCRIPTION = (
    ("R1", "Patient asks for a repeat (app, phone or paper slip)", "Patient", "R2",
     "no", 5, 0, "no"),
    ("R2", "Request logged on the clinical system", "Reception and admin", "R3",
     "no", 3, 120, "no"),
    ("R3", "On repeat and review in date?", "Reception and admin",
     "R4:in date;R5:review due", "yes", 2, 240, "no"),
    ("R4", "Clinical pharmacist checks: safe to issue?", "Clinical pharmacist",
     "R6:safe;R10:query", "yes", 4, 480, "yes"),
    ("R5", "GP reviews the medication with the patient", "GP", "R6", "no", 10, 1440, "yes"),
    ("R6", "GP signs the prescription", "GP", "R7", "no", 1, 1440, "yes"),
    ("R7", "Sent to the nominated pharmacy (EPS)", "Reception and admin", "R8",
     "no", 1, 10, "no"),
    ("R8", "Pharmacy dispenses the medication", "Community pharmacy", "R9",
     "no", 10, 480, "yes"),
    ("R9", "Patient collects the medication", "Patient", "", "no", 10, 720, "yes"),
    ("R10", "Admin phones the patient about the query", "Reception and admin", "R3",
     "no", 8, 60, "no"),
)  # fmt: skip


def _repeat_prescription(rng: np.random.Generator) -> pd.DataFrame:
    """Fixed steps (no random draw, so the other datasets' random streams are unchanged)."""
    columns = list(CATALOGUE["repeat-prescription"].columns)
    return pd.DataFrame(list(_REPEAT_PRESCRIPTION), columns=columns)


def _bp_checks_weekly(rng: np.random.Generator) -> pd.DataFrame:
    """Stable weekly readings and one astronomical week: a Saturday flu clinic where every
    patient on the register who came for a flu jab had their blood pressure taken."""
    weeks = pd.date_range("2025-09-29", periods=26, freq="7D")
    readings = rng.poisson(38, len(weeks))
    readings[8] += 115
    note = np.where(np.arange(len(weeks)) == 8, "Saturday flu clinic: BP taken with each jab", "")
    return pd.DataFrame({"week": weeks, "readings": readings, "note": note})


#: The practice behind ``practice-requests``: new needs a day by weekday (Mon-Fri), same-day
#: slots on the rota, slots held back (carved out) by weekday, and the share of patients
#: turned away who ask again on the next working day.
_NEW_NEEDS = (63, 52, 49, 50, 47)
_SLOTS = 62
_HELD_BACK = (8, 12, 8, 12, 8)  # Tue and Thu: hypertension and diabetes review clinics
_CALL_BACK = 0.7


def _own_stream(rng: np.random.Generator, name: str) -> np.random.Generator:
    """A generator for one dataset, seeded from the shared seed and the dataset's name.

    It draws nothing from ``rng``, so adding a dataset leaves the others' draws unchanged
    whatever order datasets are added in.
    """
    entropy = rng.bit_generator.seed_seq.entropy  # type: ignore[attr-defined]
    return np.random.default_rng([int(entropy), zlib.crc32(name.encode())])


def _practice_requests(rng: np.random.Generator) -> pd.DataFrame:
    """Daily requests at one practice, 13 weeks: every route, met or turned away, repeats.

    Each day's requests are that day's new needs plus repeats (patients turned away on
    the previous working day who ask again). Requests are met first come, first served
    up to the same-day capacity (slots less those held back); the rest are told to call
    back tomorrow.
    """
    rng = _own_stream(rng, "practice-requests")
    days = pd.bdate_range("2026-01-05", periods=65)
    weekday = days.day_of_week.to_numpy()
    needs = rng.poisson(np.array(_NEW_NEEDS)[weekday])
    held = np.array(_HELD_BACK)[weekday]
    capacity = _SLOTS - held
    repeats = np.zeros(len(days), dtype=int)
    met = np.zeros(len(days), dtype=int)
    away = np.zeros(len(days), dtype=int)
    for t in range(len(days)):
        repeats[t] = rng.binomial(away[t - 1], _CALL_BACK) if t else 0
        asked = needs[t] + repeats[t]
        met[t] = min(asked, capacity[t])
        away[t] = asked - met[t]
    requests = needs + repeats
    phone = rng.binomial(requests, 0.6)
    online = rng.binomial(requests - phone, 0.75)
    return pd.DataFrame(
        {
            "date": days,
            "phone": phone,
            "online": online,
            "walk_in": requests - phone - online,
            "requests": requests,
            "repeats": repeats,
            "met_same_day": met,
            "turned_away": away,
            "slots": _SLOTS,
            "held_back": held,
        }
    )


def _chart_run(rng: np.random.Generator) -> pd.DataFrame:
    x = pd.date_range("2025-09-01", periods=24, freq="7D")
    y = rng.poisson(np.where(np.arange(24) >= 14, 118, 140))
    note = np.where(np.arange(24) == 14, "Online form promoted", "")
    return pd.DataFrame({"x": x, "y": y, "note": note})


def _chart_i(rng: np.random.Generator) -> pd.DataFrame:
    x = pd.date_range("2024-10-01", periods=24, freq="MS")
    y = np.round(12 + rng.normal(0, 1.2, 24), 1)
    y[15] += 7.5
    note = np.where(np.arange(24) == 15, "Two GPs on sick leave", "")
    return pd.DataFrame({"x": x, "y": y, "note": note})


def _chart_p(rng: np.random.Generator) -> pd.DataFrame:
    x = pd.date_range("2025-06-02", periods=30, freq="7D")
    n = rng.poisson(900, 30)
    y = rng.binomial(n, np.where(np.arange(30) >= 16, 0.68, 0.6))
    note = np.where(np.arange(30) == 16, "Peak-time rota", "")
    return pd.DataFrame({"x": x, "y": y, "n": n, "note": note})


def _chart_u(rng: np.random.Generator) -> pd.DataFrame:
    x = pd.date_range("2024-10-01", periods=24, freq="MS")
    n = np.round(rng.uniform(8, 12, 24), 1)
    return pd.DataFrame({"x": x, "y": rng.poisson(1.8 * n), "n": n})


def _chart_c(rng: np.random.Generator) -> pd.DataFrame:
    x = pd.date_range("2024-10-01", periods=24, freq="MS")
    return pd.DataFrame({"x": x, "y": rng.poisson(6, 24)})


def _chart_xbar(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-02-02", periods=20)
    return pd.DataFrame({"x": np.repeat(days.values, 5), "y": np.round(rng.gamma(6, 2.5, 100), 1)})


def _teaching_builders(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    incidents = _incidents(rng)
    return {
        "dna-weekly": _dna_weekly(rng),
        "hba1c-monthly": _hba1c_monthly(rng),
        "incidents": incidents,
        "days-between-incidents": _days_between(incidents),
        "appointment-reasons": _appointment_reasons(rng),
        "appointment-log": _appointment_log(rng),
        "patients-hba1c": _patients_hba1c(rng),
        "fishbone-dna": _fishbone(rng),
        "red-beads": _red_beads(rng),
        "repeat-prescription": _repeat_prescription(rng),
        "bp-checks-weekly": _bp_checks_weekly(rng),  # last: the others' draws are unchanged
        "practice-requests": _practice_requests(rng),  # its own stream (_own_stream)
    }


_CHARTS: dict[str, Builder] = {
    "chart-run": _chart_run,
    "chart-i": _chart_i,
    "chart-p": _chart_p,
    "chart-u": _chart_u,
    "chart-c": _chart_c,
    "chart-xbar": _chart_xbar,
}


def _files(frames: dict[str, pd.DataFrame], title: str, call: str) -> dict[str, str]:
    files: dict[str, str] = {}
    lines = [
        f"# {title} (SYNTHETIC)",
        "",
        f"**Made-up data.** Generated by `{call}`, which rebuilds these",
        "files byte-identically; load them with `qiteach.load_dataset(name)`.",
        "",
    ]
    for name, frame in frames.items():
        entry = CATALOGUE[name]
        kinds = {c: "date" for c in entry.dates}
        kinds |= {c: "float" for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
        if list(frame.columns) != list(entry.columns):  # a generator bug, not user input
            raise RuntimeError(f"{name}: columns {list(frame.columns)} differ from the catalogue")
        files[f"{name}.csv"] = csv_text(frame, kinds)
        lines += [f"## {name}", "", f"{entry.description}. {len(frame)} rows.", ""]
        lines += ["| column | meaning |", "|---|---|"]
        lines += [f"| {c} | {m} |" for c, m in entry.columns.items()]
        lines.append("")
    files["README.md"] = "\n".join(lines)
    return files


def teaching_files(*, seed: int = TEACHING_SEED) -> dict[str, str]:
    """The teaching CSVs and their README data dictionary: file name -> text."""
    frames = _teaching_builders(np.random.default_rng(seed))
    return _files(frames, "Teaching datasets", f"qiteach.simulate.teaching(out_dir, seed={seed})")


def chart_example_files(*, seed: int = TEACHING_SEED) -> dict[str, str]:
    """The small chart-example CSVs and their README: file name -> text."""
    rng = np.random.default_rng(seed + 1)
    frames = {name: build(rng) for name, build in _CHARTS.items()}
    call = f"qiteach.simulate.teaching_data.chart_example_files(seed={seed})"
    return _files(frames, "Chart examples", call)
