"""Start-up stays light: each command imports only what it needs (issue 16).

The crossings quantile no longer needs scipy.stats, so it is checked here against
``scipy.stats.binom.ppf`` (R's qbinom) over a grid.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qiteach.charts import runs
from qiteach.cli import COMMANDS, build_parser, chosen_command

DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"
#: never needed to compute a chart or check a workspace
HEAVY = ("nbformat", "papermill", "jsonschema", "scipy.stats", "matplotlib", "openpyxl")
#: never needed to write a workbook (openpyxl imports Pillow only for pictures)
NOT_FOR_WORKBOOKS = (*(m for m in HEAVY if m != "openpyxl"), "PIL")


def _modules_after(argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    """Exit code of ``qiteach argv`` run in a fresh interpreter, and every module it imported."""
    code = (
        "import contextlib, io, json, sys\n"
        "from qiteach.cli import main\n"
        "quiet = io.StringIO()\n"
        "with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        "    try:\n"
        f"        rc = main({argv!r})\n"
        "    except SystemExit as stop:  # --help\n"
        "        rc = stop.code\n"
        "print(json.dumps([rc, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    rc, modules = json.loads(done.stdout)
    return rc, set(modules)


def _csv(tmp_path: Path) -> Path:
    rows = ["x,y,n"] + [f"2024-{m:02d}-01,{30 + m % 5},{100 + m}" for m in range(1, 13)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_chart_json_imports_no_notebook_plotting_or_stats_libraries(tmp_path) -> None:
    rc, modules = _modules_after(["chart", str(_csv(tmp_path)), "--chart", "p", "--json"], tmp_path)
    assert rc == 0
    assert "qiteach.charts.compute" in modules  # it did compute the chart
    assert sorted(m for m in HEAVY if m in modules) == []
    assert "scipy" not in modules  # scipy.special only decides a near tie of the quantile
    assert not any(m.startswith("qiteach.workspace.loader") for m in modules)
    assert "yaml" not in modules and "qiteach.workspace.raw" not in modules  # a CSV, no YAML
    assert not any(m.startswith(("qiteach.reports", "qiteach.teaching")) for m in modules)


def test_chart_to_png_imports_matplotlib_only_then(tmp_path) -> None:
    png = tmp_path / "c.png"
    rc, modules = _modules_after(["chart", str(_csv(tmp_path)), "--out", str(png)], tmp_path)
    assert rc == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "matplotlib" in modules
    assert sorted(m for m in ("nbformat", "papermill", "scipy.stats") if m in modules) == []


def test_validate_imports_no_notebook_plotting_or_chart_libraries(tmp_path) -> None:
    rc, modules = _modules_after(["validate", str(DEMO)], tmp_path)
    assert rc == 0
    assert "qiteach.workspace.loader" in modules
    assert sorted(m for m in HEAVY if m in modules) == []
    assert not any(m.startswith(("qiteach.cli.chart", "qiteach.cli.notebooks")) for m in modules)
    # no history.csv in the demo: the save module (and the PDSA code it needs) stays unloaded
    assert not (DEMO / "history.csv").exists()
    assert "qiteach.workspace.save" not in modules and "qiteach.pdsa" not in modules


def test_validate_with_a_history_still_reads_it(tmp_path) -> None:
    import shutil

    from qiteach.workspace import validate_workspace

    ws = tmp_path / "ws"
    shutil.copytree(DEMO, ws)
    (ws / "history.csv").write_text("when,who\n", encoding="utf-8")
    rc, modules = _modules_after(["validate", str(ws)], tmp_path)
    assert rc == 0 and "qiteach.workspace.save" in modules
    assert any(
        n.startswith("history.csv has an unexpected header") for n in validate_workspace(ws).notes
    )


def test_validate_parses_programme_yaml_once(monkeypatch) -> None:
    import yaml

    from qiteach.workspace import raw

    text = (DEMO / "programme.yaml").read_text(encoding="utf-8")
    calls: list[str] = []
    real_compose, real_load = yaml.compose, yaml.safe_load
    monkeypatch.setattr(
        yaml, "compose", lambda *a, **k: calls.append("compose") or real_compose(*a, **k)
    )
    monkeypatch.setattr(
        yaml, "safe_load", lambda *a, **k: calls.append("load") or real_load(*a, **k)
    )
    problems: list = []
    raw.YAML_READS.clear()  # a test run earlier in this process may have read it already
    meta, where = raw._read_yaml(DEMO / "programme.yaml", problems, [])
    assert calls == ["compose"] and problems == []
    monkeypatch.undo()
    assert meta == yaml.safe_load(text) and where == raw.yaml_lines(text)


def test_new_imports_no_chart_notebook_or_picture_libraries(tmp_path) -> None:
    rc, modules = _modules_after(["new", str(tmp_path / "ws")], tmp_path)
    assert rc == 0 and (tmp_path / "ws" / "workbook.xlsx").read_bytes()[:2] == b"PK"
    assert "openpyxl" in modules  # it did write the workbook
    assert sorted(m for m in NOT_FOR_WORKBOOKS if m in modules) == []
    assert not any(m.startswith(("qiteach.charts", "qiteach.workspace.loader")) for m in modules)


def test_convert_to_a_workbook_imports_no_chart_notebook_or_picture_libraries(tmp_path) -> None:
    book = tmp_path / "demo.xlsx"
    rc, modules = _modules_after(["convert", str(DEMO), str(book)], tmp_path)
    assert rc == 0 and book.read_bytes()[:2] == b"PK"
    assert "openpyxl" in modules
    assert sorted(m for m in NOT_FOR_WORKBOOKS if m in modules) == []
    assert not any(m.startswith(("qiteach.charts", "qiteach.cli.chart")) for m in modules)
    # a conversion copies the text as read: neither the checks nor the typed model load
    assert "qiteach.workspace.reading" in modules
    unwanted = ("qiteach.workspace.loader", "qiteach.workspace.checks", "qiteach.workspace.model")
    assert sorted(m for m in unwanted if m in modules) == []


def _python(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_openpyxl_without_pillow_leaves_pillow_importable() -> None:
    code = (
        "import sys\n"
        "from qiteach.cli.workspace import _openpyxl_without_pillow\n"
        "_openpyxl_without_pillow()\n"
        "from openpyxl.drawing.image import PILImage\n"
        "assert 'openpyxl' in sys.modules and PILImage is False and 'PIL' not in sys.modules\n"
        "import PIL.Image\n"
        "print(PIL.Image.new('RGB', (2, 1)).size)\n"
    )
    assert _python(code) == "(2, 1)"


def test_session_plots_import_no_session_8_code() -> None:
    """Sessions 3, 4, 6 and 7 import exercises.plots in their first cell; session 8's
    checks (with the PDSA and sustainability tools) load only when its chart is drawn."""
    code = (
        "import sys\n"
        "import qiteach.exercises.plots\n"
        "print(sorted(m for m in ('qiteach.exercises.session08', 'qiteach.pdsa',\n"
        "    'qiteach.tools.sustainability') if m in sys.modules))\n"
    )
    assert _python(code) == "[]"


def test_every_registered_subcommand_parses_on_its_own() -> None:
    for name, module in COMMANDS.items():
        assert chosen_command([name, "--flag"]) == name
        choices = build_parser(name)._subparsers._group_actions[0].choices
        assert name in choices, (name, module)
    everything = build_parser()._subparsers._group_actions[0].choices
    assert sorted(everything) == sorted(COMMANDS)


def test_report_help_imports_neither_pandas_nor_the_engine(tmp_path) -> None:
    rc, modules = _modules_after(["report", "--help"], tmp_path)
    assert rc == 0
    assert sorted(m for m in ("pandas", "qiteach.charts.compute") if m in modules) == []


def test_help_lists_every_subcommand(capsys) -> None:
    from qiteach.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def _ppf(n_useful: np.ndarray) -> np.ndarray:
    from scipy.stats import binom

    trials = np.maximum(n_useful - 1, 0)
    return np.where(trials == 0, 0, binom.ppf(0.05, np.maximum(trials, 1), 0.5)).astype(int)


def test_crossings_quantile_equals_scipy_binom_ppf_on_a_grid() -> None:
    grid = np.r_[np.arange(1, 10_001), np.arange(10_001, 2_000_001, 9_973), 10_000_000]
    ours = np.array([runs.n_crossings_min(int(n)) for n in grid])
    want = _ppf(grid)
    bad = grid[ours != want]
    assert bad.size == 0, f"differs from binom.ppf at n = {bad[:10].tolist()}"


def test_crossings_quantile_near_tie_is_decided_by_scipy_special(monkeypatch) -> None:
    calls: list[int] = []
    real = runs._qbinom_scipy
    monkeypatch.setattr(runs, "_qbinom_scipy", lambda t: calls.append(t) or real(t))
    # n - 1 = 1,363,956: P(X <= k) is within the summation's error of 0.05
    assert runs.n_crossings_min(1_363_957) == _ppf(np.array([1_363_957]))[0]
    assert calls == [1_363_956]
    # a tolerance of 1 makes every value a near tie: the scipy.special path alone decides
    monkeypatch.setattr(runs, "_tolerance", lambda trials: 1.0)
    grid = np.array([2, 3, 13, 100, 5_000, 123_457])
    ours = np.array([runs.n_crossings_min(int(n)) for n in grid])
    assert calls[1:] == (grid - 1).tolist()
    assert (ours == _ppf(grid)).all()


def _blas_threads(env_value: str | None) -> str:
    """``OPENBLAS_NUM_THREADS`` and the process's thread count after the CLI, then numpy,
    are imported in a fresh interpreter whose environment sets it to ``env_value``."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    code = (
        "import os\n"
        "import qiteach.cli\n"
        "import numpy\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_the_command_starts_numpy_with_one_blas_thread() -> None:
    assert _blas_threads(None) == "1 1"  # no BLAS pool beside the main thread


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_blas_thread_count_the_user_chose_is_kept() -> None:
    assert _blas_threads("2") == "2 2"  # and the count above does see BLAS threads
