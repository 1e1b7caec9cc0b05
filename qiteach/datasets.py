"""The datasets qiteach ships: find them, list them, load them.

All shipped data are SYNTHETIC (made up by the seeded generators in
:mod:`qiteach.simulate`; ``datasets/generate.py`` rebuilds them byte-identically).
They live in the repository's ``datasets/`` folder, which the build installs
inside the package (``qiteach._shipped.datasets``, read with
:mod:`importlib.resources`), so an installed qiteach finds them outside the
checkout too. Set ``QITEACH_DATASETS`` to use another folder.

Two kinds of dataset:

* **tables** (kinds ``teaching`` and ``chart-example``): one CSV each;
  :func:`load_dataset` returns a :class:`pandas.DataFrame` with date columns
  parsed;
* **workspaces** (kind ``workspace``: ``demo-programme``, ``collaborative``): a
  programme folder; :func:`load_dataset` returns its :class:`~pathlib.Path`,
  which ``qiteach.open_workspace`` opens.

>>> dna = load_dataset("dna-weekly")
>>> list(dna.columns), str(dna["week"].iloc[0].date())
(['week', 'dnas', 'booked'], '2024-04-01')
>>> load_dataset("demo-programme").name
'demo-programme'
>>> load_dataset("dna-weekley")
Traceback (most recent call last):
...
qiteach.exceptions.InputError: ...unknown dataset "dna-weekley" (fix: did you mean "dna-weekly"?...
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qiteach._shipped import shipped_folder
from qiteach.exceptions import InputError
from qiteach.suggest import closest, did_you_mean
from qiteach.tools.process_map import PROCESS_COLUMN_MEANINGS

__all__ = ["CATALOGUE", "Dataset", "dataset_path", "datasets_root", "list_datasets", "load_dataset"]


@dataclass(frozen=True, slots=True)
class Dataset:
    """One shipped dataset: where it lives and what its columns mean."""

    name: str
    kind: str  # "teaching", "chart-example" or "workspace"
    path: str  # relative to the datasets folder
    description: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> meaning
    dates: tuple[str, ...] = ()  # columns parsed as dates


def _t(name: str, description: str, columns: dict[str, str], dates: tuple[str, ...] = ()):
    return Dataset(name, "teaching", f"teaching/{name}.csv", description, columns, dates)


def _x(name: str, description: str, columns: dict[str, str], dates: tuple[str, ...] = ()):
    return Dataset(name, "chart-example", f"chart-examples/{name}.csv", description, columns, dates)


_XYN = {"x": "period (start date)", "y": "count on top", "n": "count below"}

#: Every shipped dataset, by name.
CATALOGUE: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "demo-programme",
            "workspace",
            "demo-programme",
            "SYNTHETIC QI leaders programme: 8 sessions, 13 participants, 3 locality teams",
        ),
        Dataset(
            "collaborative",
            "workspace",
            "collaborative",
            "SYNTHETIC collaborative: 84 practices in 7 collaboratives, 12 months, 6 learning sets",
        ),
        _t(
            "dna-weekly",
            "Weekly DNAs and booked appointments at one practice, two years (p chart)",
            {
                "week": "Monday starting the week",
                "dnas": "Booked appointments not attended (numerator)",
                "booked": "Booked face-to-face appointments (denominator)",
            },
            ("week",),
        ),
        _t(
            "hba1c-monthly",
            "Monthly % of patients with diabetes with HbA1c in range, three years (p chart)",
            {
                "month": "First day of the month",
                "in_range": "Patients whose latest HbA1c in 12 months is <= 58 mmol/mol",
                "diabetics": "Patients on the diabetes register",
                "note": "Annotation, e.g. when a change was made",
            },
            ("month",),
        ),
        _t(
            "incidents",
            "Significant-event log: one row per incident, two years (raw records)",
            {
                "incident_id": "Incident number",
                "date": "Date the incident happened",
                "category": "Type of incident",
                "harm": "none, low or moderate",
            },
            ("date",),
        ),
        _t(
            "days-between-incidents",
            "Days between consecutive incidents in `incidents` (g and t charts)",
            {
                "incident_id": "Incident number (from the second incident on)",
                "date": "Date of the incident",
                "days_between": "Days since the previous incident",
            },
            ("date",),
        ),
        _t(
            "appointment-reasons",
            "Reasons for same-day appointment requests in one month (Pareto chart)",
            {"reason": "Main reason for the request", "requests": "Number of requests"},
        ),
        _t(
            "appointment-log",
            "Raw appointment log, one row per booked appointment, 13 weeks (compute a measure)",
            {
                "appointment_id": "Appointment number",
                "date": "Appointment date",
                "clinician": "GP, nurse, HCA or pharmacist",
                "booked_days_ahead": "Days between booking and the appointment",
                "status": "attended or DNA",
            },
            ("date",),
        ),
        _t(
            "patients-hba1c",
            "Raw list of patients with diabetes and their last HbA1c (compute a measure)",
            {
                "patient_id": "Pseudonymous patient number",
                "age": "Age in years",
                "sex": "F or M",
                "last_hba1c_date": "Date of the latest HbA1c (blank if never tested)",
                "last_hba1c": "Latest HbA1c in mmol/mol (blank if never tested)",
            },
            ("last_hba1c_date",),
        ),
        _t(
            "fishbone-dna",
            "Cause-and-effect (fishbone) diagram for DNAs: categories and causes",
            {"category": "Fishbone bone (category)", "cause": "Possible cause of DNAs"},
        ),
        _t(
            "red-beads",
            "Deming's red bead experiment: 6 workers x 4 days, paddle of 50 from a bowl of "
            "4,000 beads of which 800 (20%) are red",
            {
                "day": "Day of the experiment (1-4)",
                "worker": "Willing worker's name",
                "red_beads": "Red beads on the paddle (defects)",
                "paddle": "Beads on the paddle",
            },
        ),
        _t(
            "repeat-prescription",
            "Steps of a patient's repeat-prescription request, who does each, hands-on "
            "minutes, waits and value-added marking (process map)",
            PROCESS_COLUMN_MEANINGS,
        ),
        _t(
            "bp-checks-weekly",
            "Weekly blood-pressure readings recorded for patients on the hypertension "
            "register at one practice, 26 weeks, one very high week (run chart)",
            {
                "week": "Monday starting the week",
                "readings": "Patients on the hypertension register with a blood pressure "
                "recorded that week",
                "note": "Annotation, e.g. what happened that week",
            },
            ("week",),
        ),
        _t(
            "practice-requests",
            "Daily requests at one practice by every route, 13 weeks: met the same day, "
            "turned away and repeats, with same-day slots and slots held back (demand and "
            "capacity)",
            {
                "date": "Working day",
                "phone": "Requests made by phone",
                "online": "Requests made with the online form",
                "walk_in": "Requests made in person at reception",
                "requests": "All requests that day (phone + online + walk_in)",
                "repeats": "Requests from a patient asking again for the same need (turned "
                "away on an earlier day)",
                "met_same_day": "Requests met the same day (booked into a same-day "
                "appointment): the booked activity",
                "turned_away": "Requests told to call back tomorrow (requests - met_same_day)",
                "slots": "Same-day appointments on the clinicians' rota that day",
                "held_back": "Of those slots, held back (carved out) for chronic-disease "
                "reviews and extended access",
            },
            ("date",),
        ),
        _x(
            "chart-run",
            "Weekly same-day requests, 24 weeks (run chart)",
            {"x": "week", "y": "requests", "note": "annotation"},
            ("x",),
        ),
        _x(
            "chart-i",
            "Monthly average days to a routine GP appointment, one high month (i chart)",
            {"x": "month", "y": "average days", "note": "annotation"},
            ("x",),
        ),
        _x(
            "chart-p",
            "Weekly % of calls answered in 2 minutes, shift after week 16 (p chart)",
            {**_XYN, "note": "annotation"},
            ("x",),
        ),
        _x(
            "chart-u",
            "Monthly prescribing errors per 1,000 items (u chart)",
            {"x": "month", "y": "errors", "n": "items (thousands)"},
            ("x",),
        ),
        _x(
            "chart-c",
            "Monthly complaints, 24 months (c chart)",
            {"x": "month", "y": "complaints"},
            ("x",),
        ),
        _x(
            "chart-xbar",
            "Waiting-room minutes for 5 sampled patients a day, 20 days (xbar/s)",
            {"x": "day", "y": "minutes waited"},
            ("x",),
        ),
    )
}


def datasets_root() -> Path:
    """The folder holding the shipped datasets (``QITEACH_DATASETS`` overrides)."""
    env = os.environ.get("QITEACH_DATASETS")
    return Path(env) if env else shipped_folder("datasets")


def _lookup(name: str) -> Dataset:
    if name in CATALOGUE:
        return CATALOGUE[name]
    close = closest(name, CATALOGUE, cutoff=0.5)
    hint = f"{did_you_mean(close, '')} " if close else ""
    raise InputError(
        f'unknown dataset "{name}"',
        file="dataset",
        fix=f"{hint}qiteach.list_datasets() or `qiteach datasets` lists them",
    )


def dataset_path(name: str) -> Path:
    """Where dataset ``name`` lives: a CSV file or a workspace folder.

    >>> dataset_path("red-beads").name
    'red-beads.csv'
    """
    entry = _lookup(name)
    path = datasets_root() / entry.path
    if not path.exists():
        raise InputError(
            f'dataset "{name}" is not at {path}',
            file=str(path),
            fix="run `python datasets/generate.py` in the qiteach repository to rebuild it",
        )
    return path


def load_dataset(name: str) -> pd.DataFrame | Path:
    """A teaching or chart-example dataset as a DataFrame; a workspace as its Path."""
    entry = _lookup(name)
    path = dataset_path(name)
    if entry.kind == "workspace":
        return path
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for col in entry.dates:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    return frame


def _rows(entry: Dataset) -> int:
    path = datasets_root() / entry.path
    if entry.kind == "workspace":
        path = path / "measurements.csv"
    if not path.exists():
        return 0
    with open(path, encoding="utf-8") as fh:
        return max(sum(1 for _ in fh) - 1, 0)


def list_datasets() -> pd.DataFrame:
    """Every shipped dataset: name, kind, description and rows.

    ``rows`` counts data rows (for a workspace, rows of ``measurements.csv``).

    >>> table = list_datasets()
    >>> list(table.columns)
    ['name', 'kind', 'description', 'rows']
    >>> bool((table["rows"] > 0).all())
    True
    """
    return pd.DataFrame(
        [(d.name, d.kind, d.description, _rows(d)) for d in CATALOGUE.values()],
        columns=["name", "kind", "description", "rows"],
    )
