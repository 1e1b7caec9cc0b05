"""Real JupyterLab in Chromium: session 5's stakeholder form filled in by picking and typing.

Starts JupyterLab on session 5's participant copy (the ``lab`` fixture of
``test_forms_jupyterlab``, pointed at this notebook), runs all cells, fills
three stakeholders (typed names, influence and interest picked from the
dropdowns, an action for the high-influence one), clicks **Check my answer**,
waits for the check's own message, then re-runs the "your grid" cell and waits
for the grid drawn from what was typed; then answers Exercise 5 from its
dropdowns. Screenshots: ``build/forms-jupyterlab-session05-stakeholders.png``,
``...-grid.png`` and ``...-resistance.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_forms_jupyterlab as base

from qiteach.exercises import session05
from qiteach.widgets.forms import get_spec
from qiteach.widgets.forms.spec import options_of

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "participant" / "05-pdsa.ipynb"
SHOT = ROOT / "build" / "forms-jupyterlab-session05-stakeholders.png"
ROWS = [
    {"name": "GP partners", "influence": "5", "interest": "4",
     "action": "15 minutes at the partners' meeting", "who": "Practice manager, 3 June"},
    {"name": "Reception team", "influence": "2", "interest": "4", "action": "", "who": ""},
    {"name": "Patient participation group", "influence": "2", "interest": "5", "action": "",
     "who": ""},
]  # fmt: skip


#: the dropdowns' labels for each score (what a participant sees and picks)
_TABLE = get_spec("session05.stakeholders").fields[0]
LABELS = {value: label for label, value in options_of(_TABLE.columns[1].options, {})}


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(base, "NOTEBOOK", NOTEBOOK)
    yield from base.lab.__wrapped__(tmp_path)  # type: ignore[attr-defined]


def _run_all(page) -> None:
    from browser.lab import ALL_CELLS_RAN, run_all_cells

    run_all_cells(page)
    page.wait_for_function(ALL_CELLS_RAN, polling=500, timeout=300_000)


@pytest.mark.slow
def test_session5_stakeholder_form_in_jupyterlab_checks_and_draws_the_grid(lab) -> None:
    from browser.lab import notebook_page

    url, token, _nbdir = lab
    expected = session05.check_stakeholders(ROWS).message
    with notebook_page(url, token, NOTEBOOK.name, width=1400, height=1100) as (page, found):
        _run_all(page)
        form = page.locator('.widget-vbox:has(h4:has-text("your project\'s stakeholders"))').last
        form.scroll_into_view_if_needed()
        names = form.locator("input[placeholder='e.g. GP partners']")
        actions = form.locator("input[placeholder^='e.g. 15 min']")
        whos = form.locator("input[placeholder^='e.g. practice manager']")
        selects = form.locator("select")
        assert names.count() == session05.STAKEHOLDER_ROWS
        assert selects.count() == 2 * session05.STAKEHOLDER_ROWS
        for i, row in enumerate(ROWS):
            names.nth(i).click()
            page.keyboard.type(row["name"], delay=5)
            names.nth(i).press("Tab")  # a box sends its value when it loses focus
            selects.nth(2 * i).select_option(label=LABELS[row["influence"]])
            selects.nth(2 * i + 1).select_option(label=LABELS[row["interest"]])
            for box, text in ((actions.nth(i), row["action"]), (whos.nth(i), row["who"])):
                if text:
                    box.click()
                    page.keyboard.type(text, delay=5)
                    box.press("Tab")
        form.locator("button:has-text('Check my answer')").click()
        form.get_by_text(expected).wait_for(timeout=60_000)
        shown = form.inner_text()
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))
        # the participant re-runs the "your grid" cell: the grid is drawn from the form
        cell = page.locator(".jp-CodeCell:has-text('my_grid = session05.stakeholder_grid(')")
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        image = cell.locator(".jp-OutputArea-output img")
        image.wait_for(timeout=120_000)
        cell.get_by_text("Patient participation group").first.wait_for(timeout=60_000)
        image.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOT.with_name("forms-jupyterlab-session05-grid.png")))
        table = cell.locator(".jp-OutputArea-output").last.inner_text()
        # exercise 5: a dropdown of meanings per statement, picked by what the participant reads
        resist = page.locator(".widget-vbox:has(h4:has-text('what does resistance'))").last
        picks = resist.locator("select")
        assert picks.count() == len(session05.RESISTANCE_STATEMENTS)
        for i, key in enumerate(session05.RESISTANCE_STATEMENTS):
            picks.nth(i).select_option(label=session05.RESISTANCE_KEY[key])
        resist.locator("button:has-text('Check my answer')").click()
        right = session05.check_resistance(dict(session05.RESISTANCE_KEY)).message
        resist.get_by_text(right).wait_for(timeout=60_000)
        resist.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOT.with_name("forms-jupyterlab-session05-resistance.png")))
        page.close()
    assert "Correct:" in shown and "GP partners: influence 5, interest 4 -> Manage closely" in shown
    assert "Keep informed" in table and "Practice manager, 3 June" in table, table
    assert found.outside == [], found.outside
