"""Family of measures: does a team have outcome, process and balancing measures?

qi-methods.md §3: a family of measures typically holds 1–2 outcome, 3–5
process and 1–2 balancing measures. :func:`check_family` counts the types and
says, in friendly sentences, what is missing or too much.

>>> fam = check_family(["outcome", "process", "process", "process", "balancing"])
>>> fam.counts, fam.ok
({'outcome': 1, 'process': 3, 'balancing': 1}, True)
>>> print(check_family(["outcome", "process"]).messages[-1])
Add a balancing measure: what could get worse because of your changes? For
example, if you cut DNAs by overbooking, watch waiting times or staff overtime.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qiteach.exceptions import ToolkitError
from qiteach.measures.definition import MEASURE_TYPES, MeasureDefinition

__all__ = ["TYPICAL", "FamilyCheck", "check_family"]

#: typical number of each measure type in a family (min, max)
TYPICAL: dict[str, tuple[int, int]] = {"outcome": (1, 2), "process": (3, 5), "balancing": (1, 2)}

_MISSING = {
    "outcome": (
        "Add an outcome measure: how will you know your aim is met? It usually "
        "tracks the aim itself, e.g. the DNA rate."
    ),
    "process": (
        "Add process measures: are the changes happening as planned? For example, "
        "the % of patients sent a reminder text."
    ),
    "balancing": (
        "Add a balancing measure: what could get worse because of your changes? For "
        "example, if you cut DNAs by overbooking, watch waiting times or staff overtime."
    ),
}


@dataclass(frozen=True)
class FamilyCheck:
    """Counts by measure type and friendly advice about the family."""

    counts: dict[str, int]
    names: dict[str, list[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def has_outcome(self) -> bool:
        return self.counts["outcome"] > 0

    @property
    def has_process(self) -> bool:
        return self.counts["process"] > 0

    @property
    def has_balancing(self) -> bool:
        return self.counts["balancing"] > 0

    @property
    def ok(self) -> bool:
        """True when every type is present (counts outside the typical range only advise)."""
        return self.has_outcome and self.has_process and self.has_balancing

    def __str__(self) -> str:
        head = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        return "\n".join([f"Family of measures: {head}", *(f"- {m}" for m in self.messages)])

    def _repr_markdown_(self) -> str:
        rows = ["| type | count | typical | measures |", "|---|---|---|---|"]
        for kind, n in self.counts.items():
            lo, hi = TYPICAL[kind]
            rows.append(f"| {kind} | {n} | {lo}–{hi} | {', '.join(self.names.get(kind, []))} |")
        return "\n".join([*rows, "", *(f"- {m}" for m in self.messages)])


def _types_and_names(measures: Any) -> list[tuple[str, str]]:
    if hasattr(measures, "columns"):  # a DataFrame of workspace measures
        if "type" not in measures.columns:
            raise ToolkitError(
                "the measures table has no type column",
                file="measures.csv",
                fix="add type: outcome, process or balancing",
            )
        names = measures["name"] if "name" in measures.columns else measures["type"]
        return [(str(t), str(n)) for t, n in zip(measures["type"], names, strict=True)]
    out = []
    for m in measures:
        if isinstance(m, MeasureDefinition):
            out.append((m.type, m.name))
        elif isinstance(m, Mapping):
            out.append((str(m.get("type", "")), str(m.get("name", m.get("measure_id", "")))))
        else:
            out.append((str(m), str(m)))
    return out


def check_family(measures: Iterable[Any] | Any) -> FamilyCheck:
    """Check one team's family of measures.

    ``measures`` is a DataFrame of the team's workspace ``measures`` rows, a
    list of :class:`MeasureDefinition` or dicts (with ``type`` and ``name``),
    or a plain list of type names. Unknown types raise ToolkitError.
    """
    pairs = _types_and_names(measures)
    counts = dict.fromkeys(MEASURE_TYPES, 0)
    names: dict[str, list[str]] = {k: [] for k in MEASURE_TYPES}
    for i, (kind, name) in enumerate(pairs):
        k = kind.strip().lower()
        if k not in counts:
            raise ToolkitError(
                f'measure "{name}" has type "{kind}"',
                file="measures.csv",
                row=i + 2 if hasattr(measures, "columns") else None,
                column="type",
                fix="use outcome, process or balancing",
            )
        counts[k] += 1
        names[k].append(name)
    messages: list[str] = []
    if not pairs:
        messages.append(
            "There are no measures yet. Start with one outcome measure that tracks your "
            "aim, then add process and balancing measures."
        )
    for kind in MEASURE_TYPES:
        lo, hi = TYPICAL[kind]
        n = counts[kind]
        if n == 0 and pairs:
            messages.append(_MISSING[kind])
        elif kind == "process" and 0 < n < lo:
            messages.append(
                f"You have {n} process measure{'s' if n > 1 else ''}; {lo}–{hi} is typical, "
                "one for each main change idea you are testing."
            )
        elif n > hi:
            messages.append(
                f"You have {n} {kind} measures; {lo}–{hi} is usually enough. Keep the ones "
                "you will really look at every week or month."
            )
    if pairs and not messages:
        messages.append(
            "A balanced family: outcome, process and balancing measures in typical numbers."
        )
    return FamilyCheck(counts=counts, names=names, messages=messages)
