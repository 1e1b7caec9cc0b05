"""qiteach.exercises.reveal in a real IPython kernel: an answer cell's output is folded away.

What the room sees (the panel folded in JupyterLab after Run All) is checked in Chromium by
tests/test_trainer_jupyterlab.py; here the kernel side: the panel is an Accordion with the
generated title and nothing open, the cell's names are defined as without the fold, an error
in the answer code still fails the cell (so nbval still catches a broken model answer), and
any other cell runs untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from qiteach.exercises.reveal import summary

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
