"""qiteach: teach and evaluate healthcare Quality Improvement.

The public API is imported lazily so ``import qiteach`` stays fast (report
notebooks start many kernels). Names resolve on first use:

>>> import qiteach
>>> qiteach.__version__
'0.1.0'
>>> callable(qiteach.QiteachError)
True
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_LAZY: dict[str, str] = {
    "QiteachError": "qiteach.exceptions",
    "InputError": "qiteach.exceptions",
    "ChartInputError": "qiteach.exceptions",
    "WorkspaceError": "qiteach.exceptions",
    "ValidationFailed": "qiteach.exceptions",
    "compute_chart": "qiteach.charts",
    "ChartResult": "qiteach.charts",
    "plot_chart": "qiteach.plot.chart",
    "open_workspace": "qiteach.workspace",
    "load_dataset": "qiteach.datasets",
    "list_datasets": "qiteach.datasets",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qiteach' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
