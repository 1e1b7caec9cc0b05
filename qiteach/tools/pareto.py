"""Pareto analysis: which few categories account for most of the problem.

Categories are sorted by count, largest first (ties keep the order they were
first seen); ``percent`` is each count's share of the total and
``cumulative_percent`` the running total. **Vital few rule**: the categories up
to and including the first one at which the cumulative percentage reaches
(≥) 80 %, plus any category tied with the last of them; the rest are the
"useful many". Counts are compared as whole sums
(cumulative count × 100 ≥ 80 × total), so rounding never moves the cut.
An "Other" bar (small categories lumped together) is always drawn last and is
never one of the vital few: it is not a single cause to act on.

>>> table = pareto({"forgot": 42, "work": 18, "transport": 12, "felt better": 10,
...                 "unaware": 8, "childcare": 5, "weather": 3, "other reason": 2})
>>> table[["category", "count", "cumulative_percent", "vital_few"]].head(5)
      category  count  cumulative_percent  vital_few
0       forgot     42                42.0       True
1         work     18                60.0       True
2    transport     12                72.0       True
3  felt better     10                82.0       True
4      unaware      8                90.0      False
>>> pareto(["phone", "walk-in", "phone"])["count"].tolist()
[2, 1]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = ["VITAL_FEW_PERCENT", "pareto"]

#: cumulative percentage that closes the vital few
VITAL_FEW_PERCENT = 80.0


def _counts(data: Any, category: str, count: str | None) -> dict[str, float]:
    """Category -> count, in order of first appearance."""
    out: dict[str, float] = {}

    def add(cat: Any, n: Any, where: str) -> None:
        if (
            cat is None
            or cat is pd.NA
            or (isinstance(cat, float) and math.isnan(cat))
            or (str(cat).strip() == "")
        ):
            raise ToolkitError(
                f"{where}: blank category", column=category,
                fix="name every category (or drop the row)",
            )  # fmt: skip
        try:
            value = float(n)
        except (TypeError, ValueError):
            value = math.nan
        if math.isnan(value) or value < 0 or math.isinf(value):
            raise ToolkitError(
                f"{where}: count {n!r} for {cat!r} is not a number of 0 or more",
                column=count or "count", fix="give each category a count of 0 or more",
            )  # fmt: skip
        key = str(cat).strip()
        out[key] = out.get(key, 0.0) + value

    if isinstance(data, pd.DataFrame):
        if category not in data.columns:
            raise ToolkitError(
                f"no {category!r} column", column=category,
                fix="say which column holds the categories with category=...",
            )  # fmt: skip
        if count is not None and count not in data.columns:
            raise ToolkitError(
                f"no {count!r} column", column=count,
                fix="say which column holds the counts with count=..., or leave it out",
            )  # fmt: skip
        counts = data[count] if count is not None else [1] * len(data)
        for i, (cat, n) in enumerate(zip(data[category], counts, strict=True)):
            add(cat, n, f"row {i + 2}")
    elif isinstance(data, Mapping) or (
        isinstance(data, pd.Series) and pd.api.types.is_numeric_dtype(data)
    ):
        for cat, n in data.items():
            add(cat, n, f"category {cat!r}")
    elif isinstance(data, Iterable) and not isinstance(data, str | bytes):
        for i, cat in enumerate(data):
            add(cat, 1, f"item {i + 1}")
    else:
        raise ToolkitError(
            f"cannot make a Pareto table from {type(data).__name__}",
            fix="pass {category: count}, a Series of counts, a list of categories or a table",
        )
    return out


def pareto(
    data: Any,
    *,
    category: str = "category",
    count: str | None = None,
    other_below: float | None = None,
    top: int | None = None,
    other_label: str = "Other",
) -> pd.DataFrame:
    """A Pareto table: category, count, percent, cumulative_percent, vital_few, other.

    ``other`` marks the lumped "Other" row (always last).

    ``data`` is ``{category: count}``, a numeric Series indexed by category, a
    list of observed categories (one per event, counted here), or a DataFrame
    with a ``category`` column and optionally a ``count`` column (rows are
    counted when ``count`` is None; repeated categories are added up).

    Options, to keep a long tail readable: ``other_below=2`` lumps every
    category under 2 % of the total into ``other_label``; ``top=6`` keeps the
    six largest and lumps the rest. A single category is never lumped on its
    own. A category already called ``other_label`` joins the lump.
    The result's ``attrs`` hold ``total`` and ``vital_few_percent``.
    """
    counts = _counts(data, category, count)
    if not counts:
        raise ToolkitError("no categories to count", fix="give at least one category")
    total = sum(counts.values())
    if total <= 0:
        raise ToolkitError("all counts are zero", fix="give at least one count above zero")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ToolkitError(f"top={top!r} must be a whole number of 1 or more", fix="e.g. top=6")
    if other_below is not None and not 0 <= other_below < 100:
        raise ToolkitError(
            f"other_below={other_below!r} must be a percentage from 0 to 100", fix="e.g. 2"
        )
    order = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: ties keep first-seen order
    other = counts.get(other_label, 0.0)
    order = [(c, n) for c, n in order if c != other_label]
    lump: list[tuple[str, float]] = []
    if top is not None:
        order, lump = order[:top], order[top:]
    if other_below is not None:
        lump += [(c, n) for c, n in order if n * 100 < other_below * total]
        order = [(c, n) for c, n in order if n * 100 >= other_below * total]
    if len(lump) == 1 and other == 0:
        order = sorted([*order, *lump], key=lambda kv: -kv[1])
        lump = []
    other += sum(n for _, n in lump)
    rows = [(c, n, False) for c, n in order]
    if other > 0 or other_label in counts:
        rows.append((other_label, other, True))
    cats = [r[0] for r in rows]
    vals = [r[1] for r in rows]
    cum = 0.0
    vital: list[bool] = []
    reached = False
    last_vital = math.nan
    for _, n, is_other in rows:
        cum += n
        # a category tied with the last of the vital few is vital too: typing order must
        # not decide which of two equal causes the team acts on
        is_vital = not is_other and (not reached or n == last_vital)
        vital.append(is_vital)
        if is_vital:
            last_vital = n
        if cum * 100 >= VITAL_FEW_PERCENT * total:
            reached = True
    table = pd.DataFrame(
        {
            "category": cats,
            "count": vals,
            "percent": [100 * v / total for v in vals],
            "cumulative_percent": [100 * s / total for s in pd.Series(vals).cumsum()],
            "vital_few": vital,
            "other": [r[2] for r in rows],
        }
    )
    if all(float(v).is_integer() for v in vals):
        table["count"] = table["count"].astype(int)
    table.attrs["total"] = total
    table.attrs["vital_few_percent"] = VITAL_FEW_PERCENT
    return table
