"""Measures: definitions and data collection plans, families, series and chart choice.

>>> from qiteach.measures import check_family, suggest_chart
>>> check_family(["outcome", "process", "process", "process", "balancing"]).ok
True
>>> suggest_chart(data_type="classification").chart
'p'
"""

from __future__ import annotations

from qiteach.measures.build import (
    aggregate,
    cases_between,
    days_between,
    dna_series,
    hba1c_in_range_series,
    period_start,
)
from qiteach.measures.choice import ChartSuggestion, suggest_chart, suggest_chart_for
from qiteach.measures.definition import (
    DataCollectionPlan,
    MeasureDefinition,
    check_definition,
)
from qiteach.measures.family import FamilyCheck, check_family

__all__ = [
    "ChartSuggestion",
    "DataCollectionPlan",
    "FamilyCheck",
    "MeasureDefinition",
    "aggregate",
    "cases_between",
    "check_definition",
    "check_family",
    "days_between",
    "dna_series",
    "hba1c_in_range_series",
    "period_start",
    "suggest_chart",
    "suggest_chart_for",
]
