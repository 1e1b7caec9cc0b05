"""Structural checks for driver diagrams, shared by the workspace validator and
the driver-diagram model.

A driver diagram is a forest hanging off the aim: primary drivers have no parent,
secondary drivers hang off a primary, change ideas off a secondary (or, less
usually, straight off a primary). :func:`tree_problems` finds every structural
fault at once and says where it is, so callers can turn each into a
``file:row:column`` message.

>>> tree_problems(["P1", "S1", "C1"], [None, "P1", "S1"],
...               ["primary", "secondary", "change_idea"])
[]
>>> for p in tree_problems(["P1", "S1", "S2"], [None, "S2", "S1"],
...                        ["primary", "secondary", "secondary"]):
...     print(p)
TreeProblem(index=1, column='parent_id', message='S1 is part of a cycle (S1 → S2 → S1)')
TreeProblem(index=2, column='parent_id', message='S2 is part of a cycle (S2 → S1 → S2)')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["ALLOWED_PARENTS", "TreeProblem", "tree_problems"]

#: kind of box -> kinds of box it may hang off (None = the aim itself)
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "primary": (None,),
    "secondary": ("primary",),
    "change_idea": ("secondary", "primary"),
}


_WANTED = {
    "primary": "primary drivers hang off the aim (leave parent_id empty)",
    "secondary": "secondary drivers hang off a primary driver",
    "change_idea": "change ideas hang off a secondary or primary driver",
}


class TreeProblem(NamedTuple):
    """A structural fault at position ``index`` of the input lists."""

    index: int  # type: ignore[assignment]  # a field named like tuple.index (public API)
    column: str
    message: str


def _blank(value: object) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def tree_problems(
    node_ids: Sequence[str],
    parent_ids: Sequence[str | None],
    kinds: Sequence[str],
) -> list[TreeProblem]:
    """Every structural fault in one team's driver diagram.

    Finds duplicate node ids, boxes whose parent does not exist ("hangs off
    nothing"), a box that is its own parent, cycles, and boxes at the wrong level
    (e.g. a change idea hanging straight off the aim or a primary driver with a
    parent). Unknown kinds are left to the caller's choice validation.

    >>> tree_problems(["P1", "C1"], [None, "X9"], ["primary", "change_idea"])[0].message
    'C1 hangs off X9, which is not in this driver diagram'
    >>> tree_problems(["C1"], [None], ["change_idea"])[0].message
    'change idea C1 hangs off the aim; change ideas hang off a secondary or primary driver'
    """
    ids = [str(n).strip() for n in node_ids]
    parents = [None if _blank(p) else str(p).strip() for p in parent_ids]
    kinds = [str(k).strip() for k in kinds]
    problems: list[TreeProblem] = []

    first_at: dict[str, int] = {}
    for i, node in enumerate(ids):
        if node in first_at:
            problems.append(
                TreeProblem(
                    i, "node_id", f"{node} is used twice (also on entry {first_at[node] + 1})"
                )
            )
        else:
            first_at[node] = i
    kind_of = {node: kinds[i] for node, i in first_at.items()}

    # cycles first: follow parents from each node; a node met again on its own path is cyclic
    parent_of = {node: parents[i] for node, i in first_at.items()}
    cyclic: dict[str, list[str]] = {}
    for node in first_at:
        path = [node]
        current = parent_of.get(node)
        while current is not None and current in parent_of and current not in path:
            path.append(current)
            current = parent_of[current]
        if current == node and len(path) > 1:
            cyclic[node] = path

    for i, (node, parent, kind) in enumerate(zip(ids, parents, kinds, strict=True)):
        if node in cyclic and first_at[node] == i:
            cycle = " → ".join([*cyclic[node], node])
            problems.append(TreeProblem(i, "parent_id", f"{node} is part of a cycle ({cycle})"))
            continue
        if parent is not None and parent == node:
            problems.append(TreeProblem(i, "parent_id", f"{node} is its own parent"))
            continue
        several = [] if parent is None else [p.strip() for p in re.split(r"[;,]", parent)]
        if parent not in kind_of and len(several) > 1 and all(p in kind_of for p in several):
            problems.append(
                TreeProblem(
                    i,
                    "parent_id",
                    f"{node} hangs off {' and '.join(several)}, but a box hangs off one "
                    "parent only: keep the strongest link (a driver diagram is a tree)",
                )
            )
            continue
        if parent is not None and parent not in kind_of:
            problems.append(
                TreeProblem(
                    i,
                    "parent_id",
                    f"{node} hangs off {parent}, which is not in this driver diagram",
                )
            )
            continue
        allowed = ALLOWED_PARENTS.get(kind)
        if allowed is None:
            continue
        parent_kind = None if parent is None else kind_of[parent]
        if parent_kind not in allowed:
            label = kind.replace("_", " ")
            where = (
                "the aim" if parent is None else f"{parent} ({str(parent_kind).replace('_', ' ')})"
            )
            problems.append(
                TreeProblem(i, "parent_id", f"{label} {node} hangs off {where}; {_WANTED[kind]}")
            )
    problems.sort(key=lambda p: p.index)
    return problems
