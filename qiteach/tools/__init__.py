"""IHI QI toolkit charts (compute parts): Pareto, fishbone, histogram, scatter, process map, SIPOC.

Drawing lives in :mod:`qiteach.plot.tools`; nothing here imports matplotlib.

>>> from qiteach.tools import pareto
>>> pareto({"a": 8, "b": 1, "c": 1})["vital_few"].tolist()
[True, False, False]
"""

from __future__ import annotations

from qiteach.tools.fishbone import CATEGORIES_4P, CATEGORIES_6M, Fishbone
from qiteach.tools.histogram import HistogramResult, histogram
from qiteach.tools.pareto import VITAL_FEW_PERCENT, pareto
from qiteach.tools.process_map import ProcessMap, ProcessStep
from qiteach.tools.scatter import CAUSATION_NOTE, ScatterResult, scatter
from qiteach.tools.sipoc import Sipoc

__all__ = [
    "CATEGORIES_4P",
    "CATEGORIES_6M",
    "CAUSATION_NOTE",
    "VITAL_FEW_PERCENT",
    "Fishbone",
    "HistogramResult",
    "ProcessMap",
    "ProcessStep",
    "ScatterResult",
    "Sipoc",
    "histogram",
    "pareto",
    "scatter",
]
