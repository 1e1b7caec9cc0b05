"""Tests for qiteach.exercises.common: the team header and driver diagram (sessions open
their workspace with ``qiteach.open_workspace``, which accepts shipped dataset names)."""

from __future__ import annotations

import shutil

import pytest

from qiteach.datasets import dataset_path
from qiteach.exceptions import WorkspaceError
from qiteach.exercises.common import (
    SessionHeader,
    session_header,
    team_driver_diagram,
)
from qiteach.workspace import open_workspace


@pytest.fixture(scope="module")
def programme(demo_programme):
    return demo_programme


def test_opens_a_shipped_dataset_by_name_and_a_folder_by_path(tmp_path) -> None:
    copy = tmp_path / "my-programme"
    shutil.copytree(dataset_path("demo-programme"), copy)
    by_name = open_workspace("demo-programme")
    by_path = open_workspace(str(copy))
    assert by_name.team_ids == by_path.team_ids == ["north", "west", "south"]


def test_a_real_folder_wins_over_a_dataset_name(tmp_path, monkeypatch) -> None:
    shutil.copytree(dataset_path("demo-programme"), tmp_path / "demo-programme")
    monkeypatch.chdir(tmp_path)
    assert (
        open_workspace("demo-programme").path.resolve() == (tmp_path / "demo-programme").resolve()
    )


def test_unknown_workspace_is_one_clear_line() -> None:
    with pytest.raises(WorkspaceError, match="fix:") as err:
        open_workspace("no-such-place")
    assert str(err.value).startswith("no-such-place:")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("team", ["north", "west", "south"])
def test_header_shows_the_teams_own_project(programme, team: str) -> None:
    header = session_header(programme, team)
    info = programme.team(team).info
    assert isinstance(header, SessionHeader)
    assert header.title == f"{info['team_name']}: {info['project_title']}"
    rows = dict(header.rows)
    assert rows["aim"] == info["aim"]
    n_measures = len(programme.team(team).measures)
    assert rows["measures"].startswith(f"{n_measures} (")
    assert "synthetic data" in rows["programme"]
    n_people = len(programme.team(team).participants)
    assert rows["team"].startswith(f"{n_people} people")


def test_header_counts_measure_types(programme) -> None:
    rows = dict(session_header(programme, "west").rows)
    assert rows["measures"] == "4 (2 outcome, 1 process, 1 balancing)"


def test_header_renders_as_markdown_and_escapes(programme) -> None:
    md = session_header(programme, "north")._repr_markdown_()
    assert md.startswith("### North Locality: Fewer missed appointments")
    assert "| aim | Reduce the weekly DNA rate" in md
    header = SessionHeader("A & B", (("aim", "x|y <z>"),))
    assert "A &amp; B" in header._repr_markdown_()
    assert "x/y &lt;z&gt;" in header._repr_markdown_()


def test_header_for_unknown_team_suggests_the_closest(programme) -> None:
    with pytest.raises(WorkspaceError, match='did you mean "north"'):
        session_header(programme, "nort")


def test_team_driver_diagram_holds_the_teams_aim(programme) -> None:
    team = programme.team("south")
    diagram = team_driver_diagram(team)
    assert diagram.aim == team.info["aim"]
    assert len(diagram.primaries) >= 1
