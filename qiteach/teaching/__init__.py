"""Teaching notebooks: participant/trainer versions built from one master, and lint.

Masters live in ``notebooks/sessions/``; ``qiteach notebooks build`` writes
``notebooks/participant/`` and ``notebooks/trainer/`` from them and
``qiteach notebooks check`` fails when the generated copies are stale or a
notebook breaks the house rules (see :mod:`qiteach.teaching.lint`).
"""

from __future__ import annotations

from qiteach.teaching.build import (
    VERSIONS,
    build_all,
    make_version,
    out_of_sync,
)
from qiteach.teaching.lint import lint_notebook

__all__ = ["VERSIONS", "build_all", "lint_notebook", "make_version", "out_of_sync"]
