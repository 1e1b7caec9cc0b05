"""Real JupyterLab in Chromium: session 1's aim form answered by typing, feedback checked.

Starts JupyterLab on loopback with a random token in a temporary copy of the
participant notebook, runs all cells from the Run menu, types an aim into the
form's text box, clicks **Check my answer**, and waits for the check's own
message and the "I read your aim as" line. The answer must be saved beside
the notebook. A screenshot is saved as ``build/forms-jupyterlab-session01.png``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qiteach.exercises import session01

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "participant" / "01-model-for-improvement.ipynb"
SHOT = ROOT / "build" / "forms-jupyterlab-session01.png"
AIM = "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027"


@pytest.fixture
def lab(tmp_path: Path):
    """JupyterLab on 127.0.0.1 serving a copy of session 1; yields (url, token, folder)."""
    from browser.lab import jupyter_lab

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy(NOTEBOOK, nbdir / NOTEBOOK.name)
    with jupyter_lab(tmp_path, nbdir, env={"JUPYTERHUB_USER": "sam.tester"}) as (url, token):
        yield url, token, nbdir  # JUPYTERHUB_USER: whose answers file it is


@pytest.mark.slow
def test_session1_aim_form_typed_in_jupyterlab_gives_the_checks_feedback(lab) -> None:
    from browser.lab import ALL_CELLS_RAN, notebook_page, run_all_cells

    url, token, nbdir = lab
    expected = session01.check_aim(AIM).message
    with notebook_page(url, token, NOTEBOOK.name, width=1400, height=1100) as (page, found):
        run_all_cells(page)
        try:
            page.wait_for_function(ALL_CELLS_RAN, polling=500, timeout=240_000)
        except Exception:
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            stuck = SHOT.with_name("forms-jupyterlab-timeout.png")
            page.screenshot(path=str(stuck), full_page=True)
            prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
            outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
            pytest.fail(f"cells did not all run: {prompts}\n{outputs[-5:]}", pytrace=False)
        box = page.locator("textarea[placeholder^='e.g. Reduce the DNA rate at']").first
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.type(AIM, delay=5)  # typed, as a participant would
        box.press("Tab")  # the box sends its value when it loses focus
        form = box.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")
        form.locator("button:has-text('Check my answer')").click()
        form.get_by_text(expected).wait_for(timeout=60_000)  # the check's own message
        said = form.locator(".widget-html:has-text('I read your aim as')").inner_text()
        shown = form.inner_text()
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        form.scroll_into_view_if_needed()
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))
        # exercise 2's table of dropdowns, chosen as a participant would
        kinds = page.locator(".widget-vbox:has(h4:has-text('aim, measure or change idea'))").last
        selects = kinds.locator("select")
        assert selects.count() == len(session01.STATEMENTS)
        for i, statement in enumerate(session01.STATEMENTS):
            selects.nth(i).select_option(value=statement.kind)
        kinds.locator("button:has-text('Check my answer')").click()
        right = session01.check_classification([s.kind for s in session01.STATEMENTS]).message
        kinds.get_by_text(right).wait_for(timeout=60_000)
        kinds.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOT.with_name("forms-jupyterlab-session01-kinds.png")))
        page.close()
    assert "31 March 2027" in said and "from 8% to 5%" in said, said
    assert "Correct:" in shown and "Check my answer" in shown, shown
    assert not [e for e in errors if "Error" in e or "Traceback" in e], errors
    assert found.outside == [], found.outside
    saved = json.loads((nbdir / ".qiteach-answers" / "session01-sam.tester.json").read_text())
    assert saved["answers"]["session01.aim"]["values"] == {"aim": AIM}
