"""The chart engine: run and control charts with named rule sets, no plotting.

>>> from qiteach.charts import compute_chart, CHART_TYPES, RULE_SETS
>>> "up" in CHART_TYPES and "mdc" in RULE_SETS
True
>>> r = compute_chart(y=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], rules="ihi")
>>> [s.rule for s in r.signal_spans]
['shift', 'shift', 'trend', 'too_few_runs']
>>> r.spec.rules, RULE_SETS[r.spec.rules].title
('ihi', 'IHI run chart rules')
"""

from __future__ import annotations

from qiteach.charts.compute import CHART_TYPES, DIRECTIONS, compute_chart
from qiteach.charts.result import ChartResult, SignalSpan
from qiteach.charts.rules import RULE_NAMES, RULE_SETS, RuleSet
from qiteach.charts.spec import ChartSpec

__all__ = [
    "CHART_TYPES",
    "DIRECTIONS",
    "RULE_NAMES",
    "RULE_SETS",
    "ChartResult",
    "ChartSpec",
    "RuleSet",
    "SignalSpan",
    "compute_chart",
]
