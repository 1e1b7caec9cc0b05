"""The words of the SYNTHETIC demo programme: sessions, teams, drivers, measures, PDSA.

Kept apart from the number generation in :mod:`qiteach.simulate.demo_data` so the
story can be read (and edited) as plain data: the files in ``qiteach/simulate/story/``
(YAML for nested text, CSV for tables). This module only reads them into the
shapes the generator uses. Everything there is made up.

>>> [s["number"] for s in SESSIONS] == list(range(1, 9))
True
>>> sorted(TEAMS)
['north', 'south', 'west']
>>> PARTICIPANTS[0], PDSA["north"][0][:4]
(('Dr Amira Hale', 'GP', 'north'), ('CI1', 'R1', datetime.date(2026, 1, 19), 7))
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "CHARTERS",
    "COMMENTS",
    "DRIVERS",
    "MEASURES",
    "PARTICIPANTS",
    "PDSA",
    "PROGRESS",
    "SESSIONS",
    "STAKEHOLDERS",
    "SURVEY_ITEMS",
    "TEAMS",
]

_STORY = resources.files(__package__) / "story"

#: the fields of one PDSA cycle, in the order of a ``PDSA`` tuple
PDSA_FIELDS = (
    *("node_id", "ramp", "start", "days", "objective"),
    *("prediction", "do", "study", "act", "scale"),
)


def _yaml(name: str) -> Any:
    return yaml.safe_load((_STORY / name).read_text(encoding="utf-8"))


def _csv(name: str) -> list[list[str]]:
    text = (_STORY / name).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))[1:]  # without the header row


def _by_team(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Rows whose first column is a team id, grouped by it (first-seen order)."""
    teams: dict[str, list[list[str]]] = {}
    for team, *rest in rows:
        teams.setdefault(team, []).append(rest)
    return teams


SESSIONS: list[dict[str, Any]] = _yaml("sessions.yaml")

TEAMS: dict[str, dict[str, str]] = _yaml("teams.yaml")

#: team -> its charter row (problem, scope_in, scope_out, sponsor, roles, start, end)
CHARTERS: dict[str, dict[str, Any]] = _yaml("charter.yaml")

# (display_name, role, team_id); ids p01..p13 in this order.
PARTICIPANTS: list[tuple[str, str, str]] = [(a, b, c) for a, b, c in _csv("participants.csv")]

# team -> rows (node_id, parent_id, kind, text, link)
DRIVERS: dict[str, list[tuple[str, str, str, str, str]]] = {
    team: [(a, b, c, d, e) for a, b, c, d, e in rows]
    for team, rows in _by_team(_csv("drivers.csv")).items()
}

MEASURES: dict[str, list[dict[str, Any]]] = _yaml("measures.yaml")

# team -> cycles (node_id, ramp, start, days, objective, prediction, do, study, act, scale)
PDSA: dict[str, list[tuple[str, str, dt.date, int | None, str, str, str, str, str, str]]] = {
    team: [tuple(cycle[f] for f in PDSA_FIELDS) for cycle in cycles]
    for team, cycles in _yaml("pdsa.yaml").items()
}

PROGRESS: dict[str, list[tuple[float, str]]] = {
    team: [(float(score), note) for score, note in rows]
    for team, rows in _by_team(_csv("progress.csv")).items()
}

# team -> stakeholder rows (stakeholder, influence, interest, action, who, when); a team with
# no analysis yet has no rows (south)
STAKEHOLDERS: dict[str, list[list[str]]] = _by_team(_csv("stakeholders.csv"))

# (domain, item, question)
SURVEY_ITEMS: list[tuple[str, str, str]] = [(a, b, c) for a, b, c in _csv("survey-items.csv")]

# session -> a few comments participants might write
COMMENTS: dict[int, list[str]] = _yaml("comments.yaml")
