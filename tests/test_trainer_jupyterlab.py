"""Real JupyterLab in Chromium: a trainer copy can be projected, answers shown one by one.

Opens the generated trainer copy of session 1 (notebooks/trainer/) in JupyterLab and checks
what the room would see, on opening and again after Run All Cells (the trainer notes say to
run the notebook before the session, and JupyterLab unhides every markdown cell it runs):
the trainer notes and model answers are folded under their generated labels, the answer
code is hidden, and the answer code's verdicts are folded too. One click on Exercise 1's
verdict shows that verdict only; one click on its model answer shows that answer only.
Screenshots: ``build/trainer-jupyterlab-before.png`` (after Run All) and ``-after.png``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from qiteach.exercises.reveal import summary
from qiteach.teaching.collapse import CLICK, folded_text

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "trainer" / "01-model-for-improvement.ipynb"
SHOTS = ROOT / "build"
PAGE_MS = 600_000  # bounds for a loaded 2-core machine: every wait polls and goes on at once
VERDICT = "Correct:"  # how a passed check's verdict starts (exercises/feedback.py)


def _body(nb: nbformat.NotebookNode, label: str) -> str:
    """A phrase from the rendered text of the first folded cell labelled ``label``."""
    cell = next(c for c in nb.cells if c.source.startswith(f"<details>\n<summary>{label}<"))
    text = folded_text(cell)
    assert text is not None, cell.source
    plain = [part.strip() for ln in text.splitlines() for part in re.split(r"[*`_]+", ln)]
    phrase = max(plain, key=len)[:30].strip()  # a stretch markdown renders as it is
    assert len(phrase) >= 20, cell.source
    return phrase


def _visible(page: Any) -> str:
    return str(page.locator(".jp-Notebook").inner_text())


@pytest.mark.slow
def test_trainer_copy_hides_notes_and_reveals_one_answer_per_click(tmp_path: Path) -> None:
    from browser.lab import ALL_CELLS_RAN, jupyter_lab, run_all_cells
    from browser.pages import Audit, browser, watch

    nb = nbformat.read(NOTEBOOK, as_version=4)
    note, first, second = (
        f"Trainer notes {CLICK}",
        f"Exercise 1: model answer {CLICK}",
        f"Exercise 2: model answer {CLICK}",
    )
    verdict_1 = summary(f"# Exercise 1: answer code {CLICK}")
    assert verdict_1 is not None
    note_text, first_text, second_text = (_body(nb, x) for x in (note, first, second))
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    shutil.copy(NOTEBOOK, nbdir / NOTEBOOK.name)
    SHOTS.mkdir(exist_ok=True)
    with jupyter_lab(tmp_path, nbdir) as (url, token), browser() as b:
        found = Audit(url)
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(PAGE_MS)
        watch(page, found, allow=(url, "data:", "blob:"))
        page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}")
        summaries = page.locator(".jp-RenderedMarkdown details > summary")
        summaries.filter(has_text=second).wait_for(state="visible")
        title = nb.cells[0].source.split("\n", 1)[0].lstrip("# ")
        page.locator(".jp-RenderedMarkdown h1", has_text=title).wait_for(state="visible")
        page.locator(".jp-RenderedMarkdown h2", has_text="Exercise 2").wait_for(state="visible")
        bars = page.locator(".jp-InputPlaceholder .jp-PlaceholderText").all_inner_texts()
        assert bars[:2] == [
            f"# Exercise 1: answer code {CLICK}",
            f"# Exercise 2: answer code {CLICK}",
        ]
        assert summaries.all_inner_texts()[:2] == [note, first]
        on_opening = _visible(page)
        run_all_cells(page)
        page.wait_for_function(ALL_CELLS_RAN, timeout=PAGE_MS, polling=500)
        page.get_by_text(verdict_1, exact=True).wait_for(state="visible")
        after_run = _visible(page)
        page.get_by_text(verdict_1, exact=True).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "trainer-jupyterlab-before.png"))
        page.get_by_text(verdict_1, exact=True).click()
        page.get_by_text(VERDICT).first.wait_for(state="visible")
        one_verdict = _visible(page)
        summaries.filter(has_text=first).first.click()
        page.locator(".jp-RenderedMarkdown", has_text=first_text).wait_for(state="visible")
        page.screenshot(path=str(SHOTS / "trainer-jupyterlab-after.png"))
        one_answer = _visible(page)
        page.close()
    for visible in (on_opening, after_run):
        for hidden in (note_text, first_text, second_text, VERDICT):
            assert hidden not in visible, hidden
    assert one_verdict.count(VERDICT) == 1
    assert first_text not in one_verdict
    assert first_text in one_answer
    assert second_text not in one_answer and note_text not in one_answer
    assert page.is_closed()
    assert found.outside == [], found.outside
