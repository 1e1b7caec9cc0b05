"""PDSA cycles: the team's log and ramps, a summary, a quality score and chart markers.

>>> from qiteach.pdsa import PDSALog, summarise
>>> summarise(PDSALog.from_records([{"cycle_id": "C1", "start": "2026-01-05"}])).n_running
1
"""

from __future__ import annotations

from qiteach.pdsa.log import ACTS, PDSACycle, PDSALog, Ramp, change_idea_texts
from qiteach.pdsa.quality import PRINCIPLES, PDSAQuality, quality_score
from qiteach.pdsa.summary import PDSASummary, pdsa_markers, summarise

__all__ = [
    "ACTS",
    "PRINCIPLES",
    "PDSACycle",
    "PDSALog",
    "PDSAQuality",
    "PDSASummary",
    "Ramp",
    "change_idea_texts",
    "pdsa_markers",
    "quality_score",
    "summarise",
]
