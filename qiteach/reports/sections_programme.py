"""Sections of the programme report (``notebooks/reports/programme.ipynb``).

Every function takes a :class:`~qiteach.workspace.model.Programme` and returns
HTML fragments (all user text escaped, see :mod:`qiteach.reports.html`) and
figures with alt text for :func:`qiteach.reports.show_figure`.

>>> from qiteach.workspace.templates import example_workspace
>>> import tempfile, pathlib, qiteach
>>> programme = qiteach.open_workspace(example_workspace(pathlib.Path(tempfile.mkdtemp()) / "w"))
>>> "<h1" in programme_header(programme), roles_html(programme).startswith("<")
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import percent_text
from qiteach.reports.html import (
    esc,
    html_table,
    long_date,
    paragraph,
    plain_alt,
    plural,
    text_list,
)
from qiteach.reports.sections_common import (
    as_of_date,
    attendance_table,
    banner,
    rule_set_name,
    sessions_held,
    source_tables,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "KeyFigures",
    "attendance_html",
    "its_html",
    "key_figures",
    "kirkpatrick_figures",
    "kirkpatrick_html",
    "programme_header",
    "programme_pdsa_html",
    "programme_progress_html",
    "roles_html",
    "small_multiples",
    "survey_html",
]


# == programme report ========================================================================
def programme_header(programme: Any) -> str:
    """Banner, programme name, organisation, dates and how far the programme has got."""
    meta = programme.meta
    sessions = programme.sessions
    held = sessions_held(programme)
    as_of = as_of_date(programme)
    lines = [
        banner(programme),
        f'<h1 class="qi-text">{esc(programme.name)}</h1>',
        f'<p class="qi-lead qi-text">Evaluation report · {esc(meta.get("organisation"))}</p>',
        f'<p class="qi-meta">Programme dates: {long_date(meta.get("start"))} to '
        f"{long_date(meta.get('end'))}. Learning sessions with attendance recorded: {len(held)} of "
        f"{len(sessions)}. "
        + (f"Data up to {long_date(as_of)}." if as_of is not None else "No data recorded yet.")
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
    from qiteach.evaluation.aim import MIN_POINTS

    tables = source_tables(programme)
    n_teams = len(programme.team_ids)
    att = attendance_summary(tables)
    act = pdsa_activity(tables)
    sig = improvement_signals(programme, rules=rules)  # charts kept on programme for reuse
    improving = sorted(set(sig.loc[sig["verdict"] == "improvement", "team_id"]))
    concern = sorted(set(sig.loc[sig["verdict"] == "concern", "team_id"]))
    n_cycles = int(act.by_team["cycles"].sum()) if len(act.by_team) else 0
    rate = None if att.status != "available" else 100.0 * att.overall_rate
    rows = [
        ("Teams", str(n_teams)),
        ("Participants", str(len(programme.participants))),
        (
            "Attendance at learning sessions",
            "not yet recorded" if rate is None else percent_text(rate),
        ),
        ("PDSA cycles run", f"{n_cycles} by {int((act.by_team['cycles'] > 0).sum())} teams"),
        (
            "Teams with special-cause improvement on an outcome measure",
            f"{len(improving)} of {n_teams}",
        ),
    ]
    html = html_table(pd.DataFrame(rows, columns=["", "Figure"]))
    names = programme.teams.set_index("team_id")["team_name"]
    view = sig.assign(team=sig["team_id"].map(names).fillna(sig["team_id"]))
    order = {
        "improvement": 0,
        "concern": 1,
        "special cause": 2,
        "common cause": 3,
        "too early to say": 4,
    }
    view = view.assign(_o=view["verdict"].map(order).fillna(5)).sort_values(
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
    early = int((sig["verdict"] == "too early to say").sum())
    signals_html = paragraph(
        f"{len(improving)} of {n_teams} teams show special-cause improvement on an outcome "
        f"measure; {len(concern)} show a signal in the unwanted direction. Signals are found "
        f"with the {rule_set_name(rules or programme.rules)}. A signal (special cause) means "
        "the measure changed by more than everyday variation would explain; on its own it "
        "does not prove that the team's changes caused it (the PDSA log and the team's "
        "account are the evidence for that). Common cause means only everyday variation so "
        "far."
        + (
            f" {early} outcome measure{'s have' if early != 1 else ' has'} fewer than "
            f"{MIN_POINTS} points, so it is too early to say."
            if early
            else ""
        )
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

    df = participants_by_role(source_tables(programme))
    if df.empty:
        return paragraph("No participants recorded yet.", cls="qi-meta")
    out = pd.DataFrame(
        {"Role": df["role"], "People": df["n"], "%": df["percent"].map(percent_text)}
    )
    return html_table(out)


def attendance_html(programme: Any) -> tuple[str, Figure | None, str]:
    """% attended per session and role (table and grouped bars)."""
    from qiteach.evaluation import attendance_summary
    from qiteach.plot.evaluation import plot_attendance_bars

    summary = attendance_summary(source_tables(programme))
    if summary.status != "available":
        return paragraph("No attendance recorded yet.", cls="qi-meta"), None, ""
    wide = summary.table(decimals=None)  # rounded once, below, like the session table
    titles = programme.sessions.set_index("number")["title"]
    table = pd.DataFrame({"Session": [f"{int(s)}. {titles.get(s, '')}" for s in wide.index]})
    for col in wide.columns:
        label = "All roles" if col == "all" else str(col)
        table[label] = [("" if pd.isna(v) else percent_text(v)) for v in wide[col]]
    text = attendance_table(programme) + "<h3>% attended by role</h3>" + html_table(table)
    ax = plot_attendance_bars(summary, title="Attendance by session and role")
    overall = percent_text(100 * summary.overall_rate)
    alt = plain_alt(
        f"Grouped bar chart of the percentage of each role attending each of "
        f"{plural(len(wide), 'learning session')}; overall {overall} attended."
    )
    return text, ax.figure, alt  # type: ignore[return-value]


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

    summary = progress_summary(source_tables(programme))
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
            "Latest on": scored["latest_date"].map(long_date),
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
        teams = plural(len(scored), "team")
        alt = f"Step chart of the progress score of each of {teams} over time. "
    else:
        from qiteach.plot.progress import plot_progress_bands

        ax = plot_progress_bands(_progress_bands(progress))
        alt = (
            f"Line chart of the median progress score across {len(scored)} teams by month, "
            "with a band from the lower to the upper quartile. "
        )
    alt += f"The median latest score is {med:g}."
    return text, ax.figure, plain_alt(alt)  # type: ignore[return-value]


def programme_pdsa_html(programme: Any) -> tuple[str, Figure | None, str]:
    """PDSA cycles per team (table) and cycles started per month (bars)."""
    from qiteach.evaluation import pdsa_activity

    act = pdsa_activity(source_tables(programme))
    if act.status != "available":
        return paragraph("No PDSA cycles recorded yet.", cls="qi-meta"), None, ""
    by = act.by_team
    names = programme.teams.set_index("team_id")["team_name"]
    total = int(by["cycles"].sum())
    acts = ", ".join(f"{v} {k}" for k, v in act.acts.items() if v)
    text = paragraph(
        f"{plural(total, 'PDSA cycle')} by {int((by['cycles'] > 0).sum())} of {len(by)} teams "
        f"({acts}); "
        f"{plural(int((by['complete_ramps'] > 0).sum()), 'team')} completed at least one ramp "
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
    return text, ax.figure, alt  # type: ignore[return-value]


def survey_html(programme: Any) -> tuple[str, list[tuple[Any, str]], dict[str, Any]]:
    """Pre/post confidence and knowledge: paired Wilcoxon test, effect size, n, missing pairs."""
    from qiteach.evaluation import analyse_survey

    analysis = analyse_survey(source_tables(programme))
    rows, figures = [], {}
    for domain, t in analysis.tests.items():
        if t.n_pairs and t.has_interval:
            ci = f"{t.hl_estimate:+.2f} ({t.ci_level:.0%} CI {t.ci_low:+.2f} to {t.ci_high:+.2f})"
        else:  # one pair has no interval (level 0); no pairs, no estimate
            ci = f"{t.hl_estimate:+.2f}" if t.n_pairs else ""
        rows.append(
            {
                "Domain": domain,
                "Pairs": t.n_pairs,
                "Missing pairs": t.n_missing,
                "Median before": "" if math.isnan(t.median_pre) else f"{t.median_pre:.2f}",
                "Median after": "" if math.isnan(t.median_post) else f"{t.median_post:.2f}",
                "Median change (Hodges–Lehmann)": ci,
                "Wilcoxon p": "" if math.isnan(t.p_value) else _p_text(t.p_value),
                "Effect size r": f"{t.r:.2f}" if t.status == "tested" else "",
                "Status": t.status,
            }
        )
        figures[f"{domain}_pairs"] = t.n_pairs
        figures[f"{domain}_change"] = None if not t.n_pairs else t.hl_estimate
        figures[f"{domain}_p"] = None if math.isnan(t.p_value) else t.p_value
    text = text_list(analysis.sentences()) + html_table(pd.DataFrame(rows))
    text += paragraph(
        "Each participant's score is the mean of the items answered both before and after "
        "(Likert 1 to 5). The Hodges–Lehmann median change is the typical change per person, "
        "with a confidence interval at the level the number of pairs allows. The paired "
        "Wilcoxon signed-rank test asks whether the changes could be chance (a p-value below "
        "0.05 says they are unlikely to be); r = z / √n is the effect size (0.5 or more is "
        "large). Participants with only one survey are counted as missing pairs.",
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
    start = long_date(programme.meta.get("start"))
    parts.append(
        paragraph(
            f"Each chart pools every team's data for one outcome measure and fits a segmented "
            f"regression before and after the programme start ({start}), with Newey–West "
            "standard errors. The dashed line is where the pre-programme trend would have gone. "
            "A change at the start shows that the measure moved then; other things changed "
            "over the same months too, so on its own it is not proof that the programme "
            "caused it."
        )
    )
    for measure_id in counts.index[:most]:
        rows = outcome[outcome["measure_id"] == measure_id]
        name = str(rows["name"].iloc[0])
        freq = _FREQ.get(str(rows["frequency"].iloc[0]))
        teams = rows["team_id"].tolist()
        label = f"{name} ({len(teams)} team{'s' if len(teams) != 1 else ''})"
        try:
            result = programme_its(source_tables(programme), measure_id, teams=teams, freq=freq,
                                   label=label)  # fmt: skip
        except InputError as exc:
            parts.append(f"<h3>{esc(label)}</h3>" + paragraph(f"Not analysed: {exc}"))
            continue
        # the fit's own cautions (e.g. a short segment) are part of what it says
        said = result.sentence() + "".join(f" Caution: {w}." for w in result.warnings)
        parts.append(f"<h3>{esc(label)}</h3>" + paragraph(said))
        if result.status == "fitted":
            ax = plot_its(result, title=label)
            figs.append((ax.figure, plain_alt("Interrupted time series chart. " + said)))
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
        fig = plot_small_multiples(programme, ncols=ncols, rules=rules, panel_size=size)
    else:
        fig = _lean_multiples(programme, rules)
    text = paragraph(
        "Each small chart shows one team's first outcome measure with its centre line, limits "
        "and signals, drawn with the same rules as the team reports."
    )
    alt = plain_alt(
        f"Small multiples: {plural(n, 'small run or control chart')}, one per team, of each "
        f"team's main outcome measure. {_main_verdicts(programme, rules)}"
    )
    return text, fig, alt


def _main_verdicts(programme: Any, rules: str | None) -> str:
    """What the small multiples show, in words: each team's verdict (or counts when many)."""
    from qiteach.evaluation import improvement_signals

    sig = improvement_signals(programme, rules=rules)  # charts already kept on programme
    main = sig.drop_duplicates("team_id")  # file order: each team's first outcome measure
    if main.empty:
        return "No team has an outcome measure yet."
    if len(programme.team_ids) <= 12:
        names = programme.teams.set_index("team_id")["team_name"]
        verdicts = {r.team_id: f"{r.measure}: {r.verdict}" for r in main.itertuples(index=False)}
        return (
            "; ".join(
                f"{names.get(t, t)}, {verdicts.get(t, 'no outcome measure yet')}"
                for t in programme.team_ids
            )
            + "."
        )
    counts = main["verdict"].value_counts()
    return (
        f"Of {plural(len(main), 'team')} with an outcome measure: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + "."
    )


def _main_charts(programme: Any, rules: str | None) -> list[tuple[str, Any]]:
    """``(team_id, ChartResult or None)`` of each team's first outcome measure, in team order."""
    from qiteach.evaluation import measure_chart
    from qiteach.exceptions import InputError

    m = programme.measures
    outcome = m[m["type"] == "outcome"].drop_duplicates("team_id")
    main = dict(zip(outcome["team_id"], outcome["measure_id"], strict=True))
    out = []
    for team in programme.team_ids:
        try:  # the same chart objects key_figures' signals table used
            result = (
                measure_chart(programme, team, main[team], rules=rules) if team in main else None
            )
        except InputError:
            result = None
        out.append((team, result))
    return out


def _lean_multiples(programme: Any, rules: str | None, *, ncols: int = 6) -> Figure:
    """Many teams: one light panel each (:func:`qiteach.plot.evaluation.plot_lean_multiples`)."""
    from qiteach.plot.evaluation import plot_lean_multiples

    return plot_lean_multiples(_main_charts(programme, rules), ncols=ncols)


def kirkpatrick_html(programme: Any, rules: str | None = None) -> tuple[str, pd.DataFrame]:
    """The Kirkpatrick levels 1-4 summary table (and the computed table itself)."""
    from qiteach.evaluation import kirkpatrick_table

    table = kirkpatrick_table(programme, rules=rules)  # reuses key_figures' charts
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
