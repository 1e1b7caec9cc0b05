"""Real JupyterLab in Chromium: the stakeholder box typed into, saved, and drawn again.

Serves a one-cell notebook showing session 5's stakeholder box for team west of a
copy of the demo programme, types a new stakeholder into the first blank row, picks
its scores, clicks **Save our stakeholders**, waits for the "Saved: ..." line and
checks ``stakeholders.csv`` and the history. A screenshot is saved as
``build/stakeholder-box-jupyterlab.png``. A second notebook shows session 5's form
above a box shown before anything was typed: the box fills itself in from the form.
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
    with box_lab(tmp_path, "stakeholders.ipynb", source) as served:
        yield served


@pytest.mark.slow
def test_stakeholder_box_typed_in_jupyterlab_saves_the_teams_rows(lab) -> None:
    from browser.lab import box_page, type_into, wait_for_new_image

    ws = lab[2]
    first_blank = "input[placeholder='e.g. GP partners'] >> nth=4"  # west has 4 saved rows
    with box_page(lab, "stakeholders.ipynb", first_blank) as page:
        box = page.locator(first_blank)
        type_into(page, box, NEW)
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
    with open(ws / "stakeholders.csv", encoding="utf-8", newline="") as fh:
        row = [r for r in csv.DictReader(fh) if r["team_id"] == "west"][-1]
    assert (row["stakeholder"], row["influence"], row["interest"]) == (NEW, "4", "5")
    assert (read_history(ws)[-1]["operation"], read_history(ws)[-1]["user"]) == (
        "save_stakeholders",
        "sam.tester",
    )


FORM_SHOT = ROOT / "build" / "stakeholder-box-from-form-jupyterlab.png"
SAVE = "button:has-text('Save our stakeholders')"
TYPED = {"name": "GP partners", "action": "15 min at the partners' meeting",
         "who": "Practice manager", "when": "3 June"}  # fmt: skip


@pytest.fixture
def form_lab(tmp_path: Path):
    """Session 5's stakeholder form above team south's box (no saved rows); (url, token, ws)."""
    from browser.lab import box_lab

    form = (
        "from qiteach.widgets.forms import answer_form\n\n"
        "answer_form('session05.stakeholders', record_in=({ws}, 'south'))"
    )
    box = "from qiteach.widgets import StakeholderBox\n\nStakeholderBox({ws}, 'south')"
    with box_lab(tmp_path, "form-to-box.ipynb", form, box) as served:
        yield served


@pytest.mark.slow
def test_a_form_answer_typed_in_jupyterlab_fills_the_box_and_saves(form_lab) -> None:
    from browser.lab import box_page, type_into

    ws = form_lab[2]
    with box_page(form_lab, "form-to-box.ipynb", SAVE, width=1300) as page:
        save = page.locator(SAVE)
        form = page.locator('.widget-vbox:has(h4:has-text("your project\'s stakeholders"))').last
        for name, text in TYPED.items():  # row 1 of the form
            type_into(page, form.locator(f'input[placeholder^="{_hint(name)}"]').first, text)
        selects = form.locator("select")
        selects.nth(0).select_option("5")
        selects.nth(1).select_option("4")
        form.get_by_text("Saved for next time").wait_for(timeout=60_000)
        box = save.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        # the box, shown before the typing, follows the form by itself (no Reload)
        box.get_by_text("These come from your answers to").wait_for(timeout=120_000)
        first = box.locator("input[placeholder='e.g. GP partners']").first
        page.wait_for_function(  # row 1 holds what was typed in the form, to the last score
            "([name, interest]) => name.value === 'GP partners' && interest.value === '4'",
            arg=[first.element_handle(), box.locator("select").nth(1).element_handle()],
            polling=500, timeout=120_000,
        )  # fmt: skip
        shown = [box.locator(f'input[placeholder="{_hint(n, box=True)}"]').first.input_value()
                 for n in ("action", "who", "when")]  # fmt: skip
        scores = [box.locator("select").nth(i).input_value() for i in (0, 1)]
        box.scroll_into_view_if_needed()
        FORM_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(FORM_SHOT), full_page=True)
        before = _south(ws)  # nothing saved before Save
        save.click()
        box.get_by_text("Saved: South Locality's stakeholders, 1 stakeholder").wait_for(
            timeout=120_000
        )
    assert shown == [TYPED["action"], TYPED["who"], TYPED["when"]] and scores == ["5", "4"]
    assert before == []
    (row,) = _south(ws)
    assert (row["stakeholder"], row["influence"], row["who"], row["when"]) == (
        "GP partners", "5", "Practice manager", "3 June")  # fmt: skip


def _south(ws: Path) -> list[dict[str, str]]:
    with open(ws / "stakeholders.csv", encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["team_id"] == "south"]


def _hint(name: str, *, box: bool = False) -> str:
    """The placeholder of column ``name`` (the form names the stakeholder column "name")."""
    from qiteach.widgets.stakeholder_box import COLUMNS, FORM_NAMES

    column = {FORM_NAMES.get(c, c): c for c, _, _ in COLUMNS}[name] if not box else name
    return next(hint for c, _, hint in COLUMNS if c == column)
