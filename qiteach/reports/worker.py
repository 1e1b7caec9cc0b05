"""Execute and render one report notebook: the unit of work a process or Dask worker runs.

:func:`run_task` never raises for a failing notebook: a cell error, a timeout or
a dead kernel becomes a ``failed`` :class:`ReportRecord` with the failing cell
and the error line, and the partly executed notebook is still rendered so the
reader sees where it stopped. Nothing is written to disk here; the parent
process writes the returned HTML and notebook text atomically.

>>> t = ReportTask("team", "north", "North", "team.ipynb", {"team": "north"}, timeout=60)
>>> t.html_name, t.notebook_name
('team-north.html', 'team-north.ipynb')
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Rendered", "ReportRecord", "ReportTask", "init_worker", "run_task"]


@dataclass(frozen=True)
class ReportTask:
    """One notebook to execute: which, with what parameters, how long it may take."""

    kind: str  # "team" or "programme"
    report_id: str
    title: str
    notebook: str
    parameters: dict[str, Any]
    timeout: float = 600.0
    engine: str = "qiteach-warm"
    cwd: str | None = None

    @property
    def stem(self) -> str:
        """File name stem of this report's outputs."""
        return "programme" if self.kind == "programme" else f"team-{self.report_id}"

    @property
    def html_name(self) -> str:
        return f"{self.stem}.html"

    @property
    def notebook_name(self) -> str:
        return f"{self.stem}.ipynb"

    @property
    def pdf_name(self) -> str:
        return f"{self.stem}.pdf"


@dataclass
class ReportRecord:
    """What happened to one report; ``error`` and ``cell`` are set when it failed.

    ``cell`` is the 0-based index of the failing cell in the source notebook and
    ``execution_count`` its ``In [n]`` number; ``timings`` splits ``seconds``
    into kernel start, execution and rendering (and ``pdf``: printing, in the parent).
    """

    kind: str
    report_id: str
    title: str
    status: str
    html: str | None
    notebook: str | None
    seconds: float
    error: str | None = None
    cell: int | None = None
    execution_count: int | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    pdf: str | None = None  # the A4 PDF beside the page (``--pdf``)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def problem(self) -> str:
        """One line saying where and why it failed ('' when it did not)."""
        if self.ok:
            return ""
        where = ""
        if self.cell is not None:
            where = f"cell {self.cell}"
            if self.execution_count is not None:
                where += f" (In [{self.execution_count}])"
            where += ": "
        return f"{where}{self.error}"


@dataclass
class Rendered:
    """A record plus the page and executed notebook the parent writes to disk."""

    record: ReportRecord
    html: str | None
    ipynb: str | None


_MARKER_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


def _source_index(nb: Any, index: int) -> int:
    """Index in the source notebook of executed cell ``index`` (skip papermill's own cells)."""
    skipped = sum(
        1 for c in nb.cells[:index] if _MARKER_TAGS & set(c.get("metadata", {}).get("tags", []))
    )
    return index - skipped


def _failing_cell(nb: Any) -> tuple[int | None, int | None]:
    """(source index, execution count) of the cell that failed or was running."""
    if nb is None:
        return None, None
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return _source_index(nb, i), cell.get("execution_count")
    started = [
        i
        for i, c in enumerate(nb.cells)
        if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if started:
        i = started[-1]
        return _source_index(nb, i), nb.cells[i].get("execution_count")
    return None, None


#: How often a worker checks that the process that started it is still there (seconds).
PARENT_POLL_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    """Stop this worker (and its kernel) once its parent has gone, e.g. killed by SIGKILL.

    A worker whose parent died is re-parented, so ``os.getppid()`` changes; its kernel
    notices the worker going the same way (ipykernel's parent poller, JPY_PARENT_PID).
    """
    from qiteach.reports import engine

    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    engine.shutdown_warm_kernel()
    os._exit(3)


def _stop_on_term(signum: int, frame: Any) -> None:
    """SIGTERM from the parent (the run was stopped): stop the kernel, then exit."""
    from qiteach.reports import engine

    engine.shutdown_warm_kernel()
    os._exit(128 + signum)


def init_worker() -> None:
    """Pool initializer: import the heavy modules and register the engines once.

    The worker ignores Ctrl-C (the parent stops the run and its workers, with one line
    instead of a traceback per worker), stops its kernel on SIGTERM and exits by itself
    when its parent dies.
    """
    import signal
    import threading

    from qiteach.reports import engine, render

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_on_term)
    threading.Thread(
        target=_watch_parent, args=(os.getppid(),), name="qiteach-parent-watch", daemon=True
    ).start()
    engine.register_engines()
    render._exporter()


def run_task(task: ReportTask) -> Rendered:
    """Execute ``task``'s notebook with papermill, render it, and report what happened."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from qiteach.reports import engine
    from qiteach.reports.publishing import extract_published
    from qiteach.reports.render import render_html

    engine.register_engines()
    engine.clear_last_notebook()
    start = time.monotonic()
    starts_before = engine.warm_kernel_starts()
    error: str | None = None
    nb: Any = None
    try:
        nb = papermill.execute_notebook(
            task.notebook,
            None,
            parameters=dict(task.parameters),
            engine_name=task.engine,
            progress_bar=False,
            request_save_on_cell_execute=False,
            start_timeout=min(60.0, task.timeout),
            deadline=start + task.timeout,
            kernel_cwd=task.cwd or os.path.dirname(os.path.abspath(task.notebook)),
        )
    except PapermillExecutionError as exc:
        nb = engine.last_notebook()
        error = f"{exc.ename}: {exc.evalue}".strip().rstrip(":")
    except CellTimeoutError:
        nb = engine.last_notebook()
        error = f"timed out after {task.timeout:g} s (fix: raise --timeout or speed the cell up)"
    except DeadKernelError:
        nb = engine.last_notebook()
        error = "the kernel died (crashed, was killed or ran out of memory)"
    except Exception as exc:  # a broken notebook file, a kernel that would not start ...
        nb = engine.last_notebook()
        error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    executed = time.monotonic()
    timings = {"execute": executed - start}
    if engine.warm_kernel_starts() > starts_before:
        timings["kernel_start"] = engine.last_start_seconds()
    record = ReportRecord(
        kind=task.kind,
        report_id=task.report_id,
        title=task.title,
        status="ok" if error is None else "failed",
        html=None,
        notebook=None,
        seconds=0.0,
        error=error,
    )
    html = ipynb = None
    if error is not None:
        record.cell, record.execution_count = _failing_cell(nb)
    if nb is not None:
        try:
            record.figures = extract_published(nb)
            html = render_html(nb, title=task.title)
            ipynb = nbformat.writes(nb)
            record.html, record.notebook = task.html_name, task.notebook_name
        except Exception as exc:
            record.status = "failed"
            record.error = record.error or f"rendering failed: {type(exc).__name__}: {exc}"
            html = ipynb = None
    end = time.monotonic()
    timings["render"] = end - executed
    record.timings = timings
    record.seconds = end - start
    return Rendered(record, html, ipynb)
