"""Forms for session 3: which level, a small driver diagram, untested change ideas, 5 whys,
and how far to involve patients.

A diagram is typed as a table, one branch a row: a blank primary or secondary
driver means "the same as the row above", so two ideas under one driver take
two rows.

>>> rows = [{"row": "1", "primary": "P", "secondary": "S", "idea": "a"},
...         {"row": "2", "primary": "", "secondary": "", "idea": "b"},
...         {"row": "3", "primary": "", "secondary": "T", "idea": ""}]
>>> SPECS[1].to_answer({"aim": "Fewer DNAs", "branches": rows}, {})
{'aim': 'Fewer DNAs', 'drivers': {'P': {'S': ['a', 'b'], 'T': []}}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session03
from qiteach.tools.involvement import LADDER
from qiteach.widgets.forms.spec import (
    Choice,
    FormSpec,
    Table,
    Text,
    Ticks,
    rows_or_none,
    text_or_none,
)

__all__ = ["NONE_UNTESTED", "SPECS", "WHY_ROWS"]

#: the tick that means "every change idea has been tested" (the Python answer [])
NONE_UNTESTED = "(none: every change idea has been tested)"
_LEVELS: tuple[tuple[str, str], ...] = (
    ("aim", "aim"),
    ("primary driver", "primary"),
    ("secondary driver", "secondary"),
    ("change idea", "change idea"),
)


def _levels(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    chosen = {r["row"]: r["level"] for r in values["levels"] if r.get("level")}
    return chosen or None


def _diagram(values: Mapping[str, Any], context: Any) -> dict[str, Any] | None:
    aim = text_or_none(values["aim"])
    drivers: dict[str, dict[str, list[str]]] = {}
    primary = secondary = None
    for row in rows_or_none(values["branches"], "primary", "secondary", "idea"):
        new_primary = text_or_none(row.get("primary"))
        if new_primary:
            primary, secondary = new_primary, None
        secondary = text_or_none(row.get("secondary")) or secondary
        if primary is None or secondary is None:
            continue  # _diagram_gap asks for the driver first
        branch = drivers.setdefault(primary, {})
        ideas = branch.setdefault(secondary, [])
        idea = text_or_none(row.get("idea"))
        if idea:
            ideas.append(idea)
    if aim is None and not drivers:
        return None
    return {"aim": aim or "", "drivers": drivers}


def _diagram_gap(values: Mapping[str, Any], context: Any) -> str | None:
    primary = secondary = None
    for i, row in enumerate(values["branches"], start=1):
        if not any(text_or_none(row.get(c)) for c in ("primary", "secondary", "idea")):
            continue
        if text_or_none(row.get("primary")):
            primary, secondary = row["primary"], None
        secondary = text_or_none(row.get("secondary")) or secondary
        if primary is None:
            return f"Row {i} needs a primary driver (there is none above it to keep)."
        if secondary is None:
            return f"Row {i} needs a secondary driver under {str(primary).strip()!r}."
    return None


def _diagram_said(answer: Any, values: Any, context: Any) -> str:
    branches = []
    for primary, secondaries in answer["drivers"].items():
        for secondary, ideas in secondaries.items():
            branches.append(f"{primary} → {secondary} → {', '.join(ideas) or '(no change idea)'}")
    aim = answer["aim"] or "(no aim)"
    return f"I read your diagram as: aim {aim!r}; " + ("; ".join(branches) or "no drivers") + "."


def _ideas(context: Any) -> list[tuple[str, str]]:
    diagram = context["diagram"]
    ideas = [
        (f"{n.node_id}: {n.text}", n.node_id) for n in diagram.nodes if n.kind == "change_idea"
    ]
    return [*ideas, (NONE_UNTESTED, NONE_UNTESTED)]


def _untested(values: Mapping[str, Any], context: Any) -> list[str] | None:
    ticked = list(values["ideas"])
    if NONE_UNTESTED in ticked:
        return [t for t in ticked if t != NONE_UNTESTED]  # [] when only "none" is ticked
    return ticked or None


#: the 5-whys table's rows: (label, key)
WHY_ROWS: tuple[tuple[str, str], ...] = tuple((f"Why {i}?", str(i)) for i in range(1, 6))


def _whys(values: Mapping[str, Any], context: Any) -> dict[str, Any] | None:
    by_row = {r["row"]: text_or_none(r.get("answer")) or "" for r in values["whys"]}
    whys = [by_row.get(key, "") for _, key in WHY_ROWS]
    while whys and not whys[-1]:
        whys.pop()
    if not whys and not values["can_act"]:
        return None
    return {"whys": whys, "can_act": values["can_act"]}


def _whys_said(answer: Any, values: Any, context: Any) -> str:
    chain = " → ".join(w or "(blank)" for w in answer["whys"]) or "no answers"
    act = answer["can_act"] or "not said"
    return f"I read your chain as: {chain}; can your team act on the last one: {act}."


def _involvement(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    chosen = {r["row"]: r["rung"] for r in values["rungs"] if r.get("rung")}
    return chosen or None


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session03.levels",
        title="Exercise 1: which level?",
        intro="Choose the level of each statement.",
        fields=(
            Table(
                "levels",
                "Statements",
                columns=(Choice("level", "level", options=_LEVELS),),
                rows=tuple((f"{k}: {t}", k) for k, t in session03.LEVEL_STATEMENTS.items()),
            ),
        ),
        answer=_levels,
        check=lambda answer, context: session03.check_levels(answer),
    ),
    FormSpec(
        key="session03.driver_diagram",
        title="Exercise 2: write a small driver diagram",
        intro=(
            "One branch per row. Leave a driver blank to keep the one from the row above, "
            "so a second change idea under the same drivers takes just its own box."
        ),
        fields=(
            Text("aim", "Aim", placeholder="what, for whom, how much, by when", lines=2),
            Table(
                "branches",
                "Drivers and change ideas",
                columns=(
                    Text("primary", "primary driver"),
                    Text("secondary", "secondary driver"),
                    Text("idea", "change idea"),
                ),
                rows=8,
            ),
        ),
        answer=_diagram,
        incomplete=_diagram_gap,
        check=lambda answer, context: session03.check_driver_diagram(answer),
        understood=_diagram_said,
    ),
    FormSpec(
        key="session03.untested",
        title="Exercise 3: which change ideas are untested?",
        intro="Tick every change idea no PDSA cycle has tested yet.",
        fields=(Ticks("ideas", "Your team's change ideas", options=_ideas),),
        answer=_untested,
        check=lambda answer, context: session03.check_untested(answer, context["diagram"]),
        needs=("diagram",),
    ),
    FormSpec(
        key="session03.five_whys",
        title="Exercise 4: 5 whys",
        intro=(
            "Why does the problem above happen? Then ask why of your answer; stop when you "
            "reach a cause your team could change (3 to 5 whys)."
        ),
        fields=(
            Table(
                "whys",
                "Ask why",
                columns=(Text("answer", "because ...", placeholder="a reason, not a solution"),),
                rows=WHY_ROWS,
            ),
            Choice(
                "can_act",
                "Could your team act on your last answer?",
                options=(
                    ("yes, we could change that", "yes"),
                    ("no, it is outside our control", "no"),
                ),
            ),
        ),
        answer=_whys,
        check=lambda answer, context: session03.check_five_whys(answer),
        understood=_whys_said,
    ),
    FormSpec(
        key="session03.involvement",
        title="Exercise 5: how far to involve patients?",
        intro="Choose the rung of the ladder of engagement that fits each decision.",
        fields=(
            Table(
                "rungs",
                "Decisions",
                columns=(Choice("rung", "rung", options=tuple(r.level for r in LADDER)),),
                rows=tuple((f"{k}: {t}", k) for k, t in session03.INVOLVEMENT_SCENARIOS.items()),
            ),
        ),
        answer=_involvement,
        check=lambda answer, context: session03.check_involvement(answer),
    ),
)
