"""Forms for session 1: the three questions, aim/measure/change idea, write an aim,
a charter's scope and sponsor, and the impact/effort grid.

>>> spec = SPECS[1]
>>> spec.to_answer({"kinds": [{"row": "1", "kind": "aim"}, {"row": "3", "kind": ""}]}, {})
{1: 'aim'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qiteach.exercises import session01
from qiteach.tools.charter import CHARTER_PARTS
from qiteach.tools.priority import QUADRANTS
from qiteach.widgets.forms.spec import Choice, FormSpec, Table, Text, text_or_none

__all__ = ["SPECS", "aim_understood"]


def _questions(values: Mapping[str, Any], context: Any) -> list[str] | None:
    items = [text_or_none(values[f"q{i}"]) or "" for i in (1, 2, 3)]
    return items if any(items) else None


def _kinds(values: Mapping[str, Any], context: Any) -> dict[int, str] | None:
    chosen = {int(r["row"]): r["kind"] for r in values["kinds"] if r.get("kind")}
    return chosen or None


def _scope(values: Mapping[str, Any], context: Any) -> dict[str, str] | None:
    parts = {p: text_or_none(values[p]) or "" for p in session01.SCOPE_PARTS}
    return parts if any(parts.values()) else None


def _scope_said(answer: Any, values: Any, context: Any) -> str:
    titles = {p: CHARTER_PARTS[p][0].lower() for p in session01.SCOPE_PARTS}
    said = [
        f'{titles[p]} "{answer[p]}"' if answer[p] else f"{titles[p]}: blank"
        for p in session01.SCOPE_PARTS
    ]
    return f"I read your charter as: {', '.join(said)}."


def _grid(values: Mapping[str, Any], context: Any) -> dict[int, str] | None:
    chosen = {int(r["row"]): r["quadrant"] for r in values["grid"] if r.get("quadrant")}
    return chosen or None


def aim_understood(answer: Any, values: Any, context: Any) -> str:
    """What the aim checker read in the aim: its own pieces (:func:`qiteach.aims.check_aim`).

    >>> print(aim_understood("Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2027",
    ...                      {}, {}))  # doctest: +NORMALIZE_WHITESPACE
    I read your aim as: what "Reduce the DNA rate", for whom "Elm Surgery",
    how much "from 8% to 5%", by when "31 March 2027".
    """
    from qiteach.aims import check_aim

    if not isinstance(answer, str):
        return f"I read your aim as: {answer!r}."
    read = check_aim(answer)
    parts = []
    for label, attr in (
        ("what", "what"),
        ("for whom", "who"),
        ("how much", "how_much"),
        ("by when", "by_when"),
    ):
        found = getattr(read, attr, None)
        parts.append(f'{label} "{found}"' if found else f"{label}: not found")
    return f"I read your aim as: {', '.join(parts)}."


SPECS: tuple[FormSpec, ...] = (
    FormSpec(
        key="session01.three_questions",
        title="Exercise 1: the three questions",
        intro="Write each question in your own words, in order.",
        fields=tuple(
            Text(f"q{i}", f"Question {i}", placeholder="What ...?" if i != 2 else "How ...?")
            for i in (1, 2, 3)
        ),
        answer=_questions,
        check=lambda answer, context: session01.check_three_questions(answer),
    ),
    FormSpec(
        key="session01.classification",
        title="Exercise 2: aim, measure or change idea?",
        intro="Choose a kind for each statement.",
        fields=(
            Table(
                "kinds",
                "Statements",
                columns=(Choice("kind", "kind", options=session01.KINDS),),
                rows=tuple(
                    (f"{i}. {s.text}", str(i)) for i, s in enumerate(session01.STATEMENTS, 1)
                ),
            ),
        ),
        answer=_kinds,
        check=lambda answer, context: session01.check_classification(answer),
    ),
    FormSpec(
        key="session01.aim",
        title="Exercise 3: write an aim",
        intro="What will improve, for whom, how much and by when?",
        fields=(
            Text(
                "aim",
                "Your aim",
                placeholder="e.g. Reduce the DNA rate at ... from 8% to 5% by 31 March 2027",
                lines=3,
            ),
        ),
        answer=lambda values, context: text_or_none(values["aim"]),
        check=lambda answer, context: session01.check_aim(answer),
        understood=aim_understood,
    ),
    FormSpec(
        key="session01.charter_scope",
        title="Exercise 4: your charter's scope and sponsor",
        intro="What is in, what is out, and who backs the project?",
        fields=(
            Text(
                "scope_in",
                CHARTER_PARTS["scope_in"][0],
                lines=2,
                placeholder="e.g. Adults on the hypertension register at Elm Surgery",
            ),
            Text(
                "scope_out",
                CHARTER_PARTS["scope_out"][0],
                lines=2,
                placeholder="e.g. Care-home patients; changing anyone's medicines",
            ),
            Text("sponsor", CHARTER_PARTS["sponsor"][0], placeholder="e.g. Dr R Shah, partner"),
        ),
        answer=_scope,
        understood=_scope_said,
        check=lambda answer, context: session01.check_charter_scope(
            answer, team=context.get("team")
        ),
    ),
    FormSpec(
        key="session01.priority_grid",
        title="Exercise 5: place six change ideas on the grid",
        intro="Choose the quadrant of each idea from its impact and effort (3 or more is high).",
        fields=(
            Table(
                "grid",
                "Change ideas (impact, effort)",
                columns=(Choice("quadrant", "quadrant", options=tuple(QUADRANTS)),),
                rows=tuple(
                    (f"{i}. {text}", str(i))
                    for i, text in enumerate(session01.grid_table().items, 1)
                ),
            ),
        ),
        answer=_grid,
        check=lambda answer, context: session01.check_priority_grid(answer),
    ),
)
