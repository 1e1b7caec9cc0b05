"""Released copies carry the metadata their kernel reports, so JupyterLab opens them unchanged.

By hand on the hub (7 Dec): a released copy with the masters' metadata showed the "changed"
dot on its tab as soon as its kernel connected; the same copy with
:func:`qiteach.hub.kernel_meta.kernel_metadata` written in did not. Here: what the function
reads equals what a real kernel of the same Python says in its ``kernel_info`` reply.
"""

from __future__ import annotations

import sys

from qiteach.hub.kernel_meta import kernel_metadata

TIMEOUT_S = 120  # polled: the reply comes as soon as the kernel is up


def test_metadata_is_what_the_kernel_reports() -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    meta = kernel_metadata(sys.executable)
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT_S)
    try:
        client.kernel_info()
        reply = client.get_shell_msg(timeout=TIMEOUT_S)
        while reply["msg_type"] != "kernel_info_reply":
            reply = client.get_shell_msg(timeout=TIMEOUT_S)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert meta["language_info"] == reply["content"]["language_info"]
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert meta["kernelspec"] == {
        "display_name": spec.display_name,
        "language": "python",
        "name": "python3",
    }
