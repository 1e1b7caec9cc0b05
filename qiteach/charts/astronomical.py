"""Points worth a look for IHI's astronomical-data-point rule: a suggestion, never a signal.

IHI's fourth run-chart rule (:data:`qiteach.charts.rules.ihi.ASTRONOMICAL`) is a
judgement: a person decides whether a point is obviously different from the
rest. qiteach never flags it on a chart. To help a learner *look*, this module
suggests points that lie far from the rest by a robust yardstick that the point
itself barely moves:

- centre = the median of the values;
- spread = the median of the moving ranges |xᵢ − xᵢ₋₁|;
- a point is suggested when it is more than :data:`MEDIAN_MR_FACTOR` × the median
  moving range from the centre.

3.14 = 3 / 0.954 turns a median moving range into 3-sigma limits (Wheeler &
Chambers, *Understanding Statistical Process Control*, 2nd ed., 1992, median
moving range chart; the bias constant 0.954 is d4 for n = 2). Medians, not
means, so one huge point does not hide itself by widening the limits.

>>> astronomical_candidates([40, 38, 44, 41, 39, 150, 42, 37, 40, 43])
[5]
>>> astronomical_candidates([40, 38, 44, 41, 39, 47, 42, 37, 40, 43])  # the highest, not far
[]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["MEDIAN_MR_FACTOR", "SUGGESTION", "astronomical_candidates"]

#: 3 / 0.954: median moving range to 3-sigma distance (Wheeler & Chambers 1992).
MEDIAN_MR_FACTOR = 3.14
#: How the suggestion is made, in words (feedback and notebooks read it from here).
SUGGESTION = (
    f"Suggested by qiteach: points more than {MEDIAN_MR_FACTOR} median moving ranges from the "
    "median. Whether a point is astronomical is the team's judgement."
)


def astronomical_candidates(values: Sequence[float] | np.ndarray) -> list[int]:
    """Positions (0-based) of the points worth a look; empty when none stand out.

    Missing values are ignored. Fewer than 3 values, or no variation between
    neighbours, suggest nothing.

    >>> astronomical_candidates([5, 5, 5, 30]), astronomical_candidates([1, 2])
    ([], [])
    """
    y = np.asarray(values, dtype=float)
    keep = np.flatnonzero(~np.isnan(y))
    if len(keep) < 3:
        return []
    v = y[keep]
    spread = float(np.median(np.abs(np.diff(v))))
    if spread == 0:
        return []
    far = np.abs(v - float(np.median(v))) > MEDIAN_MR_FACTOR * spread
    return [int(i) for i in keep[far]]
