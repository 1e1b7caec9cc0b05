"""Package list for setuptools; everything else is in pyproject.toml.

Only the list of packages is here, because it mixes discovered packages with two
folders mapped into the package (``package-dir`` in pyproject.toml): ``datasets/``
and ``notebooks/reports/`` stay where people open them in the repository and are
installed as ``qiteach._shipped.datasets`` and ``qiteach._shipped.report_notebooks``.
"""

from setuptools import find_packages, setup

SHIPPED = ["qiteach._shipped.datasets", "qiteach._shipped.report_notebooks"]

setup(packages=[*find_packages(include=["qiteach", "qiteach.*"]), *SHIPPED])
