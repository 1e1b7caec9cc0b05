"""Papermill engines for report runs: a warm, reset-between-notebooks kernel and a fresh one.

Starting a Python kernel and importing pandas and matplotlib costs more than
running a typical team report. :class:`WarmKernelEngine` keeps one kernel per
worker process alive, imports the usual libraries once, and before every
notebook returns the kernel to a clean state (IPython's namespace reset, as
``%reset -f``, plus :func:`qiteach.reports.kernel_state.reset`: figures closed, matplotlib and
pandas settings, working directory, environment, ``sys.path``, warning filters
and user modules restored; execution count back to 1). A kernel that timed out,
died or misbehaved in any way other than a cell error is killed, and the next
notebook gets a new one. :class:`FreshKernelEngine` starts a kernel per notebook
(used on Dask workers, which we do not own, and by ``qiteach notebooks``). Both talk
to their kernel over Unix sockets in a private folder, never over TCP.

Both engines honour a per-notebook ``deadline`` (a :func:`time.monotonic`
value): each cell may run only until it, so a notebook times out as a whole.
Both remember the notebook being executed, so a failed run's partial notebook
can still be rendered (:func:`last_notebook`).

>>> register_engines()
>>> from papermill.engines import papermill_engines
>>> papermill_engines.get_engine(WARM) is WarmKernelEngine
True
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

__all__ = [
    "FRESH",
    "PREWARM_MODULES",
    "WARM",
    "WARM_KERNEL_ARGS",
    "FreshKernelEngine",
    "WarmKernelEngine",
    "clear_last_notebook",
    "last_notebook",
    "last_start_seconds",
    "register_engines",
    "shutdown_warm_kernel",
    "warm_kernel_pid",
    "warm_kernel_starts",
]

log = logging.getLogger(__name__)

WARM = "qiteach-warm"
FRESH = "qiteach-fresh"

#: Imported once when a warm kernel starts (missing ones are skipped).
PREWARM_MODULES: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython.display",
    "qiteach",
    "qiteach.reports.publishing",
    "qiteach.workspace",
    "qiteach.charts",
    "qiteach.plot",
    "qiteach.evaluation",
    "qiteach.reports.cache",
    "qiteach.reports.png",
    "qiteach.reports.sections",
    "PIL.Image",
)

_PREWARM = """\
import importlib as _il
for _m in {modules!r}:
    try:
        _il.import_module(_m)
    except ImportError:
        pass
import qiteach.reports.kernel_state as _ks
_ks.snapshot()
del _il, _m, _ks
__import__("gc").collect()
__import__("gc").freeze()
"""

# ``shell.reset`` is what ``%reset -f`` does. The last notebook's objects that
# only cycles keep alive (figures, frames, DataFrames) are garbage now, so one
# ``gc.collect()`` frees them; then whatever is still alive is library state
# (modules, caches), and ``gc.freeze()`` moves it out of the collector's sight:
# later collections scan only the next notebook's objects instead of ~150,000
# library objects. Freezing without the collection first kept every notebook's
# cyclic garbage for ever (a warm kernel grew ~15 MB per team report).
_RESET = """\
import qiteach.reports.kernel_state as _ks
_ks.reset()
get_ipython().reset(new_session=False)
__import__("gc").collect()
__import__("gc").freeze()
get_ipython().execution_count = 1
"""

#: Options of the warm kernel. No output cache (``_``, ``_1``, ...: reports never read
#: them): with it, ``shell.reset`` runs a full ``gc.collect()`` of its own before it clears
#: the namespace, and :data:`_RESET` then needs a second one for what the clearing freed
#: (the two were 7 % of a report kernel's CPU; one is enough).
WARM_KERNEL_ARGS = ("--InteractiveShell.cache_size=0",)

_LOCAL = threading.local()


def last_notebook() -> Any:
    """The notebook most recently executed by a qiteach engine in this thread."""
    return getattr(_LOCAL, "nb", None)


def clear_last_notebook() -> None:
    """Forget the last notebook (call before a run, so a failure never finds a stale one)."""
    _LOCAL.nb = None


def _timeout_func(deadline: float | None):
    """A per-cell timeout that leaves each cell only the time left before ``deadline``."""
    if deadline is None:
        return None

    def remaining(cell: Any) -> float:
        # nbclient treats 0 as "no timeout", so never return less than a blink
        return max(deadline - time.monotonic(), 0.01)

    return remaining


@dataclass
class _Warm:
    client: NotebookClient
    kernel_name: str
    cwd: str | None


_WARM: _Warm | None = None
_IPC_DIR: str | None = None
_STARTS = 0
_LAST_START = 0.0


def warm_kernel_starts() -> int:
    """How many warm kernels this process has started (for tests and benchmarks)."""
    return _STARTS


def warm_kernel_pid() -> int | None:
    """Process id of this process's warm kernel, or None when none is running."""
    if _WARM is None:
        return None
    provisioner = getattr(_WARM.client.km, "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    return int(pid) if pid is not None else None


def last_start_seconds() -> float:
    """Seconds the most recent warm kernel took to start and pre-import its libraries."""
    return _LAST_START


def _hidden_cell(client: NotebookClient, code: str, timeout: float = 120) -> None:
    """Run ``code`` silently (no outputs, no execution count); raise if it fails.

    Goes straight through the kernel client: nbclient's ``execute_cell`` would
    write the cell into the notebook being executed.
    """
    # the kernel client exists once the kernel started; execute_interactive is not in its stubs
    reply = run_sync(client.kc.execute_interactive)(  # type: ignore[union-attr]
        code,
        silent=True,
        store_history=False,
        timeout=timeout,
        output_hook=lambda msg: None,
    )
    content = reply["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")


def _ipc_dir() -> str:
    """A private folder for this process's kernel sockets (removed at exit)."""
    global _IPC_DIR
    if _IPC_DIR is None or not os.path.isdir(_IPC_DIR):
        _IPC_DIR = tempfile.mkdtemp(prefix="qiteach-kernel-")
        atexit.register(shutil.rmtree, _IPC_DIR, True)
    return _IPC_DIR


def _use_ipc(km: Any) -> None:
    """Talk to the kernel over Unix sockets in a private folder, not TCP.

    Local sockets are not reachable from the network, and ipykernel then does
    not warn "Kernel is running over TCP without encryption" on stderr. Windows
    has no Unix sockets; there the kernel stays on TCP (localhost).
    """
    if os.name != "posix":  # pragma: no cover - Windows
        return
    km.transport = "ipc"
    km.ip = os.path.join(_ipc_dir(), "kernel")


def _warm_kernel(kernel_name: str, cwd: str | None, start_timeout: float) -> _Warm:
    """This process's warm kernel, started (and pre-warmed) if needed."""
    global _WARM, _STARTS, _LAST_START
    if _WARM is not None and (_WARM.kernel_name, _WARM.cwd) != (kernel_name, cwd):
        shutdown_warm_kernel()
    if _WARM is not None and not run_sync(_WARM.client.km.is_alive)():  # type: ignore[union-attr,arg-type]
        shutdown_warm_kernel()
    if _WARM is None:
        started = time.monotonic()
        client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name=kernel_name,
            startup_timeout=int(start_timeout),
            timeout=max(int(start_timeout), 60),
            shutdown_kernel="immediate",
            extra_arguments=list(WARM_KERNEL_ARGS),
        )
        _use_ipc(client.create_kernel_manager())
        client.start_new_kernel(cwd=cwd)
        client.start_new_kernel_client()
        _WARM = _Warm(client, kernel_name, cwd)
        _STARTS += 1
        try:
            _hidden_cell(client, _PREWARM.format(modules=PREWARM_MODULES))
        except BaseException:
            shutdown_warm_kernel()
            raise
        _LAST_START = time.monotonic() - started
    return _WARM


def shutdown_warm_kernel() -> None:
    """Stop this process's warm kernel, if any (registered with :mod:`atexit`)."""
    global _WARM
    warm, _WARM = _WARM, None
    if warm is None:
        return
    try:
        warm.client._cleanup_kernel()
    except Exception as exc:  # pragma: no cover - best effort at shutdown
        log.debug("could not stop warm kernel: %s", exc)


atexit.register(shutdown_warm_kernel)


class _WarmClient(PapermillNotebookClient):
    """Papermill's client, resetting the kernel with a hidden cell before the notebook."""

    def papermill_execute_cells(self) -> None:
        _hidden_cell(self, _RESET)
        super().papermill_execute_cells()


def _client_kwargs(kernel_name, log_output, stdout_file, stderr_file, start_timeout, deadline):
    return {
        "kernel_name": kernel_name,
        "startup_timeout": start_timeout,
        "timeout_func": _timeout_func(deadline),
        "log": log,
        "log_output": log_output,
        "stdout_file": stdout_file,
        "stderr_file": stderr_file,
        "shutdown_kernel": "immediate",
    }


class _DeadlineEngine(NBClientEngine):
    """papermill's entry point, shared by both engines: remembers the notebook being run and
    builds the client options (deadline, immediate shutdown); ``_run`` says how it runs."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        deadline: float | None = None,
        kernel_cwd: str | None = None,
        **kwargs,
    ):
        _LOCAL.nb = nb_man.nb
        options = _client_kwargs(
            kernel_name, log_output, stdout_file, stderr_file, start_timeout, deadline
        )
        return cls._run(nb_man, options, kernel_cwd=kernel_cwd)

    @classmethod
    def _run(cls, nb_man, options: dict, *, kernel_cwd: str | None):
        raise NotImplementedError


class WarmKernelEngine(_DeadlineEngine):
    """Runs each notebook in this process's warm kernel, reset before every notebook."""

    @classmethod
    def _run(cls, nb_man, options: dict, *, kernel_cwd: str | None):
        warm = _warm_kernel(options["kernel_name"], kernel_cwd, options["startup_timeout"])
        client = _WarmClient(nb_man, km=warm.client.km, **options)
        client.kc = warm.client.kc
        try:
            return client.execute(cleanup_kc=False)
        except BaseException:
            # timeout, dead kernel, failed reset ...: never reuse this kernel
            shutdown_warm_kernel()
            raise


class FreshKernelEngine(_DeadlineEngine):
    """Starts and stops a kernel per notebook (stock papermill, plus deadline and recall)."""

    @classmethod
    def _run(cls, nb_man, options: dict, *, kernel_cwd: str | None):
        client = PapermillNotebookClient(nb_man, **options)
        _use_ipc(client.create_kernel_manager())  # the client still owns (and stops) it
        return client.execute(cwd=kernel_cwd)


def register_engines() -> None:
    """Register both engines with papermill (idempotent); see also :func:`_no_unsaved_writes`."""
    papermill_engines.register(WARM, WarmKernelEngine)
    papermill_engines.register(FRESH, FreshKernelEngine)
    _no_unsaved_writes()


def _no_unsaved_writes() -> None:
    """Let papermill skip "saving" a notebook that has nowhere to go (idempotent).

    The report worker runs papermill with no output path (it renders and writes
    the files itself). papermill still turns the executed notebook into JSON,
    validating it, to hand to its handler for ``None``, which drops the text:
    about 15 ms of a worker's CPU per report. With no path there is nothing to
    write, so nothing is made; any real path is written by papermill as before.
    """
    import papermill.execute

    write = papermill.execute.write_ipynb
    if getattr(write, "skips_none", False):
        return

    def write_ipynb(nb: Any, path: Any) -> None:
        if path is not None:  # None: papermill's NoIOHandler would drop the text
            write(nb, path)

    write_ipynb.skips_none = True  # type: ignore[attr-defined]
    papermill.execute.write_ipynb = write_ipynb
