"""The cohort hub end to end, in real Chromium on loopback (issue 12).

``hub init`` on the demo programme, ``hub release --session 3``, ``hub start``; two North
participants, one West participant and a trainer sign in with their slip codes and choose
passwords; North's first member adds a change idea in the session 3 builder and saves it;
North's other member reloads and sees it; West cannot open North's server, and saving
into North from West's notebook is refused; the trainer sees North's new idea and West's
diagram; ``hub release --session 5`` gives everyone session 5, whose PDSA planner lists
the new idea; Ctrl-C stops the hub and leaves no process behind. Screenshots go to
``build/hub/``.
"""

from __future__ import annotations

import re

import pytest
from hubkit import errors_in, first_sign_in, open_lab, qiteach, run_notebook, running_hub

pytestmark = [
    pytest.mark.slow,
]

SHOTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "build" / "hub"
S3 = "03-driver-diagrams.ipynb"
S5 = "05-pdsa.ipynb"
IDEA = "Text a rebooking link the same morning (e2e)"
PEOPLE = {"p01": "north", "p02": "north", "p06": "west", "t01": "trainer"}


def _builder(page):
    """The session 3 driver-diagram builder's box (the widget with the 'New box' dropdown)."""
    label = page.locator(".widget-dropdown label:text-is('New box')").first
    label.scroll_into_view_if_needed()
    return label.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][last()]")


def _outline(page) -> str:
    box = page.locator(".widget-textarea:has(label:text-is('Outline')) textarea").first
    box.scroll_into_view_if_needed()
    return box.input_value()


def _poll(what: str, fn, timeout: float = 180):
    """Poll ``fn`` (a browser read) until truthy; fail naming ``what``."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"waited {timeout:.0f} s for {what}", pytrace=False)


def _add_and_save(page, text: str) -> str:
    """Add a change idea under the first secondary driver, press Save; the status shown."""
    builder = _builder(page)
    kind = builder.locator(".widget-dropdown:has(label:text-is('New box')) select")
    kind.select_option(label="Change idea")
    parent = builder.locator(".widget-dropdown:has(label:text-is('Hangs off')) select")
    first_s = _poll(
        "the 'Hangs off' list to offer secondary drivers",
        lambda: next(
            (o for o in parent.locator("option").all_inner_texts() if o.startswith("S")), None
        ),
    )
    parent.select_option(label=first_s)
    field = builder.locator(".widget-text:has(label:text-is('Text')) input")
    field.fill(text)
    field.press("Tab")
    builder.locator("button:has-text('Add')").first.click()
    _poll(f"the outline to show {text!r}", lambda: text in _outline(page))
    save = page.locator("button:has-text('Save driver diagram')").first
    save.scroll_into_view_if_needed()
    save.click()
    panel = save.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
    status = panel.locator(".widget-html").last
    return _poll("the save status line", lambda: status.inner_text().strip(), timeout=180)


def _set_team(page, team: str) -> None:
    """Change the notebook's team parameter (as a participant would type it) and rerun all."""
    cell = page.locator(".jp-CodeCell").filter(has_text="team: str =").first
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content").first
    editor.click()
    page.keyboard.press("Control+a")
    text = editor.inner_text()
    page.keyboard.type(re.sub(r"team: str = '[^']*'", f"team: str = '{team}'", text))
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_timeout(1000)
    from hubkit import wait_cells_done

    wait_cells_done(page)


def test_cohort_hub_end_to_end(tmp_path) -> None:
    from browser.pages import browser

    SHOTS.mkdir(parents=True, exist_ok=True)
    with running_hub(tmp_path) as hub:
        qiteach("hub", "release", str(hub.dir), "--session", "3")
        with browser() as b:
            pages = {}
            for user in PEOPLE:
                ctx = b.new_context(viewport={"width": 1400, "height": 1000})
                page = ctx.new_page()
                page.set_default_timeout(120_000)
                first_sign_in(page, hub, user, f"{user}-chosen-password")
                open_lab(page, hub, user)
                pages[user] = page
                # the hub's JupyterLab defaults: never ask about or fetch Jupyter's news
                plugin = "@jupyterlab/apputils-extension:notification"
                got = page.request.get(f"{hub.url}/user/{user}/lab/api/settings/{plugin}")
                schema = got.json()["schema"]["properties"]
                assert schema["fetchNews"]["default"] == "false", schema["fetchNews"]
                assert schema["checkForUpdates"]["default"] is False
            # every server runs as its own system user, each lab lists its own notebook
            for page in pages.values():
                assert S3 in page.locator(".jp-DirListing-content").inner_text()

            north, north2, west, trainer = (pages[u] for u in PEOPLE)
            run_notebook(north, hub, "p01", S3)
            assert errors_in(north) == []
            assert IDEA not in _outline(north)
            message = _add_and_save(north, IDEA)
            north.screenshot(path=str(SHOTS / "p01-session3-saved.png"))
            assert "Saved" in message and "Not saved" not in message, message
            saved = (hub.dir / "workspace" / "drivers.csv").read_text()
            assert IDEA in saved and saved.count(IDEA) == 1

            # the other North member reloads session 3 and sees it
            run_notebook(north2, hub, "p02", S3)
            assert IDEA in _outline(north2)

            # West cannot open p01's server, in the browser
            resp = west.goto(f"{hub.url}/user/p01/lab/tree/{S3}")
            west.wait_for_load_state()
            assert (resp.status in (403, 404)) or "/user/p06/" in west.url, (resp.status, west.url)
            assert "/user/p01/lab" not in west.url or resp.status >= 400
            # ... nor save into North: West switches their notebook to North and presses Save
            run_notebook(west, hub, "p06", S3)
            assert IDEA not in _outline(west)  # West's own diagram
            _set_team(west, "north")
            refused = _add_and_save(west, "West tries to write into North (e2e)")
            west.screenshot(path=str(SHOTS / "p06-refused.png"))
            assert "Not saved" in refused and "own team" in refused, refused
            assert "West tries" not in (hub.dir / "workspace" / "drivers.csv").read_text()

            # the trainer sees North's new idea, and West's diagram
            run_notebook(trainer, hub, "t01", S3)
            assert IDEA in _outline(trainer)
            _set_team(trainer, "west")
            assert IDEA not in _outline(trainer) and _outline(trainer).strip()
            trainer.screenshot(path=str(SHOTS / "t01-west.png"))

            # session 5 released while everyone is signed in: the planner lists the idea
            out = qiteach("hub", "release", str(hub.dir), "--session", "5").stdout
            assert "5 notebooks released" in out or "notebooks released" in out, out
            run_notebook(north2, hub, "p02", S5)
            assert errors_in(north2) == []
            select = north2.locator(".widget-dropdown:has(label:text-is('Change idea')) select")
            select.first.scroll_into_view_if_needed()
            # ipywidgets shows an option's spaces as no-break spaces
            texts = select.first.locator("option").all_inner_texts()
            ideas = [o.replace("\xa0", " ") for o in texts]
            north2.screenshot(path=str(SHOTS / "p02-session5.png"))
            assert any(IDEA in o for o in ideas), ideas
        status = qiteach("hub", "status", str(hub.dir)).stdout
        assert "running" in status and "p01" in status
        hub.stop()
        assert hub.stopped["code"] == 0, (hub.stopped, hub.log_text()[-3000:])
        assert hub.stopped["left"] == [] and hub.stopped["proxy"] == [], hub.stopped
        assert not hub.stopped["pid_file"]
        # notebooks in the homes hold no token or password
        for user in PEOPLE:
            for nb in (hub.dir / "homes" / user).glob("*.ipynb"):
                text = nb.read_text()
                assert f"{user}-chosen-password" not in text and "token" not in text.lower(), nb
