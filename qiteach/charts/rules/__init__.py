"""Rule sets by name: each module's ``apply(PartContext) -> RuleOutput``.

>>> sorted(RULE_SETS)
['anhoej', 'hcdg', 'ihi', 'mdc']
>>> RULE_NAMES["anhoej"]
('outside_limits', 'long_run', 'few_crossings')
"""

from __future__ import annotations

from collections.abc import Callable

from qiteach.charts.rules import anhoej, hcdg, ihi, mdc
from qiteach.charts.rules.base import PartContext, RuleOutput

__all__ = ["RULE_NAMES", "RULE_SETS", "register"]

#: rule-set name -> function applying it to one part
RULE_SETS: dict[str, Callable[[PartContext], RuleOutput]] = {}
#: rule-set name -> the rule names it can report, in display order
RULE_NAMES: dict[str, tuple[str, ...]] = {}


def register(name: str, func: Callable[[PartContext], RuleOutput], names: tuple[str, ...]) -> None:
    """Add a rule set under ``name``."""
    RULE_SETS[name] = func
    RULE_NAMES[name] = names


register("anhoej", anhoej.apply, ("outside_limits", "long_run", "few_crossings"))
register("ihi", ihi.apply, ("outside_limits", "shift", "trend", "too_few_runs", "too_many_runs"))
register(
    "hcdg", hcdg.apply, ("outside_limits", "shift_8", "trend_6", "two_of_three", "fifteen_inner")
)
register("mdc", mdc.apply, ("outside_limits", "trend_7", "two_of_three", "shift_7"))
