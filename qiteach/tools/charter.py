"""A project charter: the team's agreement on what the project is and is not.

The charter puts on one page what a sponsor signs off before the first PDSA
cycle: the problem, the aim, what is in and out of scope, who sponsors it, who
does what, the timescale and the measures. Its own words live in the workspace's
``charter`` table; the aim is the team's aim (``teams.aim``) and the measures are
its ``measures`` rows, so nothing is written twice (:meth:`Charter.from_team`).

:meth:`Charter.gaps` says what is missing or weak, one sentence each; the aim is
judged by :func:`qiteach.aims.check_aim`, the same checker the aim exercise uses.
The parts and their titles are :data:`CHARTER_PARTS` (the drawing, the form and
the exercise read them from here).

>>> c = Charter.from_mapping({
...     "title": "Blood pressure control",
...     "problem": "Only 58% of patients with hypertension have a BP under target",
...     "aim": "Increase the % of patients with hypertension whose last BP is under "
...            "target from 58% to 70% by 31 March 2027",
...     "scope_in": "Adults on the hypertension register", "scope_out": "",
...     "sponsor": "", "roles": "Dr A Khan - clinical lead; J Smith - data",
...     "start": "2026-01-05", "end": "2027-03-31"})
>>> [g.part for g in c.gaps()]
['scope_out', 'sponsor', 'measures']
>>> c.roles
(('Dr A Khan', 'clinical lead'), ('J Smith', 'data'))
>>> c.ok
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from qiteach.aims import check_aim
from qiteach.exceptions import ToolkitError

if TYPE_CHECKING:
    from qiteach.workspace.model import Team

__all__ = ["CHARTER_FIELDS", "CHARTER_PARTS", "Charter", "Gap", "charter_problems", "parse_roles"]

#: The parts of a charter in the order the page shows them: name -> (title, what it holds).
CHARTER_PARTS: dict[str, tuple[str, str]] = {
    "problem": ("Problem", "what is wrong now, for whom, and the number that shows it"),
    "aim": ("Aim", "what, for whom, how much, by when (the team's aim)"),
    "scope_in": ("In scope", "what the project covers"),
    "scope_out": ("Out of scope", "what the project leaves out, so the team can say no"),
    "sponsor": ("Sponsor", "the senior person who backs the project and unblocks it"),
    "roles": ("Team and roles", "who does what"),
    "timescale": ("Timescale", "when the project starts and finishes"),
    "measures": ("Measures", "the team's family of measures (outcome, process, balancing)"),
}

#: The columns of the team's own charter row (``charter.csv`` less ``team_id``), in the order
#: the charter box asks for them: the aim and measures have their own homes.
CHARTER_FIELDS: tuple[str, ...] = (
    "problem",
    "scope_in",
    "scope_out",
    "sponsor",
    "roles",
    "start",
    "end",
)

_NUMBER = re.compile(r"\d")
_ROLE_SPLIT = re.compile(r"\s+[-–—:]\s+|\s*:\s*|\s+[-–—]\s*")


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing missing (``missing``) or worth sharpening (``weak``) in a charter."""

    part: str
    level: Literal["missing", "weak"]
    sentence: str

    def __str__(self) -> str:
        return f"{CHARTER_PARTS[self.part][0]}: {self.sentence}"


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any, part: str) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ToolkitError(
            f'"{text}" is not a date', column=part, fix="write the date as YYYY-MM-DD"
        ) from None


def parse_roles(text: str | None) -> tuple[tuple[str, str], ...]:
    """``"Dr A Khan - clinical lead; J Smith - data"`` as ``((person, role), ...)``.

    People are separated by ``;`` (or new lines); a person's role follows `` - ``,
    a dash or ``:``. A person written without a role gets an empty role.

    >>> parse_roles("Dr A Khan - clinical lead; J Smith: data\\nP Jones")
    (('Dr A Khan', 'clinical lead'), ('J Smith', 'data'), ('P Jones', ''))
    >>> parse_roles("Mary-Jane Ode - nurse lead")
    (('Mary-Jane Ode', 'nurse lead'),)
    >>> parse_roles(None)
    ()
    """
    out = []
    for item in re.split(r"[;\n]", text or ""):
        item = " ".join(item.split())
        if not item:
            continue
        parts = _ROLE_SPLIT.split(item, maxsplit=1)
        person, role = (parts[0], parts[1]) if len(parts) == 2 else (item, "")
        out.append((person.strip(), role.strip()))
    return tuple(out)


def charter_problems(fields: Mapping[str, Any]) -> tuple[str, ...]:
    """What stops ``fields`` (a charter row) from being saved: one line per problem,
    each naming the field and the fix. Empty when the row can be saved.

    A charter row needs its problem statement (the one part ``charter.csv`` cannot
    leave blank); dates must be dates, and the end must not come before the start.
    What is merely missing or weak (no sponsor yet) is :meth:`Charter.gaps`' job,
    not a reason to refuse a save.

    >>> for line in charter_problems({"problem": " ", "start": "2026-09-30",
    ...                               "end": "2026-01-05"}):
    ...     print(line)
    problem: the charter has no problem statement (fix: write what is wrong now, for whom, and the number that shows it)
    end: the end 2026-01-05 is before the start 2026-09-30 (fix: pick an end date after the start, or clear one of the two)
    >>> charter_problems({"problem": "x", "start": "5/1/26"})
    ('start: "5/1/26" is not a date (fix: write the date as YYYY-MM-DD)',)
    >>> charter_problems({"problem": "58% of patients ...", "end": dt.date(2026, 9, 30)})
    ()
    """  # noqa: E501
    out: list[str] = []
    if not _text(fields.get("problem")):
        out.append(
            str(
                ToolkitError(
                    "the charter has no problem statement",
                    column="problem",
                    fix=f"write {CHARTER_PARTS['problem'][1]}",
                )
            )
        )
    dates: dict[str, dt.date | None] = {}
    for part in ("start", "end"):
        try:
            dates[part] = _date(fields.get(part), part)
        except ToolkitError as exc:
            out.append(str(exc))
            dates[part] = None
    start, end = dates["start"], dates["end"]
    if start and end and end < start:
        out.append(
            str(
                ToolkitError(
                    f"the end {end} is before the start {start}",
                    column="end",
                    fix="pick an end date after the start, or clear one of the two",
                )
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Charter:
    """A team's project charter (build it with :meth:`from_team` or :meth:`from_mapping`).

    ``measures`` holds ``(type, name)`` pairs, e.g. ``("outcome", "BP under target")``.
    """

    title: str
    problem: str | None
    aim: str | None
    scope_in: str | None
    scope_out: str | None
    sponsor: str | None
    roles: tuple[tuple[str, str], ...]
    start: dt.date | None
    end: dt.date | None
    measures: tuple[tuple[str, str], ...] = ()
    team_id: str = ""

    @classmethod
    def from_mapping(cls, fields: Mapping[str, Any]) -> Charter:
        """Build from a mapping of the charter table's columns plus ``aim``, ``title``,
        ``measures`` (``(type, name)`` pairs) and ``team_id``; blanks become ``None``.

        >>> Charter.from_mapping({"start": "2026-13-01"})
        Traceback (most recent call last):
        ...
        qiteach.exceptions.ToolkitError: start: "2026-13-01" is not a date (fix: write the date as YYYY-MM-DD)
        """  # noqa: E501
        start, end = _date(fields.get("start"), "start"), _date(fields.get("end"), "end")
        if start and end and end < start:
            raise ToolkitError(
                f"end {end} is before start {start}", column="end", fix="check the two dates"
            )
        roles = fields.get("roles")
        return cls(
            title=_text(fields.get("title")) or "Project charter",
            problem=_text(fields.get("problem")),
            aim=_text(fields.get("aim")),
            scope_in=_text(fields.get("scope_in")),
            scope_out=_text(fields.get("scope_out")),
            sponsor=_text(fields.get("sponsor")),
            roles=tuple(roles) if isinstance(roles, tuple) else parse_roles(_text(roles)),
            start=start,
            end=end,
            measures=tuple((str(t), str(n)) for t, n in fields.get("measures") or ()),
            team_id=str(fields.get("team_id") or ""),
        )

    @classmethod
    def from_team(cls, team: Team) -> Charter:
        """The team's charter row with its own aim, project title and measures.

        A team without a charter row gets an empty charter (every part missing but
        the aim and measures it already has).

        >>> c = Charter.from_team(demo_programme.team("west"))
        >>> c.sponsor, c.scope_out, sorted({t for t, _ in c.measures})
        ('Dr Farid Lowe, West PCN clinical director', None, ['balancing', 'outcome', 'process'])
        """
        row = dict(team.charter or {})
        m = team.measures
        row["measures"] = [(t, n) for t, n in zip(m["type"], m["name"], strict=True) if t and n]
        row["aim"] = team.info.get("aim")
        row["title"] = team.info.get("project_title") or team.info.get("team_name")
        row["team_id"] = team.team_id
        return cls.from_mapping(row)

    @property
    def timescale(self) -> str | None:
        """``"1 Dec 2025 to 30 Sep 2026 (10 months)"``, or what is known of it.

        >>> Charter.from_mapping({"start": "2025-12-01", "end": "2026-09-30"}).timescale
        '1 Dec 2025 to 30 Sep 2026 (10 months)'
        >>> Charter.from_mapping({"end": "2026-09-30"}).timescale
        'to 30 Sep 2026'
        """

        def fmt(d: dt.date) -> str:
            return f"{d.day} {d:%b %Y}"

        if self.start and self.end:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            months += 1 if self.end.day >= self.start.day - 1 else 0
            return f"{fmt(self.start)} to {fmt(self.end)} ({months} months)"
        if self.start:
            return f"from {fmt(self.start)}"
        if self.end:
            return f"to {fmt(self.end)}"
        return None

    def gaps(self) -> tuple[Gap, ...]:
        """What is missing (first) or weak in the charter, one sentence per gap.

        >>> c = Charter.from_mapping({"problem": "Patients wait too long", "aim": "Improve AF care",
        ...     "scope_in": "AF register", "scope_out": "Anticoagulation clinic",
        ...     "sponsor": "Dr Shah", "roles": "Dr Shah", "start": "2026-01-05",
        ...     "measures": [("outcome", "% on anticoagulant")]})
        >>> for g in c.gaps(): print(g.level, g.part)
        missing timescale
        weak problem
        weak aim
        weak roles
        weak measures
        """
        missing: list[Gap] = []
        weak: list[Gap] = []

        def gap(part: str, level: Literal["missing", "weak"], sentence: str) -> None:
            (missing if level == "missing" else weak).append(Gap(part, level, sentence))

        if not self.problem:
            gap(
                "problem",
                "missing",
                "say what is wrong now, for whom, with a number that shows it.",
            )
        elif not _NUMBER.search(self.problem):
            gap(
                "problem",
                "weak",
                "add the number that shows the problem (e.g. 58% of "
                "patients with hypertension have a BP under target).",
            )
        if not self.aim:
            gap(
                "aim",
                "missing",
                "the team has no aim yet: write what, for whom, how much "
                "and by when (the aim exercise checks it).",
            )
        else:
            fb = check_aim(self.aim)
            absent = [
                name
                for name, has in (
                    ("what will change", fb.has_what),
                    ("for whom", fb.has_who),
                    ("how much", fb.has_how_much),
                    ("by when (a date)", fb.has_by_when),
                )
                if not has
            ]
            if absent:
                gap("aim", "weak", "the aim lacks " + " and ".join(absent) + ".")
            elif fb.problems:
                gap("aim", "weak", fb.problems[0])
            if fb.has_by_when and self.end and str(self.end.year) not in (fb.by_when or ""):
                gap(
                    "aim",
                    "weak",
                    f"the aim's date ({fb.by_when}) is not in the project's "
                    f"last year ({self.end.year}): make the two agree.",
                )
        if not self.scope_in:
            gap("scope_in", "missing", "say which patients, practices or steps the project covers.")
        if not self.scope_out:
            gap(
                "scope_out",
                "missing",
                "say what the project leaves out: it is what lets the "
                "team say no when the project starts to grow.",
            )
        if not self.sponsor:
            gap(
                "sponsor",
                "missing",
                "name a senior person (e.g. a partner or the PCN clinical "
                "director) who backs the project and can unblock it.",
            )
        if not self.roles:
            gap("roles", "missing", "list who is on the team and what each person does.")
        else:
            if len(self.roles) < 2:
                gap(
                    "roles",
                    "weak",
                    "one person is not a team: add who else takes part "
                    "(e.g. someone for the data, someone from reception).",
                )
            unnamed = [p for p, r in self.roles if not r]
            if unnamed and len(self.roles) >= 2:
                gap("roles", "weak", f"say what {unnamed[0]} does (write 'name - role').")
        if not (self.start and self.end):
            gap("timescale", "missing", "give a start and an end date.")
        elif (self.end - self.start).days > 730:
            gap(
                "timescale",
                "weak",
                "over two years is long for a first project: "
                "scope it smaller so the team sees results this year.",
            )
        types = {t for t, _ in self.measures}
        if not self.measures:
            gap(
                "measures",
                "missing",
                "no measures yet: session 4 builds the family (outcome, process, balancing).",
            )
        else:
            lacking = [t for t in ("outcome", "process", "balancing") if t not in types]
            if lacking:
                gap("measures", "weak", "no " + " or ".join(lacking) + " measure yet.")
        return (*missing, *weak)

    @property
    def ok(self) -> bool:
        """True when nothing is missing or weak."""
        return not self.gaps()

    def as_frame(self) -> pd.DataFrame:
        """The charter as a two-column table (part, what it says), blanks as ``""``.

        >>> Charter.from_mapping({"sponsor": "Dr Shah"}).as_frame().iloc[4].tolist()
        ['Sponsor', 'Dr Shah']
        """
        return pd.DataFrame(
            [(title, self.part_text(part) or "") for part, (title, _) in CHARTER_PARTS.items()],
            columns=["Part", "What it says"],
        )

    def part_text(self, part: str) -> str | None:
        """One part as text (roles and measures as '; '-separated lines)."""
        if part == "roles":
            return "; ".join(f"{p} - {r}" if r else p for p, r in self.roles) or None
        if part == "measures":
            return "; ".join(f"{n} ({t})" for t, n in self.measures) or None
        if part == "timescale":
            return self.timescale
        if part not in CHARTER_PARTS:
            raise KeyError(part)
        value: str | None = getattr(self, part)
        return value
