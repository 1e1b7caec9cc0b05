"""The report notebooks; built into the package as ``qiteach._shipped.report_notebooks``.

This file only lets the build (``package-dir`` in pyproject.toml) and
:mod:`importlib.resources` treat the folder as a package; papermill runs the notebooks.
"""
