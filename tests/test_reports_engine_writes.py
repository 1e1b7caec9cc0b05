"""papermill "saves" a notebook with no output path by making its JSON: the workers skip that."""

from __future__ import annotations

import nbformat
import papermill.execute
import pytest

from qiteach.reports import engine


def test_no_output_path_makes_no_json_and_a_real_path_is_still_written(tmp_path, monkeypatch):
    engine.register_engines()
    engine.register_engines()  # idempotent: wrapped once
    assert papermill.execute.write_ipynb.skips_none
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# North")])

    def no_json(*args, **kwargs):
        raise AssertionError("the notebook was serialised for nowhere")

    with monkeypatch.context() as patched:
        patched.setattr(nbformat, "writes", no_json)
        papermill.execute.write_ipynb(nb, None)  # nothing made, nothing raised
        with pytest.raises(AssertionError, match="serialised"):
            papermill.execute.write_ipynb(nb, str(tmp_path / "x.ipynb"))  # a path: written
    papermill.execute.write_ipynb(nb, str(tmp_path / "out.ipynb"))
    assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0].source == "# North"
