"""Participant/trainer notebook generation and the notebook house rules."""

from __future__ import annotations

import nbformat
import pytest

from qiteach.cli import main
from qiteach.exceptions import NotebookError
from qiteach.teaching import build_all, lint_notebook, make_version, out_of_sync


def _master() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('workspace: str = "demo-programme"  # workspace')
    params.metadata["tags"] = ["parameters"]
    exercise = nbformat.v4.new_code_cell(
        "### BEGIN SOLUTION\nmy_aim = 'Reduce DNAs from 8% to 5% by 31 March 2026'\n"
        "### END SOLUTION\n### PARTICIPANT: my_aim = None  # write your aim here\n"
        "check(my_aim)"
    )
    answer = nbformat.v4.new_markdown_cell("**Model answer:** a number and a date.")
    answer.metadata["tags"] = ["solution"]
    note = nbformat.v4.new_markdown_cell("Trainer: allow 10 minutes.")
    note.metadata["tags"] = ["trainer"]
    nb.cells = [params, exercise, answer, note, nbformat.v4.new_markdown_cell("Next")]
    return nb


def test_participant_version_hides_answers_and_keeps_a_runnable_placeholder() -> None:
    nb = make_version(_master(), "participant")
    sources = [c.source for c in nb.cells]
    assert sources[1] == "my_aim = None  # write your aim here\ncheck(my_aim)"
    assert not any("Model answer" in s or "Trainer:" in s for s in sources)
    assert len(nb.cells) == 3


def test_trainer_version_keeps_answers_and_notes_without_markers() -> None:
    nb = make_version(_master(), "trainer")
    sources = [c.source for c in nb.cells]
    assert sources[1] == "my_aim = 'Reduce DNAs from 8% to 5% by 31 March 2026'\ncheck(my_aim)"
    assert any("Model answer" in s for s in sources)
    assert any("Trainer:" in s for s in sources)
    assert not any("###" in s for s in sources)


def test_master_is_not_modified() -> None:
    master = _master()
    before = nbformat.writes(master)
    make_version(master, "participant")
    assert nbformat.writes(master) == before


def test_unbalanced_markers_are_reported() -> None:
    nb = _master()
    nb.cells[1].source = "### BEGIN SOLUTION\nx = 1"
    with pytest.raises(NotebookError, match="without ### END SOLUTION"):
        make_version(nb, "participant")


def test_build_and_sync_check(tmp_path) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    nbformat.write(_master(), sessions / "01-intro.ipynb")
    assert out_of_sync(sessions, tmp_path) == [
        f"{tmp_path}/participant/01-intro.ipynb: missing (run `qiteach notebooks build`)",
        f"{tmp_path}/trainer/01-intro.ipynb: missing (run `qiteach notebooks build`)",
    ]
    written = build_all(sessions, tmp_path)
    assert [p.parent.name for p in written] == ["participant", "trainer"]
    assert out_of_sync(sessions, tmp_path) == []
    first = written[0].read_bytes()
    build_all(sessions, tmp_path)
    assert written[0].read_bytes() == first  # rebuilds are byte-identical
    master = nbformat.read(sessions / "01-intro.ipynb", as_version=4)
    master.cells[4].source = "Changed"
    nbformat.write(master, sessions / "01-intro.ipynb")
    assert len(out_of_sync(sessions, tmp_path)) == 2
    (tmp_path / "trainer" / "99-orphan.ipynb").write_text("{}")
    assert any("has no master" in p for p in out_of_sync(sessions, tmp_path))


def test_cli_build_then_check(tmp_path, capsys) -> None:
    (tmp_path / "sessions").mkdir()
    nbformat.write(_master(), tmp_path / "sessions" / "01-intro.ipynb")
    assert main(["notebooks", "check", "--root", str(tmp_path)]) == 2
    assert "missing" in capsys.readouterr().err
    assert main(["notebooks", "build", "--root", str(tmp_path)]) == 0
    assert main(["notebooks", "check", "--root", str(tmp_path)]) == 0


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("pd.read_csv('../datasets/dna.csv')", True),
        ("open('data.xlsx')", True),
        ("Path('datasets/teaching')", True),
        ("qiteach.load_dataset('weekly-dna')", False),
        ("print('Reduce DNAs by 31 March')", False),
        ("pd.read_csv('/abs/path/file.csv')", False),
    ],
)
def test_lint_relative_paths(source: str, flagged: bool) -> None:
    nb = _master()
    nb.cells.append(nbformat.v4.new_code_cell(source))
    problems = lint_notebook(nb, name="n.ipynb")
    assert bool(problems) is flagged


def test_lint_outputs_and_widgets_in_reports() -> None:
    nb = _master()
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells.append(nbformat.v4.new_code_cell("import ipywidgets"))
    problems = lint_notebook(nb, name="r.ipynb", report=True)
    assert any("outputs are committed" in p for p in problems)
    assert any("must not use widgets" in p for p in problems)
    assert not any("widgets" in p for p in lint_notebook(nb, name="r.ipynb"))
