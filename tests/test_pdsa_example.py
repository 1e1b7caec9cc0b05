"""A hand-checked nine-cycle PDSA log shared by the PDSA tests (data only, no tests).

Hand-checked figures (see tests/test_pdsa_quality.py and test_pdsa_summary.py):
ramps by start R2 (Nov 2025), R1, R4, R3; C5 follows an abandon; C8 is running;
C9 is a single cycle with prediction "n/a".
"""

from __future__ import annotations

import pandas as pd


def _row(cid, node, ramp, start, end, pred, do, study, act, scale):
    return {
        "team_id": "north",
        "cycle_id": cid,
        "node_id": node,
        "ramp": ramp,
        "start": start,
        "end": end,
        "objective": f"Test {node}",
        "prediction": pred,
        "do": do,
        "study": study,
        "act": act,
        "scale": scale,
    }


ROWS = [
    _row(
        "C1",
        "CI1",
        "R1",
        "2026-01-05",
        "2026-01-09",
        "DNAs halve",
        "sent 40 texts",
        "3 of 40 DNA (7.5%)",
        "adapt",
        "1 GP, 1 morning",
    ),
    _row(
        "C2",
        "CI1",
        "R1",
        "2026-01-12",
        "2026-01-16",
        "DNAs fall",
        "texts for 2 GPs",
        "DNAs 5%",
        "adapt",
        "2 GPs, 1 week",
    ),
    _row(
        "C3",
        "CI1",
        "R1",
        "2026-01-19",
        "2026-02-13",
        "DNAs stay low",
        "all GPs",
        "run chart shows a shift",
        "adopt",
        "all GPs, 1 month",
    ),
    _row(
        "C4",
        "CI2",
        "R2",
        "2025-11-03",
        "2025-11-07",
        None,
        "letters posted",
        "letters sent",
        "abandon",
        "all patients due review",
    ),
    _row(
        "C5",
        "CI2",
        "R2",
        "2025-11-10",
        "2025-11-14",
        "more bookings",
        "letters again",
        None,
        None,
        "all patients",
    ),
    _row(
        "C6",
        "CI3",
        "R3",
        "2026-02-02",
        "2026-02-03",
        "calls shorter",
        "script used",
        "callers liked it",
        "adapt",
        "one receptionist, a day",
    ),
    _row(
        "C7",
        "CI3",
        "R3",
        "2026-02-09",
        "2026-02-13",
        "fewer complaints",
        "script v2",
        "fewer complaints",
        "continue",
        "2 receptionists, 1 week",
    ),
    _row(
        "C8",
        "CI3",
        "R3",
        "2026-03-02",
        None,
        "works for all",
        "started",
        None,
        None,
        "all reception staff",
    ),
    _row(
        "C9", "CI4", "R4", "2026-01-20", "2026-01-22", "n/a", "poster up", "12 calls", "adopt", None
    ),
]

DRIVERS = pd.DataFrame(
    {
        "team_id": ["north"] * 6,
        "node_id": ["P1", "S1", "CI1", "CI2", "CI3", "CI4"],
        "parent_id": [None, "P1", "S1", "S1", "S1", "S1"],
        "kind": [
            "primary",
            "secondary",
            "change_idea",
            "change_idea",
            "change_idea",
            "change_idea",
        ],
        "text": [
            "Patients remember appointments",
            "Reminders",
            "Text message reminder 48 hours before the appointment",
            "Recall letter for annual reviews",
            "Reception script offering cancellation",
            "Poster in waiting room",
        ],
    }
)

#: weekly measurement periods, Mondays 2026-01-05 to 2026-02-23
MEASUREMENTS = pd.DataFrame(
    {
        "team_id": "north",
        "measure_id": "dna_rate",
        "period": pd.date_range("2026-01-05", periods=8, freq="7D").strftime("%Y-%m-%d"),
        "value": [8.0, 7.5, 6.0, 5.5, 5.0, 5.2, 4.8, 4.9],
    }
)


def frame() -> pd.DataFrame:
    """A fresh copy of the example as the workspace pdsa table."""
    return pd.DataFrame(ROWS)
