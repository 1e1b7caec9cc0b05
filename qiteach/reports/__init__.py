"""Report runner: execute report notebooks with papermill, render offline HTML, index them.

Python API::

    from qiteach.reports import run_reports
    result = run_reports("datasets/demo-programme", "out/reports", jobs=2)
    result.failed        # records of the reports that failed

Inside a report notebook::

    from qiteach.reports import publish, show_figure
    publish({"dna_rate_latest": 6.1})          # -> summary.json
    show_figure(fig, alt="Run chart of ...")   # PNG with alt text in the HTML

``publish`` and ``show_figure`` are imported eagerly (they are light and every
report kernel needs them); the runner, which imports papermill, loads on first use.

>>> from qiteach.reports import publish, SUMMARY_MIME
>>> callable(publish), SUMMARY_MIME
(True, 'application/vnd.qiteach.summary+json')
"""

from __future__ import annotations

from qiteach._lazy import lazy_getattr
from qiteach.reports.publishing import SUMMARY_MIME, publish, show_figure

__all__ = [
    "SUMMARY_MIME",
    "ReportRecord",
    "RunResult",
    "publish",
    "run_reports",
    "show_figure",
]

_LAZY = {
    "ReportRecord": "qiteach.reports.worker",
    "RunResult": "qiteach.reports.runner",
    "run_reports": "qiteach.reports.runner",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)
