"""qiteach.exercises.reveal in a real IPython kernel: an answer cell's output is folded away.

What the room sees (the panel folded in JupyterLab after Run All) is checked in Chromium by
tests/test_trainer_jupyterlab.py; here the kernel side: the panel is an Accordion with the
generated title and nothing open, the cell's names are defined as without the fold, an error
in the answer code still fails the cell (so nbval still catches a broken model answer), and
any other cell runs untouched, and a kernel started without the project's kernel config
(a conda or pip install) folds the verdicts once the session's first cell has run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qiteach.exercises.reveal import summary

ROOT = Path(__file__).resolve().parents[1]
LABEL = "# Exercise 1: answer code (click to show)"
TIMEOUT_S = 120  # a busy 2-core machine: each wait returns as soon as the kernel answers


@pytest.fixture(scope="module")
def kernel() -> Iterator[Any]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT_S)
    try:
        _run(client, "%load_ext qiteach.exercises.reveal")
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run(client: Any, code: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute ``code``; the reply's content and every iopub message of that request."""
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=TIMEOUT_S)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=TIMEOUT_S)
    messages = []
    while True:
        msg = client.get_iopub_msg(timeout=TIMEOUT_S)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return reply["content"], messages


def _widget_states(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["content"]["data"]["state"] for m in messages if m["msg_type"] == "comm_open"]


def test_answer_cell_output_is_in_one_folded_panel_and_its_names_are_defined(kernel: Any) -> None:
    reply, messages = _run(kernel, f"{LABEL}\nanswer = 41 + 1\nprint('verdict', answer)")
    assert reply["status"] == "ok"
    accordions = [s for s in _widget_states(messages) if s.get("_model_name") == "AccordionModel"]
    assert len(accordions) == 1
    assert accordions[0]["titles"] == [summary(LABEL)]
    assert accordions[0]["selected_index"] is None  # folded until the trainer clicks
    assert any(s.get("_model_name") == "OutputModel" for s in _widget_states(messages))
    reply, messages = _run(kernel, "print(answer)")
    streams = [m["content"]["text"] for m in messages if m["msg_type"] == "stream"]
    assert streams == ["42\n"]


def test_an_error_in_answer_code_still_fails_the_cell(kernel: Any) -> None:
    reply, _messages = _run(kernel, f"{LABEL}\n1 / 0")
    assert reply["status"] == "error"
    assert reply["ename"] == "ZeroDivisionError"


def test_other_cells_are_untouched(kernel: Any) -> None:
    reply, messages = _run(kernel, "# Exercise 1: my answer\nshown = 'plain'\nshown")
    assert reply["status"] == "ok"
    assert _widget_states(messages) == []
    results = [
        m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"
    ]
    assert results == ["'plain'"]


TRAINER_COPY = ROOT / "notebooks" / "trainer" / "01-model-for-improvement.ipynb"


def test_the_first_cell_folds_verdicts_in_a_kernel_without_the_kernel_config() -> None:
    """A trainer copy run where ``make`` never wrote the kernel config (conda, pip install).

    The kernel starts with no extensions; its answer cell is not folded until the session's
    first cell has run, and after that cell (which Run All runs first, also after a restart)
    Exercise 1's verdict is in one folded panel.
    """
    import nbformat
    from jupyter_client.manager import start_new_kernel

    nb = nbformat.read(TRAINER_COPY, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    answer = next(i for i, s in enumerate(code) if s.startswith(LABEL))
    manager, client = start_new_kernel(
        kernel_name="python3",
        startup_timeout=TIMEOUT_S,
        extra_arguments=["--InteractiveShellApp.extensions=[]"],
    )
    try:
        _run(client, "import matplotlib\nmatplotlib.use('agg')")
        reply, messages = _run(client, code[answer])
        assert reply["status"] == "error"  # not folded: run as plain code, names undefined
        assert _widget_states(messages) == []
        for source in code[:answer]:
            reply, _messages = _run(client, source)
            assert reply["status"] == "ok", (source, reply)
        reply, messages = _run(client, code[answer])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["status"] == "ok"
    states = _widget_states(messages)
    accordions = [s for s in states if s.get("_model_name") == "AccordionModel"]
    assert [a["titles"] for a in accordions] == [[summary(LABEL)]]
    assert accordions[0]["selected_index"] is None
