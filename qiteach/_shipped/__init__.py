"""Files qiteach ships for its own use: the datasets and the report notebooks.

In the repository they stay where people open them (``datasets/`` and
``notebooks/reports/``); the build maps those folders into this package as
``qiteach._shipped.datasets`` and ``qiteach._shipped.report_notebooks``
(``package-dir`` in ``pyproject.toml``), so an installed qiteach, editable or
from a wheel, finds them with :mod:`importlib.resources` wherever it runs.

>>> (shipped_folder("datasets") / "teaching" / "dna-weekly.csv").is_file()
True
>>> (shipped_folder("report_notebooks") / "team.ipynb").is_file()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["shipped_folder"]


def shipped_folder(name: str) -> Path:
    """The folder of shipped files ``name`` (``"datasets"`` or ``"report_notebooks"``).

    Both are read as ordinary files (papermill and pandas take paths), so the
    package must be installed unpacked, as pip always installs it.
    """
    root = resources.files(f"{__name__}.{name}")
    if not isinstance(root, Path):  # e.g. imported from a zip file
        raise RuntimeError(f"qiteach's {name} must be on disk, not in {root!r}: pip install it")
    return root
