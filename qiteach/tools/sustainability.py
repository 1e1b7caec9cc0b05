"""The NHS Sustainability Model: a team's self-assessment of whether a change will last.

**Source.** Maher L, Gustafson D, Evans A. *Sustainability Model and Guide*. NHS
Institute for Innovation and Improvement (2007; 2010 edition; the guide as
published by the NHS Institute's successor: https://www.slideshare.net/NHSIQlegacy/sustainability-model-and-guide;
the Institute's archived page:
https://webarchive.nationalarchives.gov.uk/20090410011325/https:/www.institute.nhs.uk/sustainability_model/introduction/find_out_more_about_the_model.html).
The model has ten factors in three domains, **process**, **staff** and
**organisation**; the factor names below are the model's as its users report
them (Table 5 of Implementation Science Communications (2021),
doi:10.1186/s43058-021-00205-x; Table 1 of Qual Manag Health Care
2011;20(4):263-279, PMC3188394). The model is meant for one planned or ongoing
improvement project, not a whole practice. The team rates each factor at the
level that best describes the project.

**What qiteach does not reproduce.** The model's scoring sheet gives each level
of each factor its own weighted score; the published maxima per factor differ
(the 2021 study reports, for example, 15 for senior leadership engagement and
6.5 for the monitoring system, so the staff factors weigh more) and add up to
about 100. The full sheet (every level's score and the model's own level
wordings for each factor) could not be found and confirmed from a source while
this module was written, so the weights are **not** used and none are invented:
every factor here counts the same, a level is worth 0 to 3 points
(:data:`LEVELS`), and the total is out of 30. The result is therefore *not* the
model's score and cannot be compared with its published figures; it keeps
the model's structure (ten factors, three domains, four levels per factor)
and its use: find the factors with most to gain and
act on them. The four level wordings are qiteach's, and the question under each
factor paraphrases the model's factor description.

:data:`FACTORS` and :data:`LEVELS` are the one place this knowledge lives:
the form, the chart and the notebook read them from here.

>>> result = sustainability_score({f.key: "mostly" for f in FACTORS} | {"senior_leaders": "partly"})
>>> result.total, result.max_total
(19, 30)
>>> [f.name for f in result.act_on]
['Senior leadership engagement']
>>> result.domains["points"].tolist()
[8, 7, 4]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = [
    "DOMAINS",
    "EXAMPLE_RATINGS",
    "FACTORS",
    "LEVELS",
    "SOURCE",
    "Factor",
    "SustainabilityScore",
    "factors_table",
    "level_points",
    "sustainability_score",
]

#: where the factors come from (cited in the notebook and the docs)
SOURCE = (
    "NHS Sustainability Model and Guide (Maher, Gustafson and Evans; NHS Institute for "
    "Innovation and Improvement, 2007/2010)"
)

#: the model's three domains, in its order
DOMAINS: tuple[str, ...] = ("process", "staff", "organisation")


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor of the model: ``key`` (used in answers), its name, domain and question."""

    key: str
    name: str
    domain: str
    question: str


#: the model's ten factors, in its order (names as the model publishes them)
FACTORS: tuple[Factor, ...] = (
    Factor("benefits", "Benefits beyond helping patients", "process",
           "Does the change bring other benefits too: easier jobs, less waste, time saved?"),
    Factor("credibility", "Credibility of the benefits", "process",
           "Can everyone involved see and describe the benefits, and is there evidence?"),
    Factor("adaptability", "Adaptability of improved process", "process",
           "Can the new process cope with pressures and keep going without one person or "
           "one pot of money?"),
    Factor("monitoring", "Effectiveness of the system to monitor progress", "process",
           "Is the measure still charted and fed back after the project ends?"),
    Factor("staff_involvement", "Staff involvement and training to sustain the process", "staff",
           "Did staff help design and test the change, and are they trained in it?"),
    Factor("staff_behaviours", "Staff behaviours toward sustaining the change", "staff",
           "Do staff think the change is a better way of working, and say so?"),
    Factor("senior_leaders", "Senior leadership engagement", "staff",
           "Are senior leaders involved, informed and taking responsibility for it?"),
    Factor("clinical_leaders", "Clinical leadership engagement", "staff",
           "Are clinical leaders involved, informed and taking responsibility for it?"),
    Factor("fit", "Fit with the organisation's strategic aims and culture", "organisation",
           "Does the change serve the practice's aims, and have similar changes lasted before?"),
    Factor("infrastructure", "Infrastructure for sustainability", "organisation",
           "Are staffing, rooms, policies and equipment in place to keep it going?"),
)  # fmt: skip

#: the four levels a factor is rated at (qiteach's wording), lowest first, and their points
LEVELS: dict[str, int] = {
    "not in place": 0,
    "partly": 1,
    "mostly": 2,
    "fully in place": 3,
}
#: an example team's ratings for the demonstration in session 8 (made up for teaching: a
#: practice whose new recall process is liked and charted but depends on one enthusiast
#: and has no senior or clinical owner yet)
EXAMPLE_RATINGS: dict[str, str] = {
    "benefits": "mostly",
    "credibility": "mostly",
    "adaptability": "partly",
    "monitoring": "fully in place",
    "staff_involvement": "mostly",
    "staff_behaviours": "fully in place",
    "senior_leaders": "not in place",
    "clinical_leaders": "partly",
    "fit": "mostly",
    "infrastructure": "not in place",
}
_BY_KEY = {f.key: f for f in FACTORS}
_TOP = max(LEVELS.values())


def factors_table() -> pd.DataFrame:
    """The ten factors as a table to read before rating: domain, factor, question.

    >>> t = factors_table()
    >>> t.shape, t["domain"].value_counts().to_dict()
    ((10, 3), {'process': 4, 'staff': 4, 'organisation': 2})
    """
    return pd.DataFrame(
        [(f.domain, f.name, f.question) for f in FACTORS], columns=["domain", "factor", "question"]
    )


def level_points(level: Any, *, factor: str = "level") -> int:
    """The points of a level given as its name (any case) or as its points (0 to 3).

    >>> level_points("Mostly"), level_points(3), level_points("1")
    (2, 3, 1)
    >>> level_points("a lot")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ToolkitError: level: 'a lot' is not a level (fix: use one of: \
not in place, partly, mostly, fully in place)
    """
    fix = f"use one of: {', '.join(LEVELS)}"
    if isinstance(level, bool):
        raise ToolkitError(f"{level!r} is not a level", column=factor, fix=fix)
    if isinstance(level, int | float) and not isinstance(level, bool):
        if float(level) in {float(p) for p in LEVELS.values()}:
            return int(level)
        raise ToolkitError(f"{level!r} is not a level (0 to {_TOP})", column=factor, fix=fix)
    text = " ".join(str(level).strip().lower().split())
    if text in LEVELS:
        return LEVELS[text]
    if text.isdigit() and int(text) in LEVELS.values():
        return int(text)
    raise ToolkitError(f"{level!r} is not a level", column=factor, fix=fix)


@dataclass(frozen=True, slots=True)
class SustainabilityScore:
    """A team's ratings, scored.

    ``factors`` has one row per factor in the model's order (key, name,
    domain, level, points, max_points, to_gain); ``domains`` one row per
    domain (domain, points, max_points, percent); ``act_on`` the factors with
    most to gain (the largest ``to_gain``, all ties, model order), empty when
    every factor is fully in place.
    """

    factors: pd.DataFrame
    domains: pd.DataFrame
    total: int
    max_total: int
    act_on: tuple[Factor, ...]

    def level_of(self, key: str) -> str:
        """The level a factor was rated at (its name in :data:`LEVELS`)."""
        return str(self.factors.loc[self.factors["key"] == key, "level"].iloc[0])

    @property
    def weakest_domain(self) -> str:
        """The domain with the lowest share of its maximum (first in model order on ties)."""
        return str(self.domains.sort_values("percent", kind="stable")["domain"].iloc[0])

    def sentences(self) -> tuple[str, ...]:
        """The result in words, computed from the ratings.

        >>> r = sustainability_score({f.key: 3 for f in FACTORS} | {"fit": 0, "monitoring": 0})
        >>> print("\\n".join(r.sentences()))
        Total 24 of 30 (unweighted: every factor counts the same).
        Process 9 of 12, staff 12 of 12, organisation 3 of 6.
        Most to gain: Effectiveness of the system to monitor progress; Fit with the \
organisation's strategic aims and culture (3 points each).
        """
        parts = ", ".join(
            f"{row.domain} {row.points} of {row.max_points}"
            for row in self.domains.itertuples(index=False)
        )
        out = [
            f"Total {self.total} of {self.max_total} (unweighted: every factor counts the same).",
            parts[0].upper() + parts[1:] + ".",
        ]
        if self.act_on:
            gain = _TOP - LEVELS[self.level_of(self.act_on[0].key)]
            names = "; ".join(f.name for f in self.act_on)
            each = " each" if len(self.act_on) > 1 else ""
            out.append(f"Most to gain: {names} ({gain} point{'s' if gain != 1 else ''}{each}).")
        else:
            out.append("Every factor is rated fully in place: keep checking it as things change.")
        return tuple(out)


def sustainability_score(ratings: Mapping[str, Any]) -> SustainabilityScore:
    """Score a team's ratings: ``{factor key: level}`` for all ten :data:`FACTORS`.

    Levels are names from :data:`LEVELS` or their points (0 to 3). A missing
    or unknown factor is an error that names it.

    >>> sustainability_score({"benefits": "fully in place"})
    Traceback (most recent call last):
    ...
    qiteach.exceptions.ToolkitError: not rated: credibility, adaptability, monitoring, \
staff_involvement, staff_behaviours, senior_leaders, clinical_leaders, fit, infrastructure \
(fix: rate every factor of the model)
    """
    unknown = [k for k in ratings if k not in _BY_KEY]
    if unknown:
        raise ToolkitError(
            f"not a factor of the model: {', '.join(map(str, unknown))}",
            fix=f"use the factor keys: {', '.join(_BY_KEY)}",
        )
    missing = [f.key for f in FACTORS if f.key not in ratings or ratings[f.key] is None]
    if missing:
        raise ToolkitError(f"not rated: {', '.join(missing)}", fix="rate every factor of the model")
    rows = []
    names = {p: n for n, p in LEVELS.items()}
    for f in FACTORS:
        points = level_points(ratings[f.key], factor=f.key)
        rows.append(
            {"key": f.key, "name": f.name, "domain": f.domain, "level": names[points],
             "points": points, "max_points": _TOP, "to_gain": _TOP - points}
        )  # fmt: skip
    factors = pd.DataFrame(rows)
    domains = factors.groupby("domain", sort=False)[["points", "max_points"]].sum().reset_index()
    domains["percent"] = 100.0 * domains["points"] / domains["max_points"]
    most = int(factors["to_gain"].max())
    keys = factors.loc[factors["to_gain"] == most, "key"] if most else []
    act_on = tuple(_BY_KEY[k] for k in keys)
    return SustainabilityScore(
        factors, domains, int(factors["points"].sum()), int(factors["max_points"].sum()), act_on
    )
