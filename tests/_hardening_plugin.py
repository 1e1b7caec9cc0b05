"""pytest plugin for the hardening suite: corpus bookkeeping, hashes, and the summary line.

Registered from ``tests/conftest.py``. The corpus test records every command run
on a bad-input case with :func:`corpus_record`; at the end of the session
``pytest_terminal_summary`` prints the corpus size and outcome counts, e.g.::

    bad-input corpus: 107 cases (40 chart, 59 workspace, 8 workbook); 265 command runs (...)
      refused with exit 2 and a located one-line message: 186; accepted after
      normalisation: 40; converted keeping the problem: 39; failed corpus checks: 0
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

__all__ = ["RUNS", "hashes"]

#: (case id, input kind, command, outcome) for every command run on a corpus case
RUNS: list[tuple[str, str, str, str]] = []


def hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (or of ``root`` itself), by relative path."""
    root = Path(root)
    if root.is_file():
        return {root.name: hashlib.sha256(root.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def corpus_record():
    """Call ``corpus_record(case_id, kind, command, outcome)`` after each checked run."""

    def record(case_id: str, kind: str, command: str, outcome: str) -> None:
        RUNS.append((case_id, kind, command, outcome))

    return record


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not RUNS:
        return
    cases = {c: k for c, k, _, _ in RUNS}
    kinds = Counter(cases.values())
    outcomes = Counter(o for _, _, _, o in RUNS)
    commands = Counter(cmd for _, _, cmd, _ in RUNS)
    tr = terminalreporter
    failed = sum(1 for r in tr.stats.get("failed", []) if "test_hardening_corpus" in r.nodeid)
    tr.write_sep("-", "hardening: bad-input corpus")
    tr.write_line(
        f"bad-input corpus: {len(cases)} cases ("
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        + f"); {len(RUNS)} command runs ("
        + ", ".join(f"{n} {c}" for c, n in sorted(commands.items()))
        + ")"
    )
    tr.write_line(
        f"  refused with exit 2 and a located one-line message: {outcomes['error']}; "
        f"accepted after normalisation: {outcomes['accepted']}; "
        f"converted keeping the problem: {outcomes['kept']}; "
        f"failed corpus checks: {failed}"
    )
