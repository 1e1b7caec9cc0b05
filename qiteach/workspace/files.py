"""Atomic writing: a file appears complete or not at all; folders are built beside then moved.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_text_atomic(d / "a.txt", "hello").read_text()
'hello'
>>> sorted(p.name for p in d.iterdir())
['a.txt']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from qiteach.exceptions import WorkspaceError

__all__ = ["check_free", "publish_mode", "write_folder_atomic", "write_text_atomic"]


def publish_mode(path: Path, *, folder: bool = False) -> None:
    """Give a temporary file (0600) or folder (0700) the usual permissions for this umask."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        publish_mode(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        build(tmp)
        publish_mode(tmp, folder=True)
        if not folder.exists():
            os.replace(tmp, folder)
            return folder
        for n in names:
            os.replace(tmp / n, folder / n)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return folder
