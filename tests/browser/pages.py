"""Open pages in Debian's headless Chromium and audit them.

Playwright drives Debian's ``/usr/bin/chromium-headless-shell`` (else ``/usr/bin/chromium``;
never a downloaded browser), the one the board paper prints with. Every
request is routed: ``file:`` and ``data:`` URLs (and, for JupyterLab, the
loopback server) go through; anything else is recorded and aborted, so a page
can never reach the network. :func:`audit` reports what a page did: requests
that tried to leave the machine, console errors, dialogs, whether a planted
``window.__pwned`` was set, and images that did not load.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from qiteach.exceptions import ReportError
from qiteach.reports.pdf import LAUNCH_ARGS, find_chromium

__all__ = ["ARGS", "Audit", "audit", "browser", "chromium_path", "watch"]

#: The package's own Chromium flags (qiteach.reports.pdf), so the tests' browser is the
#: one the board paper prints with.
ARGS = list(LAUNCH_ARGS)


def chromium_path() -> str:
    """The Chromium binary, or a test failure saying how to install it (never a skip)."""
    try:
        return find_chromium()
    except ReportError:
        pytest.fail(
            "Debian's headless Chromium is not installed: run `make test` as root (it installs "
            "it), or `sudo apt-get install --no-install-recommends chromium-headless-shell` "
            "(or tools/ensure_chromium.sh)",
            pytrace=False,
        )


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Audit:
    """What one page did while it was open."""

    url: str
    outside: list[str] = field(default_factory=list)  # requests that tried to leave
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pwned: Any = None
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    text: str = ""


def watch(page: Any, found: Audit, *, allow: tuple[str, ...] = ("file:", "data:")) -> None:
    """Route every request (blocking and recording the outside ones); record console and dialogs."""

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(allow):
            r.continue_()
        else:
            found.outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: found.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.console_errors.append(str(e)))

    def dialog(d: Any) -> None:
        found.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)


def audit(b: Any, url: str, *, screenshot: str | None = None) -> Audit:
    """Load ``url`` (a ``file://`` page) and report what it did."""
    found = Audit(url)
    page = b.new_page()
    watch(page, found)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    found.pwned = page.evaluate("() => window.__pwned")
    imgs = page.evaluate(
        "() => Array.from(document.images).map(i => "
        "[i.currentSrc.slice(0, 60), i.complete && i.naturalWidth > 0])"
    )
    found.images = len(imgs)
    found.broken_images = [src for src, ok in imgs if not ok]
    found.text = page.inner_text("body")
    # links a reader could click must not run script
    found.outside += page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
        ".filter(h => h.toLowerCase().startsWith('javascript:'))"
    )
    if screenshot:
        page.screenshot(path=screenshot, full_page=False)
    page.close()
    return found
