"""Interactive ipywidgets front-ends for the learning sessions.

Each widget keeps its logic in plain methods (so tests drive it headlessly) and
wires ipywidgets controls to them; ``widget.display()`` shows it in one cell.
Classes are imported lazily: ``import qiteach.widgets`` does not load ipywidgets
or matplotlib until a widget is used. Compute modules never import this package.

>>> import qiteach.widgets as widgets
>>> sorted(widgets.__all__)
['DriverBuilder', 'PDSAPlanner', 'RedBeads', 'RunChartExplorer']
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> module defining it
_LAZY: dict[str, str] = {
    "RunChartExplorer": "qiteach.widgets.run_chart_explorer",
    "DriverBuilder": "qiteach.widgets.driver_builder",
    "PDSAPlanner": "qiteach.widgets.pdsa_planner",
    "RedBeads": "qiteach.widgets.red_beads",
}

__all__ = ["DriverBuilder", "PDSAPlanner", "RedBeads", "RunChartExplorer"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qiteach.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
