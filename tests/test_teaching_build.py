"""Participant/trainer notebook generation and the notebook house rules."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from qiteach.cli import main
from qiteach.exceptions import NotebookError
from qiteach.exercises.reveal import summary
from qiteach.teaching import build_all, lint_notebook, make_version, out_of_sync
from qiteach.teaching.build import BEGIN, trainer_copy
from qiteach.teaching.collapse import CLICK, collapsed_cells, folded_label, folded_text

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
MASTERS = sorted((NOTEBOOKS / "sessions").glob("*.ipynb"))


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


# ------------------------------------------ trainer copies: notes and answers collapsed
def test_trainer_copy_collapses_the_notes_and_answers_and_nothing_else() -> None:
    nb = trainer_copy(_master())
    assert collapsed_cells(nb) == [1, 2, 3]  # answer code, model answer, trainer note
    assert [folded_label(c) for c in nb.cells[1:4]] == [
        f"# Answer code {CLICK}",
        f"Model answer {CLICK}",
        f"Trainer notes {CLICK}",
    ]
    assert nb.cells[1].metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert "jupyter" not in nb.cells[2].metadata  # run markdown is unhidden: <details> instead
    assert nb.cells[2].source == (
        f"<details>\n<summary>Model answer {CLICK}</summary>\n\n"
        "**Model answer:** a number and a date.\n\n</details>"
    )
    assert [c.source for c in nb.cells[:1] + nb.cells[4:]] == [
        'workspace: str = "demo-programme"  # workspace',
        "Next",
    ]
    assert collapsed_cells(make_version(_master(), "participant")) == []
    assert collapsed_cells(make_version(_master(), "trainer")) == []  # slides use this one


def test_build_writes_collapsed_trainer_copies_and_check_reports_an_opened_note(
    tmp_path, capsys
) -> None:
    (tmp_path / "sessions").mkdir()
    nbformat.write(_master(), tmp_path / "sessions" / "01-intro.ipynb")
    assert main(["notebooks", "build", "--root", str(tmp_path)]) == 0
    path = tmp_path / "trainer" / "01-intro.ipynb"
    shipped = nbformat.read(path, as_version=4)
    assert collapsed_cells(shipped) == [1, 2, 3]
    assert lint_notebook(shipped, name="t.ipynb") == []
    shipped.cells[3].source = folded_text(shipped.cells[3])  # unfolded by hand, saved
    shipped.cells[1].metadata["jupyter"]["source_hidden"] = False  # answer code shown, saved
    nbformat.write(shipped, path)
    assert main(["notebooks", "check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: cell 4: a trainer note or answer is shown in the trainer copy" in err
    assert f"{path}: cell 2: a trainer note or answer is shown in the trainer copy" in err
    assert f"{path}: out of date with its master" in err


def _answer_cells(master: nbformat.NotebookNode) -> list[int]:
    return [
        i
        for i, c in enumerate(master.cells)
        if {"trainer", "solution"} & set(c.metadata.get("tags", []))
        or (c.cell_type == "code" and BEGIN in c.source)
    ]


@pytest.mark.parametrize("master_path", MASTERS, ids=lambda p: p.stem)
def test_shipped_trainer_copy_hides_every_note_and_answer_and_nothing_else(
    master_path: Path,
) -> None:
    master = nbformat.read(master_path, as_version=4)
    trainer = nbformat.read(NOTEBOOKS / "trainer" / master_path.name, as_version=4)
    participant = nbformat.read(NOTEBOOKS / "participant" / master_path.name, as_version=4)
    wanted = _answer_cells(master)
    assert len(wanted) >= 4  # every session has trainer notes and answers
    assert collapsed_cells(trainer) == wanted
    for i in wanted:
        bar = folded_label(trainer.cells[i])  # the line the folded cell shows
        assert bar is not None and bar.endswith(CLICK), trainer.cells[i].source
        assert master.cells[i].source.split("\n", 1)[0] not in bar
        if trainer.cells[i].cell_type == "code":
            assert trainer.cells[i].metadata["jupyter"]["outputs_hidden"] is True
            assert summary(bar) is not None  # the kernels fold its output (reveal.py)
        else:
            assert folded_text(trainer.cells[i]) == master.cells[i].source  # unchanged
    assert collapsed_cells(participant) == []
    assert not any(c.metadata.get("jupyter") for c in participant.cells)
