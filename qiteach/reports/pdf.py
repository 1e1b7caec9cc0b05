"""Print report pages to A4 PDF with headless Chromium: ``qiteach report --pdf``.

The printer drives the machine's own Chromium (Debian's headless shell,
``/usr/bin/chromium-headless-shell``, else ``/usr/bin/chromium``, or the browser
named by ``QITEACH_CHROMIUM``) over its DevTools pipe
(:mod:`qiteach.reports.devtools`; no Node driver, no downloaded browser). The
headless shell is the same Blink and Skia without the desktop browser around
them (Playwright's own choice for headless Chromium): on the collaborative's 85
finished pages it printed identical pages (same text, same pixels at 70 dpi) for
157-181 ms of CPU per PDF against 212-237 ms for the full browser
(``benchmarks/bench_pdf.py``, docs/performance.md).

DevTools rather than ``chromium --print-to-pdf`` because the printer can open
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
runs no page script (``Emulation.setScriptExecutionDisabled``: reports, handouts
and plans have none, and a page's own script must not run in the printer), so
writing the next report into it (``Page.setDocumentContent``) replaces all that
was there: nothing of the previous report is left, with no navigation between reports (going to
``about:blank`` first cost 0.06-0.1 s of Chromium's CPU per PDF, a fifth to a
third of it).
The printer's own scripts (opening ``<details>``, reading the footer's facts,
adding the footer's style) run through the DevTools protocol, which this does not
stop. A tab that fails is thrown away and the next report gets a new one. The page
is printed with only the style rules it can use
(:func:`qiteach.reports.slim_css.slim_styles`: the same pixels, about 0.05 s less
CPU per PDF). Every request a page makes is failed and recorded (``Fetch``
interception of every URL; ``data:`` images are not requests), so printing never
reaches the network.
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

import base64
import contextlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from qiteach.exceptions import BrowserError, ReportError
from qiteach.fileio import atomic_path
from qiteach.reports.devtools import Browser, Message
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

#: Flags for a quiet, offline headless browser (colours in sRGB, as Playwright prints them).
LAUNCH_ARGS = (
    "--no-sandbox",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
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
#: A4 in inches, as DevTools' ``Page.printToPDF`` takes it (8.27 x 11.7 in, the figures
#: Playwright and Puppeteer use for "A4").
_A4_INCHES = (8.27, 11.7)


def _inches(length: str) -> float:
    """A CSS length in ``mm`` as inches, by the CSS pixel (3.78 px a millimetre, 96 an inch).

    >>> round(_inches("14mm"), 5)
    0.55125
    """
    return float(length.removesuffix("mm")) * 3.78 / 96


def find_chromium() -> str:
    """The Chromium binary to print with; :class:`ReportError` (one line) if there is none.

    Also checks that tinycss2 (the ``pdf`` extra) is installed, so ``--pdf`` fails
    before any notebook runs.
    """
    try:
        import tinycss2  # noqa: F401
    except ImportError as exc:
        raise ReportError(f"--pdf needs the tinycss2 package ({_INSTALL})") from exc
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
    Nothing runs in the background: each call sends its commands and waits, so
    the printer works in a Jupyter kernel and beside another printer.
    """

    def __init__(self, executable: str | None = None, *, slim: bool = True) -> None:
        self.executable = executable or find_chromium()
        self.slim = slim  # print with only the CSS the page can use (same pixels, less CPU)
        self._browser: Browser | None = None
        self._session: str | None = None  # the tab every report is printed in
        self._target = ""  # that tab
        self._frame = ""  # and its main frame
        self._crashed = False  # whether the tab has said it crashed
        self._blocked: list[str] = []  # requests the current report made
        self._loaded = False  # whether the current report's load event has come

    def __enter__(self) -> PdfPrinter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the browser (once; again only if it died)."""
        if self._browser is not None and self._browser.alive:
            return
        self._session = None
        browser = Browser(self.executable, LAUNCH_ARGS, on_event=self._event)
        try:
            browser.start()
            browser.call("Browser.getVersion")
        except BrowserError as exc:
            browser.close()
            raise ReportError(
                f"Chromium ({self.executable}) would not start: {exc} ({_INSTALL})"
            ) from exc
        self._browser = browser

    def close(self) -> None:
        """Close the browser (safe to call twice)."""
        browser, self._browser, self._session = self._browser, None, None
        if browser is not None:
            browser.close()

    def print(self, html: str, target: str | Path) -> Printed:
        """Print the page ``html`` to A4 PDF at ``target`` (atomically).

        Any request the page makes is failed and listed in ``Printed.blocked``.
        """
        return self._print(html, Path(target))

    def _call(self, method: str, params: dict | None = None) -> Message:
        """A command to the printing tab."""
        assert self._browser is not None
        return self._browser.call(method, params, session=self._session)

    def _tab(self) -> str:
        """The printing tab (a new one, failing every request the page makes, if needed)."""
        if self._browser is None or not self._browser.alive:
            self.start()
        if self._crashed:
            self._drop()
        if self._session is None:
            assert self._browser is not None
            self._target = self._browser.call("Target.createTarget", {"url": "about:blank"})[
                "targetId"
            ]
            self._session = self._browser.call(
                "Target.attachToTarget", {"targetId": self._target, "flatten": True}
            )["sessionId"]
            self._call("Page.enable")
            self._call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
            self._call("Emulation.setScriptExecutionDisabled", {"value": True})
            self._frame = self._call("Page.getFrameTree")["frameTree"]["frame"]["id"]
        return self._session

    def _event(self, message: Message) -> None:
        """What the browser says while a command waits: requests, the load, a crash."""
        method, params = message.get("method"), message.get("params", {})
        if message.get("sessionId") != self._session or self._session is None:
            return
        if method == "Fetch.requestPaused":
            self._blocked.append(params["request"]["url"])
            assert self._browser is not None
            self._browser.send({
                "id": 0, "method": "Fetch.failRequest", "sessionId": self._session,
                "params": {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
            })  # fmt: skip
        elif method == "Page.loadEventFired":
            self._loaded = True
        elif method == "Inspector.targetCrashed":
            self._crashed = True
            raise BrowserError("the printing tab crashed")

    def _drop(self) -> None:
        """Forget and close a tab that failed (the next report gets a new one)."""
        session, self._session, self._crashed = self._session, None, False
        if session is not None and self._browser is not None and self._browser.alive:
            with contextlib.suppress(BrowserError):
                self._browser.call("Target.closeTarget", {"targetId": self._target}, timeout=10)

    def _load(self, content: str) -> None:
        """Write ``content`` into the tab and wait for its load event."""
        assert self._browser is not None
        self._loaded = False
        self._call("Page.setDocumentContent", {"frameId": self._frame, "html": content})
        self._browser.wait_until(lambda: self._loaded, "the page's load event")

    def _evaluate(self, function: str, *args: object) -> object:
        """Call the JavaScript ``function`` in the page with JSON ``args``; its value."""
        expression = f"({function})({', '.join(json.dumps(a) for a in args)})"
        reply = self._call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise BrowserError(f"the printer's script failed: {reply['exceptionDetails']['text']}")
        return reply["result"].get("value")

    def _pdf(self) -> bytes:
        """The loaded page as A4 PDF bytes."""
        width, height = _A4_INCHES
        margins = {f"margin{side.title()}": _inches(v) for side, v in PAGE_MARGIN.items()}
        reply = self._call("Page.printToPDF", {
            "paperWidth": width, "paperHeight": height, **margins,
            "printBackground": True, "displayHeaderFooter": False, "preferCSSPageSize": False,
            "generateTaggedPDF": False, "generateDocumentOutline": False,
        })  # fmt: skip
        return base64.b64decode(reply["data"])

    def _print(self, html: str, target: Path) -> Printed:
        start = time.monotonic()
        blocked: list[str] = []
        self._blocked = blocked
        content = slim_styles(html) if self.slim else html
        self._tab()
        again = False
        try:
            self._load(content)
        except BrowserError:  # the tab died after the last report (its renderer crashed): a new one
            self._drop()
            self._tab()
            again = True
        try:
            if again:
                self._load(content)
            values = self._evaluate(_OPEN_AND_READ_JS)
            assert isinstance(values, list)
            facts = PageFacts(*values)
            self._evaluate(_ADD_STYLE_JS, footer_css(facts))
            data = self._pdf()
        except BrowserError:  # a crashed or stuck tab: the next report gets a new one
            self._drop()
            raise
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        return Printed(target, facts, time.monotonic() - start, blocked)
