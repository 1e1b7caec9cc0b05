"""Interactive ipywidgets front-ends for the learning sessions.

Each widget keeps its logic in plain methods (so tests drive it headlessly) and
wires ipywidgets controls to them; ``widget.display()`` shows it in one cell.
Classes are imported lazily: ``import qiteach.widgets`` does not load ipywidgets
or matplotlib until a widget is used. Compute modules never import this package.

>>> import qiteach.widgets as widgets
>>> sorted(widgets.__all__)
['AimBox', 'CharterBox', 'DriverBuilder', 'MeasureForm', 'PDSAPlanner', 'ProgressForm', \
'RedBeads', 'RunChartExplorer', 'StakeholderBox']
"""

from __future__ import annotations

from qiteach._lazy import lazy_getattr

#: public name -> module defining it
_LAZY: dict[str, str] = {
    "RunChartExplorer": "qiteach.widgets.run_chart_explorer",
    "DriverBuilder": "qiteach.widgets.driver_builder",
    "PDSAPlanner": "qiteach.widgets.pdsa_planner",
    "RedBeads": "qiteach.widgets.red_beads",
    "AimBox": "qiteach.widgets.save_forms",
    "CharterBox": "qiteach.widgets.charter_box",
    "MeasureForm": "qiteach.widgets.save_forms",
    "ProgressForm": "qiteach.widgets.save_forms",
    "StakeholderBox": "qiteach.widgets.stakeholder_box",
}

__all__ = [
    "AimBox",
    "CharterBox",
    "DriverBuilder",
    "MeasureForm",
    "PDSAPlanner",
    "ProgressForm",
    "RedBeads",
    "RunChartExplorer",
    "StakeholderBox",
]


__getattr__ = lazy_getattr(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)
