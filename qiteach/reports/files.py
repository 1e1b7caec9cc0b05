"""Atomic output writes: a reader (or a killed run) never sees a half-written file.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(d / "a.html", "<p>hi</p>").read_text()
'<p>hi</p>'
>>> sorted(p.name for p in d.iterdir())
['a.html']
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["remove_quietly", "write_atomic"]


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def remove_quietly(path: str | Path) -> None:
    """Delete ``path`` if it exists (a stale output of an earlier run)."""
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()
