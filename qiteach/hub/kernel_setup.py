"""The hub's (and the project venv's) Python kernels: slips explained, answers kept folded.

Each session's first cell installs :mod:`qiteach.exercises.slips`, but a participant who
restarts the kernel and runs one exercise cell has not run that first cell: the
``NameError`` would come as a raw traceback. The hub's kernels therefore load the slips
handler as an IPython extension at start, from ``<prefix>/etc/ipython/`` of the Python
that runs them (IPython reads that folder for every kernel of that environment). They
also load :mod:`qiteach.exercises.reveal`, which keeps a trainer copy's model-answer
verdicts folded when the trainer runs the notebook.
``make`` runs ``python -m qiteach.hub.kernel_setup`` in the project's venv and in the
hub's; the Kubernetes user image does the same.

>>> import pathlib, tempfile
>>> path = install(pathlib.Path(tempfile.mkdtemp()))
>>> path.relative_to(path.parents[2]).as_posix()
'etc/ipython/ipython_kernel_config.py'
>>> [name in path.read_text() for name in EXTENSIONS]
[True, True]
"""

from __future__ import annotations

import sys
from pathlib import Path

from qiteach.fileio import write_text_atomic

__all__ = ["EXTENSIONS", "KERNEL_CONFIG", "install", "main"]

#: The IPython extensions every kernel of the environment loads at start.
EXTENSIONS = ("qiteach.exercises.slips", "qiteach.exercises.reveal")

#: ``ipython_kernel_config.py`` of the hub's Python environment.
KERNEL_CONFIG = f"""\
# Written by `python -m qiteach.hub.kernel_setup` (make): every kernel of this
# environment shows a slip in an exercise cell as one plain-English line, even before
# the session's first cell has run (after a kernel restart, say), and keeps a trainer
# copy's model-answer verdicts folded until the trainer clicks them.
c.InteractiveShellApp.extensions = {list(EXTENSIONS)!r}  # noqa: F821
"""


def install(prefix: Path | None = None) -> Path:
    """Write the kernel config under ``prefix`` (default: this Python's ``sys.prefix``)."""
    folder = Path(prefix or sys.prefix) / "etc" / "ipython"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ipython_kernel_config.py"
    write_text_atomic(path, KERNEL_CONFIG)
    return path


def main() -> int:
    """``python -m qiteach.hub.kernel_setup``: install into this environment."""
    print(f"kernel config: {install()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
