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

__all__ = ["HOSTILE", "RUNS", "hashes", "hostile_workspace"]

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


#: Hostile free text planted in a workspace: markup, script, javascript: links, formula
#: injection, right-to-left and emoji text, and a very long string.
HOSTILE = {
    "team_name": "<script>window.__pwned=1</script>North <b>Locality</b>",
    "aim": '=HYPERLINK("http://evil.example/x","click") reduce DNAs <img src=x '
    'onerror="window.__pwned=2"> مرحبا بالعالم 🎉👩‍⚕️',
    "background": "<a href=\"javascript:window.__pwned=3\">click me</a> +cmd|' /C calc'!A0",
    "learning": "@SUM(1+1)*cmd|' /C calc'!A0 " + "very long text " * 300,
    "comment": "<iframe src=\"https://evil.example\"></iframe>-2+3+cmd|' /C calc'!A0",
    "note": "<script>window.__pwned=4</script>",
    "objective": "<style>body{display:none}</style>=1+1 <svg onload=window.__pwned=5>",
}


def hostile_workspace(base: Path, folder: Path, *, teams: tuple[str, ...] = ()) -> Path:
    """Copy ``base`` to ``folder`` and plant :data:`HOSTILE` text in its free-text fields.

    ``teams`` adds more teams (copies of ``north`` with these ids), for batch tests.
    """
    import csv
    import shutil

    shutil.copytree(base, folder)

    def edit(name: str, change) -> None:
        path = folder / name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        header = list(rows[0].keys())
        rows = change(rows)
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, header)
            w.writeheader()
            w.writerows(rows)

    def plant(rows, **fields):
        rows[0].update(fields)
        return rows

    h = HOSTILE
    edit(
        "teams.csv",
        lambda r: plant(
            r,
            team_name=h["team_name"],
            aim=h["aim"],
            background=h["background"],
            learning=h["learning"],
        ),
    )
    edit("feedback.csv", lambda r: plant(r, comment=h["comment"]))
    edit("measurements.csv", lambda r: plant(r, note=h["note"]))
    edit("pdsa.csv", lambda r: plant(r, objective=h["objective"]))
    if teams:
        for name in ("teams", "drivers", "measures", "measurements", "pdsa", "progress"):
            edit(
                f"{name}.csv",
                lambda r: r + [dict(row, team_id=t) for t in teams for row in r],
            )
    return folder
