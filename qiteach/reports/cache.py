"""Open a workspace once per report kernel: a per-path cache that hands out private copies.

A warm report kernel (:mod:`qiteach.reports.engine`) runs dozens of team
reports on the same workspace, and reading plus validating it costs more than
some report sections. :func:`open_programme` keeps the validated
:class:`~qiteach.workspace.model.Programme` of each path in this module (which
survives the kernel's reset between notebooks, unlike notebook variables) and
returns a **fresh copy** every time, so nothing a notebook does to its
programme (adding a column, editing ``meta``, caching chart results on it) can
reach the next team's report.

The cache is keyed by the resolved path and the name, size and modification
time of every file in the workspace folder (or of the workbook), so an edited
file is read again. A workspace that fails validation is never cached.

>>> from qiteach.workspace.templates import example_workspace
>>> import tempfile, pathlib
>>> folder = example_workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> first = open_programme(folder)
>>> first.tables["teams"].loc[0, "team_name"] = "changed by a notebook"
>>> first.meta["name"] = "changed too"
>>> second = open_programme(folder)
>>> second.tables["teams"].loc[0, "team_name"] != "changed by a notebook", second is first
(True, False)
>>> second.name != "changed too", cache_info()["entries"]
(True, 1)
>>> clear_cache()
"""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from qiteach.workspace.model import Programme

__all__ = ["cache_info", "clear_cache", "fingerprint", "open_programme"]

#: How many workspaces one process remembers (a report kernel needs one).
MAX_ENTRIES = 4

_CACHE: dict[tuple[str, tuple], Programme] = {}
_LOCK = threading.Lock()
_STATS = {"hits": 0, "misses": 0}


def fingerprint(path: str | Path) -> tuple:
    """Name, size and modification time (ns) of every file of a workspace.

    A folder's regular files (not sub-folders) or a single workbook file; a
    path that does not exist gives ``()`` (opening it then raises as usual).
    """
    p = Path(path)
    try:
        if p.is_dir():
            with os.scandir(p) as entries:
                stats = [
                    (e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()
                ]
            return tuple(sorted(stats))
        st = p.stat()
    except OSError:
        return ()
    return ((p.name, st.st_size, st.st_mtime_ns),)


def _private_copy(programme: Programme) -> Programme:
    """A copy sharing nothing mutable with ``programme`` (strings and dates are immutable)."""
    return replace(
        programme,
        meta=copy.deepcopy(programme.meta),
        sessions=programme.sessions.copy(deep=True),
        tables={name: df.copy(deep=True) for name, df in programme.tables.items()},
        rows={name: rows.copy() for name, rows in programme.rows.items()},
        labels=dict(programme.labels),
        problems=list(programme.problems),
        notes=list(programme.notes),
        _index={},
    )


def open_programme(workspace: str | Path) -> Programme:
    """:func:`qiteach.open_workspace`, read once per process and copied on every call.

    Raises what :func:`qiteach.open_workspace` raises for a missing or invalid
    workspace (``ValidationFailed`` lists every problem); failures are not cached.
    """
    from qiteach.workspace import open_workspace
    from qiteach.workspace.loader import resolve_workspace

    path = resolve_workspace(workspace)
    key = (str(Path(path).resolve()), fingerprint(path))
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _STATS["hits"] += 1
            return _private_copy(cached)
    programme = open_workspace(path)
    with _LOCK:
        _STATS["misses"] += 1
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]  # an older version of the same workspace
        while len(_CACHE) >= MAX_ENTRIES:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = programme
    return _private_copy(programme)


def cache_info() -> dict[str, Any]:
    """``{"entries", "hits", "misses"}`` of this process's cache (for tests and benchmarks)."""
    with _LOCK:
        return {"entries": len(_CACHE), **_STATS}


def clear_cache() -> None:
    """Forget every cached workspace and reset the counters."""
    with _LOCK:
        _CACHE.clear()
        _STATS.update(hits=0, misses=0)
