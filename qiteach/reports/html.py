"""HTML building blocks of the report notebooks: escaping, paragraphs, lists, tables, CSS.

**All user text is escaped**: names, aims, free-text narratives and feedback
comments from the workspace are passed through :func:`html.escape` and shown
as plain text, so ``<script>``, ``javascript:`` links, markdown or spreadsheet
formulas (``=HYPERLINK(...)``) in a cell never become markup. Fragments are
HTML rather than Markdown for that reason: Markdown would turn
``[x](javascript:...)`` into a link. Tables are plain ``<table>`` markup (no
pandas ``Styler``: it is slow and gives random ids).

>>> print(esc('<script>alert("x")</script>'))
&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;
>>> import pandas as pd
>>> print(html_table(pd.DataFrame({"Role": ["GP <b>"], "People": [2]})))
<table class="qi-table"><thead><tr><th scope="col">Role</th><th scope="col">People</th></tr>\
</thead><tbody><tr><td>GP &lt;b&gt;</td><td class="num">2</td></tr></tbody></table>
>>> plain_alt('Chart of "DNA" <rate>')
"Chart of 'DNA' ‹rate›"
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

import pandas as pd

from qiteach.evaluation._tables import agrees, plural  # the reports' sentences use them

__all__ = [
    "REPORT_CSS",
    "agrees",
    "blank",
    "count_text",
    "esc",
    "html_table",
    "long_date",
    "paragraph",
    "plain_alt",
    "plural",
    "text_list",
    "verdict_box",
]

#: Styles for report fragments (inline, so the page stays offline and self-contained).
REPORT_CSS = """<style>
.qi-banner { background: #fff3cd; border: 2px solid #b36b00; color: #5c3700; padding: .6rem 1rem;
  font-weight: 700; letter-spacing: .04em; margin: .5rem 0 1rem; text-align: center; }
.qi-meta { color: #444; margin: .2rem 0; }
.qi-lead { font-size: 1.1rem; margin: .6rem 0; }
.qi-verdict { border-left: 5px solid #0072b2; background: #eef6fb; padding: .5rem .8rem;
  margin: .6rem 0; }
.qi-verdict.good { border-color: #009e73; background: #e8f6f0; }
.qi-verdict.bad { border-color: #d55e00; background: #fbeee6; }
table.qi-table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem;
  max-width: 100%; }
.jp-RenderedHTMLCommon table.qi-table th, .jp-RenderedHTMLCommon table.qi-table td,
table.qi-table th, table.qi-table td { text-align: left; padding: .3rem .6rem;
  border-bottom: 1px solid #ddd; vertical-align: top; overflow-wrap: break-word; }
table.qi-table th { background: #f3f3f3; }
.jp-RenderedHTMLCommon table.qi-table td.num, table.qi-table td.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.qi-text, .qi-verdict, blockquote.qi-quote { overflow-wrap: anywhere;
  unicode-bidi: plaintext; }
table.qi-table td { unicode-bidi: plaintext; }
blockquote.qi-quote { border-left: 3px solid #ccc; margin: .3rem 0; padding: .1rem .8rem;
  color: #333; }
.qi-definition { color: #333; font-size: .95rem; }
details.qi-more summary { cursor: pointer; color: #0b4f7a; margin: .3rem 0; }
.qi-summary { border: 1px solid #ccc; border-radius: 4px; padding: .3rem 1rem .6rem;
  margin: .6rem 0 1.2rem; background: #fafafa; }
.qi-summary h3 { font-size: 1.02rem; margin: .7rem 0 .2rem; }
.qi-summary ul { margin: .1rem 0 .3rem; }
table.qi-matrix td.qi-icon { white-space: nowrap; }
table.qi-matrix td.qi-icon img { vertical-align: middle; }
@page { size: A4; }
@media print {
  html, body { background: #fff; }
  main, .jp-Notebook { max-width: none; margin: 0; padding: 0; }
  .jp-Cell, .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-Cell-outputWrapper,
  .jp-OutputArea { overflow: visible !important; padding-left: 0; padding-right: 0; }
  .jp-OutputArea-child { break-inside: auto; page-break-inside: auto; }
  details.qi-more > summary { display: none; }
  .jp-RenderedHTMLCommon table.qi-table, table.qi-table { width: 100%; max-width: 100%;
    font-size: 8pt; page-break-inside: auto; table-layout: auto; }  /* columns fit content */
  .jp-RenderedHTMLCommon table.qi-table th, .jp-RenderedHTMLCommon table.qi-table td,
  table.qi-table th, table.qi-table td { padding: .12rem .3rem; overflow-wrap: break-word; }
  table.qi-table td.qi-long { overflow-wrap: anywhere; }
  table.qi-table thead { display: table-header-group; }
  table.qi-table th.qi-long { width: 30%; }  /* sentences get the room, labels keep whole words */
  table.qi-matrix td.qi-icon { white-space: normal; }  /* a narrow page: the label wraps */
  table.qi-table tr, img, .jp-RenderedImage, .qi-verdict, blockquote.qi-quote, .qi-banner,
  table.qi-table caption { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  .jp-MarkdownCell:has(h1, h2, h3, h4) { break-after: avoid; page-break-after: avoid; }
  .jp-RenderedImage img { max-width: 100% !important; height: auto; }
  .jp-Cell:has(.qi-summary) { break-after: page; page-break-after: always; }
  /* page 1 holds the title block and the whole summary (the collaborative's too) */
  h1, .jp-RenderedHTMLCommon h1 { font-size: 16pt; margin: .2rem 0 .1rem; }
  .qi-banner { padding: .3rem .6rem; margin: .2rem 0 .4rem; font-size: 9pt; letter-spacing: 0; }
  .qi-lead { font-size: 10pt; margin: .2rem 0; }
  .qi-meta { font-size: 9pt; }
  .qi-summary { font-size: 8.5pt; line-height: 1.3; margin: .2rem 0; padding: .1rem .6rem .3rem; }
  .qi-summary h3 { font-size: 9.5pt; margin: .35rem 0 .1rem; }
  .jp-RenderedHTMLCommon .qi-summary ul { margin: 0 0 .2rem; }
}
</style>"""

_GOOD = {"met", "improvement"}
_BAD = {"concern"}


# -- text helpers ----------------------------------------------------------------------------
def blank(value: Any) -> bool:
    """True for None, NaN/NaT and empty or all-space text.

    >>> blank(None), blank(float("nan")), blank("  "), blank(0), blank("x")
    (True, True, True, False, False)
    """
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


def esc(value: Any) -> str:
    """``value`` as HTML-escaped plain text ('' for None/NaN).

    >>> esc(None), esc(float("nan")), esc("a & b")
    ('', '', 'a &amp; b')
    """
    return "" if blank(value) else escape(str(value), quote=True)


def plain_alt(text: str) -> str:
    """Alt text safe inside an HTML attribute whatever the renderer does.

    Double quotes become single quotes and angle brackets become ‹ › so user text
    in a chart title can never close the ``alt`` attribute or open a tag.
    """
    table = str.maketrans({'"': "'", "<": "‹", ">": "›"})
    return " ".join(str(text).translate(table).split())


def paragraph(text: Any, *, cls: str = "qi-text") -> str:
    """One ``<p>`` of escaped text.

    >>> paragraph("Aim <met>")
    '<p class="qi-text">Aim &lt;met&gt;</p>'
    """
    return f'<p class="{cls}">{esc(text)}</p>'


def text_list(items: Sequence[Any]) -> str:
    """A ``<ul>`` of escaped items ('' when empty)."""
    rows = "".join(f"<li>{esc(i)}</li>" for i in items if not blank(i))
    return f'<ul class="qi-text">{rows}</ul>' if rows else ""


def verdict_box(text: str, status: str) -> str:
    """A reading in a box, green for good news (met, improvement), orange for a concern.

    >>> verdict_box("Aim <met>", "met")
    '<div class="qi-verdict good">Aim &lt;met&gt;</div>'
    """
    kind = "good" if status in _GOOD else "bad" if status in _BAD else ""
    return f'<div class="qi-verdict {kind}">{esc(text)}</div>'


def _cell(value: Any) -> tuple[str, bool]:
    """(escaped text, is number) for one table cell."""
    if blank(value):
        return ("", False)
    if isinstance(value, bool):
        return ("yes" if value else "no", False)
    if isinstance(value, int | float) and not isinstance(value, bool):
        v = float(value)
        if math.isnan(v):
            return ("", False)
        text = f"{int(v):,}" if v.is_integer() and abs(v) < 1e15 else f"{v:,.1f}"
        return (text, True)
    if isinstance(value, pd.Timestamp):
        return (value.strftime("%d %b %Y").lstrip("0"), False)
    return (escape(str(value), quote=True), False)


#: Sentences, not labels: a column whose typical text is longer than this gets the room in print.
LONG_TEXT = 60
LONG_CLASS = ' class="qi-long"'


def _long_text(column: pd.Series) -> bool:
    """True when a column holds sentences (median text length over :data:`LONG_TEXT`).

    >>> sentence = "A run of 9 points above the centre line from Nov 2025 to Jul 2026."
    >>> _long_text(pd.Series([sentence])), _long_text(pd.Series(["improvement", None]))
    (True, False)
    """
    texts = [len(str(v)) for v in column if isinstance(v, str) and v.strip()]
    return bool(texts) and float(pd.Series(texts).median()) > LONG_TEXT


def html_table(df: pd.DataFrame, *, caption: str | None = None, collapse: int = 0) -> str:
    """A tidy HTML table of ``df`` (no index; every cell escaped; numbers right-aligned).

    Integers show without decimals and floats with one; pre-format a column as
    text to show it differently. With ``collapse`` > 0 a table longer than that
    many rows is folded into a ``<details>`` element (no script needed).
    """
    long = [_long_text(df[c]) for c in df.columns]
    head = "".join(
        f'<th scope="col"{LONG_CLASS if wide else ""}>{esc(c)}</th>'
        for c, wide in zip(df.columns, long, strict=True)
    )
    body = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for value, wide in zip(row, long, strict=True):
            text, num = _cell(value)
            kind = ' class="num"' if num else LONG_CLASS if wide else ""
            cells.append(f"<td{kind}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    table = (
        f'<table class="qi-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    if collapse and len(df) > collapse:
        return (
            f'<details class="qi-more"><summary>Show all {len(df)} rows</summary>{table}</details>'
        )
    return table


def count_text(n: int, noun: str, rest: str = "") -> str:
    """'1 cycle', '2 cycles' (+ rest).

    >>> count_text(1, "cycle", "still running"), count_text(3, "team")
    ('1 cycle still running.', '3 teams.')
    """
    return f"{plural(n, noun)} {rest}.".replace(" .", ".")


def long_date(value: Any) -> str:
    """A date as '5 March 2026' ('' when blank).

    >>> long_date("2026-03-05"), long_date(None)
    ('5 March 2026', '')
    """
    if blank(value):
        return ""
    return pd.Timestamp(value).strftime("%d %B %Y").lstrip("0")
