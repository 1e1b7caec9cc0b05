"""qiteach: teach and evaluate healthcare Quality Improvement.

The public API is imported lazily so ``import qiteach`` stays fast (report
notebooks start many kernels). Names resolve on first use:

>>> import qiteach
>>> qiteach.__version__
'0.1.0'
>>> callable(qiteach.QiteachError)
True
>>> qiteach.charts.compute_chart(y=[3, 1, 2]).chart
'run'

"""

from __future__ import annotations

from qiteach._lazy import lazy_getattr

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
    "ChartSpec": "qiteach.charts",
    "plot_chart": "qiteach.plot.chart",
    "open_workspace": "qiteach.workspace",
    "check_aim": "qiteach.aims",
    "DriverDiagram": "qiteach.drivers",
    "check_family": "qiteach.measures",
    "suggest_chart": "qiteach.measures",
    "PDSALog": "qiteach.pdsa",
    "describe_score": "qiteach.progress",
    "pareto": "qiteach.tools",
    "load_dataset": "qiteach.datasets",
    "list_datasets": "qiteach.datasets",
}

#: subpackages reachable as attributes after a bare ``import qiteach``
_SUBMODULES = frozenset(
    {
        "aims",
        "charts",
        "cli",
        "datasets",
        "drivers",
        "evaluation",
        "exceptions",
        "exercises",
        "measures",
        "pdsa",
        "plot",
        "progress",
        "reports",
        "simulate",
        "teaching",
        "tools",
        "widgets",
        "workspace",
    }
)

__all__ = ["__version__", *sorted(_LAZY)]


__getattr__ = lazy_getattr("qiteach", _LAZY, submodules=_SUBMODULES)


def __dir__() -> list[str]:
    return sorted(__all__)
