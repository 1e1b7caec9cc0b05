"""Second hardening pass (issue 17): each kind of fault found, tested at its source.

One test per kind, not per example; the bad-input corpus (tests/badinput) holds the
one-line messages for the workspace cases.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import shutil
from pathlib import Path

import pytest

import qiteach.plot
from qiteach.cli import main

BASE = Path(__file__).parent / "badinput" / "base"
MATH = "North $\\notacommand{x$ Locality"


def _drawing_functions():
    modules = [
        importlib.import_module(f"qiteach.plot.{m.name}")
        for m in pkgutil.iter_modules(qiteach.plot.__path__)
    ]
    modules.append(importlib.import_module("qiteach.exercises.plots"))
    for module in modules:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            public = not name.startswith("_") and fn.__module__ == module.__name__
            if public and name.startswith(("plot_", "draw_", "add_", "annotate_")):
                yield f"{module.__name__}.{name}", fn


def test_every_drawing_function_treats_dollars_as_text() -> None:
    found = dict(_drawing_functions())
    assert len(found) >= 20, sorted(found)
    assert [n for n, fn in found.items() if not getattr(fn, "plain_text", False)] == []


@pytest.mark.slow
def test_team_name_that_looks_like_mathtext_gives_working_reports(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(BASE, ws)
    teams = ws / "teams.csv"
    teams.write_text(teams.read_text("utf-8").replace("North Locality", MATH), "utf-8")
    out = tmp_path / "out"
    assert main(["validate", str(ws)]) == 0
    assert main(["report", str(ws), "--out", str(out), "-q", "--jobs", "1"]) == 0
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary, "summary.json has the team's figures"
    page = (out / "team-north.html").read_text("utf-8")
    assert "notacommand" in page and "Traceback" not in page
