"""Importing the workspace layer stays light: report notebooks start many kernels."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("matplotlib", "openpyxl", "scipy", "statsmodels", "qiteach.charts", "qiteach.plot")


def test_import_does_not_pull_in_heavy_modules() -> None:
    code = (
        "import sys, qiteach.workspace as w; w.open_workspace; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_reading_a_folder_does_not_import_openpyxl(tmp_path) -> None:
    from pathlib import Path

    good = Path(__file__).parent / "fixtures" / "workspaces" / "good"
    code = (
        "import sys, qiteach.workspace as w; "
        f"w.open_workspace({str(good)!r}); print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
