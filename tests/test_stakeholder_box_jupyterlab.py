"""Real JupyterLab in Chromium: the stakeholder box typed into, saved, and drawn again.

Serves a one-cell notebook showing session 5's stakeholder box for team west of a
copy of the demo programme, types a new stakeholder into the first blank row, picks
its scores, clicks **Save our stakeholders**, waits for the "Saved: ..." line and
checks ``stakeholders.csv`` and the history. A screenshot is saved as
``build/stakeholder-box-jupyterlab.png``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qiteach.workspace.save import read_history

ROOT = Path(__file__).resolve().parents[1]
SHOT = ROOT / "build" / "stakeholder-box-jupyterlab.png"
NEW = "Care home managers"


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 showing the stakeholder box; yields (url, token, ws)."""
    from browser.lab import box_lab

    source = "from qiteach.widgets import StakeholderBox\n\nStakeholderBox({ws}, 'west')"
    with box_lab(tmp_path, source, "stakeholders.ipynb") as served:
        yield served


@pytest.mark.slow
def test_stakeholder_box_typed_in_jupyterlab_saves_the_teams_rows(lab) -> None:
    from browser.lab import open_notebook, run_all_cells, wait_for_new_image
    from browser.pages import Audit, browser, watch

    url, token, ws = lab
    found = Audit(url)
    with browser() as b:
        page = b.new_page(viewport={"width": 1200, "height": 1500})
        watch(page, found, allow=(url, "data:", "blob:"))
        open_notebook(page, url, token, "stakeholders.ipynb")
        names = page.locator("input[placeholder='e.g. GP partners']")
        box = names.nth(4)  # west has 4 saved stakeholders: row 5 is the first blank one
        run_all_cells(page, box)
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.type(NEW, delay=5)  # typed, as a participant would
        box.press("Tab")  # the box sends its value when it loses focus
        scores = page.locator(".widget-gridbox select")
        scores.nth(8).select_option("4")  # row 5's influence and interest
        scores.nth(9).select_option("5")
        form = box.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        drawing = form.locator("img").first
        drawn = drawing.get_attribute("src")
        assert drawn and drawn.startswith("data:image/png")  # the saved grid, drawn
        form.locator("button:has-text('Save our stakeholders')").click()
        form.get_by_text("Saved: West Locality's stakeholders, 5 stakeholders").wait_for(
            timeout=120_000
        )
        wait_for_new_image(page, drawn, SHOT)  # drawn again from the saved rows
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        page.close()
    with open(ws / "stakeholders.csv", encoding="utf-8", newline="") as fh:
        row = [r for r in csv.DictReader(fh) if r["team_id"] == "west"][-1]
    assert (row["stakeholder"], row["influence"], row["interest"]) == (NEW, "4", "5")
    assert (read_history(ws)[-1]["operation"], read_history(ws)[-1]["user"]) == (
        "save_stakeholders",
        "sam.tester",
    )
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside
