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

import numpy as np
import pandas as pd

from qiteach.evaluation._tables import percent_text
from qiteach.evaluation.aim import VERDICT_ORDER
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
    as_of_html,
    attendance_table,
    banner,
    rule_set_name,
    sessions_held,
    source_tables,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from qiteach.evaluation.its import ITSResult
    from qiteach.workspace.model import Programme

__all__ = [
    "KeyFigures",
    "attendance_html",
    "its_html",
    "key_figures",
    "kirkpatrick_figures",
    "kirkpatrick_html",
    "measured_learning_html",
    "programme_header",
    "programme_pdsa_html",
    "programme_progress_html",
    "roles_html",
    "small_multiples",
    "survey_html",
]


# == programme report ========================================================================
def programme_header(programme: Programme) -> str:
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
        f"{len(sessions)}. " + as_of_html(as_of) + "</p>",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class KeyFigures:
    """The programme's headline numbers (``figures`` for summary.json) and shared results."""

    html: str
    signals_html: str
    figures: dict[str, Any]
    signals: pd.DataFrame


def key_figures(programme: Programme, rules: str | None = None) -> KeyFigures:
    """Teams, people, attendance, PDSA cycles and improvement signals, computed once."""
    from qiteach.evaluation import attendance_summary, improvement_signals, pdsa_activity

    tables = source_tables(programme)
    n_teams = len(programme.team_ids)
    att = attendance_summary(tables)
    act = pdsa_activity(tables)
    sig = improvement_signals(programme, rules=rules)  # charts kept on programme for reuse
    improving = sorted(set(sig.loc[sig["verdict"] == "improvement", "team_id"]))
    concern = sorted(set(sig.loc[sig["verdict"] == "concern", "team_id"]))
    ever = sorted(set(sig.loc[sig["ever_verdict"] == "improvement", "team_id"]))
    n_cycles = int(act.by_team["cycles"].sum()) if len(act.by_team) else 0
    rate = None if att.status != "available" else 100.0 * att.overall_rate
    rows = [
        ("Teams", str(n_teams)),
        ("Participants", str(len(programme.participants))),
        (
            "Attendance at learning sessions",
            "not yet recorded" if rate is None else percent_text(rate),
        ),
        (
            "PDSA cycles run",
            f"{n_cycles} by {plural(int((act.by_team['cycles'] > 0).sum()), 'team')}",
        ),
        (
            "Teams whose latest points show special-cause improvement on an outcome measure",
            f"{len(improving)} of {n_teams}",
        ),
        (
            "Teams with special-cause improvement on an outcome measure at any time",
            f"{len(ever)} of {n_teams}",
        ),
    ]
    html = html_table(pd.DataFrame(rows, columns=["", "Figure"]))
    signals_html = _signals_html(programme, sig, rules, n_teams)
    figures = {
        "n_teams": n_teams,
        "n_participants": len(programme.participants),
        "attendance_rate": rate,
        "pdsa_cycles": n_cycles,
        "teams_improving": len(improving),
        "teams_improving_ids": improving,
        "teams_improving_ever": len(ever),
        "teams_concern": len(concern),
    }
    return KeyFigures(html, signals_html, figures, sig)


def _month(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%b %Y}"


def timing_counts(sig: pd.DataFrame, verdict: str = "improvement") -> dict[str, int]:
    """How many ``verdict`` readings (now) began before the programme / first PDSA cycle.

    >>> sig = pd.DataFrame({"verdict": ["improvement"] * 3 + ["concern"],
    ...     "timing": ["before the programme started", "after the team's first PDSA cycle",
    ...                "before the team's first PDSA cycle", ""]})
    >>> timing_counts(sig)
    {'n': 3, 'before_programme': 1, 'before_first_cycle': 1}
    """
    from qiteach.evaluation.timing import BEFORE_FIRST_CYCLE, BEFORE_PROGRAMME

    now = sig[sig["verdict"] == verdict]
    return {
        "n": len(now),
        "before_programme": int((now["timing"] == BEFORE_PROGRAMME).sum()),
        "before_first_cycle": int((now["timing"] == BEFORE_FIRST_CYCLE).sum()),
    }


def _signals_html(programme: Programme, sig: pd.DataFrame, rules: str | None, n_teams: int) -> str:
    """The improvement-signals section: what the latest points show, and when signals began."""
    from qiteach.evaluation.aim import MIN_POINTS
    from qiteach.evaluation.timing import RECENT_POINTS

    improving = sig.loc[sig["verdict"] == "improvement", "team_id"].nunique()
    concern = sig.loc[sig["verdict"] == "concern", "team_id"].nunique()
    ever = sig.loc[sig["ever_verdict"] == "improvement", "team_id"].nunique()
    names = programme.teams.set_index("team_id")["team_name"]
    view = sig.assign(team=sig["team_id"].map(names).fillna(sig["team_id"]))
    order = view["verdict"].map(VERDICT_ORDER).fillna(len(VERDICT_ORDER))
    view = view.assign(_o=order).sort_values(["_o", "team"], kind="stable")
    table = pd.DataFrame(
        {
            "Team": view["team"],
            "Outcome measure": view["measure"],
            "Points": view["n_points"],
            "Now": view["verdict"],
            "At any time": view["ever_verdict"],
            "Signal began": view["signal_start"].map(_month),
            "Began": view["timing"],
            "Reading": view["reading"],
        }
    )
    rule_name = rule_set_name(rules or programme.rules)
    recent = (
        "the latest point"
        if (rules or programme.rules) == "mdc"
        else f"the last {RECENT_POINTS} points"
    )
    counts = timing_counts(sig)
    timing = ""
    if counts["n"]:
        timing = (
            f" Of the {plural(counts['n'], 'improvement signal')} showing now, "
            f"{counts['before_first_cycle']} began before the team's first PDSA cycle and "
            f"{counts['before_programme']} before the programme started: their start cannot be put "
            "down to the changes the teams tested."
        )
    early = int((sig["verdict"] == "too early to say").sum())
    return paragraph(
        f"Now (a signal reaching {recent}): {improving} of {n_teams} teams show special-cause "
        f"improvement on an outcome measure and {concern} a signal in the unwanted direction; "
        f"{ever} showed improvement at some time.{timing} Signals are found with the "
        f"{rule_name}. A signal (special cause) means the measure changed by more than "
        "everyday variation would explain; on its own it does not prove that the team's "
        "changes caused it (the PDSA log and the team's account are the evidence for that). "
        "Common cause means only everyday variation so far."
        + (
            f" {early} outcome measure{'s have' if early != 1 else ' has'} fewer than "
            f"{MIN_POINTS} points, so it is too early to say."
            if early
            else ""
        )
    ) + html_table(table, collapse=15)


def roles_html(programme: Programme) -> str:
    """Number and % of participants per role."""
    from qiteach.evaluation import participants_by_role

    df = participants_by_role(source_tables(programme))
    if df.empty:
        return paragraph("No participants recorded yet.", cls="qi-meta")
    out = pd.DataFrame(
        {"Role": df["role"], "People": df["n"], "%": df["percent"].map(percent_text)}
    )
    return html_table(out)


def attendance_html(programme: Programme) -> tuple[str, Figure | None, str]:
    """% attended per session and role (table and grouped bars)."""
    from qiteach.evaluation import attendance_summary
    from qiteach.plot.evaluation import plot_attendance_bars
    from qiteach.plot.style import figure_of

    summary = attendance_summary(source_tables(programme))
    if summary.status != "available":
        return paragraph("No attendance recorded yet.", cls="qi-meta"), None, ""
    wide = summary.table(decimals=None)  # rounded once, below, like the session table
    titles = programme.sessions.set_index("number")["title"]
    table = pd.DataFrame({"Session": [f"{int(s)}. {titles.get(s, '')}" for s in wide.index]})
    counts = summary.by_session_role.set_index(["session", "role"])
    totals = summary.by_session.set_index("session")
    for col in wide.columns:
        label = "All roles" if col == "all" else str(col)
        cells = []
        for session, v in zip(wide.index, wide[col], strict=True):
            src = totals.loc[session] if col == "all" else counts.loc[(session, col)] \
                if (session, col) in counts.index else None  # fmt: skip
            cells.append(_share_text(v, src))
        table[label] = cells
    text = attendance_table(programme) + "<h3>% attended by role</h3>" + html_table(table)
    ax = plot_attendance_bars(summary, title="Attendance by session and role")
    overall = percent_text(100 * summary.overall_rate)
    alt = plain_alt(
        f"Grouped bar chart of the percentage of each role attending each of "
        f"{plural(len(wide), 'learning session')}; overall {overall} attended."
    )
    return text, figure_of(ax), alt


#: Fewer people than this are shown as "3 of 4", never as a percentage.
MIN_PERCENT_BASE = 5


def _share_text(percent: float, counts: Any) -> str:
    """A percentage, or "a of n" when fewer than MIN_PERCENT_BASE people make it up.

    >>> _share_text(75.0, {"n_attended": 3, "n_recorded": 4}), _share_text(80.0, None)
    ('3 of 4', '80%')
    """
    if pd.isna(percent):
        return ""
    if counts is not None and int(counts["n_recorded"]) < MIN_PERCENT_BASE:
        return f"{int(counts['n_attended'])} of {int(counts['n_recorded'])}"
    return percent_text(percent)


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


def programme_progress_html(programme: Programme) -> tuple[str, Figure | None, str]:
    """Progress scores across teams: one line per team (≤ 8 teams) or median and quartiles."""
    from qiteach.evaluation import progress_summary
    from qiteach.plot.style import figure_of

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
    return text, figure_of(ax), plain_alt(alt)


def programme_pdsa_html(programme: Programme) -> tuple[str, Figure | None, str]:
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
    from qiteach.plot.style import PALETTE, figure_of, format_date_axis, new_axes, style_axes

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
    return text, figure_of(ax), alt


def survey_html(programme: Programme) -> tuple[str, list[tuple[Figure, str]], dict[str, Any]]:
    """Pre/post confidence and knowledge: paired Wilcoxon test, effect size, n, missing pairs."""
    from qiteach.evaluation import analyse_survey
    from qiteach.plot.style import figure_of

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
            figs.append((figure_of(ax), alt))
    return text, figs, figures


def measured_learning_html(programme: Programme) -> tuple[str, dict[str, Any]]:
    """Measured learning beside the survey: self-check results by session and role.

    Groups of fewer than 5 people show "too few to show"; a programme without
    consent (``learning_evidence``) says nothing is recorded.
    """
    from qiteach.evaluation.learning import MIN_PEOPLE, learning_summary

    s = learning_summary(source_tables(programme))
    figures = {
        "learning_people": s.people if s.shown else None,
        "learning_completed_percent": None if math.isnan(s.completed_percent)
        else s.completed_percent,
        "learning_first_time_percent": None if math.isnan(s.first_time_percent)
        else s.first_time_percent,
    }  # fmt: skip
    text = paragraph(s.sentence())
    if s.status != "available":
        return text, figures
    names = {
        "group": "",
        "people": "People",
        "answered": "Exercises answered",
        "completed": "Completed (latest try passed)",
        "first_time": "Passed first time",
    }
    for title, table in (("By session", s.by_session), ("By role", s.by_role)):
        columns = names | {"group": title.split()[-1].title()}
        text += html_table(table.rename(columns=columns), caption=title)
    text += paragraph(
        "What participants did, not what they felt: the notebooks' self-checks record each "
        "person's first try and latest try at every exercise (with the programme's consent; "
        "pseudonymous ids only). A group of fewer than "
        f"{MIN_PEOPLE} people shows “too few to show”, so no one's results can be picked out. "
        "Read it beside the confidence survey above.",
        cls="qi-meta",
    )
    return text, figures


def _p_text(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


_FREQ = {"weekly": "W", "monthly": "M", "quarterly": "Q"}


def its_html(programme: Programme, *, most: int = 3) -> tuple[str, list[tuple[Figure, str]]]:
    """Segmented regression of the most common outcome measures pooled across teams."""
    from qiteach.evaluation import programme_its
    from qiteach.exceptions import InputError
    from qiteach.plot.evaluation import plot_its
    from qiteach.plot.style import figure_of

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
            figs.append((figure_of(ax), plain_alt("Interrupted time series chart. " + said)))
            parts.append(_its_sensitivity_html(programme, measure_id, teams, freq, result))
    return "".join(parts), figs


def _its_sensitivity_html(
    programme: Programme, measure_id: str, teams: list[str], freq: str | None, main: ITSResult
) -> str:
    """The fit again with other lags and with team fixed effects, as a small table."""
    from qiteach.evaluation.its_sensitivity import its_sensitivity

    table = its_sensitivity(source_tables(programme), measure_id, teams=teams, freq=freq)
    if table.empty:
        return ""

    def ci(est: float, lo: float, hi: float) -> str:
        return f"{est:+.3g} ({lo:.3g} to {hi:.3g})"

    shown = pd.DataFrame(
        {
            "Model": table["model"],
            "Level change at the start (95% CI)": [
                ci(*r) for r in table[["level_change", "level_low", "level_high"]].to_numpy()
            ],
            f"Slope change per {main.unit} (95% CI)": [
                ci(*r) for r in table[["slope_change", "slope_low", "slope_high"]].to_numpy()
            ],
            "Effect at the last period (95% CI)": [
                ci(*r) for r in table[["end_effect", "end_low", "end_high"]].to_numpy()
            ],
            "Note": table["note"],
        }
    )
    signs = {float(np.sign(v)) for v in table["end_effect"] if v == v}
    wide = [  # models whose interval for the effect at the last period includes zero
        str(r.model).split(",")[0]
        for r in table.itertuples()
        if not (r.end_low > 0 or r.end_high < 0)
    ]
    if len(signs) != 1:
        agree = "The models disagree on the direction of the effect: read it with caution."
    elif not wide:
        agree = (
            "Every model puts the effect at the last period on the same side of zero, "
            "and no interval includes zero."
        )
    else:
        names = " and ".join(dict.fromkeys(wide))
        agree = (
            "Every model puts the effect at the last period on the same side of zero, "
            f"but the interval includes zero with {names}: the effect is less certain "
            "than the main fit alone suggests."
        )
    return (
        "<h4>Sensitivity</h4>"
        + paragraph(
            "The same fit with other numbers of Newey–West lags, and with each team's own "
            f"series and level (team fixed effects, errors clustered by team). {agree}"
        )
        + html_table(shown)
    )


def small_multiples(
    programme: Programme, rules: str | None = None
) -> list[tuple[str, Figure | None, str]]:
    """Small multiples of the outcome measures, one figure per measure (a page per group).

    Within a measure every panel shares one y-scale, so practices can be compared
    by eye; each panel names its team and verdict now, draws the target as a
    dashed line, and colours signal points by what they mean: improvement blue,
    concern orange (Okabe-Ito, colour-blind safe; the verdict is written too).
    Returns ``[(html, figure, alt), ...]``.
    """
    from qiteach.evaluation import improvement_signals

    if not programme.team_ids:
        return [(paragraph("No teams yet.", cls="qi-meta"), None, "")]
    sig = improvement_signals(programme, rules=rules)  # charts already kept on programme
    names = programme.teams.set_index("team_id")["team_name"]
    out: list[tuple[str, Figure | None, str]] = []
    for measure_id, group in sig.groupby("measure_id", sort=False):
        name = str(group["measure"].iloc[0])
        fig = _measure_panels(programme, measure_id, group, names, rules)
        counts = group["verdict"].value_counts()
        said = ", ".join(f"{v} {k}" for k, v in counts.items())
        text = f"<h3>{esc(name)} ({plural(len(group), 'team')})</h3>" + paragraph(
            f"Now: {said}. Each small chart is one team's {name.lower()} with its centre "
            "line, limits, target (dashed) and signals (blue improvement, orange concern), "
            "on one scale for all the teams."
        )
        each = ""
        if len(group) <= 12:  # few enough to name every team's verdict
            each = (
                " "
                + "; ".join(
                    f"{names.get(t, t)}: {v}"
                    for t, v in zip(group["team_id"], group["verdict"], strict=True)
                )
                + "."
            )
        alt = plain_alt(
            f"Small multiples of {name} for {plural(len(group), 'team')} on a shared scale. "
            f"Now: {said}.{each}"
        )
        out.append((text, fig, alt))
    missing = [t for t in programme.team_ids if t not in set(sig["team_id"])]
    if missing:
        who = ", ".join(str(names.get(t, t)) for t in missing)
        out.append((paragraph(f"No outcome measure yet: {who}.", cls="qi-meta"), None, ""))
    return out


def _measure_panels(
    programme: Programme, measure_id: str, group: pd.DataFrame, names: pd.Series, rules: str | None
) -> Figure:
    """The panels of one measure: each team's (already computed) chart, drawn in plot/."""
    from qiteach.evaluation import measure_chart
    from qiteach.exceptions import InputError
    from qiteach.plot.multiples import plot_measure_panels

    panels = []
    for row in group.itertuples(index=False):
        try:  # the same chart objects the signals table used
            result = measure_chart(programme, row.team_id, measure_id, rules=rules)
        except InputError:
            result = None
        label = str(names.get(row.team_id, row.team_id)).replace(" (SYNTHETIC)", "")
        panels.append((label, row.verdict, result))
    return plot_measure_panels(
        panels, direction=str(group["direction"].iloc[0]), title=str(group["measure"].iloc[0])
    )


def kirkpatrick_html(programme: Programme, rules: str | None = None) -> tuple[str, pd.DataFrame]:
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
