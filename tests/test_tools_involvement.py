"""The ladder of engagement: its rungs in order and the reading of typed levels."""

from __future__ import annotations

from qiteach.tools.involvement import LADDER, LADDER_SOURCE, rung


def test_ladder_runs_from_informing_to_devolving() -> None:
    assert [(r.number, r.level) for r in LADDER] == [
        (1, "informing"), (2, "consulting"), (3, "involving"), (4, "collaborating"),
        (5, "devolving")]  # fmt: skip
    assert "NHS England" in LADDER_SOURCE and "Arnstein" in LADDER_SOURCE


def test_typed_levels() -> None:
    assert [rung(w) for w in ("Inform", "consulted", "Involvement", "co-design", "Devolve")] == [
        1, 2, 3, 4, 5]  # fmt: skip
    assert rung("colaborating") == 4
    assert rung("") is None and rung("xyz") is None and rung("tell them") is None
