"""What worked across teams: each change idea, how many teams tested it and what happened.

Change ideas are the ``change_idea`` boxes of the teams' driver diagrams. The
same idea in different teams is matched by its shared ``code`` (drivers.csv)
when it has one, otherwise by its **normalised text** (lower case, punctuation
and repeated spaces removed: "Text reminders!" and "text  reminders" match).

For each idea: the teams whose diagram holds it, the teams that **tested** it
(at least one PDSA cycle on it), the latest decision of each tester (adopt,
adapt, abandon, or still running), and how many testers showed **improvement
after their first cycle on it**: a special-cause signal in the wanted direction
on the team's first outcome measure that began after the period holding that
cycle's start (:func:`qiteach.evaluation.timing.began_before`). This is not a
controlled comparison: teams chose their ideas, tested several at once and
other things changed too, so the counts point to ideas worth a closer look,
not to proof.

>>> normalise_idea("  Text reminders -- two-way!  ")
'text reminders two way'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from qiteach.evaluation._tables import get_table

if TYPE_CHECKING:
    from qiteach.charts import ChartResult
    from qiteach.evaluation._tables import Source

__all__ = ["CAUTION", "change_ideas", "normalise_idea", "team_idea_rows"]

#: The caution that goes with every use of these counts.
CAUTION = (
    "This is not a controlled comparison: teams chose which ideas to test, often tested "
    "several at once, and other things changed over the same months, so these counts show "
    "ideas worth a closer look, not proof that an idea works."
)

_ACT_WORD = {"adopt": "adopted", "adapt": "adapted", "abandon": "abandoned"}


def normalise_idea(text: Any) -> str:
    """Lower case, letters and digits only, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split())


def _improved_after(result: ChartResult | None, direction: str | None, when: pd.Timestamp) -> bool:
    from qiteach.evaluation.timing import began_before

    wanted = {"increase": "up", "decrease": "down"}.get(str(direction))
    if result is None or wanted is None:
        return False
    return any(
        s.direction == wanted and not began_before(result, s, when) for s in result.signal_spans
    )


def team_idea_rows(source: Source, *, rules: str | None = None) -> pd.DataFrame:
    """One row per team × change idea on its diagram, with what its cycles did.

    Columns: ``team_id, node_id, key, code, text, cycles, first_cycle, act``
    (the latest cycle's act, "" when untested) and ``improved_after`` (bool).
    """
    from qiteach.evaluation.aim import MIN_POINTS, chart_or_reason

    drivers = get_table(source, "drivers", required=("team_id", "node_id", "kind", "text"))
    ideas = drivers[drivers["kind"] == "change_idea"].copy()
    codes = ideas["code"] if "code" in ideas else pd.Series([None] * len(ideas), ideas.index)
    pdsa = get_table(source, "pdsa", required=("team_id", "node_id", "start", "act"))
    pdsa = pdsa.assign(start=pd.to_datetime(pdsa["start"]))
    pdsa = pdsa.sort_values(["team_id", "start"], kind="stable")
    by = {k: g for k, g in pdsa.groupby(["team_id", "node_id"], sort=False)}
    measures = get_table(source, "measures", required=("team_id", "measure_id", "type"))
    outcome = measures[measures["type"] == "outcome"].drop_duplicates("team_id")
    main = {r["team_id"]: r for r in outcome.to_dict("records")}
    charts: dict[str, Any] = {}
    rows = []
    for rec, code in zip(ideas.to_dict("records"), codes, strict=True):
        team, node = str(rec["team_id"]), str(rec["node_id"])
        code = None if code is None or pd.isna(code) or not str(code).strip() else str(code)
        cycles = by.get((team, node))
        n = 0 if cycles is None else len(cycles)
        first = None if cycles is None or not n else cycles["start"].min()
        act = "" if cycles is None or not n else str(cycles["act"].iloc[-1] or "")
        improved = False
        if n and team in main and pd.notna(first):
            if team not in charts:
                m = main[team]
                result, _ = chart_or_reason(source, team, str(m["measure_id"]), rules)
                enough = result is not None and result.points["y"].notna().sum() >= MIN_POINTS
                charts[team] = result if enough else None
            improved = _improved_after(charts[team], main[team].get("direction"), first)
        rows.append(
            {
                "team_id": team,
                "node_id": node,
                "key": code or normalise_idea(rec["text"]),
                "code": code or "",
                "text": str(rec["text"]),
                "cycles": n,
                "first_cycle": first,
                "act": act,
                "improved_after": bool(improved),
            }
        )
    columns = ["team_id", "node_id", "key", "code", "text", "cycles", "first_cycle", "act",
               "improved_after"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def change_ideas(source: Source, *, rules: str | None = None) -> pd.DataFrame:
    """Per change idea across teams (most tested first).

    Columns: ``key, code, idea`` (the most common wording), ``wordings`` (how many
    different wordings matched), ``on_diagrams, tested, adopted, adapted,
    abandoned, running, improved_after``.

    >>> t = change_ideas(demo_programme)
    >>> int(t["tested"].sum()) > 0, {"adopted", "improved_after"} <= set(t.columns)
    (True, True)
    """
    rows = team_idea_rows(source, rules=rules)
    out = []
    for key, g in rows.groupby("key", sort=False):
        tested = g[g["cycles"] > 0]
        acts = tested["act"].value_counts()
        out.append(
            {
                "key": key,
                "code": g["code"].iloc[0],
                "idea": g["text"].value_counts().index[0],
                "wordings": int(g["text"].map(normalise_idea).nunique()),
                "on_diagrams": int(g["team_id"].nunique()),
                "tested": int(tested["team_id"].nunique()),
                **{word: int(acts.get(act, 0)) for act, word in _ACT_WORD.items()},
                "running": int(acts.get("continue", 0)),
                "improved_after": int(tested["improved_after"].sum()),
            }
        )
    columns = ["key", "code", "idea", "wordings", "on_diagrams", "tested", "adopted", "adapted",
               "abandoned", "running", "improved_after"]  # fmt: skip
    frame = pd.DataFrame(out, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values(
        ["tested", "improved_after", "idea"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
