"""The driver diagram: aim → primary drivers → secondary drivers → change ideas.

A :class:`DriverDiagram` holds one team's aim and boxes (IHI QI Essentials
Toolkit; qi-methods.md §2). Build it in code, from the workspace ``drivers``
table (one team's rows), from records, or from a nested dict; check it with
:meth:`DriverDiagram.problems` (every fault) or :meth:`DriverDiagram.validate`
(raise on the first); export it as a plain-text outline or a dict.

>>> d = DriverDiagram("Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026")
>>> p = d.add_primary("Patients remember their appointment")
>>> s = d.add_secondary(p, "Reminders reach every patient", link="weak")
>>> c = d.add_change_idea(s, "Text reminder 48 hours before")
>>> (p, s, c)
('P1', 'S1', 'C1')
>>> print(d.to_outline())
Aim: Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026
- [P1] Patients remember their appointment
  - [S1] Reminders reach every patient (weak link)
    - [C1] Text reminder 48 hours before
>>> d.problems()
[]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from qiteach.drivers.tree import tree_problems
from qiteach.exceptions import Problem, ToolkitError

__all__ = ["KINDS", "LINKS", "DriverDiagram", "DriverNode"]

#: box kinds, left to right
KINDS: tuple[str, ...] = ("primary", "secondary", "change_idea")
#: link strengths
LINKS: tuple[str, ...] = ("strong", "weak")
_PREFIX = {"primary": "P", "secondary": "S", "change_idea": "C"}
_LABEL = {
    "primary": "primary driver",
    "secondary": "secondary driver",
    "change_idea": "change idea",
}


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:  # pandas NA / NaT
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(value).strip() == ""


def _text(value: object) -> str:
    return "" if _blank(value) else " ".join(str(value).split())


@dataclass(frozen=True, slots=True)
class DriverNode:
    """One box of a driver diagram.

    ``parent_id`` is ``None`` for a primary driver (it hangs off the aim);
    ``link`` is the strength of the link to the parent; ``pdsa_count`` is how
    many PDSA cycles have tested this box (see :meth:`DriverDiagram.with_pdsa_counts`);
    ``row`` is the spreadsheet row it came from, when it came from a file.
    """

    node_id: str
    kind: str
    text: str
    parent_id: str | None = None
    link: str = "strong"
    pdsa_count: int = 0
    row: int | None = None

    @property
    def tested(self) -> bool:
        """True when at least one PDSA cycle tests this box."""
        return self.pdsa_count > 0


class DriverDiagram:
    """One team's driver diagram: an aim and its boxes, in input order.

    The constructor accepts any boxes (so :meth:`problems` can report on a
    faulty file); the ``add_*`` methods check each new box at once.
    """

    def __init__(
        self, aim: str, nodes: Iterable[DriverNode] = (), *, source: str | None = None
    ) -> None:
        self.aim = _text(aim)
        self.source = source
        self._nodes: list[DriverNode] = list(nodes)

    # ------------------------------------------------------------------ building
    def _new_id(self, kind: str) -> str:
        used = {n.node_id for n in self._nodes}
        k = sum(n.kind == kind for n in self._nodes) + 1
        while f"{_PREFIX[kind]}{k}" in used:
            k += 1
        return f"{_PREFIX[kind]}{k}"

    def _add(
        self, kind: str, parent_id: str | None, text: str, node_id: str | None, link: str
    ) -> str:
        clean = _text(text)
        label = _LABEL[kind]
        if not clean:
            raise ToolkitError(f"the new {label} has no text", fix=f"write what the {label} says")
        if link not in LINKS:
            raise ToolkitError(
                f'{label} "{clean}" has link "{link}"', fix='use link="strong" or link="weak"'
            )
        node_id = self._new_id(kind) if node_id is None else _text(node_id)
        if any(n.node_id == node_id for n in self._nodes):
            raise ToolkitError(f"{node_id} is already in this driver diagram", fix="use a new id")
        node = DriverNode(node_id, kind, clean, parent_id, link)
        found = tree_problems(
            [n.node_id for n in [*self._nodes, node]],
            [n.parent_id for n in [*self._nodes, node]],
            [n.kind for n in [*self._nodes, node]],
        )
        mine = [p for p in found if p.index == len(self._nodes)]
        if mine:
            raise ToolkitError(mine[0].message, fix="pick a parent at the level above")
        self._nodes.append(node)
        return node_id

    def add_primary(self, text: str, *, node_id: str | None = None, link: str = "strong") -> str:
        """Add a primary driver hanging off the aim; returns its id (P1, P2 ...)."""
        return self._add("primary", None, text, node_id, link)

    def add_secondary(
        self, parent_id: str, text: str, *, node_id: str | None = None, link: str = "strong"
    ) -> str:
        """Add a secondary driver under primary driver ``parent_id``; returns its id."""
        return self._add("secondary", parent_id, text, node_id, link)

    def add_change_idea(
        self, parent_id: str, text: str, *, node_id: str | None = None, link: str = "strong"
    ) -> str:
        """Add a change idea under a secondary (or primary) driver; returns its id."""
        return self._add("change_idea", parent_id, text, node_id, link)

    # ------------------------------------------------------------------ inputs
    @classmethod
    def from_records(
        cls,
        aim: str,
        records: Iterable[Mapping[str, Any]],
        *,
        source: str | None = None,
        first_row: int | None = None,
    ) -> DriverDiagram:
        """Build from rows with node_id, parent_id, kind, text and (optional) link.

        ``first_row`` is the spreadsheet row of the first record (2 for a CSV
        with a header) so problems can name the row. Nothing is checked here:
        call :meth:`problems` or :meth:`validate`.

        >>> d = DriverDiagram.from_records("Fewer DNAs", [
        ...     {"node_id": "P1", "parent_id": None, "kind": "primary", "text": "Remembering"},
        ...     {"node_id": "C1", "parent_id": "P1", "kind": "change_idea", "text": "SMS"},
        ... ])
        >>> [n.node_id for n in d.nodes]
        ['P1', 'C1']
        """
        nodes = []
        for i, rec in enumerate(records):
            link = _text(rec.get("link")).lower() or "strong"
            parent = rec.get("parent_id")
            nodes.append(
                DriverNode(
                    node_id=_text(rec.get("node_id")),
                    kind=_text(rec.get("kind")).lower(),
                    text=_text(rec.get("text")),
                    parent_id=None if _blank(parent) else _text(parent),
                    link=link,
                    pdsa_count=int(rec.get("pdsa_count") or 0),
                    row=None if first_row is None else first_row + i,
                )
            )
        return cls(aim, nodes, source=source)

    @classmethod
    def from_frame(
        cls, drivers: Any, aim: str, *, source: str | None = "drivers.csv", validate: bool = True
    ) -> DriverDiagram:
        """Build from one team's rows of the workspace ``drivers`` table.

        ``drivers`` is a pandas DataFrame with the schema columns (team_id,
        node_id, parent_id, kind, text, link). Rows keep their spreadsheet
        numbers (header = row 1) so problems say ``drivers.csv:4:text: ...``.
        With ``validate`` (the default) a faulty diagram raises ToolkitError.
        """
        missing = [c for c in ("node_id", "parent_id", "kind", "text") if c not in drivers.columns]
        if missing:
            raise ToolkitError(
                f"the drivers table has no {', '.join(missing)} column",
                file=source,
                fix="use the columns team_id, node_id, parent_id, kind, text, link",
            )
        if "team_id" in drivers.columns and drivers["team_id"].nunique() > 1:
            teams = ", ".join(sorted(map(str, drivers["team_id"].unique())))
            raise ToolkitError(
                f"the drivers rows belong to several teams ({teams})",
                file=source,
                column="team_id",
                fix="pass one team's rows, e.g. drivers[drivers.team_id == 'north']",
            )
        diagram = cls.from_records(aim, drivers.to_dict("records"), source=source, first_row=2)
        if validate:
            diagram.validate()
        return diagram

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, validate: bool = True) -> DriverDiagram:
        """Build from a nested dict: the output of :meth:`to_dict`, or the short form.

        Short form: ``{"aim": ..., "drivers": {primary text: {secondary text:
        [change idea texts]}}}``. Long form (as :meth:`to_dict` writes): each
        box a dict with ``text`` and optional ``node_id``, ``link`` and
        ``children`` (a list of boxes). A change idea hanging straight off a
        primary driver is written as a list under the primary in the short form.

        >>> d = DriverDiagram.from_dict({"aim": "Fewer DNAs by 2026", "drivers": {
        ...     "Patients remember": {"Reminders": ["SMS 48h before", "Call the day before"]},
        ...     "Easy to cancel": ["Cancel by text"]}})
        >>> [(n.node_id, n.kind, n.parent_id) for n in d.nodes]  # doctest: +NORMALIZE_WHITESPACE
        [('P1', 'primary', None), ('S1', 'secondary', 'P1'), ('C1', 'change_idea', 'S1'),
         ('C2', 'change_idea', 'S1'), ('P2', 'primary', None), ('C3', 'change_idea', 'P2')]
        """
        if "aim" not in data:
            raise ToolkitError("the driver diagram has no aim", fix='add an "aim" entry')
        diagram = cls(data["aim"])
        drivers = data.get("drivers", [])
        order = ["primary", "secondary", "change_idea"]

        def kind_below(parent_kind: str | None, box: Any) -> str:
            if parent_kind is None:
                return "primary"
            if parent_kind == "primary" and isinstance(box, Mapping) and "kind" in box:
                return str(box["kind"])
            return order[min(order.index(parent_kind) + 1, 2)]

        def walk(children: Any, parent_id: str | None, parent_kind: str | None) -> None:
            if isinstance(children, Mapping):  # short form {text: children}
                for text, sub in children.items():
                    kind = kind_below(parent_kind, None)
                    node_id = diagram._add_unchecked(kind, parent_id, text, None, "strong")
                    walk(sub, node_id, kind)
                return
            if isinstance(children, str):  # {"Reminders": "Send SMS"}: one box, not 8 letters
                children = [children]
            for box in children or []:
                if isinstance(box, str):
                    # a leaf in the short form is a change idea; at the top, a primary driver
                    kind = "change_idea" if parent_kind is not None else "primary"
                    diagram._add_unchecked(kind, parent_id, box, None, "strong")
                    continue
                kind = kind_below(parent_kind, box)
                node_id = diagram._add_unchecked(
                    kind,
                    parent_id,
                    box.get("text", ""),
                    box.get("node_id"),
                    box.get("link") or "strong",
                )
                walk(box.get("children", []), node_id, kind)

        walk(drivers, None, None)
        if validate:
            diagram.validate()
        return diagram

    def _add_unchecked(
        self, kind: str, parent_id: str | None, text: Any, node_id: Any, link: str
    ) -> str:
        node_id = self._new_id(kind) if _blank(node_id) else _text(node_id)
        self._nodes.append(DriverNode(node_id, kind, _text(text), parent_id, link))
        return node_id

    # ------------------------------------------------------------------ queries
    @property
    def nodes(self) -> tuple[DriverNode, ...]:
        """Every box, in input order."""
        return tuple(self._nodes)

    def node(self, node_id: str) -> DriverNode:
        """The box with this id (KeyError if there is none)."""
        for n in self._nodes:
            if n.node_id == node_id:
                return n
        raise KeyError(node_id)

    def children(self, node_id: str | None) -> list[DriverNode]:
        """Boxes hanging off ``node_id`` (``None`` = the aim), in input order."""
        return [n for n in self._nodes if n.parent_id == node_id]

    @property
    def primaries(self) -> list[DriverNode]:
        """The primary drivers."""
        return self.children(None)

    def __len__(self) -> int:
        return len(self._nodes)

    def __repr__(self) -> str:
        counts = {k: sum(n.kind == k for n in self._nodes) for k in KINDS}
        return (
            f"DriverDiagram(aim={self.aim!r}, primary={counts['primary']}, "
            f"secondary={counts['secondary']}, change_idea={counts['change_idea']})"
        )

    # ------------------------------------------------------------------ checks
    def problems(self) -> list[Problem]:
        """Every fault: empty aim or text, unknown kind or link, no primary
        drivers, and the structural checks of :func:`qiteach.drivers.tree.tree_problems`
        (duplicate ids, orphans, cycles, wrong levels).

        >>> d = DriverDiagram("Fewer DNAs", [DriverNode("C1", "change_idea", "SMS", "S9")])
        >>> for p in d.problems():
        ...     print(p)
        parent_id: C1 hangs off S9, which is not in this driver diagram
        the driver diagram has no primary drivers (fix: add 2-5 primary drivers hanging off the aim)
        """
        out: list[Problem] = []
        src = self.source

        def at(node: DriverNode, column: str, message: str, fix: str | None = None) -> Problem:
            return Problem(src, node.row, column, message, fix)

        if not self.aim:
            out.append(Problem(src, None, None, "the driver diagram has no aim", "write the aim"))
        for node in self._nodes:
            if not node.node_id:
                out.append(at(node, "node_id", "a box has no node_id", "give every box an id"))
            if node.kind not in KINDS:
                out.append(
                    at(
                        node,
                        "kind",
                        f'{node.node_id or "a box"} has kind "{node.kind}"',
                        "use primary, secondary or change_idea",
                    )
                )
            if not node.text:
                label = _LABEL.get(node.kind, "box")
                out.append(
                    at(
                        node,
                        "text",
                        f"{label} {node.node_id} has no text",
                        f"write what the {label} says",
                    )
                )
            if node.link not in LINKS:
                out.append(
                    at(
                        node,
                        "link",
                        f'{node.node_id} has link "{node.link}"',
                        "use strong or weak (blank = strong)",
                    )
                )
        nodes = self._nodes
        for tp in tree_problems(
            [n.node_id for n in nodes], [n.parent_id for n in nodes], [n.kind for n in nodes]
        ):
            out.append(at(nodes[tp.index], tp.column, tp.message))
        if not any(n.kind == "primary" for n in nodes):
            out.append(
                Problem(
                    src,
                    None,
                    None,
                    "the driver diagram has no primary drivers",
                    "add 2-5 primary drivers hanging off the aim",
                )
            )
        return out

    def validate(self) -> DriverDiagram:
        """Return ``self`` if there are no :meth:`problems`; else raise ToolkitError
        naming the first one (and how many more there are)."""
        found = self.problems()
        if found:
            first = found[0]
            more = f" (and {len(found) - 1} more problems)" if len(found) > 1 else ""
            raise ToolkitError(
                first.message + more,
                file=first.file,
                row=first.row,
                column=first.column,
                fix=first.fix,
            )
        return self

    # ------------------------------------------------------------------ outputs
    def _walk(self) -> list[tuple[int, DriverNode]]:
        """(depth, node) in outline order; depth 1 = primary."""
        out: list[tuple[int, DriverNode]] = []
        seen: set[str] = set()

        def visit(node: DriverNode, depth: int) -> None:
            if node.node_id in seen:  # guards against cycles in unvalidated input
                return
            seen.add(node.node_id)
            out.append((depth, node))
            for child in self.children(node.node_id):
                visit(child, depth + 1)

        for p in self.primaries:
            visit(p, 1)
        return out

    def to_outline(self) -> str:
        """A plain-text indented outline: aim, then each box under its parent.

        Weak links and PDSA counts are noted after the text.
        """
        lines = [f"Aim: {self.aim}"]
        for depth, node in self._walk():
            notes = []
            if node.link == "weak":
                notes.append("weak link")
            if node.pdsa_count:
                notes.append(f"{node.pdsa_count} PDSA{'s' if node.pdsa_count != 1 else ''}")
            tail = f" ({'; '.join(notes)})" if notes else ""
            lines.append(f"{'  ' * (depth - 1)}- [{node.node_id}] {node.text}{tail}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A nested dict (JSON/YAML-ready) that :meth:`from_dict` reads back.

        >>> d = DriverDiagram("Fewer DNAs")
        >>> d.add_primary("Remembering")
        'P1'
        >>> d.to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'aim': 'Fewer DNAs', 'drivers': [{'node_id': 'P1', 'kind': 'primary',
         'text': 'Remembering', 'link': 'strong', 'pdsa_count': 0, 'children': []}]}
        """

        def box(node: DriverNode) -> dict[str, Any]:
            return {
                "node_id": node.node_id,
                "kind": node.kind,
                "text": node.text,
                "link": node.link,
                "pdsa_count": node.pdsa_count,
                "children": [box(c) for c in self.children(node.node_id)],
            }

        return {"aim": self.aim, "drivers": [box(p) for p in self.primaries]}

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per box with the workspace ``drivers`` columns (no team_id)."""
        return [
            {
                "node_id": n.node_id,
                "parent_id": n.parent_id,
                "kind": n.kind,
                "text": n.text,
                "link": n.link,
            }
            for n in self._nodes
        ]

    def with_pdsa_counts(self, pdsa: Any) -> DriverDiagram:
        """A copy with each box's ``pdsa_count`` set from a PDSA log.

        ``pdsa`` is one team's rows of the workspace ``pdsa`` table (a
        DataFrame with a ``node_id`` column), a list of dicts with
        ``node_id``, or a plain sequence of node ids (one per cycle). Cycles
        naming a box not in the diagram are ignored here (the workspace
        validator reports them).

        >>> d = DriverDiagram.from_dict(
        ...     {"aim": "Fewer DNAs", "drivers": {"Remember": {"Remind": ["SMS"]}}}
        ... )
        >>> d.with_pdsa_counts(["C1", "C1", "C1"]).node("C1").pdsa_count
        3
        """
        ids = _node_ids(pdsa)
        counts: dict[str, int] = {}
        for node_id in ids:
            counts[node_id] = counts.get(node_id, 0) + 1
        nodes = [replace(n, pdsa_count=counts.get(n.node_id, 0)) for n in self._nodes]
        return DriverDiagram(self.aim, nodes, source=self.source)


def _node_ids(pdsa: Any) -> list[str]:
    if hasattr(pdsa, "columns"):
        if "node_id" not in pdsa.columns:
            raise ToolkitError(
                "the PDSA table has no node_id column",
                file="pdsa.csv",
                fix="add node_id: the change idea each cycle tests",
            )
        values: Sequence[Any] = list(pdsa["node_id"])
    else:
        values = [v.get("node_id") if isinstance(v, Mapping) else v for v in pdsa]
    return [_text(v) for v in values if not _blank(v)]
