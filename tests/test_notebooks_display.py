"""What sessions 7 and 8 show participants, executed: tables in full, rows counted from 1.

Each session master runs under papermill for a demo team; the outputs are read
as a participant sees them (issue 13).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest

from qiteach.exercises import session07
from qiteach.progress import PROGRESS_SCALE

SESSIONS = Path(__file__).resolve().parents[1] / "notebooks" / "sessions"


def _outputs(name: str, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(SESSIONS / f"{name}.ipynb"), str(out), parameters={"team": "north"},
        kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
    )  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _html(outputs: list[dict]) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)


@pytest.mark.slow
def test_session7_names_the_row_as_the_table_numbers_it_and_shows_scenarios_in_full(
    tmp_path,
) -> None:
    outputs = _outputs("07-spc", tmp_path)
    text = "\n".join(o.get("text", "") for o in outputs)
    match = re.search(r"Work out the limits for row (\d+): the week of (\d\d \w\w\w \d{4})", text)
    assert match, text[:2000]
    row, week = int(match[1]), match[2]
    html = _html(outputs)
    # the table printed under it labels its rows from 1: row N is the week named
    table = next(h for h in html.split("</table>") if "<th>row</th>" in h or ">row<" in h)
    assert re.search(r"<th>1</th>\s*<td>", table) and not re.search(r"<th>0</th>", table)
    cells = re.search(rf"<th>{row}</th>\s*<td>([^<]+)</td>", table)
    assert cells, table[:1500]
    import pandas as pd

    assert pd.Timestamp(cells[1]).strftime("%d %b %Y") == week
    for scenario in session07.SCENARIOS:  # exercise 1's scenarios, not cut at 50 characters
        assert scenario.text.replace("&", "&amp;") in html


@pytest.mark.slow
def test_session8_shows_the_progress_scale_definitions_in_full(tmp_path) -> None:
    html = _html(_outputs("08-sustain-spread-share", tmp_path))
    for definition in PROGRESS_SCALE["definition"]:
        assert definition.replace("&", "&amp;") in html
    assert "..." not in html.split("Outstanding sustainable results")[1].split("</table>")[0]
