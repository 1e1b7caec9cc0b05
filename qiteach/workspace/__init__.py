"""The programme workspace: read, check and write a programme's data.

A workspace is a folder (``programme.yaml`` + one CSV per table) or one
``.xlsx`` workbook (a ``programme`` sheet + one sheet per table). The tables and
columns are defined in :mod:`qiteach.workspace.schema`; ``docs/workspace.md``
explains how to keep one.

Importing this package is light (no matplotlib, openpyxl, scipy or statsmodels);
openpyxl is loaded only when a workbook is read or written.

>>> import subprocess, sys
>>> code = ("import sys, qiteach.workspace; print([m for m in ('matplotlib', 'openpyxl', "
...         "'scipy', 'statsmodels') if m in sys.modules])")
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
'[]'
"""

from __future__ import annotations

from qiteach._lazy import lazy_getattr

#: public name -> module that defines it; each is imported on first use, so that
#: ``qiteach chart`` (which needs only :mod:`qiteach.workspace.raw`) loads no loader,
#: templates or converter
_LAZY: dict[str, str] = {
    "MeasureSeries": "qiteach.workspace.model",
    "Programme": "qiteach.workspace.model",
    "Team": "qiteach.workspace.model",
    "ValidationReport": "qiteach.workspace.loader",
    "convert_workspace": "qiteach.workspace.convert",
    "data_dictionary_markdown": "qiteach.workspace.dictionary",
    "example_workspace": "qiteach.workspace.templates",
    "new_workspace": "qiteach.workspace.templates",
    "open_workspace": "qiteach.workspace.loader",
    "read_raw": "qiteach.workspace.reading",
    "validate_workspace": "qiteach.workspace.loader",
}

__all__ = [
    "MeasureSeries",
    "Programme",
    "Team",
    "ValidationReport",
    "convert_workspace",
    "data_dictionary_markdown",
    "example_workspace",
    "new_workspace",
    "open_workspace",
    "read_raw",
    "validate_workspace",
]

__getattr__ = lazy_getattr("qiteach.workspace", _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)
