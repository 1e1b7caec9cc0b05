"""The DevTools pipe to headless Chromium (``qiteach.reports.devtools``): real browser, real
failures (a browser that exits, one that never answers, one that is not there)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qiteach.exceptions import BrowserError, ReportError
from qiteach.reports import devtools
from qiteach.reports.devtools import Browser
from qiteach.reports.pdf import LAUNCH_ARGS, PdfPrinter, which_chromium

CHROMIUM = which_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")


def _program(folder: Path, body: str) -> str:
    """A shell script standing in for Chromium (it ignores the arguments it is given)."""
    path = folder / "fake-chromium"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


@needs_chromium
def test_a_real_browser_answers_refuses_unknown_commands_and_leaves_nothing_behind():
    assert CHROMIUM is not None
    events = []
    browser = Browser(CHROMIUM, LAUNCH_ARGS, on_event=events.append)
    browser.start()
    profile, pid = browser._profile, browser._pid
    assert profile is not None and Path(profile).is_dir() and pid is not None
    assert "Chrome" in browser.call("Browser.getVersion")["product"]
    with pytest.raises(BrowserError, match=r"^No\.Such: .*wasn't found"):
        browser.call("No.Such")
    assert browser.alive  # an error reply is an answer: the pipe is still good
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    assert target
    browser.close()
    assert not browser.alive
    assert not Path(profile).exists()  # the profile folder is removed
    with pytest.raises(ChildProcessError):  # the browser has ended and been reaped
        os.waitpid(pid, os.WNOHANG)
    browser.close()  # twice is safe


def test_a_browser_that_exits_at_once_is_one_line_not_a_hang(tmp_path):
    browser = Browser(_program(tmp_path, "exit 3"), timeout=60)
    browser.start()
    with pytest.raises(BrowserError) as caught:
        browser.call("Browser.getVersion")
    assert "\n" not in str(caught.value)
    assert "closed its pipe" in str(caught.value) or "not running" in str(caught.value)
    browser.close()


def test_a_browser_that_never_answers_times_out(tmp_path, monkeypatch):
    monkeypatch.setattr(devtools, "QUIT_SECONDS", 0.5)  # the stand-in ignores "Browser.close"
    browser = Browser(_program(tmp_path, "exec sleep 60"), timeout=0.5)
    browser.start()
    with pytest.raises(BrowserError, match=r"did not answer Browser\.getVersion in time"):
        browser.call("Browser.getVersion")
    browser.close()  # kills what does not quit when asked
    assert not browser.alive


def test_a_browser_that_is_not_there_cannot_start(tmp_path):
    with pytest.raises(BrowserError, match="could not start"):
        Browser(str(tmp_path / "no-such-chromium")).start()


def test_the_printer_says_in_one_line_when_its_browser_will_not_start(tmp_path):
    printer = PdfPrinter(_program(tmp_path, "exit 1"))
    with pytest.raises(ReportError) as caught:
        printer.start()
    message = str(caught.value)
    assert "\n" not in message and "would not start" in message and "apt-get install" in message
