"""The rule sets by name: one :class:`~qiteach.charts.rules.base.RuleSet` per module.

A small registry (a dict and :func:`register`, as papermill keeps its engines):
``RULE_SETS[name]`` is the rule set, :func:`rule` finds a rule by its key in any
of them, and :data:`DEFAULT` is the rule set used when none is chosen.

>>> sorted(RULE_SETS)
['anhoej', 'hcdg', 'ihi', 'mdc']
>>> RULE_NAMES["anhoej"]
('outside_limits', 'long_run', 'few_crossings')
>>> RULE_SETS["mdc"].title, rule("shift").points
('NHS Making Data Count rules', 6)
"""

from __future__ import annotations

from qiteach.charts.rules.anhoej import ANHOEJ
from qiteach.charts.rules.base import Rule, RuleSet
from qiteach.charts.rules.hcdg import HCDG
from qiteach.charts.rules.ihi import IHI
from qiteach.charts.rules.mdc import MDC

__all__ = [
    "DEFAULT",
    "RULE_NAMES",
    "RULE_SETS",
    "Rule",
    "RuleSet",
    "fitting_rules",
    "names_text",
    "register",
    "rule",
    "rule_set",
]

#: the rule set used when none is chosen (qicharts2's default)
DEFAULT = "anhoej"
#: rule-set name -> rule set, in the order they are offered
RULE_SETS: dict[str, RuleSet] = {}
#: rule-set name -> the rule keys it can report, in display order
RULE_NAMES: dict[str, tuple[str, ...]] = {}
_RULES: dict[str, Rule] = {}


def register(rules: RuleSet) -> None:
    """Add a rule set under its name.

    A rule key means one rule everywhere: a second rule set may reuse a rule
    (as ``outside_limits``) but not give the same key other words.
    """
    for r in rules.rules:
        if _RULES.setdefault(r.key, r) != r:
            raise ValueError(f"rule {r.key!r} of {rules.name!r} differs from an earlier one")
    RULE_SETS[rules.name] = rules
    RULE_NAMES[rules.name] = rules.keys


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name`` (KeyError if there is none)."""
    return RULE_SETS[name]


def rule(key: str) -> Rule | None:
    """The rule called ``key`` in any registered rule set, or None."""
    return _RULES.get(key)


def fitting_rules(rules: str | None, chart: str) -> str:
    """``rules`` if that rule set is meant for ``chart``, else :data:`DEFAULT`.

    >>> fitting_rules("hcdg", "run"), fitting_rules("ihi", "run"), fitting_rules(None, "p")
    ('anhoej', 'ihi', 'anhoej')
    """
    if rules in RULE_SETS and chart in RULE_SETS[rules].charts:
        return rules
    return DEFAULT


def names_text(last: str = "or") -> str:
    """The rule-set names for a help text: ``"anhoej, ihi, hcdg or mdc"``.

    >>> names_text()
    'anhoej, ihi, hcdg or mdc'
    """
    names = list(RULE_SETS)
    return ", ".join(names[:-1]) + f" {last} " + names[-1] if len(names) > 1 else names[0]


for _rules in (ANHOEJ, IHI, HCDG, MDC):
    register(_rules)
