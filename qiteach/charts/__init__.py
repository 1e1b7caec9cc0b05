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

from typing import TYPE_CHECKING

from qiteach._lazy import lazy_getattr

if TYPE_CHECKING:
    from qiteach.charts.compute import CHART_TYPES, DIRECTIONS, compute_chart
    from qiteach.charts.result import ChartResult, SignalSpan
    from qiteach.charts.rules import RULE_NAMES, RULE_SETS, RuleSet
    from qiteach.charts.spec import ChartSpec

#: public name -> defining module, imported on first use: a rule set's names
#: (``qiteach report --help``) need neither the engine nor pandas
_LAZY: dict[str, str] = {
    "CHART_TYPES": "qiteach.charts.compute",
    "DIRECTIONS": "qiteach.charts.compute",
    "compute_chart": "qiteach.charts.compute",
    "ChartResult": "qiteach.charts.result",
    "SignalSpan": "qiteach.charts.result",
    "RULE_NAMES": "qiteach.charts.rules",
    "RULE_SETS": "qiteach.charts.rules",
    "RuleSet": "qiteach.charts.rules",
    "ChartSpec": "qiteach.charts.spec",
}

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

__getattr__ = lazy_getattr("qiteach.charts", _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)
