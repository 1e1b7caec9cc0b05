"""``qiteach report``: exit 0 / 1 (a report failed) / 2 (bad input, before anything runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qiteach.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"


def _notebooks(tmp_path: Path, team: str) -> Path:
    folder = tmp_path / "nb"
    folder.mkdir()
    shutil.copy(FIXTURES / team, folder / "team.ipynb")
    shutil.copy(FIXTURES / "programme.ipynb", folder / "programme.ipynb")
    return folder


def test_unsafe_team_id_exits_2_with_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["report", str(DEMO), "--out", str(out), "--team", "north", "../x"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "team id is not a safe file name" in err
    assert not out.exists()


def test_bad_jobs_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", str(DEMO), "--out", str(tmp_path), "--jobs", "0"])
    assert exc.value.code == 2


@pytest.mark.slow
def test_failing_team_exits_1_and_names_the_cell(tmp_path, capsys):
    notebooks = _notebooks(tmp_path, "failing.ipynb")
    out = tmp_path / "out"
    args = ["report", str(DEMO), "--out", str(out), "--notebooks", str(notebooks)]
    code = main([*args, "--team", "west", "south", "--jobs", "2", "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert "3 reports: 2 ok, 1 failed" in captured.out
    assert "failed: west: cell 2 (In [4]): ValueError: no data for west" in captured.err
    assert (out / "index.html").is_file() and (out / "team-south.html").is_file()


@pytest.mark.slow
def test_a_shipped_workspace_name_reaches_the_notebooks_as_its_folder(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no folder called demo-programme here
    out = tmp_path / "out"
    code = main(["report", "demo-programme", "--out", str(out), "--team", "south", "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert (out / "team-south.html").is_file() and (out / "programme.html").is_file()
