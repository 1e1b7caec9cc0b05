"""The programme report's summary page, breakdowns, change ideas and balancing measures.

The figures come from :mod:`qiteach.evaluation.summary` (compute); this module
only lays them out as HTML (all user text escaped, see :mod:`qiteach.reports.html`).

>>> html, summary = summary_html(demo_programme)
>>> html.startswith('<section class="qi-summary"'), "Aims met" in html
(True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.reports.html import agrees, esc, html_table, paragraph, plural, text_list

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qiteach.evaluation.summary import ProgrammeSummary
    from qiteach.workspace.model import Programme, Team

__all__ = [
    "balancing_programme_html",
    "breakdowns_html",
    "funnels_html",
    "ideas_html",
    "mdc_matrix_html",
    "summary_html",
    "team_results_html",
]


def summary_html(
    programme: Programme, rules: str | None = None, signals: pd.DataFrame | None = None
) -> tuple[str, ProgrammeSummary]:
    """The one-page summary: ``(html, ProgrammeSummary)``; every sentence computed."""
    from qiteach.evaluation.summary import programme_summary

    summary = programme_summary(programme, rules=rules, signals=signals)
    parts = ['<section class="qi-summary" aria-label="Summary">']
    for heading, lines in summary.sections.items():
        parts.append(f"<h3>{esc(heading)}</h3>" + text_list(lines))
    parts.append("</section>")
    return "".join(parts), summary


def _people(row: Any) -> str:
    if pd.isna(row["change"]):
        return ""
    return f"{row['change']:+,.0f} ({row['ci_low']:+,.0f} to {row['ci_high']:+,.0f})"


_LABELS = {"area": "Area", "locality": "Locality", "topic": "Topic"}


def breakdowns_html(summary: ProgrammeSummary) -> str:
    """One table per grouping the workspace holds (area, locality, topic)."""
    if not summary.breakdowns:
        return paragraph("The teams are not grouped yet (one locality, one topic).", cls="qi-meta")
    parts = []
    for by, t in summary.breakdowns.items():
        table = pd.DataFrame(
            {
                _LABELS.get(by, by): t[by],
                "Teams": t["teams"],
                **({"Registered patients": t["list_size"]} if t["list_size"].notna().any() else {}),
                "Aims met": [
                    f"{m} of {j}" for m, j in zip(t["aims_met"], t["judged"], strict=True)
                ],
                "Borderline": t["borderline"],
                "Improving now": t["improving"],
                "Concern now": t["concern"],
                "Patients vs baseline (95% CI)": [_people(r) for _, r in t.iterrows()],
            }
        )
        parts.append(f"<h3>By {esc(by)}</h3>" + html_table(table))
    parts.append(
        paragraph(
            "Groups are ordered by the share of aims met, then by the share of teams improving "
            "now. Patients vs baseline adds each team's change on its main outcome measure "
            "(patients at the latest month compared with the team's baseline rate).",
            cls="qi-meta",
        )
    )
    return "".join(parts)


def team_results_html(summary: ProgrammeSummary) -> str:
    """Every team: groups, list size, main outcome measure, aim, verdict now and change."""
    r = summary.results
    if r.empty:
        return paragraph("No teams yet.", cls="qi-meta")
    cols: dict[str, Any] = {"Team": r["team"]}
    for by in ("area", "locality", "topic"):
        if by in r and r[by].notna().any():
            cols[_LABELS[by]] = r[by]
    if r["list_size"].notna().any():
        cols["List size"] = r["list_size"].map(lambda v: "" if pd.isna(v) else f"{int(v):,}")
    cols["Outcome measure"] = r["measure"]
    cols["Aim"] = [
        f"{s} (borderline)" if b else s
        for s, b in zip(r["aim_status"], r["borderline"], strict=True)
    ]
    cols["Now"] = r["verdict"]
    cols["Signal began"] = r["timing"]
    cols["Patients vs baseline"] = r["change"].map(lambda v: "" if pd.isna(v) else f"{v:+,.0f}")
    return html_table(pd.DataFrame(cols), collapse=15)


def ideas_html(summary: ProgrammeSummary) -> str:
    """Change ideas across teams: tested, adopted/adapted/abandoned, improved after."""
    from qiteach.evaluation.ideas import CAUTION

    t = summary.ideas
    if t.empty or not (t["tested"] > 0).any():
        return paragraph("No change idea has been tested in a PDSA cycle yet.", cls="qi-meta")
    shown = t[t["on_diagrams"] > 0]
    table = pd.DataFrame(
        {
            "Change idea": shown["idea"],
            **({"Code": shown["code"]} if (shown["code"] != "").any() else {}),
            "Wordings": shown["wordings"],
            "On diagrams": shown["on_diagrams"],
            "Tested": shown["tested"],
            "Adopted": shown["adopted"],
            "Adapted": shown["adapted"],
            "Abandoned": shown["abandoned"],
            "Still running": shown["running"],
            "Improved after first cycle": [
                f"{i} of {n}" if n else ""
                for i, n in zip(shown["improved_after"], shown["tested"], strict=True)
            ],
        }
    )
    note = paragraph(
        "Ideas are matched across teams by their shared code where the driver diagram gives "
        "one, otherwise by their wording (ignoring case and punctuation); 'Wordings' counts "
        "the different wordings matched. 'Improved after first cycle' counts testers whose "
        "main outcome measure shows a special-cause improvement that began after the month "
        "of their first cycle on the idea. " + CAUTION,
        cls="qi-meta",
    )
    return html_table(table, collapse=15) + note


def balancing_programme_html(programme: Programme, rules: str | None = None) -> str:
    """Which teams have a concern on a balancing measure, now or at any time."""
    from qiteach.evaluation import improvement_signals

    sig = improvement_signals(programme, types=("balancing",), rules=rules)
    if sig.empty:
        return paragraph("No team has a balancing measure.", cls="qi-meta")
    names = programme.teams.set_index("team_id")["team_name"]
    now = sig[sig["verdict"] == "concern"]
    ever = sig[(sig["ever_verdict"] == "concern") & (sig["verdict"] != "concern")]
    teams, concern_now = sig["team_id"].nunique(), now["team_id"].nunique()
    calm = int((sig["verdict"] == "common cause").sum())
    text = paragraph(
        f"{plural(teams, 'team')} {agrees(teams, 'keeps', 'keep')} "
        f"{plural(len(sig), 'balancing measure')}. {plural(concern_now, 'team')} "
        f"{agrees(concern_now, 'has', 'have')} a concern on one now (a signal the unwanted "
        f"way reaching the latest points) and {ever['team_id'].nunique()} more had one earlier; "
        f"{plural(calm, 'balancing measure')} {agrees(calm, 'shows', 'show')} only "
        "common-cause variation now."
    )
    flagged = pd.concat([now, ever])
    if flagged.empty:
        return text
    table = pd.DataFrame(
        {
            "Team": flagged["team_id"].map(names).fillna(flagged["team_id"]),
            "Balancing measure": flagged["measure"],
            "Now": flagged["verdict"],
            "At any time": flagged["ever_verdict"],
            "Reading": flagged["reading"],
        }
    )
    return text + html_table(table, collapse=15)


def funnels_html(
    programme: Programme, *, least: int = 3
) -> tuple[str, list[tuple[str, Figure | None, str]]]:
    """Funnel plots of each outcome measure kept by at least ``least`` teams.

    Returns ``(introduction html, [(html, figure or None, alt), ...])``, one item per
    measure, so each chart sits under its own heading and reading.
    """
    from qiteach.evaluation.funnel import measure_funnel
    from qiteach.exceptions import InputError
    from qiteach.plot.funnel import plot_funnel
    from qiteach.plot.style import figure_of
    from qiteach.reports.html import plain_alt

    m = programme.measures
    outcome = m[m["type"] == "outcome"]
    counts = outcome.groupby("measure_id", sort=False).size()
    shared = [mid for mid, k in counts.items() if k >= least]
    if not shared:
        return paragraph(
            f"No outcome measure is kept by {least} or more teams, so there is no funnel plot.",
            cls="qi-meta",
        ), []
    intro = paragraph(
        "Each funnel plot compares the teams on one outcome measure at its latest period, "
        "allowing for how many patients each has: small practices vary more by chance, so "
        "their limits are wider. A practice outside the 99.8% limits (solid lines) is "
        "unlikely to differ from the others by chance alone; outside the 95% limits "
        "(dashed) is a weaker hint. Limits are exact binomial or Poisson limits, widened "
        "for over-dispersion (more spread between practices than chance explains, "
        "Spiegelhalter 2005) when a test shows it; each chart says which was used."
    )
    items: list[tuple[str, Figure | None, str]] = []
    for mid in shared:
        name = str(outcome.loc[outcome["measure_id"] == mid, "name"].iloc[0])
        try:
            result = measure_funnel(programme, mid)
        except InputError as exc:
            items.append((f"<h3>{esc(name)}</h3>" + paragraph(f"No funnel plot: {exc}"), None, ""))
            continue
        said = result.sentence("teams")
        named = result.units[result.units["band"] != "within"]
        if len(named):
            said += (
                " Outside the limits: "
                + "; ".join(f"{u} ({b})" for u, b in zip(named["unit"], named["band"], strict=True))
                + "."
            )
        ax = plot_funnel(result, title=f"{name}: latest period, by practice size")
        items.append(
            (f"<h3>{esc(name)}</h3>" + paragraph(said), figure_of(ax),
             plain_alt("Funnel plot. " + said))
        )  # fmt: skip
    return intro, items


def _icon_cell(kind: str, key: str | None, words: dict[str, str]) -> str:
    import base64

    from qiteach.plot.icon_images import icon_png

    if not isinstance(key, str):  # None, or NaN from the table
        return "<td>not yet</td>" if kind == "variation" else "<td>no target or limits</td>"
    text = words.get(key, key).replace("\n", " ")
    data = base64.b64encode(icon_png(kind, key)).decode("ascii")
    return (
        f'<td class="qi-icon"><img src="data:image/png;base64,{data}" width="28" height="28" '
        f'alt="{esc(text)}"> {esc(text)}</td>'
    )


def mdc_matrix_html(
    source: Programme | Team,
    rules: str | None = None,
    *,
    teams: list[str] | None = None,
    types: tuple[str, ...] = ("outcome", "balancing"),
    names: pd.Series | None = None,
) -> str:
    """The Making Data Count summary matrix, most attention first (see mdc_matrix)."""
    from qiteach.evaluation.mdc_matrix import mdc_matrix
    from qiteach.plot.icons import ASSURANCE_TEXT, VARIATION_TEXT, variation_key
    from qiteach.reports.sections_common import rule_set_name

    m = mdc_matrix(source, rules=rules, teams=teams, types=types)
    if m.empty:
        return paragraph("No measures yet.", cls="qi-meta")
    team_col = teams is None or len(teams) > 1
    head = (["Team"] if team_col else []) + [
        "Measure", "Type", "Variation (latest)", "Assurance (target)", "Verdict now",
        "Needs attention",
    ]  # fmt: skip
    body = []
    for r in m.itertuples(index=False):
        key = variation_key(r.variation, r.direction) if isinstance(r.variation, str) else None
        cells = []
        if team_col:
            label = names.get(r.team_id, r.team_id) if names is not None else r.team_id
            cells.append(f"<td>{esc(label)}</td>")
        cells += [
            f"<td>{esc(r.measure)}</td>",
            f"<td>{esc(r.type)}</td>",
            _icon_cell("variation", key, VARIATION_TEXT),
            _icon_cell("assurance", r.assurance, ASSURANCE_TEXT),
            f"<td>{esc(r.verdict)}</td>",
            f'<td class="num">{int(r.attention)}</td>',
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        '<table class="qi-table qi-matrix"><thead><tr>'
        + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )
    if len(body) > 15:
        table = (
            f'<details class="qi-more"><summary>Show all {len(body)} rows</summary>{table}'
            "</details>"
        )
    used = set(m["rules"].dropna())
    mdc = used == {"mdc"}
    how = (
        "Variation is the type of the latest point and assurance compares the target with the "
        "latest process limits (NHS Making Data Count rules)."
        if mdc
        else "Variation is what the latest points show (a signal reaching the recent points) "
        f"and assurance compares the target with the chart's latest control limits, read from "
        f"this report's charts ({rule_set_name(rules or next(iter(used), 'anhoej'))}); run "
        "charts have no limits, so no assurance. Run the report with --rules mdc for the NHS "
        "Making Data Count rules themselves."
    )
    worst = int((m["attention"] > 0).sum())
    lead = paragraph(
        f"{worst} of {len(m)} measures need attention (a concern now, a target failed "
        "consistently, or hit and miss); they are listed first, the most pressing at the top "
        "(concern 3, fails target 2, hit and miss 1, added up)."
    )
    return lead + table + paragraph(how, cls="qi-meta")
