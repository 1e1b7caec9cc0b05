"""The shipped datasets folder; built into the package as ``qiteach._shipped.datasets``.

Data, not code: this file only lets the build (``package-dir`` in pyproject.toml) and
:mod:`importlib.resources` treat the folder as a package. Regenerate the data with
``python datasets/generate.py``.
"""
