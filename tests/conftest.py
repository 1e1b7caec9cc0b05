"""Shared pytest set-up: plugins only (fixtures live beside the tests that use them)."""

pytest_plugins = ["_hardening_plugin", "_exercise_corpus_plugin"]


# -- shared fixtures (added below the original set-up) ---------------------------------------
import pytest  # noqa: E402


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test left open (use with ``usefixtures``).

    Test modules that draw set the Agg backend themselves before importing pyplot.
    """
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def fresh_workspace(tmp_path):
    """A `qiteach new` workspace holding one team (east) with only its aim: no drivers,
    measures, PDSA cycles or scores yet (a team's state at the early sessions)."""
    from qiteach.workspace.templates import new_workspace

    folder = tmp_path / "ws"
    new_workspace(folder)
    for csv in folder.glob("*.csv"):  # keep each file's header row only
        csv.write_text(csv.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    (folder / "workbook.xlsx").unlink(missing_ok=True)
    with (folder / "teams.csv").open("a", encoding="utf-8") as f:
        f.write(
            "east,East PCN,East,Ash Surgery,Faster repeat prescriptions,prescriptions,"
            "Reduce the time to issue repeat prescriptions at Ash Surgery from 5 to 2 working "
            "days by 31 March 2027,,,\n"
        )
    with (folder / "participants.csv").open("a", encoding="utf-8") as f:
        f.write("e01,R. Khan,practice manager,east\n")
    return folder


@pytest.fixture
def new_team(fresh_workspace):
    """Team east of :func:`fresh_workspace`, opened."""
    from qiteach.workspace import open_workspace

    return open_workspace(fresh_workspace).team("east")


@pytest.fixture
def demo_ws(tmp_path):
    """A copy of the shipped demo programme to save into (the shipped one refuses saves)."""
    import shutil
    from pathlib import Path

    from qiteach.datasets import dataset_path

    return Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))
