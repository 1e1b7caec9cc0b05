"""What the table boxes' unit tests share: a team's rows as written, the box's drawing.

Used by ``test_widgets_charter_box.py``, ``test_widgets_stakeholder_box.py`` and
``test_widgets_table_box.py`` (the ``demo_ws`` fixture is in ``conftest.py``).
"""

from __future__ import annotations

import base64
import csv
from pathlib import Path
from typing import Any

__all__ = ["drawn_png", "team_rows"]


def team_rows(folder: Path, table: str, team: str) -> list[dict[str, str]]:
    """The rows of ``table``.csv in ``folder`` for ``team``, as the file holds them."""
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["team_id"] == team]


def drawn_png(box: Any) -> bytes:
    """The PNG the box shows as its drawing (exactly one must be shown)."""
    (out,) = box.drawing.outputs
    return base64.b64decode(out["data"]["image/png"])
