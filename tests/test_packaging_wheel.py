"""The built wheel is a self-contained qiteach: installed into a clean venv and run from
a folder outside the checkout, it finds its datasets and report notebooks.

Slow (a venv, a wheel build and an install of every dependency, from pip's cache when
warm): runs in ``make test``, skipped by ``-m "not slow"``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: what a clean copy of the source leaves out (as an sdist would)
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".ipynb_checkpoints"
)

pytestmark = pytest.mark.slow


def _version() -> str:
    import qiteach

    return qiteach.__version__


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(venv bin folder, a work folder outside the checkout, environment) with the wheel
    built from a clean copy of the source and installed with the pinned dependencies."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.pop("QITEACH_DATASETS", None)  # the installed package's own copy, not an override
    python = Path(getattr(sys, "_base_executable", sys.executable))
    _run([str(python), "-m", "venv", str(base / "venv")], base, env)
    bin_dir = base / "venv" / "bin"
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    pip = [str(bin_dir / "python"), "-m", "pip", "-q"]
    _run([*pip, "wheel", "--no-deps", "-w", str(base / "dist"), str(source)], base, env)
    (wheel,) = (base / "dist").glob("qiteach-*.whl")
    _run([*pip, "install", "-c", str(ROOT / "constraints.txt"), str(wheel)], base, env)
    work = base / "elsewhere"
    work.mkdir()
    return bin_dir, work, env


def test_wheel_holds_the_datasets_and_report_notebooks(installed) -> None:
    _, work, _ = installed
    wheel = next((work.parent / "dist").glob("qiteach-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(ROOT / "datasets").as_posix()
        for p in (ROOT / "datasets").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    missing = {n for n in shipped if f"qiteach/_shipped/datasets/{n}" not in names}
    assert missing == set(), f"datasets/ files missing from the wheel: {sorted(missing)}"
    for nb in ("team.ipynb", "programme.ipynb"):
        assert f"qiteach/_shipped/report_notebooks/{nb}" in names
    data = {
        f"qiteach/{p.relative_to(ROOT / 'qiteach').as_posix()}"
        for p in (ROOT / "qiteach").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"}
    }
    assert "qiteach/py.typed" in data and "qiteach/simulate/story/pdsa.yaml" in data
    assert data - names == set(), f"package files missing from the wheel: {sorted(data - names)}"


def test_installed_package_runs_outside_the_checkout(installed) -> None:
    bin_dir, work, env = installed
    where = _run(
        [str(bin_dir / "python"), "-c", "import qiteach, sys; print(qiteach.__file__)"], work, env
    )
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where
    qiteach = str(bin_dir / "qiteach")

    listing = _run([qiteach, "datasets"], work, env)
    assert listing.split()[0] == "demo-programme" and "chart-p" in listing
    example = Path(_run([qiteach, "datasets", "chart-p"], work, env).strip())
    assert example.is_relative_to(bin_dir.parent) and example.is_file(), example

    reading = _run(
        [qiteach, "chart", str(example), "--chart", "p", "--x", "x", "--y", "y", "--n", "n"],
        work,
        env,
    )
    here = subprocess.run(
        [sys.executable, "-m", "qiteach", "chart", str(ROOT / "datasets" / example.relative_to(
            example.parents[1])), "--chart", "p", "--x", "x", "--y", "y", "--n", "n"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    assert reading.startswith("P chart of 30 points") and reading == here

    out = work / "reports"
    _run([qiteach, "report", "demo-programme", "--out", str(out), "--jobs", "1"], work, env)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["reports"], summary["ok"], summary["failed"]) == (4, 4, 0), summary
    assert sorted(summary["teams"]) == ["north", "south", "west"]
    assert summary["generated_by"] == f"qiteach {_version()}"
    pages = sorted(p.name for p in out.glob("*.html"))
    teams = [f"team-{t}.html" for t in ("north", "south", "west")]
    assert pages == sorted(["index.html", "programme.html", *teams]), pages
    assert not list(work.glob("*.ipynb")), "the report run left notebooks in the cwd"
