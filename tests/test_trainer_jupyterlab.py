"""Real JupyterLab in Chromium: a trainer copy can be projected, answers shown one by one.

Opens the generated trainer copy of session 1 (notebooks/trainer/) in JupyterLab and checks
what the room would see: the trainer notes are collapsed bars showing only their generated
label, and so are the model answers. One click on Exercise 1's model-answer bar shows that
answer; Exercise 2's answer stays hidden. Screenshots before and after the click are saved
as ``build/trainer-jupyterlab-before.png`` and ``-after.png``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from qiteach.teaching.collapse import CLICK

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "trainer" / "01-model-for-improvement.ipynb"
SHOTS = ROOT / "build"
PAGE_MS = 600_000  # bounds for a loaded 2-core machine: every wait polls and goes on at once


def _body(nb: nbformat.NotebookNode, label: str) -> str:
    """A phrase from the rendered text of the first collapsed cell labelled ``label``."""
    cell = next(c for c in nb.cells if c.source.startswith(label))
    lines = cell.source.split("\n\n", 1)[1].splitlines()
    plain = [part.strip() for ln in lines for part in re.split(r"[*`_]+", ln)]
    phrase = max(plain, key=len)[:30].strip()  # a stretch markdown renders as it is
    assert len(phrase) >= 20, cell.source
    return phrase


@pytest.mark.slow
def test_trainer_copy_hides_notes_and_reveals_one_answer_per_click(tmp_path: Path) -> None:
    from browser.lab import jupyter_lab
    from browser.pages import Audit, browser, watch

    nb = nbformat.read(NOTEBOOK, as_version=4)
    note, first, second = (
        f"Trainer notes {CLICK}",
        f"Exercise 1: model answer {CLICK}",
        f"Exercise 2: model answer {CLICK}",
    )
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
        bars = page.locator(".jp-InputPlaceholder")
        page.get_by_text(second, exact=True).wait_for(state="visible")
        title = nb.cells[0].source.split("\n", 1)[0].lstrip("# ")
        page.locator(".jp-RenderedMarkdown h1", has_text=title).wait_for(state="visible")
        page.locator(".jp-RenderedMarkdown h2", has_text="Exercise 2").wait_for(state="visible")
        labels = bars.locator(".jp-PlaceholderText").all_inner_texts()
        assert labels[:3] == [note, "# Exercise 1: answer code " + CLICK, first], labels
        visible = page.locator(".jp-Notebook").inner_text()
        for hidden in (note_text, first_text, second_text):
            assert hidden not in visible, hidden
        first_bar = bars.filter(has_text=first)
        first_bar.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "trainer-jupyterlab-before.png"))
        first_bar.locator(".jp-Placeholder-content").click()
        page.locator(".jp-RenderedMarkdown", has_text=first_text).wait_for(state="visible")
        page.screenshot(path=str(SHOTS / "trainer-jupyterlab-after.png"))
        visible = page.locator(".jp-Notebook").inner_text()
        page.close()
    assert first_text in visible
    assert second_text not in visible and note_text not in visible
    assert page.is_closed()
    assert found.outside == [], found.outside
