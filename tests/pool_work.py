"""Work for the runner's worker pool in tests: importable by its spawned processes."""

from __future__ import annotations

import time
from pathlib import Path

#: how long each piece of work takes (seconds)
WORK_SECONDS = 0.3
#: how long the first two pieces wait for each other before giving up (seconds)
MEET_SECONDS = 120.0


def timed(task: tuple[int, str]) -> tuple[int, float, float]:
    """Work on ``task = (number, folder)`` for :data:`WORK_SECONDS`; ``(number, start, end)``.

    Pieces 0 and 1 each leave a mark in ``folder`` and wait for the other's, so
    two workers are certainly busy at once (however slowly the second one starts).
    """
    number, folder = task
    start = time.time()
    if number < 2:
        (Path(folder) / f"started-{number}").touch()
        other = Path(folder) / f"started-{1 - number}"
        deadline = time.monotonic() + MEET_SECONDS
        while not other.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    time.sleep(WORK_SECONDS)
    return number, start, time.time()
