"""Real JupyterLab in Chromium: the charter box typed into, saved, and drawn again.

Serves a one-cell notebook showing session 1's charter box for team west of a copy
of the demo programme, types what is out of scope into its box, clicks **Save to our
charter**, waits for the "Saved: ..." line and checks ``charter.csv`` and the history.
A screenshot is saved as ``build/charter-box-jupyterlab.png``. A second notebook is laid
out as session 1 is: the box for a team with no charter, then the Exercise 4 form under
it; what is typed in the form appears in the box by itself, and what is typed in the box
is kept (``build/charter-box-from-form-jupyterlab.png``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qiteach.workspace.save import read_history

ROOT = Path(__file__).resolve().parents[1]
SHOT = ROOT / "build" / "charter-box-jupyterlab.png"
SCOPE_OUT = "Online consultations; the extended-access hub"
SCOPE_BOX = "textarea[placeholder^='What the project leaves out']"


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 serving a notebook with the charter box; yields (url, token, ws)."""
    from browser.lab import box_lab

    source = "from qiteach.widgets import CharterBox\n\nCharterBox({ws}, 'west')"
    with box_lab(tmp_path, "charter.ipynb", source) as served:
        yield served


@pytest.mark.slow
def test_charter_box_typed_in_jupyterlab_saves_the_teams_charter(lab) -> None:
    from browser.lab import box_page, type_into, wait_for_new_image

    ws = lab[2]
    with box_page(lab, "charter.ipynb", SCOPE_BOX) as page:
        box = page.locator(SCOPE_BOX)
        type_into(page, box, SCOPE_OUT)
        form = box.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        drawing = form.locator("img").first
        drawn = drawing.get_attribute("src")
        assert drawn and drawn.startswith("data:image/png")  # the saved charter, drawn
        form.locator("button:has-text('Save to our charter')").click()
        form.get_by_text("Saved: West Locality's charter.").wait_for(timeout=120_000)
        wait_for_new_image(page, drawn, SHOT)  # drawn again from the saved row
    with open(ws / "charter.csv", encoding="utf-8", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["team_id"] == "west"]
    assert row["scope_out"] == SCOPE_OUT
    assert (read_history(ws)[-1]["operation"], read_history(ws)[-1]["user"]) == (
        "save_charter",
        "sam.tester",
    )


FORM_SHOT = ROOT / "build" / "charter-box-from-form-jupyterlab.png"
FORM_SPONSOR = "input[placeholder^='e.g. Dr R Shah']"  # the form's (the box's reads otherwise)
BOX_PROBLEM = "textarea[placeholder^='Problem statement']"
SPONSOR = "Dr K Obi, senior partner"
PROBLEM = "Repeat prescriptions take 5 working days at Ash Surgery"


@pytest.fixture
def form_lab(tmp_path: Path):
    """Team south's charter box (its charter row taken out), then session 1's Exercise 4 form."""
    from browser.lab import box_lab

    box = "from qiteach.widgets import CharterBox\n\nCharterBox({ws}, 'south')"
    form = (
        "from qiteach.widgets.forms import answer_form\nfrom qiteach.workspace import "
        "open_workspace\n\nanswer_form('session01.charter_scope', record_in=({ws}, 'south'), "
        "team=open_workspace({ws}).team('south'))"
    )
    with box_lab(tmp_path, "box-then-form.ipynb", box, form) as served:
        path = served[2] / "charter.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            kept = [r for r in csv.DictReader(fh) if r["team_id"] != "south"]
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(kept[0]))
            writer.writeheader()
            writer.writerows(kept)
        yield served


@pytest.mark.slow
def test_the_form_under_the_box_fills_it_and_typing_in_the_box_is_kept(form_lab) -> None:
    from browser.lab import box_page, type_into

    ws = form_lab[2]
    with box_page(form_lab, "box-then-form.ipynb", FORM_SPONSOR) as page:
        box = page.locator(SCOPE_BOX).locator(
            "xpath=ancestor::div[contains(@class,'widget-vbox')][last()]"
        )
        box_sponsor = box.locator("input[placeholder^='The senior person']")
        form_sponsor = page.locator(FORM_SPONSOR)
        type_into(page, form_sponsor, SPONSOR)
        box.get_by_text("These come from your answers to").wait_for(timeout=120_000)
        page.wait_for_function(  # the box, shown before the form was answered, has it
            "([el, want]) => el.value === want",
            arg=[box_sponsor.element_handle(), SPONSOR],
            polling=500,
            timeout=120_000,
        )
        type_into(page, page.locator(BOX_PROBLEM), PROBLEM)  # typed in the box: kept
        type_into(page, form_sponsor, "Dr Someone Else")
        box.get_by_text("what you typed here is kept").wait_for(timeout=120_000)
        kept = (box_sponsor.input_value(), page.locator(BOX_PROBLEM).input_value())
        box.scroll_into_view_if_needed()
        FORM_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(FORM_SHOT), full_page=True)
    assert kept == (SPONSOR, PROBLEM)
    with open(ws / "charter.csv", encoding="utf-8", newline="") as fh:
        assert [r for r in csv.DictReader(fh) if r["team_id"] == "south"] == []  # not saved
