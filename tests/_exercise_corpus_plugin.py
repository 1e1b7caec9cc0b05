"""pytest plugin for the exercise corpus: the per-exercise agreement table.

Registered from ``tests/conftest.py``. ``tests/test_exercise_corpus.py`` records,
for each exercise, how many corpus answers the check judged as the trainer did
(:data:`AGREEMENT`); ``pytest_terminal_summary`` prints the table, e.g.::

    exercise corpus: 375 answers, 26 exercises, agreement with the trainer 100.0%
      s1 aim                  39/39  100.0%
"""

from __future__ import annotations

#: exercise -> (answers judged as the trainer did, answers, the disagreements)
AGREEMENT: dict[str, tuple[int, int, list[str]]] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not AGREEMENT:
        return
    tr = terminalreporter
    agreed = sum(a for a, _, _ in AGREEMENT.values())
    total = sum(n for _, n, _ in AGREEMENT.values())
    tr.write_sep("-", "exercise corpus: agreement with the QI trainer's verdicts")
    tr.write_line(
        f"exercise corpus: {total} answers, {len(AGREEMENT)} exercises, agreement "
        f"{100 * agreed / total:.1f}%"
    )
    for name, (a, n, _) in sorted(AGREEMENT.items()):
        tr.write_line(f"  {name:<28} {a:>3}/{n:<3} {100 * a / n:6.1f}%")
