"""Building blocks of the team and programme report notebooks, so the notebooks stay thin.

Every function returns either an HTML fragment (a ``str``) or a matplotlib
figure with its alt text. **All user text is escaped**: names, aims, free-text
narratives and feedback comments from the workspace are passed through
:func:`html.escape` and shown as plain text, so ``<script>``, ``javascript:``
links, markdown or spreadsheet formulas (``=HYPERLINK(...)``) in a cell never
become markup. Fragments are HTML rather than Markdown for that reason:
Markdown would turn ``[x](javascript:...)`` into a link.

Notebooks display fragments with ``IPython.display.HTML`` and figures with
:func:`qiteach.reports.show_figure` (PNG with alt text).

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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "REPORT_CSS",
    "MeasureSection",
    "as_of_date",
    "attendance_table",
    "banner",
    "esc",
    "html_table",
    "measure_sections",
    "narrative_html",
    "paragraph",
    "plain_alt",
    "roles_table",
    "show",
    "team_header",
    "text_list",
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
</style>"""

_GOOD = {"met", "improvement"}
_BAD = {"concern"}


# -- figures ---------------------------------------------------------------------------------
def figure_bundle(fig: Figure, *, alt: str, dpi: int = 100) -> tuple[dict[str, str], dict]:
    """``(data, metadata)`` display bundle of ``fig`` as a PNG with alt text; closes ``fig``.

    Like :func:`qiteach.reports.show_figure` (same bundle, so the HTML keeps the
    alt text) but saved with ``bbox_inches="tight"`` so legends drawn below the
    axes are not cut off, on white, with no software or date metadata (re-runs
    give identical bytes).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> data, meta = figure_bundle(fig, alt='Line "x"')
    >>> meta, data["image/png"][:8]
    ({'image/png': {'alt': "Line 'x'"}}, 'iVBORw0K')
    """
    import base64
    import io

    import matplotlib.pyplot as plt

    from qiteach.exceptions import ReportError

    text = plain_alt(alt)
    if not text:
        raise ReportError("a report figure needs alt text (fix: describe the chart in words)")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white",
                metadata={"Software": None})  # fmt: skip
    plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    return {"image/png": png, "text/plain": f"<Figure: {text}>"}, {"image/png": {"alt": text}}


def show(fig: Figure | None, *, alt: str, dpi: int = 100) -> None:
    """Display ``fig`` in the notebook as a PNG with alt text (nothing when ``fig`` is None)."""
    if fig is None:
        return
    from IPython.display import display

    data, metadata = figure_bundle(fig, alt=alt, dpi=dpi)
    display(data, metadata=metadata, raw=True)


# -- text helpers ----------------------------------------------------------------------------
def _blank(value: Any) -> bool:
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
    return "" if _blank(value) else escape(str(value), quote=True)


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
    rows = "".join(f"<li>{esc(i)}</li>" for i in items if not _blank(i))
    return f'<ul class="qi-text">{rows}</ul>' if rows else ""


def _verdict(text: str, status: str) -> str:
    kind = "good" if status in _GOOD else "bad" if status in _BAD else ""
    return f'<div class="qi-verdict {kind}">{esc(text)}</div>'


def _cell(value: Any) -> tuple[str, bool]:
    """(escaped text, is number) for one table cell."""
    if _blank(value):
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


def html_table(df: pd.DataFrame, *, caption: str | None = None, collapse: int = 0) -> str:
    """A tidy HTML table of ``df`` (no index; every cell escaped; numbers right-aligned).

    Integers show without decimals and floats with one; pre-format a column as
    text to show it differently. With ``collapse`` > 0 a table longer than that
    many rows is folded into a ``<details>`` element (no script needed).
    """
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    body = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for value in row:
            text, num = _cell(value)
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
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


def _count(n: int, noun: str, rest: str = "") -> str:
    """'1 cycle', '2 cycles' (+ rest).

    >>> _count(1, "cycle", "still running"), _count(3, "team")
    ('1 cycle still running.', '3 teams.')
    """
    text = f"{n} {noun}{'' if n == 1 else 's'}"
    return f"{text} {rest}.".replace(" .", ".")


def _date(value: Any) -> str:
    if _blank(value):
        return ""
    return pd.Timestamp(value).strftime("%d %B %Y").lstrip("0")


# -- header ----------------------------------------------------------------------------------
def banner(programme: Any) -> str:
    """The report's CSS plus a SYNTHETIC DATA banner when programme.yaml says ``synthetic``."""
    meta = getattr(programme, "meta", programme) or {}
    if not bool(meta.get("synthetic", False)):
        return REPORT_CSS
    return (
        REPORT_CSS + '<div class="qi-banner" role="note">SYNTHETIC DATA: made-up programme '
        "for demonstration; no real patients, staff or practices.</div>"
    )


def as_of_date(source: Any) -> pd.Timestamp | None:
    """The latest date in the measurements, PDSA log or progress scores (None if no data)."""
    dates = []
    for table, column in (("measurements", "period"), ("pdsa", "start"), ("progress", "date")):
        frame = getattr(source, table, None)
        if isinstance(frame, pd.DataFrame) and column in frame and frame[column].notna().any():
            dates.append(pd.to_datetime(frame[column]).max())
    return max(dates) if dates else None


def team_header(team: Any) -> str:
    """Banner, project title, team, practices, programme and the date the data run to."""
    info, programme = team.info, team.programme
    title = info.get("project_title") or info.get("team_name") or team.team_id
    as_of = as_of_date(team)
    lines = [
        banner(programme),
        f'<h1 class="qi-text">{esc(title)}</h1>',
        f'<p class="qi-lead qi-text"><strong>{esc(info.get("team_name"))}</strong>'
        + (f" · {esc(info.get('locality'))}" if not _blank(info.get("locality")) else "")
        + "</p>",
    ]
    if not _blank(info.get("practices")):
        practices = [p.strip() for p in str(info["practices"]).split(";") if p.strip()]
        lines.append(f'<p class="qi-meta qi-text">Practices: {esc(", ".join(practices))}</p>')
    lines.append(
        f'<p class="qi-meta qi-text">Programme: {esc(programme.name)} '
        f"({esc(programme.meta.get('organisation'))})</p>"
    )
    when = f"Data up to {_date(as_of)}." if as_of is not None else "No data recorded yet."
    lines.append(f'<p class="qi-meta">{when} Topic: {esc(info.get("topic"))}.</p>')
    return "\n".join(lines)


# -- people ----------------------------------------------------------------------------------
def _sessions_held(source: Any) -> list[int]:
    att = source.attendance
    return sorted(int(s) for s in att["session"].dropna().unique())


def roles_table(team: Any) -> str:
    """Team members with their role and how many recorded sessions each attended."""
    people = team.participants
    if people.empty:
        return paragraph("No team members recorded yet.")
    att = team.attendance
    held = len(_sessions_held(team))
    came = att[att["attended"] == "yes"].groupby("participant_id").size()
    df = pd.DataFrame(
        {
            "Name": people["display_name"],
            "Role": people["role"],
            "Sessions attended": [
                f"{int(came.get(p, 0))} of {held}" if held else "none held yet"
                for p in people["participant_id"]
            ],
        }
    )
    return html_table(df)


def attendance_table(source: Any) -> str:
    """Attendance per learning session held so far: date, title, attended and %.

    ``source`` is a Team or a Programme (its sessions come from programme.yaml).
    """
    from qiteach.evaluation import attendance_summary

    programme = getattr(source, "programme", source)
    summary = attendance_summary(_tables(source))
    if summary.status != "available":
        return paragraph("No attendance recorded yet.")
    sessions = programme.sessions.set_index("number")
    rows = []
    for rec in summary.by_session.itertuples(index=False):
        number = int(rec.session)
        meta = sessions.loc[number] if number in sessions.index else None
        rows.append(
            {
                "Session": number,
                "Date": _date(meta["date"]) if meta is not None else "",
                "Title": meta["title"] if meta is not None else "",
                "Attended": f"{int(rec.n_attended)} of {int(rec.n_recorded)}",
                "%": f"{rec.percent:.0f}%",
            }
        )
    total = (
        f"Overall {100 * summary.overall_rate:.0f}% of {summary.n_records} "
        "session places were attended."
    )
    return html_table(pd.DataFrame(rows)) + paragraph(total)


def _tables(source: Any) -> dict[str, Any]:
    """Mapping of a Team's (or Programme's) tables for :mod:`qiteach.evaluation`."""
    programme = getattr(source, "programme", source)
    out: dict[str, Any] = {"meta": programme.meta, "sessions": programme.sessions}
    if source is programme:
        return out | dict(programme.tables)
    for name in programme.tables:
        if name != "teams":
            out[name] = getattr(source, name)
    teams = programme.tables["teams"]
    out["teams"] = teams[teams["team_id"] == source.team_id].reset_index(drop=True)
    return out


# -- measures --------------------------------------------------------------------------------
@dataclass(frozen=True)
class MeasureSection:
    """One measure of a team report: definition, chart, alt text and interpretation."""

    measure_id: str
    name: str
    type: str
    definition_html: str
    figure: Figure | None
    alt: str
    interpretation_html: str
    verdict: str
    headline: str


def _definition(m: Mapping[str, Any]) -> str:
    parts = [
        ("Type", m.get("type")),
        ("Definition", m.get("definition")),
        ("Numerator", m.get("numerator")),
        ("Denominator", m.get("denominator")),
        ("Includes", m.get("inclusions")),
        ("Excludes", m.get("exclusions")),
        ("Data source", m.get("data_source")),
        ("Collected", m.get("frequency")),
        ("Better is", {"increase": "higher", "decrease": "lower"}.get(str(m.get("direction")))),
        ("Target", _target(m)),
    ]
    items = "".join(f"<li><strong>{k}:</strong> {esc(v)}</li>" for k, v in parts if not _blank(v))
    return f'<ul class="qi-definition qi-text">{items}</ul>'


def _target(m: Mapping[str, Any]) -> str | None:
    target = m.get("target")
    if _blank(target):
        return None
    unit = "" if _blank(m.get("unit")) else str(m["unit"])
    value = f"{float(target):g}"
    return value + unit if unit == "%" else f"{value} {unit}".strip()


def measure_table(team: Any) -> str:
    """The family of measures: name, type, chart, unit, direction, target, frequency."""
    m = team.measures
    if m.empty:
        return paragraph("No measures defined yet.")
    df = pd.DataFrame(
        {
            "Measure": m["name"],
            "Type": m["type"],
            "Chart": m["chart"],
            "Better is": m["direction"].map({"increase": "higher", "decrease": "lower"}),
            "Target": [_target(r) for r in m.to_dict("records")],
            "Collected": m["frequency"],
        }
    )
    return html_table(df)


_RULE_NAMES = {
    "anhoej": "Anhøj rules",
    "ihi": "IHI run chart rules",
    "hcdg": "Health Care Data Guide rules",
    "mdc": "NHS Making Data Count rules",
}


def rule_set_name(rules: str) -> str:
    """Plain name of a rule set.

    >>> rule_set_name("anhoej")
    'Anhøj rules'
    """
    return _RULE_NAMES.get(rules, f"{rules} rules")


def measure_sections(
    team: Any, rules: str | None = None, *, figsize: tuple[float, float] = (8.5, 3.8)
) -> Iterator[MeasureSection]:
    """One section per measure, in file order: definition, annotated chart, reading.

    Charts carry the team's PDSA cycles as markers and the measure's notes;
    signals are highlighted by :func:`qiteach.plot.chart.plot_chart`. The
    interpretation is :func:`qiteach.evaluation.read_measure`'s headline.
    A measure without data yet gets no figure and says so.
    """
    from qiteach.charts import compute_chart
    from qiteach.evaluation import read_measure
    from qiteach.exceptions import InputError
    from qiteach.plot.chart import alt_text, plot_chart

    rules = rules or team.programme.rules
    pdsa = team.pdsa
    markers = None
    if not pdsa.empty:
        markers = pd.DataFrame({"start": pdsa["start"], "label": pdsa["cycle_id"].astype(str)})
    for rec in team.measures.to_dict("records"):
        m = {k: (None if _blank(v) else v) for k, v in rec.items()}
        name = str(m.get("name") or m["measure_id"])
        kind = str(m.get("type") or "")
        try:
            result = compute_chart(**team.measure_series(m["measure_id"]).chart_kwargs(rules))
        except InputError:
            result = None
        reading = read_measure(m, result)
        fig, alt = None, ""
        if result is not None and reading.n_points > 0:
            title = f"{name} ({kind} measure)"
            ax = plot_chart(result, title=title, pdsa=markers, show_values=False, figsize=figsize)
            fig = ax.figure
            alt = plain_alt(alt_text(result, title=title))
            if markers is not None:
                alt += " Dashed vertical lines mark the start of each PDSA cycle."
        note = f"Read with the {rule_set_name(rules)}."
        interpretation = _verdict(reading.headline, reading.verdict) + paragraph(
            note, cls="qi-meta"
        )
        yield MeasureSection(
            measure_id=str(m["measure_id"]),
            name=name,
            type=kind,
            definition_html=f'<h3 class="qi-text">{esc(name)}</h3>' + _definition(m),
            figure=fig,
            alt=alt,
            interpretation_html=interpretation,
            verdict=reading.verdict,
            headline=reading.headline,
        )


# -- narrative -------------------------------------------------------------------------------
def narrative_html(team: Any) -> str:
    """The team's own words: background, what they learned, next steps (escaped)."""
    info = team.info
    parts = []
    for key, heading in (
        ("background", "Background"),
        ("learning", "What we learned"),
        ("next_steps", "Next steps"),
    ):
        text = info.get(key)
        body = paragraph(text) if not _blank(text) else paragraph("Not written yet.", cls="qi-meta")
        parts.append(f"<h3>{heading}</h3>{body}")
    return "\n".join(parts)


# -- aim, drivers, PDSA, progress ------------------------------------------------------------
def aim_html(team: Any, rules: str | None = None) -> tuple[str, Any]:
    """The aim statement and whether it was met: ``(html, AimAssessment)``."""
    from qiteach.evaluation import team_aim

    assessment = team_aim(team, rules=rules)
    aim = team.info.get("aim")
    html = (
        f'<p class="qi-lead qi-text"><strong>Aim:</strong> {esc(aim)}</p>'
        if not _blank(aim)
        else paragraph("No aim written yet.", cls="qi-meta")
    )
    html += _verdict(assessment.sentence, assessment.status)
    if assessment.measure_name:
        html += paragraph(
            f"Judged on the outcome measure: {assessment.measure_name}.", cls="qi-meta"
        )
    return html, assessment


def driver_figure(team: Any) -> tuple[Figure | None, str, str]:
    """The driver diagram with tested change ideas highlighted: ``(figure, alt, html)``.

    ``html`` lists the change ideas and how many PDSA cycles tested each.
    """
    from qiteach.drivers import DriverDiagram
    from qiteach.exceptions import ToolkitError
    from qiteach.plot.drivers import plot_driver_diagram

    drivers, pdsa = team.drivers, team.pdsa
    if drivers.empty:
        return None, "", paragraph("No driver diagram recorded yet.", cls="qi-meta")
    aim = str(team.info.get("aim") or team.info.get("project_title") or "Aim")
    try:
        diagram = DriverDiagram.from_frame(drivers, aim).with_pdsa_counts(pdsa)
    except ToolkitError as exc:
        return None, "", paragraph(f"The driver diagram cannot be drawn: {exc}", cls="qi-meta")
    ax = plot_driver_diagram(diagram)
    ideas = [n for n in diagram.nodes if n.kind == "change_idea"]
    tested = [n for n in ideas if n.pdsa_count]
    n_primary = sum(n.kind == "primary" for n in diagram.nodes)
    alt = plain_alt(
        f"Driver diagram: the aim, {n_primary} primary drivers, "
        f"{sum(n.kind == 'secondary' for n in diagram.nodes)} secondary drivers and "
        f"{len(ideas)} change ideas, of which {len(tested)} have been tested in PDSA cycles "
        "(highlighted)."
    )
    table = pd.DataFrame(
        {
            "Change idea": [n.text for n in ideas],
            "PDSA cycles": [n.pdsa_count for n in ideas],
        }
    )
    html = paragraph(f"{len(tested)} of {len(ideas)} change ideas tested so far.") + html_table(
        table
    )
    return ax.figure, alt, html


def pdsa_html(team: Any) -> tuple[str, Figure | None, str, dict[str, Any]]:
    """PDSA log summary, quality score and the ramps timeline.

    Returns ``(html, figure, alt, figures)`` where ``figures`` are the key
    numbers (cycles, ramps, quality total) for :func:`qiteach.reports.publish`.
    """
    from qiteach.pdsa import PDSALog, quality_score, summarise
    from qiteach.plot.pdsa import plot_ramps

    rows = team.pdsa
    if rows.empty:
        msg = paragraph("No PDSA cycles recorded yet.", cls="qi-meta")
        return msg, None, "", {"pdsa_cycles": 0}
    log = PDSALog.from_frame(rows, drivers=team.drivers if not team.drivers.empty else None)
    s = summarise(log)
    q = quality_score(log, measurements=team.measurements)
    acts = ", ".join(f"{v} {k}" for k, v in s.acts.items() if v)
    lines = [
        f"{s.n_cycles} PDSA cycles in {s.n_ramps} ramps on {len(s.change_ideas)} change ideas "
        f"({acts}).",
        f"{s.n_running} cycles still running." if s.n_running else "Every cycle has finished.",
        f"{s.prediction_share:.0%} of cycles stated a prediction before the test.",
    ]
    if s.median_days is not None:
        lines.append(f"A finished cycle took a median of {s.median_days:g} days.")
    quality = pd.DataFrame(
        {
            "Principle (Taylor et al. 2014)": [p.replace("_", " ") for p in q.scores],
            "Score (0-1)": [f"{v:.2f}" for v in q.scores.values()],
            "Why": list(q.reasons.values()),
        }
    )
    cycles = pd.DataFrame(
        {
            "Cycle": [c.cycle_id for c in log.cycles],
            "Change idea": [log.change_idea_text(c.node_id) for c in log.cycles],
            "Dates": [
                f"{_date(c.start)} to {_date(c.end)}" if c.end else f"from {_date(c.start)}"
                for c in log.cycles
            ],
            "Act": [c.act or "not decided" for c in log.cycles],
        }
    )
    html = (
        text_list(lines)
        + f"<h3>Quality of PDSA use: {q.total:.1f} out of 5</h3>"
        + html_table(quality)
        + "<h3>Cycles</h3>"
        + html_table(cycles, collapse=12)
    )
    ax = plot_ramps(log)
    alt = plain_alt(
        f"Timeline of {s.n_cycles} PDSA cycles in {s.n_ramps} ramps, one lane per change idea, "
        f"each cycle a bar from start to end coloured by its act decision ({acts})."
    )
    figures = {"pdsa_cycles": s.n_cycles, "pdsa_ramps": s.n_ramps, "pdsa_quality": q.total}
    return html, ax.figure, alt, figures


def progress_html(team: Any) -> tuple[str, Figure | None, str, float | None]:
    """Progress-score trajectory: ``(html, figure, alt, latest score)``."""
    from qiteach.plot.progress import plot_progress
    from qiteach.progress import trajectory

    rows = team.progress
    if rows.empty:
        return paragraph("No progress scores recorded yet.", cls="qi-meta"), None, "", None
    t = trajectory(rows)
    ax = plot_progress(rows, names={team.team_id: str(team.info.get("team_name") or "")})
    ax.set_title("Progress score (IHI scale 0.5 to 5)", loc="left")
    alt = plain_alt(
        f"Step chart of the team's progress score over {len(t.frame)} monthly ratings. "
        + t.as_text()
    )
    return paragraph(t.as_text()), ax.figure, alt, t.latest


def balancing_html(sections: Sequence[MeasureSection]) -> str:
    """One line per balancing measure, from the readings already made for the charts."""
    bal = [s for s in sections if s.type == "balancing"]
    if not bal:
        return paragraph("The team has no balancing measure.", cls="qi-meta")
    return "".join(_verdict(s.headline, s.verdict) for s in bal)


def learning_html(team: Any) -> tuple[str, Figure | None, str, dict[str, Any]]:
    """Team members' pre/post confidence (and knowledge) and their session feedback."""
    from qiteach.evaluation import analyse_survey, feedback_summary, participant_changes

    tables = _tables(team)
    analysis = analyse_survey(tables)
    html = text_list(analysis.sentences())
    changes = participant_changes(tables, domain="confidence")
    if not changes.empty:
        df = pd.DataFrame(
            {
                "Name": changes["display_name"],
                "Role": changes["role"],
                "Before": changes["pre"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}"),
                "After": changes["post"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}"),
                "Change": changes["change"].map(lambda v: "" if pd.isna(v) else f"{v:+.1f}"),
            }
        )
        html += "<h3>Confidence of each team member (mean of items, 1 to 5)</h3>"
        html += html_table(df)
    fb = feedback_summary(tables)
    html += "<h3>Session feedback</h3>"
    if fb.status != "available":
        html += paragraph("No session feedback yet.", cls="qi-meta")
    else:
        html += paragraph(
            f"{fb.n_ratings} ratings, mean {fb.mean_rating:.1f} out of 5; "
            f"{fb.percent_4plus:.0f}% rated the session 4 or 5."
        )
        quotes = "".join(
            f'<blockquote class="qi-quote">Session {int(r.session)}: {esc(r.comment)}</blockquote>'
            for r in fb.comments.itertuples(index=False)
        )
        html += quotes
    figures: dict[str, Any] = {}
    conf = analysis.tests.get("confidence")
    if conf is not None and conf.n_pairs:
        figures["confidence_change"] = conf.hl_estimate
    if fb.status == "available":
        figures["feedback_mean"] = fb.mean_rating
    fig, alt = None, ""
    if not analysis.items.empty and (analysis.items["n_pairs"] > 0).any():
        from qiteach.plot.evaluation import plot_prepost

        ax = plot_prepost(analysis, domain="confidence", title="Confidence before and after")
        fig = ax.figure
        alt = plain_alt(
            "Dumbbell chart of the team's mean confidence on each survey item before and after "
            "the programme, with 95% intervals. " + (conf.sentence() if conf is not None else "")
        )
    return html, fig, alt, figures


# == programme report ========================================================================
def programme_header(programme: Any) -> str:
    """Banner, programme name, organisation, dates and how far the programme has got."""
    meta = programme.meta
    sessions = programme.sessions
    held = _sessions_held(programme)
    as_of = as_of_date(programme)
    lines = [
        banner(programme),
        f'<h1 class="qi-text">{esc(programme.name)}</h1>',
        f'<p class="qi-lead qi-text">Evaluation report · {esc(meta.get("organisation"))}</p>',
        f'<p class="qi-meta">Programme dates: {_date(meta.get("start"))} to '
        f"{_date(meta.get('end'))}. Learning sessions with attendance recorded: {len(held)} of "
        f"{len(sessions)}. "
        + (f"Data up to {_date(as_of)}." if as_of is not None else "No data recorded yet.")
        + "</p>",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class KeyFigures:
    """The programme's headline numbers (``figures`` for summary.json) and shared results."""

    html: str
    signals_html: str
    figures: dict[str, Any]
    signals: pd.DataFrame


def key_figures(programme: Any, rules: str | None = None) -> KeyFigures:
    """Teams, people, attendance, PDSA cycles and improvement signals, computed once."""
    from qiteach.evaluation import attendance_summary, improvement_signals, pdsa_activity

    tables = _tables(programme)
    n_teams = len(programme.team_ids)
    att = attendance_summary(tables)
    act = pdsa_activity(tables)
    sig = improvement_signals(tables, rules=rules)
    improving = sorted(set(sig.loc[sig["verdict"] == "improvement", "team_id"]))
    concern = sorted(set(sig.loc[sig["verdict"] == "concern", "team_id"]))
    n_cycles = int(act.by_team["cycles"].sum()) if len(act.by_team) else 0
    rate = None if att.status != "available" else 100.0 * att.overall_rate
    rows = [
        ("Teams", str(n_teams)),
        ("Participants", str(len(programme.participants))),
        ("Attendance at learning sessions", "not yet recorded" if rate is None else f"{rate:.0f}%"),
        ("PDSA cycles run", f"{n_cycles} by {int((act.by_team['cycles'] > 0).sum())} teams"),
        (
            "Teams with special-cause improvement on an outcome measure",
            f"{len(improving)} of {n_teams}",
        ),
    ]
    html = html_table(pd.DataFrame(rows, columns=["", "Figure"]))
    names = programme.teams.set_index("team_id")["team_name"]
    view = sig.assign(team=sig["team_id"].map(names).fillna(sig["team_id"]))
    order = {"improvement": 0, "concern": 1, "special cause": 2, "common cause": 3}
    view = view.assign(_o=view["verdict"].map(order).fillna(4)).sort_values(
        ["_o", "team"], kind="stable"
    )
    table = pd.DataFrame(
        {
            "Team": view["team"],
            "Outcome measure": view["measure"],
            "Points": view["n_points"],
            "Verdict": view["verdict"],
            "Reading": view["reading"],
        }
    )
    signals_html = paragraph(
        f"{len(improving)} of {n_teams} teams show special-cause improvement on an outcome "
        f"measure; {len(concern)} show a signal in the unwanted direction. Signals are found "
        f"with the {rule_set_name(rules or programme.rules)}."
    ) + html_table(table, collapse=15)
    figures = {
        "n_teams": n_teams,
        "n_participants": len(programme.participants),
        "attendance_rate": rate,
        "pdsa_cycles": n_cycles,
        "teams_improving": len(improving),
        "teams_improving_ids": improving,
    }
    return KeyFigures(html, signals_html, figures, sig)


def roles_html(programme: Any) -> str:
    """Number and % of participants per role."""
    from qiteach.evaluation import participants_by_role

    df = participants_by_role(_tables(programme))
    if df.empty:
        return paragraph("No participants recorded yet.", cls="qi-meta")
    out = pd.DataFrame(
        {"Role": df["role"], "People": df["n"], "%": df["percent"].map(lambda v: f"{v:.0f}%")}
    )
    return html_table(out)


def attendance_html(programme: Any) -> tuple[str, Figure | None, str]:
    """% attended per session and role (table and grouped bars)."""
    from qiteach.evaluation import attendance_summary
    from qiteach.plot.evaluation import plot_attendance_bars

    summary = attendance_summary(_tables(programme))
    if summary.status != "available":
        return paragraph("No attendance recorded yet.", cls="qi-meta"), None, ""
    wide = summary.table()
    titles = programme.sessions.set_index("number")["title"]
    table = pd.DataFrame({"Session": [f"{int(s)}. {titles.get(s, '')}" for s in wide.index]})
    for col in wide.columns:
        label = "All roles" if col == "all" else str(col)
        table[label] = [("" if pd.isna(v) else f"{v:.0f}%") for v in wide[col]]
    text = attendance_table(programme) + "<h3>% attended by role</h3>" + html_table(table)
    ax = plot_attendance_bars(summary, title="Attendance by session and role")
    alt = plain_alt(
        f"Grouped bar chart of the percentage of each role attending each of {len(wide)} "
        f"learning sessions; overall {100 * summary.overall_rate:.0f}% attended."
    )
    return text, ax.figure, alt


def _progress_bands(progress: pd.DataFrame) -> pd.DataFrame:
    """Per month: median, quartiles and number of teams scored so far (latest score carried).

    >>> rows = pd.DataFrame({"team_id": ["a", "b", "a"], "score": [1.0, 2.0, 3.0],
    ...     "date": pd.to_datetime(["2026-01-31", "2026-01-31", "2026-02-28"])})
    >>> _progress_bands(rows)[["month", "median", "teams"]]
           month  median  teams
    0 2026-01-01     1.5      2
    1 2026-02-01     2.5      2
    """
    df = progress.dropna(subset=["score"]).assign(
        month=pd.to_datetime(progress["date"]).dt.to_period("M").dt.start_time
    )
    wide = df.pivot_table(index="month", columns="team_id", values="score", aggfunc="last")
    wide = wide.sort_index().ffill()
    return pd.DataFrame(
        {
            "month": wide.index,
            "median": wide.median(axis=1).to_numpy(),
            "q1": wide.quantile(0.25, axis=1).to_numpy(),
            "q3": wide.quantile(0.75, axis=1).to_numpy(),
            "teams": wide.notna().sum(axis=1).to_numpy(),
        }
    )


def programme_progress_html(programme: Any) -> tuple[str, Figure | None, str]:
    """Progress scores across teams: one line per team (≤ 8 teams) or median and quartiles."""
    from qiteach.evaluation import progress_summary

    summary = progress_summary(_tables(programme))
    scored = summary.dropna(subset=["latest_score"])
    if scored.empty:
        return paragraph("No progress scores recorded yet.", cls="qi-meta"), None, ""
    med = float(scored["latest_score"].median())
    text = paragraph(
        f"{len(scored)} of {len(summary)} teams have a progress score. The median latest score "
        f"is {med:g} (range {scored['latest_score'].min():g} to "
        f"{scored['latest_score'].max():g}); on average scores changed by "
        f"{scored['change'].mean():+.1f} since each team's first score."
    )
    table = pd.DataFrame(
        {
            "Team": scored.get("team_name", scored["team_id"]),
            "First": scored["first_score"].map(lambda v: f"{v:.1f}"),
            "Latest": scored["latest_score"].map(lambda v: f"{v:.1f}"),
            "Latest on": scored["latest_date"].map(_date),
            "Change": scored["change"].map(lambda v: f"{v:+.1f}"),
        }
    )
    text += html_table(table, collapse=15)
    progress = programme.progress
    if len(programme.team_ids) <= 8:
        from qiteach.plot.progress import plot_progress

        names = dict(zip(programme.teams["team_id"], programme.teams["team_name"], strict=True))
        ax = plot_progress(progress, names=names)
        ax.set_title("Progress score of each team (IHI scale)", loc="left")
        alt = f"Step chart of the progress score of each of {len(scored)} teams over time. "
    else:
        ax = _plot_bands(_progress_bands(progress))
        alt = (
            f"Line chart of the median progress score across {len(scored)} teams by month, "
            "with a band from the lower to the upper quartile. "
        )
    alt += f"The median latest score is {med:g}."
    return text, ax.figure, plain_alt(alt)


def _plot_bands(bands: pd.DataFrame) -> Any:
    from qiteach.plot.style import PALETTE, format_date_axis, new_axes, style_axes

    _, ax = new_axes(figsize=(8.5, 3.6))
    ax.fill_between(
        bands["month"], bands["q1"], bands["q3"], step="post", color=PALETTE["sky_blue"],
        alpha=0.35, label="Middle half of teams",
    )  # fmt: skip
    ax.step(bands["month"], bands["median"], where="post", color=PALETTE["blue"], linewidth=2,
            label="Median team")  # fmt: skip
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("Progress score (0.5 to 5)")
    ax.set_title("Progress scores across teams", loc="left")
    style_axes(ax)
    format_date_axis(ax)
    ax.legend(frameon=False, loc="upper left")
    return ax


def programme_pdsa_html(programme: Any) -> tuple[str, Figure | None, str]:
    """PDSA cycles per team (table) and cycles started per month (bars)."""
    from qiteach.evaluation import pdsa_activity

    act = pdsa_activity(_tables(programme))
    if act.status != "available":
        return paragraph("No PDSA cycles recorded yet.", cls="qi-meta"), None, ""
    by = act.by_team
    names = programme.teams.set_index("team_id")["team_name"]
    total = int(by["cycles"].sum())
    acts = ", ".join(f"{v} {k}" for k, v in act.acts.items() if v)
    text = paragraph(
        f"{total} PDSA cycles by {int((by['cycles'] > 0).sum())} of {len(by)} teams ({acts}); "
        f"{int((by['complete_ramps'] > 0).sum())} teams completed at least one ramp "
        "(two or more cycles ending in a decision to adopt or abandon)."
    )
    table = pd.DataFrame(
        {
            "Team": by["team_id"].map(names).fillna(by["team_id"]),
            "Cycles": by["cycles"],
            "Ramps": by["ramps"],
            "Running": by["running"],
            "Adopt": by["adopt"],
            "Adapt": by["adapt"],
            "Abandon": by["abandon"],
            "Complete ramps": by["complete_ramps"],
        }
    )
    text += html_table(table, collapse=15)
    from qiteach.plot.style import PALETTE, format_date_axis, new_axes, style_axes

    monthly = act.by_month.sum(axis=1)
    _, ax = new_axes(figsize=(8.5, 3.2))
    ax.bar(monthly.index, monthly.to_numpy(), width=20, color=PALETTE["blue"])
    ax.set_ylabel("Cycles started")
    ax.set_title("PDSA cycles started per month (all teams)", loc="left")
    style_axes(ax)
    format_date_axis(ax)
    busiest = monthly.idxmax()
    alt = plain_alt(
        f"Bar chart of PDSA cycles started per month across all teams, {len(monthly)} months; "
        f"the busiest month was {busiest:%B %Y} with {int(monthly.max())} cycles."
    )
    return text, ax.figure, alt


def survey_html(programme: Any) -> tuple[str, list[tuple[Any, str]], dict[str, Any]]:
    """Pre/post confidence and knowledge: paired Wilcoxon test, effect size, n, missing pairs."""
    from qiteach.evaluation import analyse_survey

    analysis = analyse_survey(_tables(programme))
    rows, figures = [], {}
    for domain, t in analysis.tests.items():
        ci = (
            f"{t.hl_estimate:+.2f} ({t.ci_level:.0%} CI {t.ci_low:+.2f} to {t.ci_high:+.2f})"
            if t.n_pairs and not math.isnan(t.ci_low)
            else ""
        )
        rows.append(
            {
                "Domain": domain,
                "Pairs": t.n_pairs,
                "Missing pairs": t.n_missing,
                "Median before": "" if math.isnan(t.median_pre) else f"{t.median_pre:.2f}",
                "Median after": "" if math.isnan(t.median_post) else f"{t.median_post:.2f}",
                "Median change (Hodges–Lehmann)": ci,
                "Wilcoxon p": "" if math.isnan(t.p_value) else _p_text(t.p_value),
                "Effect size r": "" if math.isnan(t.r) else f"{t.r:.2f}",
                "Status": t.status,
            }
        )
        figures[f"{domain}_pairs"] = t.n_pairs
        figures[f"{domain}_change"] = None if not t.n_pairs else t.hl_estimate
        figures[f"{domain}_p"] = None if math.isnan(t.p_value) else t.p_value
    text = text_list(analysis.sentences()) + html_table(pd.DataFrame(rows))
    text += paragraph(
        "Each participant's score is the mean of the items answered both before and after "
        "(Likert 1 to 5). The paired Wilcoxon signed-rank test compares them; r = z / √n is "
        "the effect size. Participants with only one survey are counted as missing pairs.",
        cls="qi-meta",
    )
    figs = []
    if not analysis.items.empty and (analysis.items["n_pairs"] > 0).any():
        from qiteach.plot.evaluation import plot_prepost

        for domain, t in analysis.tests.items():
            if not t.n_pairs:
                continue
            ax = plot_prepost(analysis, domain=domain, title=f"{domain.capitalize()}: each item")
            alt = plain_alt(
                f"Dumbbell chart of the mean {domain} score on each survey item before and after "
                f"the programme, with 95% intervals. {t.sentence()}"
            )
            figs.append((ax.figure, alt))
    return text, figs, figures


def _p_text(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


_FREQ = {"weekly": "W", "monthly": "M", "quarterly": "Q"}


def its_html(programme: Any, *, most: int = 3) -> tuple[str, list[tuple[Any, str]]]:
    """Segmented regression of the most common outcome measures pooled across teams."""
    from qiteach.evaluation import programme_its
    from qiteach.exceptions import InputError
    from qiteach.plot.evaluation import plot_its

    m = programme.measures
    outcome = m[m["type"] == "outcome"]
    if outcome.empty:
        return paragraph("No outcome measures defined yet.", cls="qi-meta"), []
    counts = outcome.groupby("measure_id", sort=False).size().sort_values(ascending=False)
    parts, figs = [], []
    start = _date(programme.meta.get("start"))
    parts.append(
        paragraph(
            f"Each chart pools every team's data for one outcome measure and fits a segmented "
            f"regression before and after the programme start ({start}), with Newey–West "
            "standard errors. The dashed line is where the pre-programme trend would have gone."
        )
    )
    for measure_id in counts.index[:most]:
        rows = outcome[outcome["measure_id"] == measure_id]
        name = str(rows["name"].iloc[0])
        freq = _FREQ.get(str(rows["frequency"].iloc[0]))
        teams = rows["team_id"].tolist()
        label = f"{name} ({len(teams)} team{'s' if len(teams) != 1 else ''})"
        try:
            result = programme_its(_tables(programme), measure_id, teams=teams, freq=freq,
                                   label=label)  # fmt: skip
        except InputError as exc:
            parts.append(f"<h3>{esc(label)}</h3>" + paragraph(f"Not analysed: {exc}"))
            continue
        parts.append(f"<h3>{esc(label)}</h3>" + paragraph(result.sentence()))
        if result.status == "fitted":
            ax = plot_its(result, title=label)
            figs.append(
                (ax.figure, plain_alt("Interrupted time series chart. " + result.sentence()))
            )
    return "".join(parts), figs


def small_multiples(programme: Any, rules: str | None = None) -> tuple[str, Figure | None, str]:
    """Every team's main (first outcome) measure in one figure of small charts."""
    from qiteach.plot.evaluation import plot_small_multiples

    n = len(programme.team_ids)
    if not n:
        return paragraph("No teams yet.", cls="qi-meta"), None, ""
    if n <= 12:
        ncols = 1 if n == 1 else 2 if n <= 4 else 3
        size = (6.0, 3.0) if ncols <= 2 else (4.2, 2.4)
        fig = plot_small_multiples(_tables(programme), ncols=ncols, rules=rules, panel_size=size)
    else:
        fig = _lean_multiples(programme, rules)
    text = paragraph(
        "Each small chart shows one team's first outcome measure with its centre line, limits "
        "and signals, drawn with the same rules as the team reports."
    )
    alt = plain_alt(
        f"Small multiples: {n} small run or control charts, one per team, of each team's main "
        "outcome measure. The table of improvement signals above lists what each chart shows."
    )
    return text, fig, alt


def _lean_multiples(programme: Any, rules: str | None, *, ncols: int = 6) -> Figure:
    """Many teams: one light panel each (data, centre line, limits, signal points).

    :func:`qiteach.plot.evaluation.plot_small_multiples` draws full charts; with
    dozens of teams that takes tens of seconds, so large programmes get this
    sparse drawing of the same chart results (fixed grid, no layout engine).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from qiteach.evaluation import measure_chart
    from qiteach.exceptions import InputError
    from qiteach.plot.style import PALETTE, TEXT

    m = programme.measures
    outcome = m[m["type"] == "outcome"].drop_duplicates("team_id")
    main = dict(zip(outcome["team_id"], outcome["measure_id"], strict=True))
    teams = programme.team_ids
    nrows = math.ceil(len(teams) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.0 * ncols, 1.35 * nrows), squeeze=False)
    fig.subplots_adjust(left=0.01, right=0.99, top=1 - 0.05 / nrows, bottom=0.01, hspace=0.45,
                        wspace=0.08)  # fmt: skip
    for ax, team in zip(axes.ravel(), teams, strict=False):
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("#CCCCCC")
        ax.set_title(str(team)[:28], fontsize=7, color=TEXT, loc="left", pad=2)
        try:
            result = (
                measure_chart(programme, team, main[team], rules=rules) if team in main else None
            )
        except InputError:
            result = None
        if result is None:
            ax.text(0.5, 0.5, "no data yet", ha="center", va="center", fontsize=7,
                    color="#777777", transform=ax.transAxes)  # fmt: skip
            continue
        pts = result.points
        x = np.arange(len(pts))
        ax.plot(x, pts["y"].to_numpy(float), color="#1F5F8B", linewidth=0.8)
        ax.plot(x, pts["cl"].to_numpy(float), color=TEXT, linewidth=0.7)
        for col in ("ucl", "lcl"):
            if col in pts and pts[col].notna().any():
                ax.plot(x, pts[col].to_numpy(float), color="#999999", linewidth=0.5)
        flagged = pts["signals"].astype(bool).to_numpy() if "signals" in pts else None
        if flagged is not None and flagged.any():
            ax.plot(x[flagged], pts["y"].to_numpy(float)[flagged], "o", markersize=1.8,
                    color=PALETTE["orange"])  # fmt: skip
    for ax in axes.ravel()[len(teams) :]:
        ax.set_visible(False)
    return fig


def kirkpatrick_html(programme: Any, rules: str | None = None) -> tuple[str, pd.DataFrame]:
    """The Kirkpatrick levels 1-4 summary table (and the computed table itself)."""
    from qiteach.evaluation import kirkpatrick_table

    table = kirkpatrick_table(_tables(programme), rules=rules)
    out = pd.DataFrame(
        {
            "Level": table["level"].astype(str) + " " + table["level_name"].astype(str),
            "Indicator": table["indicator"],
            "Result": table["result"],
            "Source": table["source"],
        }
    )
    return html_table(out), table


def kirkpatrick_figures(table: pd.DataFrame) -> dict[str, Any]:
    """The Kirkpatrick table's figures keyed for summary.json (NaN → None).

    >>> t = pd.DataFrame({"indicator": ["Aims met", "PDSA cycles run"],
    ...                   "figure": [2.0, float("nan")]})
    >>> kirkpatrick_figures(t)
    {'kirkpatrick': {'Aims met': 2.0, 'PDSA cycles run': None}}
    """
    values = {
        str(k): (None if pd.isna(v) else float(v))
        for k, v in zip(table["indicator"], table["figure"], strict=True)
    }
    return {"kirkpatrick": values}
