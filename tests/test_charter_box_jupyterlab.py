"""Real JupyterLab in Chromium: the charter box typed into, saved, and drawn again.

Serves a one-cell notebook showing session 1's charter box for team west of a copy
of the demo programme, types what is out of scope into its box, clicks **Save to our
charter**, waits for the "Saved: ..." line and checks ``charter.csv`` and the history.
A screenshot is saved as ``build/charter-box-jupyterlab.png``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qiteach.workspace.save import read_history

ROOT = Path(__file__).resolve().parents[1]
SHOT = ROOT / "build" / "charter-box-jupyterlab.png"
SCOPE_OUT = "Online consultations; the extended-access hub"


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 serving a notebook with the charter box; yields (url, token, ws)."""
    from browser.lab import box_lab

    source = "from qiteach.widgets import CharterBox\n\nCharterBox({ws}, 'west')"
    with box_lab(tmp_path, "charter.ipynb", source) as served:
        yield served


@pytest.mark.slow
def test_charter_box_typed_in_jupyterlab_saves_the_teams_charter(lab) -> None:
    from browser.lab import notebook_page, run_all_cells, wait_for_new_image

    url, token, ws = lab
    with notebook_page(url, token, "charter.ipynb", width=1200, height=1500) as (page, found):
        box = page.locator("textarea[placeholder^='What the project leaves out']").first
        run_all_cells(page, box)
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.type(SCOPE_OUT, delay=5)  # typed, as a participant would
        box.press("Tab")  # the box sends its value when it loses focus
        form = box.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        drawing = form.locator("img").first
        drawn = drawing.get_attribute("src")
        assert drawn and drawn.startswith("data:image/png")  # the saved charter, drawn
        form.locator("button:has-text('Save to our charter')").click()
        form.get_by_text("Saved: West Locality's charter.").wait_for(timeout=120_000)
        wait_for_new_image(page, drawn, SHOT)  # drawn again from the saved row
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        page.close()
    with open(ws / "charter.csv", encoding="utf-8", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["team_id"] == "west"]
    assert row["scope_out"] == SCOPE_OUT
    assert (read_history(ws)[-1]["operation"], read_history(ws)[-1]["user"]) == (
        "save_charter",
        "sam.tester",
    )
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside
