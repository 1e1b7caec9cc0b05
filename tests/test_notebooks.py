"""Suite-wide notebook checks: the eight sessions exist, keep the house rules,
their generated copies are in sync, and every session runs for every demo team.

Each notebook's code runs once per input:

* nbval runs the participant and trainer copies cell by cell with their default
  parameters (``team = "north"``): pyproject's ``testpaths`` and ``--nbval-lax``;
* a trainer copy is its master's code less comment lines (checked below), so that
  run also proves the master for the default team;
* papermill runs each master for the other demo teams (west, south).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from qiteach.teaching import lint_notebook, out_of_sync

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SESSIONS = (
    "01-model-for-improvement",
    "02-understanding-the-system",
    "03-driver-diagrams",
    "04-measurement",
    "05-pdsa",
    "06-variation-and-run-charts",
    "07-spc",
    "08-sustain-spread-share",
)
DEMO_TEAMS = ("north", "west", "south")


def _all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_every_session_has_a_master_and_both_versions() -> None:
    for name in SESSIONS:
        for folder in ("sessions", "participant", "trainer"):
            assert (NOTEBOOKS / folder / f"{name}.ipynb").is_file(), f"{folder}/{name} missing"


def test_generated_versions_are_in_sync_with_masters() -> None:
    assert out_of_sync(NOTEBOOKS / "sessions", NOTEBOOKS) == []


@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_notebook_keeps_house_rules(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert lint_notebook(nb, name=path.name, report="reports" in path.parts) == []


def test_participant_copies_hold_no_answers() -> None:
    for name in SESSIONS:
        nb = nbformat.read(NOTEBOOKS / "participant" / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            assert not tags & {"solution", "trainer"}, f"{name}: answer cell left in"
            assert "### BEGIN SOLUTION" not in cell.source


def test_each_session_has_exercises_with_self_checks() -> None:
    for name in SESSIONS:
        nb = nbformat.read(NOTEBOOKS / "sessions" / f"{name}.ipynb", as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        n_exercises = code.count("### BEGIN SOLUTION")
        # 2-5: a notebook holds 75-100 minutes of a 3-3.5 hour half-day (issue 14)
        assert 2 <= n_exercises <= 5, f"{name}: {n_exercises} exercises (want 2-5)"
        assert "qiteach.exercises" in code or "from qiteach.exercises" in code


def _default_team(path: Path) -> str:
    """The ``team`` a notebook's parameters cell sets (what nbval runs it with)."""
    nb = nbformat.read(path, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    namespace: dict[str, object] = {}
    exec(cell.source, namespace)  # the parameters cell only assigns plain values
    return str(namespace["team"])


def _code_lines(path: Path) -> list[list[str]]:
    nb = nbformat.read(path, as_version=4)
    return [c.source.splitlines() for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", SESSIONS)
def test_trainer_copy_runs_exactly_the_master_code(name: str) -> None:
    """The trainer copy keeps every master line but comments, in the same cells: running it
    (nbval) runs the master for its default team, so papermill need not run that again."""
    master = _code_lines(NOTEBOOKS / "sessions" / f"{name}.ipynb")
    trainer = _code_lines(NOTEBOOKS / "trainer" / f"{name}.ipynb")
    assert len(master) == len(trainer)
    for m, t in zip(master, trainer, strict=True):
        assert [line for line in m if not line.lstrip().startswith("#")] == [
            line for line in t if not line.lstrip().startswith("#")
        ]
    assert _default_team(NOTEBOOKS / "trainer" / f"{name}.ipynb") in DEMO_TEAMS


@pytest.mark.parametrize("name", SESSIONS)
def test_first_cell_installs_the_answer_fold_before_any_answer_cell(name: str) -> None:
    """In a kernel without the project's kernel config (conda, pip install) the trainer copy's
    verdicts stay folded only if a cell that Run All runs before every answer cell installs
    :mod:`qiteach.exercises.reveal`: the session's first code cell after ``parameters``."""
    nb = nbformat.read(NOTEBOOKS / "trainer" / f"{name}.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    first = next(
        i
        for i, s in enumerate(code)
        if any(ln.startswith("reveal.install()") for ln in s.splitlines())
    )
    answers = [i for i, s in enumerate(code) if s.startswith("# Exercise ")]
    assert answers and first < min(answers), (first, answers)
    assert "from qiteach.exercises import reveal," in code[first]


def _papermill_cases() -> list[tuple[str, str]]:
    """(session, team) for every demo team but the one nbval runs the trainer copy with."""
    return [
        (name, team)
        for name in SESSIONS
        for team in DEMO_TEAMS
        if team != _default_team(NOTEBOOKS / "trainer" / f"{name}.ipynb")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "team"), _papermill_cases())
def test_session_runs_under_papermill_for_each_demo_team(name: str, team: str, tmp_path) -> None:
    out = tmp_path / f"{name}-{team}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "sessions" / f"{name}.ipynb"),
        str(out),
        parameters={"team": team, "workspace": "demo-programme"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    executed = nbformat.read(out, as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors == []
    assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")


# ------------------------------------------------- a new team's own, nearly empty workspace
def _run_participant(name: str, workspace: Path, tmp_path: Path, team: str = "east") -> str:
    """Run a participant copy for ``team``; return all its text output (fails on an error)."""
    out = tmp_path / f"{name}-{team}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "participant" / f"{name}.ipynb"),
        str(out),
        parameters={"team": team, "workspace": str(workspace)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    executed = nbformat.read(out, as_version=4)
    texts = []
    for c in executed.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            texts.append(o.get("text", "") + o.get("data", {}).get("text/markdown", ""))
    return "\n".join(texts)


@pytest.mark.slow
def test_understanding_the_system_runs_for_a_new_team(fresh_workspace, tmp_path) -> None:
    text = _run_participant("02-understanding-the-system", fresh_workspace, tmp_path)
    assert 'East PCN, "Faster repeat prescriptions": at Ash Surgery,' in text  # its own practice
    assert "Traceback" not in text


@pytest.mark.slow
def test_driver_diagram_session_runs_for_a_team_with_no_diagram_yet(
    fresh_workspace, tmp_path
) -> None:
    text = _run_participant("03-driver-diagrams", fresh_workspace, tmp_path)
    assert "Your team has no driver diagram yet" in text
    assert "has no change ideas yet" not in text  # the check waits for an answer first


@pytest.mark.slow
def test_session1_runs_for_a_team_with_no_charter_yet(fresh_workspace, tmp_path) -> None:
    (fresh_workspace / "charter.csv").unlink()  # a workspace made before the charter table
    text = _run_participant("01-model-for-improvement", fresh_workspace, tmp_path)
    assert "Faster repeat prescriptions: your team has no charter yet." in text
    assert "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["04-measurement", "06-variation-and-run-charts"])
def test_measure_sessions_run_for_a_team_with_no_measures_yet(
    name: str, fresh_workspace, tmp_path
) -> None:
    text = _run_participant(name, fresh_workspace, tmp_path)
    assert "No run chart yet: measures.csv: team east has no measures" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["07-spc", "08-sustain-spread-share"])
def test_control_chart_sessions_run_for_a_team_with_no_measures_yet(
    name: str, fresh_workspace, tmp_path
) -> None:
    text = _run_participant(name, fresh_workspace, tmp_path)
    assert "No chart yet: measures.csv: team east has no measures" in text


@pytest.mark.slow
def test_pdsa_session_runs_for_a_team_with_no_cycles_yet(fresh_workspace, tmp_path) -> None:
    text = _run_participant("05-pdsa", fresh_workspace, tmp_path)
    assert "Traceback" not in text
    # the stakeholder grid waits for the participant's own rows
    assert "Fill in your stakeholders (form or my_stakeholders), then run this cell." in text
    # the team's stakeholder box (the optional table): a live table to type into, no grid yet
    executed = nbformat.read(tmp_path / "05-pdsa-east.ipynb", as_version=4)
    (cell,) = [c for c in executed.cells if "StakeholderBox(" in c.source]
    (out,) = cell.outputs
    assert "application/vnd.jupyter.widget-view+json" in out["data"]
    assert "image/png" not in out["data"]  # nothing saved, nothing drawn


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["01-model-for-improvement", "03-driver-diagrams", "08-sustain-spread-share"]
)
def test_sessions_run_for_a_team_that_has_drivers_but_no_aim_yet(name: str, tmp_path) -> None:
    from qiteach.workspace.templates import new_workspace

    ws = tmp_path / "ws"
    new_workspace(ws)
    (ws / "workbook.xlsx").unlink(missing_ok=True)
    teams = pd.read_csv(ws / "teams.csv", dtype=str)
    assert len(teams) == 1 and (ws / "drivers.csv").read_text().count("\n") > 2
    teams["aim"] = ""
    teams.to_csv(ws / "teams.csv", index=False)
    text = _run_participant(name, ws, tmp_path, team=str(teams["team_id"].iloc[0]))
    assert "Traceback" not in text


def test_trainer_notes_and_model_answers_are_tagged() -> None:
    """A cell that reads as trainer notes or a model answer never reaches participants."""
    marks = {
        "**Trainer notes": "trainer",
        "**Model answer": "solution",
        "**Worked answer": "solution",
    }
    for name in SESSIONS:
        nb = nbformat.read(NOTEBOOKS / "sessions" / f"{name}.ipynb", as_version=4)
        for i, cell in enumerate(nb.cells):
            for start, tag in marks.items():
                if cell.source.startswith(start):
                    assert tag in cell.metadata.get("tags", []), f"{name} cell {i}: tag {tag}"
