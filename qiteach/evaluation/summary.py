"""The programme at a glance: one row per team, breakdowns by group, and the one-page summary.

:func:`team_results` joins, per team, its first outcome measure's verdict now
(:func:`~qiteach.evaluation.improvement_signals`), its aim
(:func:`~qiteach.evaluation.team_aim`, with borderline cases) and the absolute
change against its baseline (:func:`~qiteach.evaluation.absolute.absolute_changes`),
with the team's groups (``area``, ``locality``, ``topic``) and ``list_size``.
:func:`breakdown` adds those up by a group; :func:`programme_summary` writes the
summary's sentences from them, every figure computed.

>>> s = programme_summary(demo_programme)
>>> list(s.sections)
['Purpose', 'What changed', 'Aims', 'Best and worst', 'Change ideas worth spreading', 'Caveats']
>>> s.sections["Aims"][0].startswith("Aims met: ")
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import get_meta, percent_text, plural

if TYPE_CHECKING:
    from qiteach.workspace.model import Programme

__all__ = [
    "GROUPINGS",
    "ProgrammeSummary",
    "breakdown",
    "programme_summary",
    "team_results",
]

#: teams.csv columns the programme report breaks results down by, with their plain names
#: (highest level first); a column is used when the workspace holds two or more values.
GROUPINGS: dict[str, str] = {"area": "area", "locality": "locality", "topic": "topic"}
JUDGED = ("met", "not yet met")


def _day(value: Any) -> str:
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def _num(value: float, unit: str | None = None) -> str:
    text = f"{value:+,.0f}" if abs(value) >= 10 else f"{value:+.1f}"
    return f"{text}{unit or ''}"


def team_results(
    programme: Programme, *, rules: str | None = None, signals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per team: groups, list size, main outcome measure, aim, verdict, change.

    ``signals`` is :func:`~qiteach.evaluation.improvement_signals`' table when the
    caller has it already (the programme report does).
    """
    from qiteach.evaluation import improvement_signals, team_aim
    from qiteach.evaluation.absolute import absolute_changes

    sig = signals if signals is not None else improvement_signals(programme, rules=rules)
    main = sig.drop_duplicates("team_id").set_index("team_id")
    changes = absolute_changes(programme).set_index(["team_id", "measure_id"])
    teams = programme.teams
    rows = []
    for rec in teams.to_dict("records"):
        team = str(rec["team_id"])
        aim = team_aim(programme, team, rules=rules)
        row: dict[str, Any] = {"team_id": team, "team": rec.get("team_name") or team}
        for col in GROUPINGS:
            value = rec.get(col)
            row[col] = None if value is None or pd.isna(value) or value == "" else str(value)
        size = rec.get("list_size")
        row["list_size"] = None if size is None or pd.isna(size) else int(size)
        row |= {
            "measure_id": aim.measure_id,
            "measure": aim.measure_name,
            "aim_status": aim.status,
            "aim_value": aim.value,
            "target": aim.target,
            "borderline": aim.borderline,
            "aim_sentence": aim.sentence,
        }
        s = main.loc[team] if team in main.index else None
        row["verdict"] = "no outcome measure" if s is None else s["verdict"]
        row["ever_verdict"] = "" if s is None else s["ever_verdict"]
        row["timing"] = "" if s is None else s["timing"]
        key = (team, aim.measure_id)
        c = changes.loc[key] if aim.measure_id and key in changes.index else None
        for col in ("chart", "unit", "counted", "baseline", "recent", "change", "se", "better"):
            row[col] = None if c is None else c[col]
        rows.append(row)
    return pd.DataFrame(rows)


def breakdown(results: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of ``by``: teams, list size, aims met, borderline, improving, change in people.

    ``change`` adds the teams' absolute changes on ratio outcome measures (people),
    with a 95% interval from their standard errors.

    >>> r = pd.DataFrame({"topic": ["a", "a", "b"], "list_size": [100, 200, None],
    ...     "aim_status": ["met", "not yet met", "met"], "borderline": [False, True, False],
    ...     "verdict": ["improvement", "common cause", "concern"], "chart": ["p", "p", "p"],
    ...     "change": [10.0, 5.0, -2.0], "se": [3.0, 4.0, 1.0]})
    >>> breakdown(r, "topic")[["topic", "teams", "aims_met", "judged", "improving", "change"]]
      topic  teams  aims_met  judged  improving  change
    0     b      1         1       1          0    -2.0
    1     a      2         1       2          1    15.0
    """
    from qiteach.evaluation.absolute import RATIO_CHARTS, Z95

    rows = []
    for value, g in results.groupby(by, sort=True, dropna=True):
        judged = g["aim_status"].isin(JUDGED)
        ratio = g[g["chart"].isin(RATIO_CHARTS) & g["change"].notna()]
        total = float(ratio["change"].sum()) if len(ratio) else math.nan
        se = math.sqrt(float((ratio["se"] ** 2).sum())) if len(ratio) else math.nan
        sizes = g["list_size"].dropna() if "list_size" in g else pd.Series(dtype=float)
        rows.append(
            {
                by: value,
                "teams": len(g),
                "list_size": int(sizes.sum()) if len(sizes) else None,
                "aims_met": int((g["aim_status"] == "met").sum()),
                "judged": int(judged.sum()),
                "borderline": int((g["borderline"] & judged).sum()),
                "improving": int((g["verdict"] == "improvement").sum()),
                "concern": int((g["verdict"] == "concern").sum()),
                "change": total,
                "ci_low": total - Z95 * se,
                "ci_high": total + Z95 * se,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    share = out["aims_met"] / out["judged"].where(out["judged"] > 0)
    better = out["improving"] / out["teams"]
    out = out.assign(_s=share.fillna(-1), _b=better)
    out = out.sort_values(["_s", "_b", by], ascending=[False, False, True], kind="stable")
    return out.drop(columns=["_s", "_b"]).reset_index(drop=True)


@dataclass(frozen=True)
class ProgrammeSummary:
    """The one-page summary: sentences by heading, and the tables they were computed from."""

    sections: dict[str, list[str]]
    results: pd.DataFrame
    breakdowns: dict[str, pd.DataFrame]
    changes: pd.DataFrame
    its: pd.DataFrame
    ideas: pd.DataFrame
    figures: dict[str, Any] = field(default_factory=dict)


def _purpose(programme: Programme, results: pd.DataFrame) -> list[str]:
    meta = get_meta(programme)
    n = len(results)
    groups = []
    for col, word in (("locality", "localit"), ("area", "area")):
        k = results[col].nunique() if col in results else 0
        if k > 1:
            groups.append(
                f"{k} {'localities' if word == 'localit' else 'areas'}"
                if col == "locality"
                else f"{k} areas"
            )
    where = f" in {' and '.join(groups)}" if groups else ""
    when = ""
    if meta.get("start") and meta.get("end"):
        when = f" between {_day(meta['start'])} and {_day(meta['end'])}"
    topics = []
    for topic, g in results.groupby("topic", sort=False, dropna=True):
        m = g.dropna(subset=["measure"])
        if m.empty:
            topics.append(f"{topic} ({plural(len(g), 'team')})")
            continue
        name = str(m["measure"].value_counts().index[0])
        targets = m["target"].dropna()
        unit = "%" if (m["unit"] == "%").any() else ""
        aim = ""
        if len(targets):
            lo, hi = targets.min(), targets.max()
            aim = f", aiming for {lo:g}{unit}" if lo == hi else f", aiming for {lo:g}–{hi:g}{unit}"
        topics.append(f"{topic} ({plural(len(g), 'team')}, measured by {name}{aim})")
    lead = f"{n} team{'s' if n != 1 else ''}{where} set out{when} to improve "
    listed = topics[0] if len(topics) == 1 else ", ".join(topics[:-1]) + " and " + topics[-1]
    return [lead + (listed if topics else "their services") + "."]


def _changed(changes: pd.DataFrame, its: pd.DataFrame) -> list[str]:
    """One sentence per outcome measure: change vs the teams' baselines, and vs the ITS trend."""
    from qiteach.evaluation.absolute import RATIO_CHARTS

    fits = {r.measure_id: r for r in its.itertuples(index=False)}
    out = []
    for r in changes.itertuples(index=False):
        more = "more" if r.total >= 0 else "fewer"
        ci = f"95% CI {r.ci_low:,.0f} to {r.ci_high:,.0f}"
        if r.chart in RATIO_CHARTS:
            head = (
                f"{r.measure}: {abs(r.total):,.0f} {more} patients at the latest month than "
                f"each team's baseline rate would give ({ci})"
            )
        else:
            head = (
                f"{r.measure}: {abs(r.total):,.1f} {more} {r.counted} per period than each "
                f"team's baseline ({ci})"
            )
        text = (
            f"{head}, across {plural(r.teams, 'team')} ({r.teams_better} improved and "
            f"{r.teams_worse} got worse by more than their own month-to-month noise)"
        )
        fit = fits.pop(r.measure_id, None)
        out.append(text + (_its_clause(fit) if fit is not None else "") + ".")
    for fit in fits.values():
        out.append(f"{fit.measure}: " + _its_clause(fit).lstrip("; ") + ".")
    if not out:
        out.append("No outcome measure has both a baseline and later data yet.")
    return out


def _its_clause(r: Any) -> str:
    unit = " percentage points" if r.unit == "%" else f" {r.unit}" if r.unit else ""
    people = ""
    if not math.isnan(r.people):
        people = f", about {r.people:,.0f} patients ({r.people_low:,.0f} to {r.people_high:,.0f})"
    return (
        f"; against the pooled pre-programme trend (interrupted time series) it ended "
        f"{r.effect:+.1f}{unit} (95% CI {r.low:+.1f} to {r.high:+.1f}){people} from where "
        "that trend was heading"
    )


def _aims(results: pd.DataFrame, sig: pd.DataFrame) -> list[str]:
    from qiteach.evaluation.timing import BEFORE_FIRST_CYCLE, BEFORE_PROGRAMME

    judged = results[results["aim_status"].isin(JUDGED)]
    met = int((judged["aim_status"] == "met").sum())
    border = judged[judged["borderline"]]
    b_met = int((border["aim_status"] == "met").sum())
    share = percent_text(100 * met / len(judged)) if len(judged) else ""
    first = (
        f"Aims met: {met} of {len(judged)} teams with a target ({share})"
        if len(judged)
        else "Aims met: none can be judged yet (no team has a target and data)"
    )
    if len(border):
        first += (
            f"; {len(border)} of these verdicts are borderline ({b_met} met, "
            f"{len(border) - b_met} not yet), the target being within the measure's own "
            "noise of the recent level"
        )
    others = len(results) - len(judged)
    if others:
        first += f". {others} team{'s' if others != 1 else ''} cannot be judged yet"
    lines = [first + "."]
    now = sig[sig["verdict"] == "improvement"].drop_duplicates("team_id")
    concern = sig[sig["verdict"] == "concern"]["team_id"].nunique()
    ever = sig[sig["ever_verdict"] == "improvement"]["team_id"].nunique()
    before_p = int((now["timing"] == BEFORE_PROGRAMME).sum())
    before_c = int((now["timing"] == BEFORE_FIRST_CYCLE).sum())
    lines.append(
        f"Now, {len(now)} of {len(results)} teams show special-cause improvement on an outcome "
        f"measure ({ever} at some time) and {concern} a signal the unwanted way; of those "
        f"improving now, {before_c} began before the team's first PDSA cycle and {before_p} "
        "before the programme started."
    )
    return lines


def _best_worst(breakdowns: dict[str, pd.DataFrame]) -> list[str]:
    out = []
    for by, table in breakdowns.items():
        t = table[table["judged"] > 0]
        if len(t) < 2:
            continue
        best, worst = t.iloc[0], t.iloc[-1]

        def fig(r: Any) -> str:
            return f"{r['aims_met']} of {r['judged']} aims met, {r['improving']} improving now"

        word = GROUPINGS.get(by, by)
        if (best["aims_met"] / best["judged"]) == (worst["aims_met"] / worst["judged"]):
            out.append(f"By {word}: every group met the same share of aims.")
            continue
        out.append(f"By {word}: {best[by]} did best ({fig(best)}); {worst[by]} did least well "
                   f"({fig(worst)}).")  # fmt: skip
    return out or ["There is only one group, so there is nothing to compare yet."]


def _ideas(ideas: pd.DataFrame, *, least: int = 3) -> list[str]:
    from qiteach.evaluation.ideas import CAUTION

    t = ideas[ideas["tested"] >= least]
    t = t.assign(_share=t["improved_after"] / t["tested"])
    good = t[(t["_share"] >= 0.5) & ((t["adopted"] + t["adapted"]) >= t["abandoned"])]
    good = good.sort_values(["_share", "tested"], ascending=False, kind="stable").head(3)
    if good.empty:
        return [
            f"No change idea has yet been tested by at least {least} teams with improvement "
            "after half or more of those tests.",
            CAUTION,
        ]
    lines = [
        f"{r.idea}: tested by {plural(r.tested, 'team')} ({r.adopted} adopted, "
        f"{r.adapted} adapted, {r.abandoned} abandoned); {r.improved_after} of them improved "
        "after their first cycle on it."
        for r in good.itertuples(index=False)
    ]
    return [*lines, CAUTION]


def _caveats(programme: Programme, results: pd.DataFrame, its: pd.DataFrame) -> list[str]:
    meta = get_meta(programme)
    out = []
    if meta.get("synthetic"):
        out.append("These are made-up (SYNTHETIC) data for demonstration.")
    out.append(
        "No practices outside the programme were followed, so there is no comparison group: "
        "a signal shows that a measure changed, not that the programme changed it."
    )
    out.append(
        "Changes against each team's baseline assume the baseline would otherwise have "
        "continued; their intervals treat months as independent, so they may be too narrow."
    )
    early = int(results["verdict"].isin(("too early to say", "not enough data")).sum())
    if early:
        out.append(f"{early} team{'s have' if early != 1 else ' has'} too few points to judge yet.")
    said: dict[str, list[str]] = {}
    for r in its.itertuples(index=False):
        for w in r.warnings:
            said.setdefault(w, []).append(str(r.measure))
    for w, names in said.items():
        which = (
            "every interrupted time series"
            if len(names) == len(its) > 1
            else ("the interrupted time series of " + ", ".join(names))
        )
        out.append(f"For {which}: {w}.")
    return out


def _its_rows(programme: Programme, results: pd.DataFrame, *, most: int = 3) -> pd.DataFrame:
    """ITS end effects of the most common outcome measures, in the measure's unit and people."""
    from qiteach.evaluation.its import aggregate_measure, programme_its
    from qiteach.exceptions import InputError

    rows = []
    m = programme.measures
    outcome = m[m["type"] == "outcome"]
    freq = {"weekly": "W", "monthly": "M", "quarterly": "Q"}
    counts = outcome.groupby("measure_id", sort=False).size().sort_values(ascending=False)
    for mid in counts.index[:most]:
        defs = outcome[outcome["measure_id"] == mid]
        teams = defs["team_id"].tolist()
        f = freq.get(str(defs["frequency"].iloc[0]))
        try:
            res = programme_its(programme, mid, teams=teams, freq=f)
            data = aggregate_measure(programme, mid, teams=teams, freq=f)
        except InputError:
            continue
        if res.status != "fitted" or res.end_effect is None:
            continue
        effect, low, high = res.end_effect
        mult = pd.to_numeric(defs["multiply"], errors="coerce").dropna()
        scale = float(mult.iloc[0]) if len(mult) else 1.0
        den = data["denominator"].iloc[-1] if len(data) else math.nan
        people = [v / scale * den if pd.notna(den) else math.nan for v in (effect, low, high)]
        rows.append(
            {
                "measure_id": mid,
                "measure": str(defs["name"].iloc[0]),
                "unit": None if pd.isna(defs["unit"].iloc[0]) else str(defs["unit"].iloc[0]),
                "teams": len(teams),
                "effect": effect,
                "low": low,
                "high": high,
                "people": people[0],
                "people_low": people[1],
                "people_high": people[2],
                "warnings": tuple(res.warnings),
            }
        )
    columns = ["measure_id", "measure", "unit", "teams", "effect", "low", "high", "people",
               "people_low", "people_high", "warnings"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def programme_summary(
    programme: Programme, *, rules: str | None = None, signals: pd.DataFrame | None = None
) -> ProgrammeSummary:
    """Compute the one-page summary (sentences under six headings) and its tables."""
    from qiteach.evaluation import improvement_signals
    from qiteach.evaluation.absolute import absolute_changes, combine_changes
    from qiteach.evaluation.ideas import change_ideas

    sig = signals if signals is not None else improvement_signals(programme, rules=rules)
    results = team_results(programme, rules=rules, signals=sig)
    breakdowns = {
        by: breakdown(results, by)
        for by in GROUPINGS
        if by in results and results[by].nunique() >= 2
    }
    main = results.dropna(subset=["measure_id"])[["team_id", "measure_id"]]
    changes = absolute_changes(programme).merge(main, on=["team_id", "measure_id"])
    combined = combine_changes(changes)
    its = _its_rows(programme, results)
    ideas = change_ideas(programme, rules=rules)
    sections = {
        "Purpose": _purpose(programme, results),
        "What changed": _changed(combined, its),
        "Aims": _aims(results, sig),
        "Best and worst": _best_worst(breakdowns),
        "Change ideas worth spreading": _ideas(ideas),
        "Caveats": _caveats(programme, results, its),
    }
    judged = results["aim_status"].isin(JUDGED)
    figures = {
        "aims_met": int((results["aim_status"] == "met").sum()),
        "aims_judged": int(judged.sum()),
        "aims_borderline": int((results["borderline"] & judged).sum()),
    }
    return ProgrammeSummary(sections, results, breakdowns, combined, its, ideas, figures)
