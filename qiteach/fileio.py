"""Atomic file output: a reader (or a killed run) never sees a half-written file.

Every writer in qiteach (workspace files, workbooks, figures, notebooks, report
pages) goes through :func:`atomic_path`: the content is written to a temporary
file in the target's own folder, flushed to disk, given the usual permissions for
the user's umask, then renamed over the target with :func:`os.replace`. Whole
folders (a generated dataset, a converted workspace) go through
:func:`publish_folder`: built in a temporary folder beside the target, then moved in.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_text_atomic(d / "a.txt", "hello").read_text()
'hello'
>>> with atomic_path(d / "b.bin") as tmp:
...     _ = tmp.write_bytes(b"\\x00\\x01")
>>> sorted(p.name for p in d.iterdir())
['a.txt', 'b.bin']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "atomic_path",
    "current_umask",
    "publish_folder",
    "publish_mode",
    "remove_quietly",
    "write_text_atomic",
]


def publish_mode(path: str | os.PathLike[str], *, folder: bool = False) -> None:
    """Give a temporary file (0600) or folder (0700) the usual permissions for this umask.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkstemp()[1])
    >>> publish_mode(p)
    >>> p.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    True
    """
    os.chmod(path, (0o777 if folder else 0o666) & ~current_umask())


def current_umask() -> int:
    """The process umask (read by setting and restoring it).

    >>> 0 <= current_umask() <= 0o777
    True
    """
    umask = os.umask(0)
    os.umask(umask)
    return umask


@contextmanager
def atomic_path(path: str | os.PathLike[str], *, make_parents: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    Write the content to the yielded path (by name: ``fig.savefig(tmp)``,
    ``workbook.save(tmp)``, ``tmp.write_text(...)``). If the block raises, the
    temporary file is removed and ``path`` is left as it was. ``make_parents``
    creates missing folders first.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    >>> try:
    ...     with atomic_path(target) as tmp:
    ...         _ = tmp.write_text("half")
    ...         raise RuntimeError("killed")
    ... except RuntimeError:
    ...     pass
    >>> target.read_text(), [p.name for p in target.parent.iterdir()]
    ('done', ['out.txt'])
    """
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _flush_to_disk(tmp)
        publish_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _flush_to_disk(path: Path) -> None:
    """Make sure the content of ``path`` is on disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: str | os.PathLike[str]) -> None:
    """Delete ``path`` if it exists (a stale output of an earlier run).

    >>> import tempfile, pathlib
    >>> remove_quietly(pathlib.Path(tempfile.mkdtemp()) / "never-written.html")
    """
    Path(path).unlink(missing_ok=True)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, line endings as given) to ``path`` atomically; return the path.

    >>> import tempfile, pathlib
    >>> p = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "n.md", "a\\nb\\n")
    >>> p.read_bytes()
    b'a\\nb\\n'
    """
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return path


def publish_folder(
    folder: str | os.PathLike[str],
    build: Callable[[Path], object],
    *,
    names: Iterable[str] | None = None,
) -> Path:
    """Make ``folder`` from what ``build(tmp)`` writes into a temporary folder beside it.

    A new ``folder`` is the temporary folder renamed into place. An existing one is
    replaced whole when ``names`` is None (the old one is moved aside, then removed);
    with ``names``, only those files are moved into it, each with :func:`os.replace`,
    and its other files are left alone. Callers check first what they may overwrite.

    >>> import pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "ws"
    >>> _ = publish_folder(d, lambda t: (t / "a.txt").write_text("1"))
    >>> _ = publish_folder(d, lambda t: (t / "b.txt").write_text("2"), names=["b.txt"])
    >>> sorted(p.name for p in d.iterdir())
    ['a.txt', 'b.txt']
    >>> _ = publish_folder(d, lambda t: (t / "c.txt").write_text("3"))  # replaced whole
    >>> sorted(p.name for p in d.iterdir())
    ['c.txt']
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        build(tmp)
        publish_mode(tmp, folder=True)
        if not folder.exists():
            os.replace(tmp, folder)
        elif names is None:
            old = tmp.with_suffix(".old")
            os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old)
        else:
            for name in names:
                os.replace(tmp / name, folder / name)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return folder
