"""Python slips in exercise cells give one plain-English line, in a real IPython and a real kernel.

Each slip a first-time participant makes (text without quotes, curly quotes
pasted from Word or Outlook, a missing or wrong bracket, a cell run after a
kernel restart...) is typed into a cell; the handler that the session's first
cell installs must show one line saying what to do, and no traceback.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from qiteach.exercises import slips

#: (cell as typed, words the one-line message must hold)
SLIPS: list[tuple[str, str]] = [
    ("my_bonus = nobody", 'The answer needs quotes around text: my_bonus = "nobody"'),
    ("my_bonus = “nobody”", "The curly quotes “ ” came from Word or Outlook"),
    ("my_bonus = ‘nobody’", "The curly quotes ‘ ’ came from Word or Outlook"),
    ('kinds = {1: "aim", 2: "measure"', "A { is not closed (line 1): add }"),
    ('my_levels = {"A": "aim",\n "B": "primary"', "A { is not closed (line 1): add }"),
    ('kinds = {1: "aim", 2: "measure"]', "A { is closed with ]: close { with }"),
    ('kinds = {1: "aim"}}', "There is a } with nothing to close"),
    ("kinds = {1: aim, 2: measure}", 'quotes around text: kinds = {1: "aim", 2: "measure"}'),
    ("my_aim = Reduce DNAs from 8% to 5% by March 2027", 'my_aim = "Reduce DNAs from 8%'),
    ("my_aim = Reduce the DNA's", 'my_aim = "Reduce the DNA\'s"'),
    ('my_aim = "Reduce DNAs', "A text has no closing quote"),
    ("capacity = 55%", "Type the number without the % sign"),
    ('kinds = {1 = "aim"}', "Inside { } write a colon, not ="),
    ('my aim = "Reduce DNAs"', "A name cannot have spaces"),
    ("x = [1 2]", "Put a comma between the items"),
    ("my_flag = true", "Write True with a capital letter"),
    ("my_median = requests['y'].median()", "This cell needs the cells above (they make requests)"),
    ("session02.check_capacity(capacity, daily=daily)", "This cell needs the cells above"),
    ("split_after = 25 – 1", "The dash – came from Word or Outlook"),
]


@pytest.mark.parametrize(("cell", "words"), SLIPS, ids=[c for c, _ in SLIPS])
def test_each_slip_is_one_plain_line_in_ipython(cell: str, words: str, capsys) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert slips.install(shell)
        result = shell.run_cell(cell)
        out = capsys.readouterr()
    finally:
        slips.uninstall(shell)
    assert not result.success
    lines = [line for line in (out.out + out.err).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert words in lines[0]
    assert "Traceback" not in lines[0] and "Error" not in lines[0]


def test_an_error_inside_library_code_keeps_its_traceback(capsys) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    library: dict = {}
    exec("def lookup():\n    return not_defined_in_the_library\n", library)  # a library bug
    try:
        slips.install(shell)
        shell.user_ns["lookup"] = library["lookup"]
        shell.run_cell("answer = lookup()")
        out = capsys.readouterr().out
    finally:
        slips.uninstall(shell)
    assert "NameError" in out and "not_defined_in_the_library" in out
    assert "cells above" not in out and len(out.splitlines()) > 3  # the full traceback


def test_install_outside_ipython_does_nothing() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    assert slips.install() is False  # plain Python (no IPython running): nothing to register


def test_slips_in_a_real_jupyter_kernel() -> None:
    """The first cell installs the handler; each slip cell's error output is just the line."""
    cells = [nbformat.v4.new_code_cell("from qiteach.exercises import slips\nslips.install()")]
    cells += [nbformat.v4.new_code_cell(cell) for cell, _ in SLIPS]
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    assert [o.output_type for o in nb.cells[0].outputs] == ["execute_result"]  # True
    for cell, (typed, words) in zip(nb.cells[1:], SLIPS, strict=True):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1, (typed, cell.outputs)
        (line,) = errors[0].traceback
        assert words in line, (typed, line)


def test_a_fresh_kernel_explains_a_slip_before_any_first_cell() -> None:
    """After a kernel restart no first cell has run: make's kernel config loads the handler."""
    import sys
    from pathlib import Path

    from qiteach.hub.kernel_setup import KERNEL_CONFIG

    config = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py"
    assert config.is_file() and config.read_text() == KERNEL_CONFIG, (
        f"{config} is missing or stale: run make (it runs python -m qiteach.hub.kernel_setup)"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("my_bonus = nobody")])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    (error,) = [o for o in nb.cells[0].outputs if o.output_type == "error"]
    assert error.traceback == ['The answer needs quotes around text: my_bonus = "nobody"']
