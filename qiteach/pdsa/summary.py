"""A team's PDSA summary and the PDSA markers to overlay on a measure's chart.

>>> from qiteach.pdsa.log import PDSALog
>>> log = PDSALog.from_records([
...     {"cycle_id": "C1", "node_id": "CI1", "ramp": "R1", "start": "2026-01-05",
...      "end": "2026-01-09", "objective": "x", "prediction": "DNAs fall", "act": "adapt"},
...     {"cycle_id": "C2", "node_id": "CI1", "ramp": "R1", "start": "2026-01-12",
...      "end": "2026-01-26", "objective": "x", "act": "adopt"},
...     {"cycle_id": "C3", "node_id": "CI2", "ramp": "R2", "start": "2026-02-02",
...      "objective": "y"},
... ])
>>> s = summarise(log)
>>> s.n_cycles, s.n_ramps, s.cycles_per_ramp, s.median_days, s.n_running
(3, 2, {'R1': 2, 'R2': 1}, 9.0, 1)
>>> s.acts
{'adopt': 1, 'adapt': 1, 'abandon': 0, 'continue': 0, 'undecided': 1}
>>> round(s.prediction_share, 3), s.change_ideas, str(s.first_date), str(s.last_date)
(0.333, ('CI1', 'CI2'), '2026-01-05', '2026-02-02')
>>> pdsa_markers(log)
        date label
0 2026-01-05    C1
1 2026-01-12    C2
2 2026-02-02    C3
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

import pandas as pd

from qiteach.pdsa.log import ACTS, PDSALog

__all__ = ["PDSASummary", "pdsa_markers", "summarise"]


@dataclass(frozen=True, slots=True)
class PDSASummary:
    """Counts and dates describing one team's PDSA log.

    ``acts`` counts each decision plus ``undecided`` (act left blank);
    ``median_days`` is the median of end − start over finished cycles
    (``None`` if none has finished); running cycles are counted in ``n_running``;
    ``prediction_share`` is the fraction of cycles with a stated prediction;
    ``last_date`` is the latest start or end date in the log.
    """

    n_cycles: int
    n_ramps: int
    cycles_per_ramp: dict[str, int]
    acts: dict[str, int]
    median_days: float | None
    n_running: int
    prediction_share: float
    change_ideas: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None

    def as_text(self) -> str:
        """A few plain-English lines for a report.

        >>> print(summarise(PDSALog(())).as_text())
        No PDSA cycles recorded yet.
        """
        if self.n_cycles == 0:
            return "No PDSA cycles recorded yet."
        acts = ", ".join(f"{n} {a}" for a, n in self.acts.items() if n)
        days = (
            "no finished cycles"
            if self.median_days is None
            else (f"median {self.median_days:g} days per finished cycle")
        )
        return "\n".join(
            [
                f"{self.n_cycles} cycles on {len(self.change_ideas)} change ideas "
                f"in {self.n_ramps} ramps, {self.first_date} to {self.last_date}.",
                f"Decisions: {acts}.",
                f"{days}; {self.n_running} still running.",
                f"{self.prediction_share:.0%} of cycles stated a prediction.",
            ]
        )


def summarise(log: PDSALog) -> PDSASummary:
    """Summarise a team's PDSA log (see :class:`PDSASummary` for each figure)."""
    cycles = log.cycles
    acts = {a: 0 for a in ACTS}
    acts["undecided"] = 0
    for c in cycles:
        acts[c.act or "undecided"] += 1
    finished = [c.days for c in cycles if c.days is not None]
    ramps = log.ramps
    return PDSASummary(
        n_cycles=len(cycles),
        n_ramps=len(ramps),
        cycles_per_ramp={r.label: len(r.cycles) for r in ramps},
        acts=acts,
        median_days=float(statistics.median(finished)) if finished else None,
        n_running=sum(c.running for c in cycles),
        prediction_share=(sum(c.has_prediction for c in cycles) / len(cycles)) if cycles else 0.0,
        change_ideas=tuple(log.change_idea_ids),
        first_date=min((c.start for c in cycles), default=None),
        last_date=max((c.last_date for c in cycles), default=None),
    )


def pdsa_markers(log: PDSALog) -> pd.DataFrame:
    """One row per cycle start: ``date`` (Timestamp) and ``label`` (the cycle id).

    Feed these to :func:`qiteach.plot.pdsa.add_pdsa_markers` to mark when each
    test started on a measure's run or control chart.
    """
    return pd.DataFrame(
        {
            "date": pd.to_datetime([c.start for c in log.cycles]),
            "label": [c.cycle_id for c in log.cycles],
        },
        columns=["date", "label"],
    )
