"""Cause-and-effect (fishbone, Ishikawa) diagram: the effect and its causes by category.

Two common sets of category headings are provided: the manufacturing-derived
six (:data:`CATEGORIES_6M`) and the service "4 Ps" often used in primary care
(:data:`CATEGORIES_4P`). Any headings may be used.

>>> fb = Fishbone.from_frame(
...     pd.DataFrame({"category": ["People", "Methods", "People"],
...                   "cause": ["Patients forget", "No reminder texts", "Work clashes"]}),
...     effect="Patients miss appointments")
>>> fb.categories
{'People': ('Patients forget', 'Work clashes'), 'Methods': ('No reminder texts',)}
>>> fb.n_causes
3
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = ["CATEGORIES_4P", "CATEGORIES_6M", "Fishbone"]

#: The six classic headings (often called the 6 Ms).
CATEGORIES_6M: tuple[str, ...] = (
    "People",
    "Methods",
    "Equipment",
    "Environment",
    "Materials",
    "Measurement",
)
#: The service-sector "4 Ps", a common choice in general practice.
CATEGORIES_4P: tuple[str, ...] = ("People", "Policies", "Procedures", "Place")


def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v) or str(v).strip() == ""


@dataclass(frozen=True, slots=True)
class Fishbone:
    """An effect (the problem) and, per category, its causes (in the order given).

    Repeated causes within a category are kept once. A category may have no causes yet.
    """

    effect: str
    categories: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        if _blank(self.effect):
            raise ToolkitError(
                "the effect (problem) is blank", column="effect",
                fix="state the problem, e.g. 'Patients miss appointments'",
            )  # fmt: skip
        if not self.categories:
            raise ToolkitError(
                "no categories", column="category",
                fix="give at least one category, e.g. People, Methods, Equipment",
            )  # fmt: skip

    @classmethod
    def from_dict(cls, effect: str, categories: Mapping[str, Sequence[str]]) -> Fishbone:
        """Build from ``{category: [cause, ...]}``.

        >>> Fishbone.from_dict("Long waits", {"Place": ["One phone line"], "People": []}).n_causes
        1
        """
        cats: dict[str, tuple[str, ...]] = {}
        for cat, causes in categories.items():
            if _blank(cat):
                raise ToolkitError("a category has no name", column="category",
                                   fix="name every category")  # fmt: skip
            if isinstance(causes, str):
                causes = [causes]
            kept: list[str] = []
            for c in causes:
                if _blank(c):
                    raise ToolkitError(
                        f"category {cat!r} has a blank cause", column="cause",
                        fix="remove the blank cause or write it in",
                    )  # fmt: skip
                if str(c).strip() not in kept:
                    kept.append(str(c).strip())
            cats[str(cat).strip()] = tuple(kept)
        return cls(str(effect).strip() if not _blank(effect) else "", cats)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        category: str = "category",
        cause: str = "cause",
        effect: str | None = None,
    ) -> Fishbone:
        """Build from a table with one row per cause.

        ``category`` and ``cause`` name the columns. ``effect`` is the problem
        statement itself, or the name of a column holding it (one value for
        every row); when None an ``effect`` column is used. A row with a
        category and a blank cause adds an empty category.
        """
        for col in (category, cause):
            if col not in frame.columns:
                raise ToolkitError(
                    f"no {col!r} column", column=col,
                    fix="say which columns hold categories and causes (category=..., cause=...)",
                )  # fmt: skip
        if effect is None or effect in frame.columns:
            col = effect or "effect"
            if col not in frame.columns:
                raise ToolkitError(
                    "no effect given and no 'effect' column", column="effect",
                    fix="pass effect='the problem' or add an effect column",
                )  # fmt: skip
            values = sorted({str(v).strip() for v in frame[col] if not _blank(v)})
            if len(values) != 1:
                raise ToolkitError(
                    f"column {col!r} holds {len(values)} different effects", column=col,
                    fix="draw one fishbone per problem (filter the rows first)",
                )  # fmt: skip
            effect = values[0]
        cats: dict[str, list[str]] = {}
        for i, (cat, c) in enumerate(zip(frame[category], frame[cause], strict=True)):
            if _blank(cat):
                raise ToolkitError(
                    "blank category", row=i + 2, column=category,
                    fix="give the cause a category (e.g. People, Methods)",
                )  # fmt: skip
            causes = cats.setdefault(str(cat).strip(), [])
            if not _blank(c):
                causes.append(str(c))
        return cls.from_dict(effect, cats)

    @property
    def n_causes(self) -> int:
        """Number of causes over all categories."""
        return sum(len(c) for c in self.categories.values())

    def as_frame(self) -> pd.DataFrame:
        """One row per cause: effect, category, cause.

        >>> Fishbone.from_dict("Long waits", {"Place": ["One phone line"]}).as_frame()
               effect category           cause
        0  Long waits    Place  One phone line
        """
        rows = [(self.effect, cat, c) for cat, causes in self.categories.items() for c in causes]
        return pd.DataFrame(rows, columns=["effect", "category", "cause"])
