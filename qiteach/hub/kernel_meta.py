"""The notebook metadata a hub user's kernel reports, written into released copies.

When JupyterLab connects a notebook to its kernel it stores the kernel's ``kernelspec``
and ``language_info`` in the notebook. If they differ from what the file holds, the freshly
opened notebook is marked as changed (the dot on its tab), and a participant who closes it
is asked whether to save changes they never made. ``qiteach hub release`` therefore writes
what the hub's own Python reports (its version, "Python 3 (ipykernel)") into every copy.

>>> import sys
>>> meta = kernel_metadata(sys.executable)
>>> meta["kernelspec"]["name"], meta["language_info"]["name"]
('python3', 'python')
>>> meta["language_info"]["version"] == sys.version.split()[0]
True
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["kernel_metadata"]

_ASK = """
import json
from ipykernel.ipkernel import IPythonKernel
from jupyter_client.kernelspec import KernelSpecManager
spec = KernelSpecManager().get_kernel_spec("python3")
print(json.dumps({
    "kernelspec": {"display_name": spec.display_name, "language": spec.language,
                   "name": "python3"},
    "language_info": IPythonKernel.language_info,
}))
"""


def kernel_metadata(python: str | Path) -> dict[str, Any]:
    """``kernelspec`` and ``language_info`` as the kernel of ``python`` reports them."""
    done = subprocess.run(
        [str(python), "-c", _ASK], capture_output=True, text=True, check=True, timeout=120
    )
    meta: dict[str, Any] = json.loads(done.stdout)
    return meta
