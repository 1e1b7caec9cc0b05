"""Workspace folders: built beside the target then moved in; never overwrite without force.

The moving is :func:`qiteach.fileio.publish_folder`, as for every folder qiteach writes.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()) / "ws"
>>> _ = write_folder_atomic(d, ["a.txt"], lambda t: (t / "a.txt").write_text("hi"), force=False)
>>> sorted(p.name for p in d.iterdir())
['a.txt']
>>> check_free([d / "a.txt"], force=False)
Traceback (most recent call last):
...
qiteach.exceptions.WorkspaceError: would overwrite ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from qiteach.exceptions import WorkspaceError
from qiteach.fileio import publish_folder

__all__ = ["check_free", "write_folder_atomic"]


def check_free(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse to overwrite existing files unless ``force``."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise WorkspaceError(
            f"would overwrite {names}{more}",
            fix="choose another path, or add --force to overwrite",
        )


def write_folder_atomic(
    folder: Path, names: Iterable[str], build: Callable[[Path], None], *, force: bool
) -> Path:
    """Create ``folder`` with the files ``build(tmpdir)`` makes, never half-written.

    A new folder is built in a temporary folder beside it and renamed into
    place. Into an existing folder each named file is moved in with
    ``os.replace`` (other files there are left alone); existing ones need ``force``.
    """
    folder = Path(folder)
    names = list(names)
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} is a file, not a folder", fix="give a folder path")
    check_free((folder / n for n in names), force=force)
    return publish_folder(folder, build, names=names)
