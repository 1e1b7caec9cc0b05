"""``qiteach report --pdf``: real Chromium, real PDFs, read back with pypdf.

* No Chromium: one line, exit 2, before any notebook runs (no ``--out`` made).
* A made-up page (a folded 60-row table, a very wide table, the SYNTHETIC banner
  and the data date from the report's own helpers): every row printed, nothing
  folded, no text outside the page, the footer on every page, and a page that asks
  for anything from outside has that request blocked and recorded.
* The demo programme's programme report and one team report: page counts within
  bounds, every row of every table in the text, the footer (page n of N, title,
  data date, SYNTHETIC) on every page, no text outside the page box, the folded
  table expanded, index links and summary.json; a team whose PDF fails is a failed
  report like any other while the others still get theirs.
* The collaborative's programme report (the richest shipped summary): page 1 holds
  every line of the one-page summary, and the next section starts on page 2.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from qiteach.cli import main
from qiteach.exceptions import BrowserError
from qiteach.reports import pdf as pdf_module
from qiteach.reports.html import REPORT_CSS, html_table
from qiteach.reports.sections_common import as_of_html, banner

DEMO = Path(__file__).parents[1] / "datasets" / "demo-programme"


# -- reading PDFs -----------------------------------------------------------------------------
def _squash(text: str) -> str:
    """Text without ligatures (ﬁ -> fi) or any whitespace, so line wrapping does not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _text_outside_the_page(path: Path) -> list[tuple[int, str, float, float]]:
    """Every piece of text whose start lies outside its page's media box."""
    from pypdf import PdfReader

    outside = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)

        def visit(text, cm, tm, font, size, number=number, width=width, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not (0 <= x < width and 0 <= y <= height):
                outside.append((number, text.strip(), x, y))

        page.extract_text(visitor_text=visit)
    return outside


def _check_footer(pages: list[str], *, title: str, date: str, synthetic: bool) -> None:
    total = len(pages)
    for n, text in enumerate(pages, 1):
        flat = _squash(text)
        assert _squash(f"Page {n} of {total}") in flat, (n, text[-300:])
        assert _squash(title) in flat, (n, text[-300:])
        assert _squash(f"Data up to {date}") in flat, (n, text[-300:])
        assert ("SYNTHETICDATA" in flat) is synthetic, (n, text[-300:])


class _Tables(HTMLParser):
    """The text of every cell of every ``<table>`` row in a page (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: str | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "style":
            self._style = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._cell is not None and not self._style:
            self._cell += data


def _table_rows(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return [row for row in parser.rows if any(c.strip() for c in row)]


def _missing_cells(rows: list[list[str]], pages: list[str]) -> list[str]:
    everything = _squash("".join(pages))
    return [cell for row in rows for cell in row if _squash(cell) not in everything]


# -- no Chromium ------------------------------------------------------------------------------
def test_pdf_without_chromium_is_one_line_exit_2_before_anything_runs(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv(pdf_module.CHROMIUM_ENV, raising=False)
    monkeypatch.setattr(pdf_module, "_CANDIDATES", ("no-such-chromium-here",))
    out = tmp_path / "out"
    code = main(["report", str(DEMO), "--out", str(out), "--team", "south", "--pdf", "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0
    assert "Chromium" in err and "apt-get install" in err and "qiteach[pdf]" in err
    assert not out.exists()  # nothing was run or written


def test_a_named_chromium_that_is_not_there_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(pdf_module.CHROMIUM_ENV, str(tmp_path / "chromium"))
    out = tmp_path / "out"
    code = main(["report", str(DEMO), "--out", str(out), "--pdf", "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0
    assert pdf_module.CHROMIUM_ENV in err and "apt-get install" in err
    assert not out.exists()


def _fake_programs(tmp_path, monkeypatch, names):
    """Make ``names`` the only programs on PATH (empty executable scripts)."""
    monkeypatch.delenv(pdf_module.CHROMIUM_ENV, raising=False)
    for name in names:
        program = tmp_path / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    bare = tuple(c for c in pdf_module._CANDIDATES if "/" not in c)  # found on PATH only
    monkeypatch.setattr(pdf_module, "_CANDIDATES", bare)


def test_the_headless_shell_is_preferred_to_the_full_browser(tmp_path, monkeypatch):
    _fake_programs(tmp_path, monkeypatch, ["chromium", "chromium-headless-shell"])
    assert pdf_module.which_chromium() == str(tmp_path / "chromium-headless-shell")


def test_the_full_browser_prints_when_there_is_no_headless_shell(tmp_path, monkeypatch):
    _fake_programs(tmp_path, monkeypatch, ["chromium"])
    assert pdf_module.which_chromium() == str(tmp_path / "chromium")


# -- a made-up page ---------------------------------------------------------------------------
def _made_up_page(extra: str = "") -> tuple[str, pd.DataFrame, pd.DataFrame]:
    long = pd.DataFrame(
        {"Practice": [f"Practice number {i:02d}" for i in range(60)], "Patients": range(60)}
    )
    wide = pd.DataFrame(
        {
            f"Column heading {c} with words": [
                f"cell {c}-{r} with a longish piece of free text" for r in range(3)
            ]
            for c in range(14)
        }
    )
    body = (
        banner({"synthetic": True})
        + "<h1>Made-up board paper</h1>"
        + f"<p>{as_of_html(pd.Timestamp('2026-03-05'))}</p>"
        + "<h2>Long table</h2>"
        + html_table(long, collapse=10)
        + "<h2>Wide table</h2>"
        + html_table(wide)
        + extra
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Board paper &amp; test</title></head><body><main>{body}</main></body></html>"
    )
    return page, long, wide


@pytest.fixture(scope="module")
def printer():
    with pdf_module.PdfPrinter() as p:
        yield p


@pytest.mark.slow
def test_made_up_page_prints_every_row_inside_the_page_with_a_footer(printer, tmp_path):
    page, long, wide = _made_up_page()
    assert len(_table_rows(page)) == 1 + len(long) + 1 + len(wide)
    assert "<details" in page and "Show all 60 rows" in page  # folded on screen
    printed = printer.print(page, tmp_path / "paper.pdf")
    assert printed.blocked == []
    assert printed.facts == pdf_module.PageFacts(
        "Board paper & test",
        "SYNTHETIC DATA: made-up programme for demonstration; no real patients, staff or "
        "practices.",
        "5 March 2026",
    )
    pages = _pages(tmp_path / "paper.pdf")
    assert 2 <= len(pages) <= 6
    assert "Show all" not in "".join(pages)  # the fold is open on paper
    assert _missing_cells(_table_rows(page), pages) == []
    for name in long["Practice"]:  # the folded table's rows, one by one
        assert _squash(name) in _squash("".join(pages))
    assert _text_outside_the_page(tmp_path / "paper.pdf") == []
    _check_footer(pages, title="Board paper & test", date="5 March 2026", synthetic=True)
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]  # no temporary file left


@pytest.mark.slow
def test_a_real_data_page_has_no_synthetic_footer(printer, tmp_path):
    page, _, _ = _made_up_page()
    page = page.replace(banner({"synthetic": True}), banner({}))
    pages = _pages(printer.print(page, tmp_path / "real.pdf").path)
    _check_footer(pages, title="Board paper & test", date="5 March 2026", synthetic=False)


@pytest.mark.slow
def test_a_title_with_quotes_and_backslashes_reaches_the_footer_as_written(printer, tmp_path):
    # the footer is CSS (page margin boxes): the title must arrive as text, not as CSS
    title = "Say \"hi\" \\ A1 'team' } @page { x"
    page, _, _ = _made_up_page()
    page = page.replace("<title>Board paper &amp; test</title>", f"<title>{escape(title)}</title>")
    pages = _pages(printer.print(page, tmp_path / "quoted.pdf").path)
    _check_footer(pages, title=title, date="5 March 2026", synthetic=True)


@pytest.mark.slow
def test_requests_from_the_page_are_blocked_and_recorded(printer, tmp_path):
    page, _, _ = _made_up_page(
        '<img src="http://192.0.2.1/tracker.png" alt="x">'
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
    )
    printed = printer.print(page, tmp_path / "p.pdf")
    assert sorted(printed.blocked) == [
        "http://192.0.2.1/tracker.png",
        "https://example.invalid/x.css",
    ]


# -- the demo programme's reports -------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory):
    """Programme + south (printed) + north (its PDF fails) of the demo, with --pdf."""
    from qiteach.reports import run_reports

    out = tmp_path_factory.mktemp("pdf") / "out"
    out.mkdir()
    (out / "team-north.pdf").write_bytes(b"an earlier run's PDF")
    real_print = pdf_module.PdfPrinter.print
    starts = []
    real_start = pdf_module.PdfPrinter.start

    def start(self):
        starts.append(1)
        real_start(self)

    def print_or_fail(self, html, target):
        if Path(target).name == "team-north.pdf":
            raise RuntimeError("printer jammed\nsecond line")
        return real_print(self, html, target)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_module.PdfPrinter, "print", print_or_fail)
        mp.setattr(pdf_module.PdfPrinter, "start", start)
        result = run_reports(DEMO, out, teams=["south", "north"], jobs=2, pdf=True, progress=False)
    return result, out, len(starts)


@pytest.mark.slow
def test_one_browser_prints_the_batch_and_a_failed_pdf_is_a_failed_report(pdf_run):
    result, out, starts = pdf_run
    assert starts == 1
    assert not result.ok
    north = result.record("north")
    assert north.status == "failed" and north.pdf is None
    assert north.problem() == "PDF printing failed: RuntimeError: printer jammed"
    assert (out / "team-north.html").is_file() and not (out / "team-north.pdf").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["failed"] == 1
    assert summary["teams"]["north"]["status"] == "failed"
    assert summary["teams"]["south"]["pdf"] == "team-south.pdf"
    assert summary["programme_report"]["pdf"] == "programme.pdf"
    index = (out / "index.html").read_text()
    assert 'href="team-south.html">' in index and 'href="team-south.pdf"' in index
    assert 'href="programme.pdf"' in index and 'href="team-north.pdf"' not in index
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert "<script" not in (out / "team-south.html").read_text().lower()


def _title_and_date(html: str) -> tuple[str, str]:
    import html as html_lib

    title = html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    date = re.search(r'class="qi-as-of" data-date="([^"]+)"', html).group(1)
    return title, date


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stem", "low", "high"),
    [("programme", 8, 24), ("team-south", 5, 16)],
)
def test_demo_pdf_has_every_table_row_and_a_footer_on_every_page(pdf_run, stem, low, high):
    _, out, _ = pdf_run
    html = (out / f"{stem}.html").read_text("utf-8")
    pages = _pages(out / f"{stem}.pdf")
    assert low <= len(pages) <= high
    rows = _table_rows(html)
    assert len(rows) > 10
    assert _missing_cells(rows, pages) == []
    title, date = _title_and_date(html)
    _check_footer(pages, title=title, date=date, synthetic=True)
    assert _text_outside_the_page(out / f"{stem}.pdf") == []


@pytest.mark.slow
def test_demo_programme_pdf_opens_the_folded_table_and_starts_with_the_summary(pdf_run):
    _, out, _ = pdf_run
    html = (out / "programme.html").read_text("utf-8")
    folded = re.search(r"<details.*?</details>", html, re.S).group(0)
    pages = _pages(out / "programme.pdf")
    text = "".join(pages)
    assert "Show all" not in text
    assert _missing_cells(_table_rows(folded), pages) == []
    first = _squash(pages[0])
    assert _squash("Summary") in first and _squash("Caveats") in first  # the whole summary
    assert _squash("Key figures") not in first  # the next section starts on page 2


@pytest.mark.slow
def test_a_column_of_sentences_gets_the_room_and_labels_keep_whole_words(printer, tmp_path):
    """The programme report's signals table: 8 columns, the last a sentence per team."""
    reading = ("Special-cause improvement in HbA1c at or below 58 mmol/mol (higher) in the last "
               "6 points: a run of 9 points above the centre line from Nov 2025 to Jul 2026 "
               "(the longest run allowed for 18 useful points is 7).")  # fmt: skip
    table = pd.DataFrame({
        "Team": [f"Abbey Practice {i:02d} (SYNTHETIC)" for i in range(30)],
        "Outcome measure": ["HbA1c at or below 58 mmol/mol"] * 30, "Points": [18] * 30,
        "Now": ["improvement"] * 30, "At any time": ["improvement"] * 30,
        "Signal began": ["Nov 2025"] * 30, "Began": ["after the team's first PDSA cycle"] * 30,
        "Reading": [reading] * 30,
    })  # fmt: skip
    assert 'th scope="col" class="qi-long">Reading' in html_table(table)
    lab = "<style>.jp-RenderedHTMLCommon table { table-layout: fixed; }</style>"  # as nbconvert's
    page = (f"<!DOCTYPE html><html><head><title>t</title>{lab}{REPORT_CSS}</head><body>"
            f'<div class="jp-RenderedHTMLCommon">{html_table(table)}</div></body>')  # fmt: skip
    printer.print(page, tmp_path / "t.pdf")
    pages = _pages(tmp_path / "t.pdf")
    # JupyterLab's fixed table layout gave each row half a page (12+ pages); now 6+ a page
    assert len(pages) <= 5, len(pages)
    assert "improvement" in pages[0] and "improvem\nent" not in pages[0]
    assert _text_outside_the_page(tmp_path / "t.pdf") == []


# -- one tab for the batch --------------------------------------------------------------------
@pytest.mark.slow
def test_each_report_is_printed_in_the_same_tab_with_nothing_of_the_last_left(printer, tmp_path):
    first = (
        "<!DOCTYPE html><html><head><title>First paper</title>"
        "<style>p { color: rgb(200, 0, 0) }</style></head><body>"
        "<p>Only in the first paper</p><script>window.leftOver = 1;"
        "document.body.append('Script ran')</script></body></html>"
    )
    page, _, _ = _made_up_page()
    printer.print(first, tmp_path / "first.pdf")
    assert "Script ran" not in "".join(_pages(tmp_path / "first.pdf"))  # page script never runs
    tab = printer._session
    printed = printer.print(page, tmp_path / "second.pdf")
    assert printer._session == tab  # no new renderer per report
    assert printed.facts.title == "Board paper & test"
    assert "Only in the first paper" not in "".join(_pages(tmp_path / "second.pdf"))
    # nothing of the first paper's window, document or style sheets is left
    left = printer._evaluate(
        "() => [typeof window.leftOver, document.title, document.styleSheets.length,"
        " [...document.querySelectorAll('p')].some(p => getComputedStyle(p).color"
        " === 'rgb(200, 0, 0)')]",
    )
    assert left[:2] == ["undefined", "Board paper & test"]
    assert left[3] is False


@pytest.mark.slow
def test_a_crashed_tab_fails_that_report_only_and_the_next_gets_a_new_tab(printer, tmp_path):
    page, _, _ = _made_up_page()
    printer.print(page, tmp_path / "before.pdf")
    tab = printer._session
    with contextlib.suppress(BrowserError):  # the crash may come before or after the reply
        printer._call("Page.navigate", {"url": "chrome://crash"})
    printed = printer.print(page, tmp_path / "after.pdf")
    assert printer._session not in (None, tab)
    assert printed.facts.title == "Board paper & test"
    assert len(_pages(tmp_path / "after.pdf")) >= 2


@pytest.mark.slow
def test_collaborative_programme_pdf_holds_its_whole_summary_on_page_one(tmp_path):
    """The richest shipped summary (84 teams, 7 localities, 3 areas, 3 topics, caveats):
    page 1 of the board paper holds every line of it, and the next section starts on
    page 2."""
    import html as html_lib

    from qiteach.reports import run_reports

    collaborative = DEMO.parent / "collaborative"
    out = tmp_path / "out"
    result = run_reports(collaborative, out, teams=["calder-01"], jobs=1, pdf=True, progress=False)
    assert result.failed == []
    html = (out / "programme.html").read_text("utf-8")
    section = re.search(
        r'<section aria-label="Summary" class="qi-summary">(.*?)</section>', html, re.S
    )
    items = [
        html_lib.unescape(re.sub(r"<[^>]+>", "", li))
        for li in re.findall(r"<(?:li|h3)>(.*?)</(?:li|h3)>", section.group(1), re.S)
    ]
    assert len(items) >= 15 and "Caveats" in items
    pages = _pages(out / "programme.pdf")
    first = _squash(pages[0])
    assert [item for item in items if _squash(item) not in first] == []
    assert _squash("Key figures") not in first and _squash("Key figures") in _squash(pages[1])
    title, date = _title_and_date(html)
    _check_footer(pages, title=title, date=date, synthetic=True)
    assert _text_outside_the_page(out / "programme.pdf") == []
