"""The hub's copies say the team is already set (no hub, no root: fast).

``hub release`` replaces the masters' "Change `team` ..." line above the parameters cell
with :func:`qiteach.hub.release.settings_note`'s sentence; the root-only end-to-end check
is ``tests/test_hub_init.py::test_release_fills_team_and_workspace``.
"""

from __future__ import annotations

import nbformat
import pytest

from qiteach.hub.release import MASTER_SETTINGS_LINE, session_notebook, settings_note


@pytest.mark.parametrize("kind", ["participant", "trainer"])
@pytest.mark.parametrize("session", range(1, 9))
def test_every_shipped_notebook_has_the_line_the_hub_replaces(session: int, kind: str) -> None:
    nb = nbformat.read(session_notebook(session, kind), as_version=4)
    i = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    above = nb.cells[i - 1]
    assert above.cell_type == "markdown" and MASTER_SETTINGS_LINE.search(above.source)
    note = settings_note(above.source, team="west", team_name="West Locality", trainer=False)
    assert "Change `team`" not in note and "**West Locality**" in note
    assert note.splitlines()[0] == above.source.splitlines()[0]  # the heading stays
    # the session's own extra lines (seed, rules, sustain_since) stay
    assert note.splitlines()[2:] == above.source.splitlines()[2:]


def test_trainer_note_says_how_to_open_another_team() -> None:
    note = settings_note(
        "## Your settings\nChange `team` to your team's id.",
        team="north",
        team_name="North Locality",
        trainer=True,
    )
    assert "the first team, **North Locality** (`north`)" in note
    assert "To open another team, change `team`" in note


def test_a_cell_without_the_masters_line_is_left_alone() -> None:
    text = "## Your settings\nSomething a programme wrote itself."
    assert settings_note(text, team="n", team_name="N", trainer=False) == text
