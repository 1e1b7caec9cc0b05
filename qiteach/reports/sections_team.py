"""Sections of the team report (``notebooks/reports/team.ipynb``), so the notebook stays thin.

Every function takes a :class:`~qiteach.workspace.model.Team` and returns HTML
fragments (all user text escaped, see :mod:`qiteach.reports.html`) and, where
there is a chart, a matplotlib figure with its alt text for
:func:`qiteach.reports.show_figure`. Chart results are computed once per
measure (:func:`measure_sections`) and reused for the aim and the balancing
measures.

>>> from qiteach.workspace.templates import example_workspace
>>> import tempfile, pathlib, qiteach
>>> team = qiteach.open_workspace(example_workspace(pathlib.Path(tempfile.mkdtemp()) / "w")
...                               ).team("north")
>>> "<h1" in team_header(team), measure_table(team).startswith('<table class="qi-table">')
(True, True)
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import percent_text
from qiteach.reports.html import (
    agrees,
    blank,
    count_text,
    esc,
    html_table,
    long_date,
    paragraph,
    plain_alt,
    plural,
    text_list,
    verdict_box,
)
from qiteach.reports.sections_common import (
    as_of_date,
    as_of_html,
    banner,
    rule_set_name,
    sessions_held,
    source_tables,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = [
    "MeasureSection",
    "aim_html",
    "balancing_html",
    "driver_figure",
    "learning_html",
    "measure_sections",
    "measure_table",
    "narrative_html",
    "pdsa_html",
    "progress_html",
    "roles_table",
    "team_header",
]


def _figure(ax: Axes) -> Figure:
    """The figure ``ax`` is on (plotting is imported only when a section draws)."""
    from qiteach.plot.style import figure_of

    return figure_of(ax)


def team_header(team: Team) -> str:
    """Banner, project title, team, practices, programme and the date the data run to."""
    info, programme = team.info, team.programme
    title = info.get("project_title") or info.get("team_name") or team.team_id
    as_of = as_of_date(team)
    lines = [
        banner(programme),
        f'<h1 class="qi-text">{esc(title)}</h1>',
        f'<p class="qi-lead qi-text"><strong>{esc(info.get("team_name"))}</strong>'
        + (f" · {esc(info.get('locality'))}" if not blank(info.get("locality")) else "")
        + "</p>",
    ]
    if not blank(info.get("practices")):
        practices = [p.strip() for p in str(info["practices"]).split(";") if p.strip()]
        lines.append(f'<p class="qi-meta qi-text">Practices: {esc(", ".join(practices))}</p>')
    lines.append(
        f'<p class="qi-meta qi-text">Programme: {esc(programme.name)} '
        f"({esc(programme.meta.get('organisation'))})</p>"
    )
    lines.append(f'<p class="qi-meta">{as_of_html(as_of)} Topic: {esc(info.get("topic"))}.</p>')
    return "\n".join(lines)


def roles_table(team: Team) -> str:
    """Team members with their role and how many recorded sessions each attended."""
    people = team.participants
    if people.empty:
        return paragraph("No team members recorded yet.")
    att = team.attendance
    held = len(sessions_held(team))
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
    items = "".join(f"<li><strong>{k}:</strong> {esc(v)}</li>" for k, v in parts if not blank(v))
    return f'<ul class="qi-definition qi-text">{items}</ul>'


def _target(m: Mapping[str, Any]) -> str | None:
    target = m.get("target")
    if target is None or blank(target):
        return None
    unit = "" if blank(m.get("unit")) else str(m["unit"])
    value = f"{float(target):g}"
    return value + unit if unit == "%" else f"{value} {unit}".strip()


def measure_table(team: Team) -> str:
    """The family of measures: name, type, chart (in words), direction, target, frequency."""
    from qiteach.plot.chart_points import CHART_NAMES

    m = team.measures
    if m.empty:
        return paragraph("No measures defined yet.")
    df = pd.DataFrame(
        {
            "Measure": m["name"],
            "Type": m["type"],
            "Chart": m["chart"].map(lambda c: CHART_NAMES.get(c, c)),  # "p" means nothing
            "Better is": m["direction"].map({"increase": "higher", "decrease": "lower"}),
            "Target": [_target(r) for r in m.to_dict("records")],
            "Collected": m["frequency"],
        }
    )
    return html_table(df)


def measure_sections(
    team: Team, rules: str | None = None, *, figsize: tuple[float, float] = (8.5, 3.8)
) -> Iterator[MeasureSection]:
    """One section per measure, in file order: definition, annotated chart, reading.

    Charts carry the team's PDSA cycles as markers and the measure's notes;
    signals are highlighted by :func:`qiteach.plot.chart.plot_chart`. The
    interpretation is :func:`qiteach.evaluation.read_measure`'s headline.
    A measure without data yet gets no figure and says so.
    """
    from qiteach.evaluation._tables import programme_start
    from qiteach.evaluation.aim import chart_or_reason, first_cycles, read_measure
    from qiteach.plot.chart import alt_text, plot_chart
    from qiteach.plot.style import new_axes

    rules = rules or team.programme.rules
    pdsa = team.pdsa
    dates = {
        "programme_start": programme_start(team.programme),
        "first_cycle": first_cycles(team).get(team.team_id),
    }
    markers = None
    if not pdsa.empty:
        markers = pd.DataFrame({"start": pdsa["start"], "label": pdsa["cycle_id"].astype(str)})
    for rec in team.measures.to_dict("records"):
        m = {k: (None if blank(v) else v) for k, v in rec.items()}
        name = str(m.get("name") or m["measure_id"])
        kind = str(m.get("type") or "")
        # shared with the aim's reading (computed once per measure)
        result, why = chart_or_reason(team, None, str(m["measure_id"]), rules)
        reading = read_measure(m, result, reason=why, **dates)
        fig, alt = None, ""
        if result is not None and reading.n_points > 0:
            title = f"{name} ({kind} measure)"
            # Making Data Count icons sit above the right-hand end: keep the title left of them
            shown = textwrap.fill(title, MDC_TITLE_WIDTH) if result.rules == "mdc" else title
            # one axes: its margins measured once per draw, not constrained layout's twice
            _, ax = new_axes(figsize=figsize, layout="fitted")
            ax = plot_chart(result, ax, title=shown, pdsa=markers, show_values=False,
                            ylabel=_axis_label(m))  # fmt: skip
            fig = _figure(ax)
            alt = plain_alt(alt_text(result, title=title))
            if markers is not None:
                alt += " Dashed vertical lines mark the start of each PDSA cycle."
        note = f"Read with the {rule_set_name(rules)}."
        interpretation = verdict_box(reading.headline, reading.verdict) + paragraph(
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


#: Characters per title line on a chart with Making Data Count icons (clear of the icons).
MDC_TITLE_WIDTH = 44


def _axis_label(m: Mapping[str, Any]) -> str | None:
    """The y-axis label from the measure's unit: "Percent" for %, else the unit; None: default.

    >>> _axis_label({"unit": "%"}), _axis_label({"unit": "referrals"}), _axis_label({})
    ('Percent', 'Referrals', None)
    """
    unit = m.get("unit")
    if blank(unit):
        return None
    unit = str(unit).strip()
    return "Percent" if unit == "%" else unit[:1].upper() + unit[1:]


# -- narrative -------------------------------------------------------------------------------
def narrative_html(team: Team) -> str:
    """The team's own words: background, what they learned, next steps (escaped)."""
    info = team.info
    parts = []
    for key, heading in (
        ("background", "Background"),
        ("learning", "What we learned"),
        ("next_steps", "Next steps"),
    ):
        text = info.get(key)
        body = paragraph(text) if not blank(text) else paragraph("Not written yet.", cls="qi-meta")
        parts.append(f"<h3>{heading}</h3>{body}")
    return "\n".join(parts)


# -- aim, drivers, PDSA, progress ------------------------------------------------------------
def aim_html(team: Team, rules: str | None = None) -> tuple[str, Any]:
    """The aim statement and whether it was met: ``(html, AimAssessment)``."""
    from qiteach.evaluation import team_aim

    assessment = team_aim(team, rules=rules)
    aim = team.info.get("aim")
    html = (
        f'<p class="qi-lead qi-text"><strong>Aim:</strong> {esc(aim)}</p>'
        if not blank(aim)
        else paragraph("No aim written yet.", cls="qi-meta")
    )
    html += verdict_box(assessment.sentence, assessment.status)
    if assessment.measure_name:
        html += paragraph(
            f"Judged on the outcome measure: {assessment.measure_name}.", cls="qi-meta"
        )
    return html, assessment


def driver_figure(team: Team) -> tuple[Figure | None, str, str]:
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
        f"Driver diagram: the aim, {plural(n_primary, 'primary driver')}, "
        f"{plural(sum(n.kind == 'secondary' for n in diagram.nodes), 'secondary driver')} and "
        f"{plural(len(ideas), 'change idea')}, of which {len(tested)} "
        f"{agrees(len(tested), 'has', 'have')} been tested in PDSA cycles (highlighted)."
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
    return _figure(ax), alt, html


def pdsa_html(team: Team) -> tuple[str, Figure | None, str, dict[str, Any]]:
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
        f"{plural(s.n_cycles, 'PDSA cycle')} in {plural(s.n_ramps, 'ramp')} on "
        f"{plural(len(s.change_ideas), 'change idea')} ({acts}).",
        count_text(s.n_running, "cycle", "still running")
        if s.n_running
        else "Every cycle has finished.",
        f"{percent_text(100 * s.prediction_share)} of cycles stated a prediction before the test.",
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
                f"{long_date(c.start)} to {long_date(c.end)}"
                if c.end
                else f"from {long_date(c.start)}"
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
        f"Timeline of {plural(s.n_cycles, 'PDSA cycle')} in {plural(s.n_ramps, 'ramp')}, one "
        "lane per change idea, "
        f"each cycle a bar from start to end coloured by its act decision ({acts})."
    )
    figures = {"pdsa_cycles": s.n_cycles, "pdsa_ramps": s.n_ramps, "pdsa_quality": q.total}
    return html, _figure(ax), alt, figures


def progress_html(team: Team) -> tuple[str, Figure | None, str, float | None]:
    """Progress-score trajectory: ``(html, figure, alt, latest score)``."""
    from qiteach.plot.progress import plot_progress
    from qiteach.progress import trajectory

    rows = team.progress
    if rows.empty:
        return paragraph("No progress scores recorded yet.", cls="qi-meta"), None, "", None
    t = trajectory(rows)
    ax = plot_progress(rows, names={team.team_id: str(team.info.get("team_name") or "")})
    ax.set_title("Progress score (IHI scale 0.5 to 5)", loc="left")
    text = _progress_sentence(t)
    alt = plain_alt(
        f"Step chart of the team's progress score over {plural(len(t.frame), 'rating')}. " + text
    )
    return paragraph(text), _figure(ax), alt, t.latest


def _progress_sentence(t: Any) -> str:
    """The latest score and its change, with dates written as elsewhere in the report.

    >>> from qiteach.progress import trajectory
    >>> print(_progress_sentence(trajectory([{"date": "2026-01-31", "score": 1.0},
    ...                                      {"date": "2026-02-28", "score": 2.0}])))
    Latest progress score 2.0 (Activity, no changes) on 28 February 2026, up 1.0 since
    31 January 2026.
    """
    return t.as_text(date_text=long_date)


def balancing_html(sections: Sequence[MeasureSection]) -> str:
    """One line per balancing measure, from the readings already made for the charts."""
    bal = [s for s in sections if s.type == "balancing"]
    if not bal:
        return paragraph("The team has no balancing measure.", cls="qi-meta")
    return "".join(verdict_box(s.headline, s.verdict) for s in bal)


def learning_html(team: Team) -> tuple[str, Figure | None, str, dict[str, Any]]:
    """Team members' pre/post confidence (and knowledge) and their session feedback."""
    from qiteach.evaluation import analyse_survey, feedback_summary, participant_changes

    tables = source_tables(team)
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
        high = round(fb.percent_4plus * fb.n_ratings / 100)
        share = (  # fewer than 5 ratings: counts, not a percentage
            f"{high} of {fb.n_ratings}" if fb.n_ratings < 5 else percent_text(fb.percent_4plus)
        )
        html += paragraph(
            f"{plural(fb.n_ratings, 'rating')}, mean {fb.mean_rating:.1f} out of 5; "
            f"{share} rated the session 4 or 5."
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
        fig = _figure(ax)
        alt = plain_alt(
            "Dumbbell chart of the team's mean confidence on each survey item before and after "
            "the programme, with 95% intervals. " + (conf.sentence() if conf is not None else "")
        )
    return html, fig, alt, figures
