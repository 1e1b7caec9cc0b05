"""The worksheet's HTML page: print CSS, markdown, ruled answer boxes.

The page is self-contained (charts are ``data:`` PNGs, styles inline, no
script, no link to anything) so it prints offline with
:class:`qiteach.reports.pdf.PdfPrinter`. Markdown is rendered with mistune (a
dependency of nbconvert), with raw HTML escaped.

>>> render_markdown("Count the **runs** `y`")
'<p>Count the <strong>runs</strong> <code>y</code></p>\\n'
>>> answer_lines(None), answer_lines(5), answer_lines(10), answer_lines(60)
(7, 5, 8, 14)
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import mistune

from qiteach.teaching.handout_pick import (
    OBJECTIVES_LEAD,
    AnswerBox,
    Figure,
    Handout,
    Section,
    Shown,
)

__all__ = ["LINE_MM", "TeamFacts", "answer_lines", "page_html", "render_markdown"]

#: Ruled-line spacing of answer boxes: 9 mm suits handwriting with a pen (wide-ruled paper).
LINE_MM = 9

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

CSS = f"""
@page {{ size: A4; }}
html, body {{ margin: 0; padding: 0; background: #fff; }}
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
  color: #111; overflow-wrap: break-word; }}
h1 {{ font-size: 17pt; margin: 0 0 2mm; }}
h2 {{ font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 0.6pt solid #777;
  break-after: avoid; page-break-after: avoid; }}
.qi-banner {{ border: 1.5pt solid #b36b00; color: #5c3700; font-weight: 700; padding: 1mm 3mm;
  margin: 0 0 3mm; font-size: 9pt; }}
.qi-who {{ display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm;
  margin: 0 0 3mm; }}
.qi-who dt {{ font-weight: 700; }}
.qi-who dd {{ margin: 0; }}
.qi-who dd.qi-write {{ border-bottom: 0.6pt solid #555; min-height: 7mm; }}
img {{ max-width: 100%; height: auto; }}
table {{ max-width: 100%; border-collapse: collapse; table-layout: fixed; }}
th, td {{ border: 0.5pt solid #999; padding: 1mm 2mm; vertical-align: top;
  overflow-wrap: anywhere; }}
code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; overflow-wrap: anywhere; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; font-size: 9pt; margin: 2mm 0; }}
.qi-output {{ margin: 2mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }}
.qi-output table {{ width: 100%; font-size: 8.5pt; }}
.qi-output table th {{ background: #f0f0f0; text-align: left; }}
figure {{ margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }}
p {{ break-inside: avoid; page-break-inside: avoid; }}
p:has(+ figure) {{ break-after: avoid; page-break-after: avoid; }}
figcaption {{ font-size: 9pt; color: #444; }}
.qi-exercise h2 {{ border-bottom-width: 1.2pt; }}
.qi-exercise.qi-keep {{ break-inside: avoid; page-break-inside: avoid; }}
.qi-answer {{ border: 1pt solid #333; border-radius: 2mm; margin: 2mm 0 5mm; padding: 1mm 3mm 0;
  break-inside: avoid; page-break-inside: avoid; }}
.qi-answer .label {{ font-size: 9pt; font-weight: 700; color: #444; }}
.qi-answer .line {{ height: {LINE_MM}mm; box-sizing: border-box;
  border-bottom: 0.5pt solid #8a8a8a; }}
.qi-keypoints li {{ margin: 0 0 1.5mm; }}
"""


@dataclass(frozen=True)
class TeamFacts:
    """Who the worksheet is for, as the workspace states it."""

    team_id: str
    team_name: str
    practices: str  # '' when the workspace names none
    project: str  # the project title, '' when none yet
    aim: str  # the team's aim, '' when not written yet
    programme: str
    banner: str  # the SYNTHETIC DATA sentence, '' for real data


def render_markdown(text: str) -> str:
    """Markdown to HTML (tables and strikethrough; raw HTML escaped)."""
    return str(_markdown(text))


def answer_lines(minutes: int | None) -> int:
    """Ruled lines for an exercise of ``minutes``: one per two minutes, plus three, 5-14.

    Five minutes gives five lines (a sentence or two); ten gives eight. Unknown: seven.
    """
    if minutes is None:
        return 7
    return max(5, min(14, minutes // 2 + 3))


def _figure(fig: Figure) -> str:
    alt = escape(f"Chart: {fig.heading}")
    return f'<figure><img alt="{alt}" src="data:image/png;base64,{fig.png.strip()}"></figure>'


def _part(part: str | Figure | Shown) -> str:
    """One part of a section as HTML.

    >>> _part(Shown("text", "A: <b>"))
    '<div class="qi-output"><pre>A: &lt;b&gt;</pre></div>'
    """
    if isinstance(part, Figure):
        return _figure(part)
    if isinstance(part, str):
        return render_markdown(part)
    if part.kind == "html":
        body = part.body
    elif part.kind == "markdown":
        body = render_markdown(part.body)
    else:
        body = f"<pre>{escape(part.body.rstrip())}</pre>"
    return f'<div class="qi-output">{body}</div>'


def _box(minutes: int | None) -> str:
    """A ruled answer box (one bordered div per line: prints crisply, unlike a gradient)."""
    lines = '<div class="line"></div>' * answer_lines(minutes)
    return f'<div class="qi-answer"><div class="label">Your answer</div>{lines}</div>'


def _section(section: Section) -> str:
    """A section: an exercise gets one answer box, at its first :class:`AnswerBox`."""
    html, boxed = [f"<h2>{escape(section.heading)}</h2>"], False
    for part in section.parts:
        if isinstance(part, AnswerBox):
            html.append("" if boxed else _box(section.minutes))
            boxed = True
        else:
            html.append(_part(part))
    # an exercise without a chart stays on one page: its instructions beside its box
    keep = section.exercise and not section.figures
    kind = "qi-exercise qi-keep" if keep else "qi-exercise" if section.exercise else "qi-charts"
    return f'<section class="{kind}">{"".join(html)}</section>'


def _items(items: tuple[str, ...]) -> str:
    """List items as inline markdown (no paragraph inside each item).

    >>> _items(("a *b*",))
    '<li>a <em>b</em></li>'
    """
    inline = (render_markdown(i).strip().removeprefix("<p>").removesuffix("</p>") for i in items)
    return "".join(f"<li>{i}</li>" for i in inline)


def page_html(sheet: Handout, facts: TeamFacts) -> str:
    """The whole worksheet page for one team."""
    who = [("Team", facts.team_name or facts.team_id)]
    for label, value in (
        ("Practices", facts.practices),
        ("Project", facts.project),
        ("Aim", facts.aim),
    ):
        if value:
            who.append((label, value))
    who += [("Programme", facts.programme), ("Name", "")]
    rows = "".join(
        f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>"
        if v
        else f'<dt>{escape(k)}</dt><dd class="qi-write"></dd>'
        for k, v in who
    )
    banner = (
        f'<div class="qi-banner" role="note">{escape(facts.banner)}</div>' if facts.banner else ""
    )
    objectives = (
        f"<h2>{OBJECTIVES_LEAD}</h2><ul>{_items(sheet.objectives)}</ul>" if sheet.objectives else ""
    )
    notes = "".join(render_markdown(n) for n in sheet.notes)
    title = escape(f"{sheet.title} · {facts.team_name or facts.team_id}")
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS}</style></head><body>"
        f"<header>{banner}<h1>{escape(sheet.title)}</h1>"
        f'<dl class="qi-who">{rows}</dl></header>'
        f"{objectives}{''.join(_section(s) for s in sheet.sections)}"
        f'<section class="qi-keypoints"><h2>Key points</h2><ul>{_items(sheet.key_points)}</ul>'
        f"{notes}</section></body></html>"
    )
