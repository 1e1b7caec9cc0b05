"""``ChartSpec``: one validated, frozen description of a chart's settings.

The settings ``compute_chart`` takes besides the data (chart type, rule set,
freeze, parts, excluded points, improvement direction, target, multiplier and
moving-range screening) are checked once here and travel with the result
(``ChartResult.spec``). How they combine is decided here too, in one place:
as in qicharts2, a freeze is ignored when the chart has parts, unless the rule
set freezes within each part (Making Data Count's rebase groups).

>>> spec = ChartSpec(chart="i", freeze=12, part=20)
>>> spec.part, spec.freeze
((20,), None)
>>> ChartSpec(chart="i", rules="mdc", freeze=12, part=20).freeze
12
>>> spec.replace(part=()).to_dict()["part"]
[]
>>> ChartSpec(chart="x")
Traceback (most recent call last):
...
qiteach.exceptions.ChartInputError: chart: unknown chart type 'x' (fix: use one of: run, i, ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qiteach.charts.limits import LIMITS
from qiteach.charts.rules import DEFAULT, RULE_SETS
from qiteach.charts.rules.base import RuleSet
from qiteach.exceptions import ChartInputError

__all__ = ["CHART_TYPES", "DIRECTIONS", "ChartSpec"]

CHART_TYPES: tuple[str, ...] = tuple(LIMITS)
DIRECTIONS = ("increase", "decrease", "neutral")
#: the settings, in the order ``qiteach chart --json`` reports them
FIELDS = (
    "chart",
    "rules",
    "freeze",
    "part",
    "exclude",
    "direction",
    "target",
    "multiply",
    "screen_mr",
)


def _check_choice(value: str, allowed: Sequence[str], what: str, flag: str) -> str:
    if value not in allowed:
        raise ChartInputError(
            f"unknown {what} {value!r}", column=flag, fix=f"use one of: {', '.join(allowed)}"
        )
    return value


def _points(value: Any, name: str) -> tuple[int, ...]:
    """1-based point numbers (one or several) as a tuple of ints."""
    if value is None:
        return ()
    items = [value] if isinstance(value, int | float | np.integer | np.floating) else list(value)
    out = []
    for v in items:
        try:
            whole = not isinstance(v, bool) and float(v).is_integer()
        except (TypeError, ValueError):
            whole = False
        if not whole:
            raise ChartInputError(
                f"{name} value {v!r} is not a whole number",
                column=name,
                fix=f"give {name} as 1-based point numbers such as 12",
            )
        out.append(int(v))
    return tuple(out)


@dataclass(frozen=True)
class ChartSpec:
    """A chart's settings, validated (see :func:`qiteach.charts.compute_chart`).

    ``freeze`` K: the first K subgroups (of each part, for a rule set that
    freezes per part) set the limits; it is None when it does not apply.
    ``part``: a new part starts after each of these 1-based subgroups.
    ``exclude``: 1-based subgroups left out of the calculations but drawn.
    Point numbers are checked against the data (below 1, past the end) when the
    chart is computed.
    """

    chart: str = "run"
    rules: str = DEFAULT
    freeze: int | None = None
    part: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    direction: str = "neutral"
    target: float | None = None
    multiply: float = 1.0
    screen_mr: bool = True

    def __post_init__(self) -> None:
        _check_choice(self.chart, CHART_TYPES, "chart type", "chart")
        _check_choice(self.rules, tuple(RULE_SETS), "rule set", "rules")
        _check_choice(self.direction, DIRECTIONS, "improvement direction", "improvement")
        multiply = float(self.multiply)
        if not np.isfinite(multiply) or multiply <= 0:
            raise ChartInputError(
                f"multiply {multiply:g} is not a positive number",
                column="multiply",
                fix="use e.g. 100 for percentages",
            )
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "multiply", multiply)
        set_(self, "target", None if self.target is None else float(self.target))
        set_(self, "screen_mr", bool(self.screen_mr))
        set_(self, "part", _points(self.part, "part"))
        set_(self, "exclude", _points(self.exclude, "exclude"))
        freeze = _points(self.freeze, "freeze")
        if freeze and freeze[0] < 1:
            raise ChartInputError(
                f"freeze {freeze[0]} is below 1",
                column="freeze",
                fix="freeze K uses the first K points for the limits; K must be 1 or more",
            )
        applies = not self.part or self.rule_set.freeze_per_part
        set_(self, "freeze", freeze[0] if freeze and applies else None)
        self.rule_set.check(self)

    @property
    def rule_set(self) -> RuleSet:
        """The :class:`~qiteach.charts.rules.base.RuleSet` these settings name."""
        return RULE_SETS[self.rules]

    def replace(self, **changes: Any) -> ChartSpec:
        """A copy with some settings changed (checked again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-ready values (parts and exclusions as lists)."""
        out = {name: getattr(self, name) for name in FIELDS}
        out["part"], out["exclude"] = list(self.part), list(self.exclude)
        return out

    def kwargs(self) -> dict[str, Any]:
        """The settings as ``compute_chart`` keyword arguments."""
        out = self.to_dict()
        out["part"] = list(self.part) or None
        out["exclude"] = list(self.exclude) or None
        return out
