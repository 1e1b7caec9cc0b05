"""Real JupyterLab in Chromium: the charter box typed into, saved, and drawn again.

Serves a one-cell notebook showing session 1's charter box for team west of a copy
of the demo programme, types what is out of scope into its box, clicks **Save to our
charter**, waits for the "Saved: ..." line and checks ``charter.csv`` and the history.
A screenshot is saved as ``build/charter-box-jupyterlab.png``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest

from qiteach.datasets import dataset_path
from qiteach.workspace.save import read_history

ROOT = Path(__file__).resolve().parents[1]
SHOT = ROOT / "build" / "charter-box-jupyterlab.png"
SCOPE_OUT = "Online consultations; the extended-access hub"


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 serving a notebook with the charter box; yields (url, token, ws)."""
    from browser.lab import jupyter_lab

    ws = Path(shutil.copytree(dataset_path("demo-programme"), tmp_path / "ws"))
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                f"from qiteach.widgets import CharterBox\n\nCharterBox({str(ws)!r}, 'west')"
            )
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, nbdir / "charter.ipynb")
    with jupyter_lab(tmp_path, nbdir, env={"USER": "sam.tester"}) as (url, token):
        yield url, token, ws


@pytest.mark.slow
def test_charter_box_typed_in_jupyterlab_saves_the_teams_charter(lab) -> None:
    from browser.pages import Audit, browser, watch

    url, token, ws = lab
    found = Audit(url)
    with browser() as b:
        page = b.new_page(viewport={"width": 1200, "height": 1500})
        watch(page, found, allow=(url, "data:", "blob:"))
        page.goto(f"{url}/lab/tree/charter.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        page.wait_for_function(  # the kernel is connected and idle (status bar)
            "() => /\\|\\s*Idle/.test(document.querySelector('.jp-StatusBar-Widget, "
            ".jp-StatusBar')?.innerText || '')",
            polling=500,
            timeout=180_000,
        )
        box = page.locator("textarea[placeholder^='What the project leaves out']").first
        for _attempt in range(3):  # on a busy machine a first Run All can be lost
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                box.wait_for(timeout=120_000)
                break
            except Exception:
                continue
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
        try:
            page.wait_for_function(  # drawn again from the saved row (a new image)
                "old => [...document.querySelectorAll('.jp-OutputArea-output img')]"
                ".some(i => i.src.startsWith('data:image/png') && i.src !== old)",
                arg=drawn,
                polling=500,
                timeout=120_000,
            )
        finally:
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT), full_page=True)
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
