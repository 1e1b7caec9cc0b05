"""Print report pages to A4 PDF with headless Chromium: ``qiteach report --pdf``.

Playwright drives the machine's own Chromium (Debian's headless shell,
``/usr/bin/chromium-headless-shell``, else ``/usr/bin/chromium``, or the browser
named by ``QITEACH_CHROMIUM``; Playwright's downloaded browsers are never
needed). The headless shell is the same Blink and Skia without the desktop
browser around them (Playwright's own choice for headless Chromium): on the
collaborative's 85 finished pages it printed identical pages (same text, same
pixels at 70 dpi) for 157-181 ms of CPU per PDF against 212-237 ms for the full
browser (``benchmarks/bench_pdf.py``, docs/performance.md).

Playwright rather than ``chromium --print-to-pdf`` because the driver can open
every ``<details>`` in the DOM before printing and read the footer's facts off
the page, without adding script to the report.

The footer (the SYNTHETIC banner, title and data date, page "n of N") is drawn
by the page itself: :func:`footer_css` gives CSS paged-media margin boxes
(``@page { @bottom-left {...} }``, with Chromium's ``counter(page)`` and
``counter(pages)``), which the printer adds to the page before printing.
Chromium's own header and footer templates lay out a second small document for
every page, which cost about a sixth of Chromium's CPU per report (52 of 317 ms
on the collaborative's reports); the margin boxes are laid out with the page.

One :class:`PdfPrinter` serves a whole batch: the browser starts once, and one
tab prints every report. Opening a new tab per report started a new renderer
process each time, which cost about as much CPU as printing the report. The tab
runs no page script (``java_script_enabled=False``: reports, handouts and plans
have none, and a page's own script must not run in the printer), so writing the
next report into it (``set_content``) replaces all that was there: nothing of the
previous report is left, with no navigation between reports (going to
``about:blank`` first cost 0.06-0.1 s of Chromium's CPU per PDF, a fifth to a
third of it).
The printer's own scripts (opening ``<details>``, reading the footer's facts,
adding the footer's style) run through the DevTools protocol, which this does not
stop. A tab that fails is thrown away and the next report gets a new one. The page
is printed with only the style rules it can use
(:func:`qiteach.reports.slim_css.slim_styles`: the same pixels, about 0.05 s less
CPU per PDF). Every request a page makes is aborted and recorded (``data:`` images
are not requests), so printing never reaches the network.
What the footer says is read from the page itself: its ``<title>``, the
``qi-banner`` element the report shows for synthetic data and the
``qi-as-of`` element of its header (:func:`qiteach.reports.sections_common.as_of_html`).

>>> print(footer_css(PageFacts('North "QI"', "SYNTHETIC: made up.", "5 March 2026")))
... # doctest: +ELLIPSIS
@page {
  @bottom-left { content: "SYNTHETIC: made up.\\A North \\"QI\\" · Data up to 5 March 2026"; ...}
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ...}
}
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from qiteach.exceptions import ReportError
from qiteach.fileio import atomic_path
from qiteach.reports.slim_css import slim_styles

__all__ = [
    "CHROMIUM_ENV",
    "LAUNCH_ARGS",
    "PAGE_MARGIN",
    "PageFacts",
    "PdfPrinter",
    "Printed",
    "find_chromium",
    "footer_css",
    "which_chromium",
]

T = TypeVar("T")

#: Environment variable naming the Chromium (or Chrome) binary to print with.
CHROMIUM_ENV = "QITEACH_CHROMIUM"
#: Browsers tried in turn: the headless shell first (a quarter less CPU per PDF).
_CANDIDATES = (
    "/usr/bin/chromium-headless-shell",
    "chromium-headless-shell",
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
    "google-chrome",
)
_INSTALL = (
    "fix: sudo apt-get install --no-install-recommends chromium-headless-shell "
    f"(or set {CHROMIUM_ENV} to a Chromium binary) and pip install 'qiteach[pdf]'"
)

#: Flags for a quiet, offline headless browser.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
)

#: A4 page margins; the bottom one holds the footer.
PAGE_MARGIN = {"top": "14mm", "right": "12mm", "bottom": "22mm", "left": "12mm"}


def find_chromium() -> str:
    """The Chromium binary to print with; :class:`ReportError` (one line) if there is none.

    Also checks that Playwright is installed, so ``--pdf`` fails before any notebook runs.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise ReportError(f"--pdf needs the playwright package ({_INSTALL})") from exc
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    found = which_chromium()
    if found:
        return found
    if named:
        raise ReportError(
            f"{CHROMIUM_ENV}={named} is not a program this machine can run ({_INSTALL})"
        )
    raise ReportError(f"--pdf needs Chromium, which is not installed ({_INSTALL})")


def which_chromium() -> str | None:
    """The Chromium binary: the one :data:`CHROMIUM_ENV` names, else the first installed one.

    None when there is none (or :data:`CHROMIUM_ENV` names a program that is not there).

    >>> found = which_chromium()
    >>> found is None or Path(found).is_file()
    True
    """
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return shutil.which(named)
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@dataclass(frozen=True)
class PageFacts:
    """What the footer repeats on every page, as the report page states it."""

    title: str
    banner: str  # the SYNTHETIC banner's text, '' for real data
    data_date: str  # e.g. '5 March 2026', '' when the report has no data yet


def _css_string(text: str) -> str:
    """``text`` as a CSS string: backslashes and quotes escaped, line breaks made spaces."""
    flat = re.sub(r"\s+", " ", text).strip()
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: How each footer box looks: under a hairline, in small grey type, at the top of the margin.
_FOOTER_BOX = (
    "font: 8pt Arial, sans-serif; color: #333; vertical-align: top; "
    "border-top: 0.5pt solid #999; padding-top: 1mm; "
)


def footer_css(facts: PageFacts) -> str:
    """The footer as page margin boxes: banner (synthetic data), title · data date, page n of N.

    The banner and the title line share the left box (on two lines); the page
    number is on the right, on the first line.
    """
    line = facts.title
    if facts.data_date:
        line += f" · Data up to {facts.data_date}"
    left = _css_string(line)
    if facts.banner:  # the banner, a line break (CSS "\A"), then the title line
        left = _css_string(facts.banner)[:-1] + "\\A " + left[1:]
    return (
        "@page {\n"
        f"  @bottom-left {{ content: {left}; {_FOOTER_BOX}white-space: pre-wrap; }}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
        f"{_FOOTER_BOX}white-space: nowrap; }}\n"
        "}"
    )


#: Opens every folded table so the paper shows all of it, and reads the footer facts from
#: the loaded page (the report's own elements): one call, one round trip to the page.
_OPEN_AND_READ_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const text = (sel) => { const e = document.querySelector(sel);
    return e ? e.textContent.replace(/\\s+/g, ' ').trim() : ''; };
  const asOf = document.querySelector('.qi-as-of');
  return [document.title, text('.qi-banner'), asOf ? asOf.dataset.date || '' : ''];
}"""

#: Adds a style element with the given CSS to the page (the footer's margin boxes).
_ADD_STYLE_JS = """(css) => { const s = document.createElement('style');
  s.textContent = css; document.head.appendChild(s); }"""


@dataclass
class Printed:
    """One printed report: where, what the footer says, how long it took."""

    path: Path
    facts: PageFacts
    seconds: float
    blocked: list[str] = field(default_factory=list)


class PdfPrinter:
    """One headless Chromium for a batch; :meth:`print` writes one report's PDF.

    Use as a context manager (the browser is closed at the end). Raises
    :class:`ReportError` at start when Chromium cannot be found or started.
    Playwright runs in a thread of its own, so the printer also works where an
    asyncio loop is running (a Jupyter kernel) and beside another printer.
    """

    def __init__(self, executable: str | None = None, *, slim: bool = True) -> None:
        self.executable = executable or find_chromium()
        self.slim = slim  # print with only the CSS the page can use (same pixels, less CPU)
        self._pw: Any = None
        self._browser: Any = None
        self._page: Any = None  # the tab every report is printed in
        self._blocked: list[str] = []  # requests the current report made
        self._thread: ThreadPoolExecutor | None = None

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn`` in the printer's own thread (Playwright's sync API is tied to one)."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="qiteach-pdf")
        return self._thread.submit(fn, *args).result()

    def __enter__(self) -> PdfPrinter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start Playwright and the browser (once; again only if the browser died)."""
        self._call(self._start)

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        if self._pw is None:
            self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=self.executable, headless=True, args=list(LAUNCH_ARGS)
            )
        except Exception as exc:
            self._close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ReportError(
                f"Chromium ({self.executable}) would not start: {first} ({_INSTALL})"
            ) from exc

    def close(self) -> None:
        """Close the browser, Playwright and the printer's thread (safe to call twice)."""
        if self._thread is None:
            return
        self._call(self._close)
        self._thread.shutdown(wait=True)
        self._thread = None

    def _close(self) -> None:
        browser, pw = self._browser, self._pw
        self._browser = self._pw = self._page = None
        with contextlib.suppress(Exception):  # a dead browser must not mask the run's result
            if browser is not None:
                browser.close()
        with contextlib.suppress(Exception):
            if pw is not None:
                pw.stop()

    def print(self, html: str, target: str | Path) -> Printed:
        """Print the page ``html`` to A4 PDF at ``target`` (atomically).

        Any request the page makes is aborted and listed in ``Printed.blocked``.
        """
        return self._call(self._print, html, Path(target))

    def _tab(self) -> Any:
        """The printing tab (a new one, with every request routed to :meth:`_block`, if needed)."""
        if self._browser is None or not self._browser.is_connected():
            self._page = None
            self._start()
        if self._page is None or self._page.is_closed():
            page = self._page = self._browser.new_page(java_script_enabled=False)
            page.route("**/*", self._block)
            page.on("crash", lambda _: self._forget(page))  # a crashed tab is not "closed"
        return self._page

    def _forget(self, page: Any) -> None:
        if self._page is page:
            self._page = None

    def _drop(self, page: Any) -> None:
        """Forget and close a tab that failed."""
        self._forget(page)
        with contextlib.suppress(Exception):
            page.close()

    def _block(self, route: Any) -> None:
        self._blocked.append(route.request.url)
        route.abort()

    def _print(self, html: str, target: Path) -> Printed:
        start = time.monotonic()
        blocked: list[str] = []
        self._blocked = blocked
        content = slim_styles(html) if self.slim else html
        page, again = self._tab(), False
        try:
            page.set_content(content, wait_until="load")
        except Exception:  # the tab died after the last report (its renderer crashed): a new one
            self._drop(page)
            page, again = self._tab(), True
        try:
            if again:
                page.set_content(content, wait_until="load")
            facts = PageFacts(*page.evaluate(_OPEN_AND_READ_JS))
            page.evaluate(_ADD_STYLE_JS, footer_css(facts))
            data = page.pdf(format="A4", print_background=True, margin=PAGE_MARGIN)
        except Exception:  # a crashed or stuck tab: the next report gets a new one
            self._drop(page)
            raise
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        return Printed(target, facts, time.monotonic() - start, blocked)
