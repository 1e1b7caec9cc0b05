"""Runs *inside* a warm report kernel: remember a clean state, return to it.

The warm-kernel engine (:mod:`qiteach.reports.engine`) starts a kernel, runs
:func:`snapshot` once, then :func:`reset` before every notebook, so no team's
report can see another team's variables, figures, matplotlib settings, working
directory, environment, ``sys.path``, warning filters, pandas options or
modules imported from outside the installed libraries.

>>> import os
>>> snapshot()
>>> here = os.getcwd()
>>> os.environ["QITEACH_PROBE"] = "1"
>>> reset()
>>> "QITEACH_PROBE" in os.environ, os.getcwd() == here
(False, True)
"""

from __future__ import annotations

import os
import random
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Any

__all__ = ["reset", "snapshot"]

_STATE: dict[str, Any] = {}


def _library_roots() -> tuple[str, ...]:
    """Folders whose modules count as installed libraries (kept between notebooks)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(path)
    roots.add(str(Path(__file__).resolve().parents[1]))  # the qiteach package itself
    return tuple(os.path.realpath(r) + os.sep for r in roots if r)


def snapshot() -> None:
    """Remember the current state as the clean state :func:`reset` returns to."""
    _STATE.clear()
    _STATE.update(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        filters=list(warnings.filters),
        modules=set(sys.modules),
        roots=_library_roots(),
        libraries={},  # name -> module: imported since, found to be a library's (kept)
    )
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        _STATE["rc"] = mpl.rcParams.copy()
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        _STATE["backend"] = plt.get_backend()


def _is_user_module(module: Any, roots: tuple[str, ...]) -> bool:
    path = getattr(module, "__file__", None)
    if not path:
        return False  # built-in or namespace package
    real = os.path.realpath(path)
    return not real.startswith(roots)


def reset() -> None:
    """Return the process to the snapshot (IPython's user namespace is reset separately)."""
    if not _STATE:
        raise RuntimeError("kernel_state.reset() called before snapshot()")
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
        backend = _STATE.get("backend")
        if backend and plt.get_backend() != backend:
            plt.switch_backend(backend)
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        rc = _STATE.get("rc")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if rc is None:
                mpl.rcdefaults()
            else:  # raw update, as matplotlib's own rc_context does on exit
                dict.update(mpl.rcParams, rc)
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")
    os.chdir(_STATE["cwd"])
    os.environ.clear()
    os.environ.update(_STATE["environ"])
    sys.path[:] = _STATE["path"]
    warnings.filters[:] = _STATE["filters"]  # type: ignore[index]  # a list at run time
    roots, libraries = _STATE["roots"], _STATE["libraries"]
    for name in set(sys.modules) - _STATE["modules"]:
        module = sys.modules.get(name)
        if module is None or libraries.get(name) is module:
            continue  # a library module found at an earlier reset: no path to resolve again
        if _is_user_module(module, roots):
            del sys.modules[name]
        else:
            libraries[name] = module
    random.seed()
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed()
