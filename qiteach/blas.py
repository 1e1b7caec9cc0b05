"""One BLAS thread per qiteach process: its matrices are small and its processes many.

numpy's OpenBLAS starts one thread per core when numpy is first imported, and
those threads cost more CPU than a whole 30-point chart: ``import numpy`` took
0.100 s of CPU here against 0.059 s with one thread, and ``qiteach chart
--json`` 0.316 s against 0.212 s (2-core machine, medians of 15, 8 December
2026). qiteach's largest matrix is an interrupted time series over a few hundred
rows, far below the size where BLAS threads help; and a report run (one kernel
per worker) or a hub (a kernel per participant) already has a process per core.

So the ``qiteach`` command sets :data:`ONE_BLAS_THREAD` in its own environment
before anything imports numpy (its kernels and workers inherit it), and the hub
sets it for every participant's server. A value already set is kept, so
``OPENBLAS_NUM_THREADS=8 qiteach ...`` still has eight.

>>> env = {"OPENBLAS_NUM_THREADS": "4"}
>>> one_blas_thread(env)
>>> env
{'OPENBLAS_NUM_THREADS': '4'}
>>> fresh: dict[str, str] = {}
>>> one_blas_thread(fresh)
>>> fresh
{'OPENBLAS_NUM_THREADS': '1'}
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

__all__ = ["ONE_BLAS_THREAD", "one_blas_thread"]

#: Environment variables that keep numpy's BLAS (OpenBLAS, in the wheels and conda-forge)
#: to one thread.
ONE_BLAS_THREAD: dict[str, str] = {"OPENBLAS_NUM_THREADS": "1"}


def one_blas_thread(env: MutableMapping[str, str] = os.environ) -> None:
    """Add :data:`ONE_BLAS_THREAD` to ``env`` (this process's by default), keeping set values.

    Takes effect in this process only if numpy has not been imported yet.
    """
    for name, value in ONE_BLAS_THREAD.items():
        env.setdefault(name, value)
