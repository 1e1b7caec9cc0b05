"""SIPOC: a process's suppliers, inputs, high-level steps, outputs and customers.

A SIPOC is drawn up before a detailed process map: it fixes where the process
starts and ends (its first and last high-level step), who it serves and what
it needs, so the team agrees the scope before mapping every step. The five
parts and what each holds are :data:`SIPOC_PARTS`; the process part has
:data:`PROCESS_STEPS` high-level steps.

>>> s = Sipoc.from_mapping({
...     "suppliers": ["Patient"], "inputs": ["Request"],
...     "process": ["Ask", "Check", "Sign", "Collect"],
...     "outputs": ["Medicine"], "customers": ["Patient"]})
>>> s.as_frame().columns.tolist()
['Suppliers', 'Inputs', 'Process', 'Outputs', 'Customers']
>>> s.scope_line()
'The process starts at "Ask" and ends at "Collect" (4 high-level steps).'
>>> Sipoc.from_mapping({"suppliers": ["Patient"], "inputs": ["Request"], "process": ["Ask"],
...                     "outputs": ["Medicine"], "customers": ["Patient"]})
Traceback (most recent call last):
...
qiteach.exceptions.ToolkitError: process: 1 high-level step (fix: give 4 to 7 high-level steps, first to last)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = ["PROCESS_STEPS", "SIPOC_PARTS", "Sipoc"]

#: The five parts of a SIPOC, in order, and what each holds (tables and notebooks read it).
SIPOC_PARTS: dict[str, str] = {
    "suppliers": "who provides the inputs",
    "inputs": "what the process needs to start and run",
    "process": "the process in a few high-level steps, first to last",
    "outputs": "what the process produces",
    "customers": "who receives the outputs",
}
#: The fewest and most high-level steps a SIPOC's process part has (detail goes on the map).
PROCESS_STEPS: tuple[int, int] = (4, 7)


def _items(value: Any, part: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence):
        raise ToolkitError(f"{part} is not a list", column=part,
                           fix=f'write {part} as a list, e.g. ["..."]')  # fmt: skip
    items = tuple(" ".join(str(v).split()) for v in value if v is not None and str(v).strip())
    if not items:
        raise ToolkitError(f"{part} is empty", column=part,
                           fix=f"name at least one: {SIPOC_PARTS[part]}")  # fmt: skip
    return items


@dataclass(frozen=True, slots=True)
class Sipoc:
    """A validated SIPOC (build it with :meth:`from_mapping`)."""

    suppliers: tuple[str, ...]
    inputs: tuple[str, ...]
    process: tuple[str, ...]
    outputs: tuple[str, ...]
    customers: tuple[str, ...]

    @classmethod
    def from_mapping(cls, parts: Mapping[str, Any]) -> Sipoc:
        """Build from a mapping of :data:`SIPOC_PARTS` names to lists of entries.

        Every part needs at least one entry; the process needs
        :data:`PROCESS_STEPS` high-level steps. Blank entries are dropped.
        """
        unknown = [k for k in parts if k not in SIPOC_PARTS]
        if unknown:
            raise ToolkitError(f"unknown part {unknown[0]!r}", column=str(unknown[0]),
                               fix=f"use the parts {', '.join(SIPOC_PARTS)}")  # fmt: skip
        found = {part: _items(parts.get(part), part) for part in SIPOC_PARTS}
        low, high = PROCESS_STEPS
        n = len(found["process"])
        if not low <= n <= high:
            raise ToolkitError(
                f"{n} high-level step{'' if n == 1 else 's'}", column="process",
                fix=f"give {low} to {high} high-level steps, first to last",
            )  # fmt: skip
        return cls(**found)

    def as_frame(self) -> pd.DataFrame:
        """The SIPOC as a five-column table (shorter columns padded with blanks).

        >>> Sipoc(("GP",), ("Request", "Notes"), ("A", "B", "C", "D"), ("Letter",),
        ...       ("Patient",)).as_frame().shape
        (4, 5)
        """
        columns = {part.capitalize(): list(getattr(self, part)) for part in SIPOC_PARTS}
        rows = max(len(v) for v in columns.values())
        return pd.DataFrame({k: v + [""] * (rows - len(v)) for k, v in columns.items()})

    def scope_line(self) -> str:
        """Where the process starts and ends, in one sentence."""
        return (
            f'The process starts at "{self.process[0]}" and ends at "{self.process[-1]}" '
            f"({len(self.process)} high-level steps)."
        )
