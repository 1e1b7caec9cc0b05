"""The local reveal.js copy that slide decks load (no CDN, so decks work offline).

``make slides-npm`` (a prerequisite of ``make test`` and ``make demo``) runs ``npm ci``
on ``tools/slides/`` into ``build/slides-npm/``; reveal.js is pinned there to the
version nbconvert's reveal template is written for. :func:`copy_reveal` puts the two
parts a deck needs (``dist/`` and ``plugin/notes/``) in a ``reveal.js/`` folder
beside the decks, so a deck's links are relative and the folder can be copied to
a training-room laptop as it is.

>>> import tempfile
>>> find_reveal(Path(tempfile.mkdtemp()))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
qiteach.exceptions.NotebookError: .../node_modules/reveal.js: reveal.js is not installed \
(fix: run `make slides-npm` in the qiteach repository, or install the reveal.js npm package \
elsewhere and give that folder with --reveal)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from qiteach.exceptions import NotebookError
from qiteach.fileio import publish_mode

__all__ = ["INSTALL_COMMAND", "PARTS", "PREFIX", "copy_reveal", "find_reveal"]

#: The command that installs reveal.js (the Makefile rule).
INSTALL_COMMAND = "make slides-npm"
#: The folder beside the decks, and so the decks' ``reveal_url_prefix``.
PREFIX = "reveal.js"
#: What a deck loads from reveal.js (the notes plugin is the speaker view).
PARTS = ("dist", "plugin/notes")
_NEEDED = ("dist/reveal.js", "dist/reveal.css", "plugin/notes/notes.js")


def find_reveal(npm_dir: Path) -> Path:
    """The installed reveal.js package under ``npm_dir`` (``build/slides-npm``)."""
    package = npm_dir / "node_modules" / "reveal.js"
    if not all((package / part).is_file() for part in _NEEDED):
        raise NotebookError(
            f"{package}: reveal.js is not installed "
            f"(fix: run `{INSTALL_COMMAND}` in the qiteach repository, or install the "
            f"reveal.js npm package elsewhere and give that folder with --reveal)"
        )
    return package


def copy_reveal(package: Path, out_dir: Path) -> Path:
    """Copy reveal.js's :data:`PARTS` to ``out_dir/reveal.js``, replacing any older copy.

    The copy is made in a temporary folder and renamed into place, so an open deck
    never sees a half-copied reveal.js.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / PREFIX
    staging = Path(tempfile.mkdtemp(prefix=".reveal-", dir=out_dir))
    try:
        for part in PARTS:
            shutil.copytree(package / part, staging / part)
        publish_mode(staging, folder=True)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".reveal-old-", dir=out_dir))
            os.replace(target, old / PREFIX)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
