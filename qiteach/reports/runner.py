"""Run every report of a programme: plan, execute in parallel, write, index.

:func:`run_reports` checks everything it can before any notebook runs (team
ids are safe file names and exist, the notebooks declare the parameters the
runner passes, the workspace validates), then executes the programme notebook
once and the team notebook once per team:

* locally in a pool of ``jobs`` worker processes, each keeping one warm,
  reset-between-notebooks kernel (:mod:`qiteach.reports.engine`) and rendering
  in-process; or
* on an existing Dask scheduler (``scheduler="tcp://host:8786"``), one task per
  report, each starting a fresh kernel.

Workers send back the HTML and executed notebook; this process writes them
atomically as each report finishes, then ``summary.json`` and ``index.html``.
With ``pdf=True`` this process also prints each page that ran to an A4 PDF in one
headless Chromium started before any notebook runs (:mod:`qiteach.reports.pdf`),
in the slot of the worker that made it: that worker gets its next report when the
PDF is written, so no more programs run than there are jobs. A failing report (or
PDF) never stops the others.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qiteach._shipped import shipped_folder
from qiteach.exceptions import InputError, QiteachError, ReportError, ReportsInterrupted
from qiteach.fileio import remove_quietly, write_text_atomic
from qiteach.reports.engine import FRESH
from qiteach.reports.index import index_html, summary_json, team_groups
from qiteach.reports.params import (
    check_ids,
    declared_parameters,
    require_parameters,
    select_parameters,
)
from qiteach.reports.worker import Rendered, ReportRecord, ReportTask, init_worker, run_task

if TYPE_CHECKING:
    from qiteach.workspace.model import Programme

__all__ = ["RunResult", "default_notebooks_dir", "plan_tasks", "run_reports"]

TEAM_NOTEBOOK = "team.ipynb"
PROGRAMME_NOTEBOOK = "programme.ipynb"


@dataclass
class RunResult:
    """The records of one run (programme first, then teams in workspace order)."""

    programme: str
    out_dir: Path
    records: list[ReportRecord]

    def __iter__(self):
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int) -> ReportRecord:
        return self.records[i]

    @property
    def ok(self) -> bool:
        """True when every report ran."""
        return all(r.ok for r in self.records)

    @property
    def failed(self) -> list[ReportRecord]:
        return [r for r in self.records if not r.ok]

    def record(self, report_id: str, kind: str = "team") -> ReportRecord:
        """The record of one team (or ``kind="programme"``)."""
        for r in self.records:
            if r.report_id == report_id and r.kind == kind:
                return r
        raise KeyError(report_id)

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"

    @property
    def summary(self) -> Path:
        return self.out_dir / "summary.json"


def default_notebooks_dir() -> Path:
    """The shipped report notebooks (``notebooks/reports`` in the repository).

    >>> sorted(p.name for p in default_notebooks_dir().glob("*.ipynb"))
    ['programme.ipynb', 'team.ipynb']
    """
    return shipped_folder("report_notebooks")


def _notebook(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise InputError(
            "report notebook not found",
            file=str(path),
            fix="pass --notebooks DIR holding team.ipynb and programme.ipynb",
        )
    return path


def _select_teams(all_ids: list[str], teams: Iterable[str] | None, label: str) -> list[str]:
    if teams is None:
        return all_ids
    chosen = check_ids(teams)
    known = set(all_ids)
    for team_id in chosen:
        if team_id not in known:
            close = difflib.get_close_matches(team_id, all_ids, n=1)
            raise InputError(
                f'unknown team "{team_id}"',
                file=label,
                column="team_id",
                fix=f'did you mean "{close[0]}"?' if close else "use a team_id from teams",
            )
    return list(dict.fromkeys(chosen))


def plan_tasks(
    workspace: str | Path,
    *,
    teams: Iterable[str] | None = None,
    timeout: float = 600,
    rules: str | None = None,
    notebooks_dir: str | Path | None = None,
) -> tuple[Programme, str, list[ReportTask]]:
    """Check the inputs and list the reports to run: ``(programme, rules, tasks)``.

    Raises :class:`InputError` (before anything runs) for an unsafe or unknown
    team id, a missing notebook, a notebook not declaring ``workspace`` (and
    ``team``), or an unknown rule set; ``ValidationFailed`` for a bad workspace.
    """
    if teams is not None:
        teams = check_ids(teams)  # unsafe ids are refused before anything is read
    if timeout is None or timeout <= 0:
        raise InputError("timeout must be a positive number of seconds", column="--timeout")
    folder = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    team_nb, prog_nb = _notebook(folder, TEAM_NOTEBOOK), _notebook(folder, PROGRAMME_NOTEBOOK)
    team_params = declared_parameters(team_nb)
    prog_params = declared_parameters(prog_nb)
    require_parameters(team_nb, team_params, ["workspace", "team"])
    require_parameters(prog_nb, prog_params, ["workspace"])

    from qiteach.charts import RULE_SETS
    from qiteach.workspace import open_workspace

    programme = open_workspace(workspace)
    chosen_rules = (rules or programme.rules).strip().lower()
    if chosen_rules not in RULE_SETS:
        raise InputError(
            f'unknown chart rules "{rules or programme.rules}"',
            column="--rules",
            fix="use one of " + ", ".join(sorted(RULE_SETS)),
        )
    team_ids = _select_teams(check_ids(programme.team_ids), teams, "teams")
    names = dict(zip(programme.teams["team_id"], programme.teams["team_name"], strict=False))
    ws = str(Path(programme.path).resolve())  # a shipped name resolves to its folder
    values = {"workspace": ws, "rules": chosen_rules}
    cwd = str(folder.resolve())
    tasks = [
        ReportTask(
            "programme",
            "programme",
            programme.name,
            str(prog_nb),
            select_parameters(prog_params, values),
            timeout=float(timeout),
            cwd=cwd,
        )
    ]
    for team_id in team_ids:
        title = f"{names.get(team_id) or team_id} — {programme.name}"
        params = select_parameters(team_params, {**values, "team": team_id})
        tasks.append(
            ReportTask("team", team_id, title, str(team_nb), params, float(timeout), cwd=cwd)
        )
    return programme, chosen_rules, tasks


def _failed(task: ReportTask, error: str) -> Rendered:
    record = ReportRecord(task.kind, task.report_id, task.title, "failed", None, None, 0.0, error)
    return Rendered(record, None, None)


def _run_local(
    tasks: Sequence[ReportTask],
    jobs: int,
    done: Callable[[ReportTask, Rendered], None],
    work: Callable[[ReportTask], Rendered] = run_task,
) -> None:
    """Run ``work(task)`` in ``jobs`` worker processes; ``done`` in this process for each.

    A task is handed to a worker only when one is free and ``done`` has returned
    for the report before it: a report's PDF is printed in the slot of the worker
    that made it, so no more than ``jobs`` programs compete for the cores (Chromium
    printing beside ``jobs`` busy kernels slowed the kernels by about a tenth).
    """
    workers = max(1, min(jobs, len(tasks)))
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker)
    waiting = iter(tasks)
    running: dict[Future[Rendered], ReportTask] = {}

    def submit_next() -> None:
        task = next(waiting, None)
        if task is not None:
            running[pool.submit(work, task)] = task

    try:
        for _ in range(workers):
            submit_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    rendered = future.result()
                except Exception as exc:  # the worker process itself died
                    rendered = _failed(task, f"worker process failed: {type(exc).__name__}: {exc}")
                done(task, rendered)
                submit_next()
    except BaseException:  # Ctrl-C or SIGTERM: stop the workers and their kernels now
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


#: How long stopped workers get to stop their kernels before they are killed (seconds).
STOP_GRACE_SECONDS = 10.0


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started, SIGTERM every worker (each stops its kernel), then kill."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(5)


def _run_dask(
    tasks: Sequence[ReportTask], address: str, done: Callable[[ReportTask, Rendered], None]
) -> None:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise ReportError(
            "--scheduler needs the 'distributed' package (fix: pip install 'qiteach[dask]')"
        ) from exc
    timeout_s = "10s"
    try:
        client = Client(address, timeout=timeout_s)
    except Exception as exc:  # unreachable (OSError, TimeoutError) or malformed (ValueError ...)
        raise ReportError(
            f"cannot reach the Dask scheduler at {address} "
            "(fix: check the address, e.g. tcp://host:8786)"
        ) from exc
    try:
        fresh = [replace(t, engine=FRESH) for t in tasks]
        futures = client.map(run_task, fresh, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in dask_completed(futures):
            task = by_key[future.key]
            try:
                rendered = future.result()
            except Exception as exc:
                rendered = _failed(task, f"Dask task failed: {type(exc).__name__}: {exc}")
            done(task, rendered)
    finally:
        client.close()


def run_reports(
    workspace: str | Path,
    out_dir: str | Path,
    *,
    teams: Iterable[str] | None = None,
    jobs: int | None = None,
    timeout: float = 600,
    rules: str | None = None,
    scheduler: str | None = None,
    notebooks_dir: str | Path | None = None,
    progress: bool = True,
    pdf: bool = False,
) -> RunResult:
    """Execute and render the programme report and one report per team into ``out_dir``.

    Returns a :class:`RunResult`; failing reports are records with
    ``status="failed"``, never exceptions. Bad input raises a qiteach
    exception before anything runs. ``pdf`` also prints every report that ran
    to ``<stem>.pdf``; without Chromium it raises :class:`ReportError` at once.
    """
    from tqdm import tqdm

    from qiteach.reports.pdf import PdfPrinter, find_chromium

    chromium = find_chromium() if pdf else None  # before anything is read or run

    programme, chosen_rules, tasks = plan_tasks(
        workspace, teams=teams, timeout=timeout, rules=rules, notebooks_dir=notebooks_dir
    )
    if jobs is not None and jobs < 1:
        raise InputError("jobs must be at least 1", column="--jobs")
    out = Path(out_dir)
    created = _make_out_dir(out)
    printer = PdfPrinter(chromium) if chromium else None
    if printer is not None:
        try:
            printer.start()  # one browser for the batch; a failure here is one line, exit 2
        except QiteachError:
            if created:
                shutil.rmtree(out, ignore_errors=True)
            raise
    results: dict[tuple[str, str], ReportRecord] = {}
    bar = tqdm(
        total=len(tasks),
        desc="reports",
        unit="report",
        file=sys.stderr,
        disable=None if progress else True,
    )

    def done(task: ReportTask, rendered: Rendered) -> None:
        record = rendered.record
        for name, text in ((task.html_name, rendered.html), (task.notebook_name, rendered.ipynb)):
            if text is None:
                remove_quietly(out / name)  # never leave an earlier run's page looking current
            else:
                write_text_atomic(out / name, text)
        _print_pdf(printer, task, rendered, out)
        results[(task.kind, task.report_id)] = record
        bar.update(1)
        if not record.ok:
            bar.write(f"failed: {task.title}: {record.problem()}", file=sys.stderr)

    try:
        if scheduler:
            _run_dask(tasks, scheduler, done)
        else:
            _run_local(tasks, jobs or os.cpu_count() or 1, done)
    except QiteachError:  # e.g. the scheduler cannot be reached: leave no new, empty --out
        bar.close()
        if created and not results:
            shutil.rmtree(out, ignore_errors=True)
        raise
    except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM: keep what finished, say so
        bar.close()
        _write_index(programme, chosen_rules, tasks, results, out)
        raise ReportsInterrupted(
            f"stopped before the end: {len(results)} of {len(tasks)} reports written "
            f"(index.html lists them; run the same command again to finish)"
        ) from stop
    finally:
        bar.close()
        if printer is not None:
            printer.close()
    records = _write_index(programme, chosen_rules, tasks, results, out)
    return RunResult(programme.name, out, records)


def _print_pdf(printer: Any, task: ReportTask, rendered: Rendered, out: Path) -> None:
    """Print a report that ran to its PDF; a failure marks the report failed, like any other.

    Without a printer, or for a report that failed, any earlier run's PDF is removed so
    it never looks current beside a new page.
    """
    record = rendered.record
    target = out / task.pdf_name
    if printer is None or not record.ok or rendered.html is None:
        remove_quietly(target)
        return
    try:
        printed = printer.print(rendered.html, target)
    except Exception as exc:  # a crashed page or browser: this report only
        remove_quietly(target)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        record.status = "failed"
        record.error = f"PDF printing failed: {type(exc).__name__}: {first}"
        return
    record.timings["pdf"] = printed.seconds
    if printed.blocked:
        remove_quietly(target)
        record.status = "failed"
        record.error = (
            f"PDF not printed: the page asked for {len(printed.blocked)} resource(s) from "
            f"outside, first {printed.blocked[0]} (fix: embed them; reports must be offline)"
        )
        return
    record.pdf = task.pdf_name


def _make_out_dir(out: Path) -> bool:
    """Create the ``--out`` folder (and its parents); True when this run created it."""
    if out.exists() and not out.is_dir():
        raise InputError(
            "is a file, not a folder", file=str(out), fix="give a folder for the reports"
        )
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    return created


def _write_index(
    programme: Programme,
    rules: str,
    tasks: Sequence[ReportTask],
    results: dict[tuple[str, str], ReportRecord],
    out: Path,
) -> list[ReportRecord]:
    """Write ``summary.json`` and ``index.html`` for the records so far; return them.

    The index also keeps the reports an earlier run wrote into the same folder (two
    ``--team`` runs one after the other), from the records it left beside its pages, as
    long as their page is still there and they were made with the same rules.
    """
    records = [results[(t.kind, t.report_id)] for t in tasks if (t.kind, t.report_id) in results]
    name = programme.name
    earlier = [
        r
        for r in _earlier_records(out, name, rules)
        if (r.kind, r.report_id) not in results and r.html and (out / r.html).is_file()
    ]
    place = {team_id: i for i, team_id in enumerate(programme.team_ids)}
    listed = sorted(  # the programme first, then teams in the workspace's order
        earlier + records,
        key=lambda r: (r.kind != "programme", place.get(r.report_id, len(place)), r.report_id),
    )
    write_text_atomic(
        out / RECORDS_FILE,
        json.dumps({"programme": name, "rules": rules, "records": [asdict(r) for r in listed]}),
    )
    write_text_atomic(out / "summary.json", summary_json(name, listed, rules=rules))
    page = index_html(
        name,
        listed,
        rules=rules,
        synthetic=bool(programme.synthetic),
        groups=team_groups(programme.teams),
    )
    write_text_atomic(out / "index.html", page)
    return records


#: The records behind ``index.html``, kept beside the pages for the next run into the folder.
RECORDS_FILE = ".qiteach-reports.json"


def _earlier_records(out: Path, programme: str, rules: str) -> list[ReportRecord]:
    """Records an earlier run into ``out`` left, or [] (none, unreadable, or other rules)."""
    try:
        data = json.loads((out / RECORDS_FILE).read_text("utf-8"))
        if data["programme"] != programme or data["rules"] != rules:
            return []
        return [ReportRecord(**r) for r in data["records"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
