"""Red/amber/green ratings and two-point comparisons set beside the control chart.

Board reports often colour each period against a target and say whether it is
better or worse than the period before. Neither knows how much the measure
varies by chance, so both change colour and direction on noise; the control
chart separates noise (common cause) from signals (special cause). NHS
England's *Making Data Count* makes this case (NHS Improvement, "Making data
count", 2019): this module computes it on real data, so the lesson is the
data's, not ours.

The RAG convention used (:data:`AMBER_MARGIN`, a common board rule): a period
is **green** when it meets the target, **amber** when it misses by no more than
the margin (a share of the target), **red** otherwise. "Meets" follows the
chart's improvement direction (lower is better for ``decrease``).

>>> import pandas as pd
>>> from qiteach.charts import compute_chart
>>> c = compute_chart(y=[5.0, 7.0, 5.5, 6.5, 5.0, 6.2, 5.8, 6.6, 5.1, 6.0], chart="i",
...                   direction="decrease", target=6.0)
>>> cmp = rag_vs_spc(c)
>>> cmp.table["rag"].tolist()
['green', 'red', 'green', 'red', 'green', 'amber', 'green', 'red', 'green', 'green']
>>> cmp.colour_changes, cmp.direction_flips, cmp.special_points
(8, 8, 0)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qiteach.charts.result import ChartResult
from qiteach.exceptions import ChartInputError

__all__ = ["AMBER_MARGIN", "RAG_RULE", "RagComparison", "rag_vs_spc"]

#: Amber: missing the target by no more than this share of it (5 % of a 6 % target: 0.3).
AMBER_MARGIN = 0.05
#: The RAG convention in words (notebooks and reports read it from here).
RAG_RULE = (
    "Green: the period meets the target. Amber: it misses by no more than "
    f"{AMBER_MARGIN:.0%} of the target. Red: it misses by more."
)


@dataclass(frozen=True)
class RagComparison:
    """The last periods of a chart with their RAG colour, the change from the period
    before and what the control chart says about each.

    ``table`` columns: ``x``, ``value``, ``change`` (better / worse / same / "" for the
    first), ``rag`` (green / amber / red), ``spc`` (common cause / special cause).
    """

    table: pd.DataFrame
    target: float
    colour_changes: int
    direction_flips: int
    special_points: int

    def sentences(self) -> tuple[str, ...]:
        """What the comparison shows, in words (computed).

        >>> from qiteach.charts import compute_chart
        >>> c = compute_chart(y=[5.0, 7.0, 5.5, 6.5], chart="run", direction="decrease",
        ...                   target=6.0)
        >>> print(rag_vs_spc(c).sentences()[0])
        Over 4 periods the RAG rating changed colour 3 times and better/worse flipped 2 times.
        """
        n = len(self.table)
        out = [
            f"Over {n} periods the RAG rating changed colour {self.colour_changes} times and "
            f"better/worse flipped {self.direction_flips} times."
        ]
        if self.special_points:
            out.append(
                f"The control chart shows special cause at {self.special_points} of the {n} "
                "points: those deserve a question; the other colour changes may be noise."
            )
        else:
            out.append(
                f"The control chart shows no special cause in these {n} periods: every colour "
                "change and every better/worse is common-cause variation (noise)."
            )
        return tuple(out)


def _meets(value: float, target: float, direction: str) -> bool:
    return value <= target if direction == "decrease" else value >= target


def rag_vs_spc(result: ChartResult, *, last: int | None = None) -> RagComparison:
    """Compare RAG ratings and period-on-period changes with the chart's signals.

    Uses the chart's own target and improvement direction (``result.spec``);
    ``last`` keeps only the last ``last`` periods with a value.

    >>> from qiteach.charts import compute_chart
    >>> rag_vs_spc(compute_chart(y=[1.0, 2.0, 3.0], chart="run"))
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ChartInputError: target: the chart has no target (fix: give the chart \
a target, e.g. target=6, and an improvement direction)
    """
    spec = result.spec
    if spec.target is None or spec.direction not in ("increase", "decrease"):
        raise ChartInputError(
            "the chart has no target" if spec.target is None else "the chart has no direction",
            column="target" if spec.target is None else "direction",
            fix="give the chart a target, e.g. target=6, and an improvement direction",
        )
    pts = result.points[result.points["y"].notna()]
    if last is not None:
        pts = pts.tail(last)
    target, up = float(spec.target), spec.direction == "increase"
    values = pts["y"].astype(float).to_numpy()
    margin = AMBER_MARGIN * abs(target)
    rag = [
        "green" if _meets(v, target, spec.direction)
        else "amber" if abs(v - target) <= margin
        else "red"
        for v in values
    ]  # fmt: skip
    diffs = np.diff(values)
    change = [""] + ["same" if d == 0 else "better" if (d > 0) == up else "worse" for d in diffs]
    spc = ["special cause" if len(s) else "common cause" for s in pts["signals"]]
    moves = [c for c in change if c in ("better", "worse")]
    table = pd.DataFrame({"x": pts["x"].to_numpy(), "value": values, "change": change,
                          "rag": rag, "spc": spc})  # fmt: skip
    return RagComparison(
        table=table,
        target=target,
        colour_changes=sum(a != b for a, b in itertools.pairwise(rag)),
        direction_flips=sum(a != b for a, b in itertools.pairwise(moves)),
        special_points=spc.count("special cause"),
    )
