"""Real JupyterLab in Chromium: a trainer copy can be projected, answers shown one by one.

Opens the generated trainer copy of session 1 (notebooks/trainer/) in JupyterLab and checks
what the room would see, on opening, after Run All Cells (the trainer notes say to run the
notebook before the session, and JupyterLab unhides every markdown cell it runs) and again
after Restart Kernel and Run All Cells: the trainer notes and model answers are folded under
their generated labels, the answer code is hidden, and the answer code's verdicts are folded
too. One click on Exercise 1's verdict shows that verdict only; one click on its model answer
shows that answer only (its bold rendered). It runs twice: with the kernel config ``make``
writes (the hub's kernels) and with a kernel that loads no extension (a conda or pip
install), where the session's first cell installs the fold. A second test checks that
JupyterLab's sanitizer keeps ``<details>`` and renders the markdown inside (bold, a list, a
table) only once it is opened. Screenshots: ``build/trainer-jupyterlab-<kernel>-run-all.png``,
``-restart.png`` and ``-after.png``; ``build/trainer-jupyterlab-markdown.png``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from qiteach.exercises.reveal import summary
from qiteach.teaching.collapse import CLICK, fold_markdown, folded_text

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "trainer" / "01-model-for-improvement.ipynb"
SHOTS = ROOT / "build"
PAGE_MS = 600_000  # bounds for a loaded 2-core machine: every wait polls and goes on at once
FOLD_MS = 120_000  # every cell has run: the verdict's folded panel is drawn or never will be
VERDICT = "Correct:"  # how a passed check's verdict starts (exercises/feedback.py)
#: true in the page once no output marked ``data-old`` is left (each re-run cell replaces its own)
OLD_OUTPUTS_GONE = "() => document.querySelectorAll('[data-old]').length === 0"


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


def _bare_kernel(tmp_path: Path) -> dict[str, str]:
    """Environment for a server whose ``python3`` kernel loads no IPython extension at start."""
    spec = tmp_path / "jupyter-path" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {
        "argv": [*argv, "--InteractiveShellApp.extensions=[]"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    (spec / "kernel.json").write_text(json.dumps(kernel))
    return {"JUPYTER_PATH": str(tmp_path / "jupyter-path")}


def _restart_and_run_all(page: Any) -> None:
    """Kernel > Restart Kernel and Run All Cells, confirmed; wait until every cell ran again."""
    from browser.lab import ALL_CELLS_RAN

    page.evaluate(
        "() => document.querySelectorAll('.jp-OutputArea-output')"
        ".forEach(e => e.setAttribute('data-old', '1'))"
    )
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Restart Kernel and Run All Cells")).click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()
    page.wait_for_function(OLD_OUTPUTS_GONE, timeout=PAGE_MS, polling=500)
    page.wait_for_function(ALL_CELLS_RAN, timeout=PAGE_MS, polling=500)


@pytest.mark.slow
@pytest.mark.parametrize("kernel", ["kernel-config", "bare-kernel"])
def test_trainer_copy_hides_notes_and_reveals_one_answer_per_click(
    tmp_path: Path, kernel: str
) -> None:
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
    env = _bare_kernel(tmp_path) if kernel == "bare-kernel" else None
    shot = f"trainer-jupyterlab-{kernel}"
    with jupyter_lab(tmp_path, nbdir, env=env) as (url, token), browser() as b:
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
        page.get_by_text(verdict_1, exact=True).wait_for(state="visible", timeout=FOLD_MS)
        after_run = _visible(page)
        page.get_by_text(verdict_1, exact=True).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{shot}-run-all.png"))
        _restart_and_run_all(page)
        page.get_by_text(verdict_1, exact=True).wait_for(state="visible", timeout=FOLD_MS)
        after_restart = _visible(page)
        page.get_by_text(verdict_1, exact=True).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{shot}-restart.png"))
        page.get_by_text(verdict_1, exact=True).click()
        page.get_by_text(VERDICT).first.wait_for(state="visible")
        one_verdict = _visible(page)
        summaries.filter(has_text=first).first.click()
        page.locator(".jp-RenderedMarkdown", has_text=first_text).wait_for(state="visible")
        opened = page.locator(".jp-RenderedMarkdown details[open]")
        open_count, bold = opened.count(), opened.locator("strong").all_inner_texts()
        page.screenshot(path=str(SHOTS / f"{shot}-after.png"))
        one_answer = _visible(page)
        page.close()
    assert open_count == 1  # one click opened one fold
    assert bold == ["Model answer."], bold  # markdown inside <details> renders
    for visible in (on_opening, after_run, after_restart):
        for hidden in (note_text, first_text, second_text, VERDICT):
            assert hidden not in visible, hidden
    assert one_verdict.count(VERDICT) == 1
    assert first_text not in one_verdict
    assert first_text in one_answer
    assert second_text not in one_answer and note_text not in one_answer
    assert page.is_closed()
    assert found.outside == [], found.outside


RICH = """**Trainer notes - debrief.** Ask each team:

- what surprised them;
- what they will test first.

| team | first test |
|------|------------|
| North | a reminder text the day before |
"""


@pytest.mark.slow
def test_folded_markdown_keeps_its_details_and_renders_inside_only_when_opened(
    tmp_path: Path,
) -> None:
    """JupyterLab's sanitizer keeps ``<details>``/``<summary>``; bold, a list and a table
    inside render as HTML, hidden after Run All until the summary is clicked."""
    from browser.lab import ALL_CELLS_RAN, jupyter_lab, run_all_cells
    from browser.pages import Audit, browser, watch

    line = f"Trainer notes - debrief {CLICK}"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                fold_markdown(line, RICH), metadata={"tags": ["trainer"]}
            ),
            nbformat.v4.new_code_cell("1 + 1"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nbformat.write(nb, nbdir / "folded.ipynb")
    SHOTS.mkdir(exist_ok=True)
    with jupyter_lab(tmp_path, nbdir) as (url, token), browser() as b:
        found = Audit(url)
        page = b.new_page(viewport={"width": 1000, "height": 700})
        page.set_default_timeout(PAGE_MS)
        watch(page, found, allow=(url, "data:", "blob:"))
        page.goto(f"{url}/lab/tree/folded.ipynb?token={token}")
        summary_el = page.locator(".jp-RenderedMarkdown details > summary", has_text=line)
        summary_el.wait_for(state="visible")
        run_all_cells(page)
        page.wait_for_function(ALL_CELLS_RAN, timeout=PAGE_MS, polling=500)
        summary_el.wait_for(state="visible")
        table = page.locator(".jp-RenderedMarkdown details table td", has_text="North")
        hidden_after_run = (
            not table.is_visible()
            and not page.locator(".jp-RenderedMarkdown li").first.is_visible()
        )
        summary_el.click()
        table.wait_for(state="visible")
        items = page.locator(".jp-RenderedMarkdown details[open] li").all_inner_texts()
        bold = page.locator(".jp-RenderedMarkdown details[open] strong").all_inner_texts()
        raw = _visible(page)
        page.screenshot(path=str(SHOTS / "trainer-jupyterlab-markdown.png"))
        page.close()
    assert hidden_after_run
    assert items == ["what surprised them;", "what they will test first."]
    assert bold == ["Trainer notes - debrief."]
    assert "|" not in raw and "**" not in raw  # rendered, not shown as markdown source
    assert found.outside == [], found.outside
