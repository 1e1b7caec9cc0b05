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

from qiteach.workspace.convert import convert_workspace
from qiteach.workspace.dictionary import data_dictionary_markdown
from qiteach.workspace.loader import (
    ValidationReport,
    open_workspace,
    read_raw,
    validate_workspace,
)
from qiteach.workspace.model import MeasureSeries, Programme, Team
from qiteach.workspace.templates import example_workspace, new_workspace

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
