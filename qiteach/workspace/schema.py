"""The programme workspace: every table, every column, what it means.

This module is the single source of truth for the workspace format. The
loaders, the validator, the Excel templates (dropdowns and README sheet), the
demo-data generator and the data dictionary in ``docs/data-dictionary.md`` are
all driven from :data:`TABLES`.

A workspace is a folder holding ``programme.yaml`` plus one CSV per table
(``teams.csv`` ...), or one ``.xlsx`` workbook with a ``programme`` sheet and
one sheet per table (sheet name = table name).

>>> sorted(TABLES)[:3]
['attendance', 'charter', 'drivers']
>>> TABLES["participants"].column("role").choices
('GP', 'nurse', 'practice manager', 'pharmacist', 'admin', 'other')
>>> TABLES["measurements"].key
('team_id', 'measure_id', 'period')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CHART_TYPES",
    "CHECK_RESULTS",
    "EXERCISES",
    "HISTORY",
    "PROGRAMME_FIELDS",
    "ROLES",
    "TABLES",
    "Column",
    "Table",
]

Kind = Literal["text", "id", "int", "float", "date", "choice", "bool"]

ROLES = ("GP", "nurse", "practice manager", "pharmacist", "admin", "other")
DRIVER_KINDS = ("primary", "secondary", "change_idea")
LINKS = ("strong", "weak")
MEASURE_TYPES = ("outcome", "process", "balancing")
CHART_TYPES = ("run", "i", "mr", "xbar", "s", "p", "pp", "u", "up", "c", "g", "t")
DIRECTIONS = ("increase", "decrease", "neutral")
FREQUENCIES = ("daily", "weekly", "fortnightly", "monthly", "quarterly", "event")
ACTS = ("adopt", "adapt", "abandon", "continue")
TIMEPOINTS = ("pre", "post")
SURVEY_DOMAINS = ("confidence", "knowledge")
YES_NO = ("yes", "no")
PROGRESS_SCORES = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
#: the self-check exercises of the learning-session notebooks -> their session number
#: (the names are the check functions' without "check_", e.g. session01.check_aim -> aim)
EXERCISES: dict[str, int] = {
    "three_questions": 1,
    "classification": 1,
    "aim": 1,
    "charter_scope": 1,
    "priority_grid": 1,
    "capacity": 2,
    "new_causes": 2,
    "vital_few": 2,
    "process_map": 2,
    "levels": 3,
    "driver_diagram": 3,
    "untested": 3,
    "five_whys": 3,
    "involvement": 3,
    "measure_types": 4,
    "missing_parts": 4,
    "weekly_dna": 4,
    "plan": 5,
    "weakest_principle": 5,
    "longest_ramp": 5,
    "stakeholders": 5,
    "resistance": 5,
    "bonus": 6,
    "median": 6,
    "runs": 6,
    "astronomical": 6,
    "rules_fired": 6,
    "chart_choice": 7,
    "p_point": 7,
    "split": 7,
    "progress_score": 8,
    "sustain": 8,
    "sustainability": 8,
    "spread_plan": 8,
}
#: the result of a self-check as the learning table records it
CHECK_RESULTS = ("pass", "not yet")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a workspace table.

    ``required`` columns must be present in the file; ``nullable`` ones may
    have empty cells. ``choices`` lists the allowed values of a ``choice``
    column (matched case-insensitively, stored as written here).
    """

    name: str
    kind: Kind
    description: str
    example: str = ""
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    step: float | None = None  # allowed values are multiples of this (progress scores: 0.5)


@dataclass(frozen=True, slots=True)
class Table:
    """One workspace table: a CSV file or a workbook sheet of the same name."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    references: dict[str, str] = field(default_factory=dict)  # column -> "table.column"
    #: a workspace without this file (or workbook sheet) is complete: e.g. learning.csv,
    #: which qiteach writes itself once a programme consents to learning evidence
    optional: bool = False

    @property
    def filename(self) -> str:
        """The CSV file name inside a workspace folder."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        """Look a column up by name."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in file order."""
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: Kind, description: str, example: str = "", **kw) -> Column:
    return Column(name, kind, description, example, **kw)


#: ``programme.yaml`` top-level fields: name -> (required, description).
PROGRAMME_FIELDS: dict[str, tuple[bool, str]] = {
    "name": (True, "Programme name, e.g. 'North Shire QI Leaders 2025-26'"),
    "organisation": (True, "Who runs it, e.g. 'North Shire Training Hub'"),
    "start": (True, "First day of the programme (YYYY-MM-DD)"),
    "end": (True, "Last day of the programme (YYYY-MM-DD)"),
    "rules": (False, "Default chart rule set: anhoej (default), ihi, hcdg or mdc"),
    "synthetic": (False, "true when the data are made up (shipped demos say so on every report)"),
    "learning_evidence": (
        False,
        "true when participants have consented to their self-check results being recorded "
        "in learning.csv (Kirkpatrick level 2 evidence, pseudonymous ids only); off by default",
    ),
    "learning_evidence_answers": (
        False,
        "true to keep the text of each last answer in learning.csv too (needs "
        "learning_evidence: true and participants' consent to it); off by default",
    ),
    "sessions": (
        True,
        "List of learning sessions, each with number, date (YYYY-MM-DD), title, topics (list)",
    ),
    "trainers": (
        False,
        "Trainer accounts on the cohort hub (qiteach hub init): a list, each with "
        "trainer_id (letters, digits, - and _) and display_name",
    ),
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "teams",
            "One row per improvement team.",
            (
                _c("team_id", "id", "Short unique team code (letters, digits, - and _)", "north"),
                _c("team_name", "text", "Name shown on reports", "North Locality"),
                _c(
                    "locality",
                    "text",
                    "Locality or PCN the team belongs to",
                    "North",
                    nullable=True,
                ),
                _c(
                    "practices",
                    "text",
                    "Practices in the team, separated by ';'",
                    "Elm Surgery; Oak Medical Centre",
                    nullable=True,
                ),
                _c(
                    "project_title",
                    "text",
                    "Title of the team's improvement project",
                    "Fewer missed appointments",
                ),
                _c("topic", "text", "Topic area, e.g. DNAs, telephone access, diabetes", "DNAs"),
                _c(
                    "aim",
                    "text",
                    "Aim statement: what, for whom, how much, by when (blank until the "
                    "team has written it, usually in session 1)",
                    "Reduce the DNA rate at Elm Surgery from 8% to 5% by 31 March 2026",
                    nullable=True,
                ),
                _c(
                    "background",
                    "text",
                    "Why the team chose this project (report narrative)",
                    nullable=True,
                ),
                _c("learning", "text", "What the team learned (report narrative)", nullable=True),
                _c(
                    "next_steps",
                    "text",
                    "What the team will do next (report narrative)",
                    nullable=True,
                ),
                _c(
                    "area",
                    "text",
                    "A grouping above locality, e.g. ICB place, federation or CCG (the "
                    "programme report breaks results down by it)",
                    "West place",
                    required=False,
                    nullable=True,
                ),
                _c(
                    "list_size",
                    "int",
                    "Registered patients of the team's practices (shown beside practices "
                    "in the programme report)",
                    "8200",
                    required=False,
                    nullable=True,
                    min=0,
                ),
            ),
            key=("team_id",),
        ),
        Table(
            "charter",
            "Each team's project charter, one row per team (usually written in session 1). "
            "The aim is the team's aim in teams and the measures are its rows of measures: "
            "the charter does not repeat them.",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c(
                    "problem",
                    "text",
                    "Problem statement: what is wrong now, for whom, and the number that shows it",
                    "Only 58% of patients with hypertension have a blood pressure under target",
                ),
                _c(
                    "scope_in",
                    "text",
                    "What the project covers (patients, practices, steps of the process)",
                    "Adults on the hypertension register at the four North practices",
                    nullable=True,
                ),
                _c(
                    "scope_out",
                    "text",
                    "What the project leaves out, so the team can say no",
                    "Children; patients in care homes; prescribing changes",
                    nullable=True,
                ),
                _c(
                    "sponsor",
                    "text",
                    "The senior person who backs the project and unblocks it",
                    "Dr R Shah, PCN clinical director",
                    nullable=True,
                ),
                _c(
                    "roles",
                    "text",
                    "Who does what, separated by ';'",
                    "Dr A Khan - clinical lead; J Smith - data",
                    nullable=True,
                ),
                _c(
                    "start",
                    "date",
                    "When the project starts (YYYY-MM-DD)",
                    "2025-12-01",
                    nullable=True,
                ),
                _c(
                    "end", "date", "When it should finish (YYYY-MM-DD)", "2026-09-30", nullable=True
                ),
            ),
            key=("team_id",),
            references={"team_id": "teams.team_id"},
            optional=True,
        ),
        Table(
            "participants",
            "One row per person on the programme.",
            (
                _c("participant_id", "id", "Unique participant code", "p01"),
                _c(
                    "display_name",
                    "text",
                    "Name shown in reports (may be pseudonymised)",
                    "Dr A. Patel",
                ),
                _c("role", "choice", "Professional role", "GP", choices=ROLES),
                _c("team_id", "id", "Team the person belongs to (teams.team_id)", "north"),
            ),
            key=("participant_id",),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "attendance",
            "Who came to which learning session.",
            (
                _c("participant_id", "id", "participants.participant_id", "p01"),
                _c(
                    "session",
                    "int",
                    "Learning session number (programme.yaml sessions)",
                    "1",
                    min=1,
                ),
                _c("attended", "choice", "yes or no", "yes", choices=YES_NO),
            ),
            key=("participant_id", "session"),
            references={"participant_id": "participants.participant_id"},
        ),
        Table(
            "drivers",
            "Each team's driver diagram, one row per box. Primary drivers hang off the aim "
            "(empty parent_id); secondary drivers off a primary; change ideas off a "
            "secondary (or a primary).",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c("node_id", "id", "Box code, unique within the team", "P1"),
                _c(
                    "parent_id",
                    "id",
                    "node_id of the box this one hangs off; empty for a primary driver",
                    "",
                    nullable=True,
                ),
                _c(
                    "kind",
                    "choice",
                    "primary, secondary or change_idea",
                    "primary",
                    choices=DRIVER_KINDS,
                ),
                _c("text", "text", "What the box says", "Patients remember their appointment"),
                _c(
                    "link",
                    "choice",
                    "Strength of the link to its parent: strong or weak",
                    "strong",
                    choices=LINKS,
                    required=False,
                    nullable=True,
                ),
                _c(
                    "code",
                    "text",
                    "Shared change-idea code, the same in every team testing the idea (lets "
                    "the programme report match ideas worded differently)",
                    "DNA-SMS",
                    required=False,
                    nullable=True,
                ),
            ),
            key=("team_id", "node_id"),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "measures",
            "Each team's family of measures with operational definitions.",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c("measure_id", "id", "Measure code, unique within the team", "dna_rate"),
                _c("name", "text", "Measure name", "DNA rate"),
                _c(
                    "type",
                    "choice",
                    "outcome, process or balancing",
                    "outcome",
                    choices=MEASURE_TYPES,
                ),
                _c("chart", "choice", "Chart type for the measure", "p", choices=CHART_TYPES),
                _c(
                    "unit",
                    "text",
                    "Unit shown on the axis, e.g. %, days, appointments",
                    "%",
                    nullable=True,
                ),
                _c(
                    "direction",
                    "choice",
                    "Which way is better: increase, decrease, neutral",
                    "decrease",
                    choices=DIRECTIONS,
                ),
                _c(
                    "target",
                    "float",
                    "Target value in plotted units (blank if none)",
                    "5",
                    nullable=True,
                ),
                _c(
                    "multiply",
                    "float",
                    "Multiply plotted values by this (100 for %; blank=1)",
                    "100",
                    required=False,
                    nullable=True,
                    min=0,
                ),
                _c(
                    "definition",
                    "text",
                    "Operational definition in plain words",
                    "Booked appointments not attended without notice, as % of booked",
                ),
                _c(
                    "numerator",
                    "text",
                    "What is counted on top (blank for a plain value)",
                    "Appointments coded DNA",
                    nullable=True,
                ),
                _c(
                    "denominator",
                    "text",
                    "What it is divided by (blank for a plain value)",
                    "All booked face-to-face appointments",
                    nullable=True,
                ),
                _c("inclusions", "text", "Who or what is included", nullable=True),
                _c("exclusions", "text", "Who or what is left out", nullable=True),
                _c(
                    "data_source",
                    "text",
                    "Where the data come from",
                    "EMIS appointment report",
                    nullable=True,
                ),
                _c(
                    "frequency",
                    "choice",
                    "How often a value is recorded",
                    "weekly",
                    choices=FREQUENCIES,
                ),
                _c(
                    "baseline_points",
                    "int",
                    "How many first points form the baseline (limits frozen on them; blank = none)",
                    "12",
                    nullable=True,
                    min=0,
                ),
                _c(
                    "node_id",
                    "id",
                    "Driver-diagram box this measure tracks (optional)",
                    required=False,
                    nullable=True,
                ),
            ),
            key=("team_id", "measure_id"),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "measurements",
            "The data: one row per measure per period. Give value, or numerator and "
            "denominator (p, pp, u, up charts need both).",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c("measure_id", "id", "measures.measure_id", "dna_rate"),
                _c("period", "date", "Start of the period (YYYY-MM-DD)", "2025-10-06"),
                _c(
                    "value", "float", "The value, for measures without a denominator", nullable=True
                ),
                _c("numerator", "float", "Count on top, e.g. DNAs", "31", nullable=True, min=0),
                _c(
                    "denominator",
                    "float",
                    "Count below, e.g. booked appointments",
                    "402",
                    nullable=True,
                    min=0,
                ),
                _c("note", "text", "Annotation shown on the chart", required=False, nullable=True),
            ),
            key=("team_id", "measure_id", "period"),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "pdsa",
            "Each team's PDSA log: one row per cycle. Cycles testing the same change idea "
            "in sequence form a ramp.",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c("cycle_id", "id", "Cycle code, unique within the team", "C1"),
                _c(
                    "node_id", "id", "Change idea tested (drivers.node_id, kind change_idea)", "CI1"
                ),
                _c("ramp", "text", "Ramp label grouping cycles on one change idea", "R1"),
                _c("start", "date", "Date the test started", "2026-01-12"),
                _c(
                    "end",
                    "date",
                    "Date the test ended (blank while running)",
                    "2026-01-19",
                    nullable=True,
                ),
                _c("objective", "text", "Plan: what the cycle tests"),
                _c("prediction", "text", "Plan: what the team expects to happen", nullable=True),
                _c("do", "text", "Do: what was done and observed", nullable=True),
                _c("study", "text", "Study: results compared with the prediction", nullable=True),
                _c(
                    "act",
                    "choice",
                    "Act: adopt, adapt, abandon or continue",
                    "adapt",
                    choices=ACTS,
                    nullable=True,
                ),
                _c(
                    "scale",
                    "text",
                    "Scale of the test, e.g. '1 GP, 1 morning'",
                    "1 receptionist, 1 day",
                    nullable=True,
                ),
            ),
            key=("team_id", "cycle_id"),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "stakeholders",
            "Stakeholder analysis (session 5): one row per team and stakeholder, scored for "
            "influence and interest from 1 (low) to 5 (high), with the team's planned action. "
            "Optional: a workspace without this file is complete.",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c(
                    "stakeholder",
                    "text",
                    "A person or group the project affects or needs",
                    "GP partners",
                ),
                _c(
                    "influence",
                    "int",
                    "Power over the project: 1 (low) to 5 (high); 4 or 5 is high",
                    "5",
                    min=1,
                    max=5,
                ),
                _c(
                    "interest",
                    "int",
                    "How much the project matters to them: 1 (low) to 5 (high); 4 or 5 is high",
                    "4",
                    min=1,
                    max=5,
                ),
                _c(
                    "action",
                    "text",
                    "The team's planned action (needed when influence is 4 or 5)",
                    "15 minutes at the partners' meeting",
                    required=False,
                    nullable=True,
                ),
                _c(
                    "who",
                    "text",
                    "Who does the action",
                    "Practice manager",
                    required=False,
                    nullable=True,
                ),
                _c(
                    "when",
                    "text",
                    "When",
                    "first Tuesday of the month",
                    required=False,
                    nullable=True,
                ),
            ),
            key=("team_id", "stakeholder"),
            references={"team_id": "teams.team_id"},
            optional=True,
        ),
        Table(
            "progress",
            "IHI progress scores (0.5-5.0 in steps of 0.5) over time.",
            (
                _c("team_id", "id", "teams.team_id", "north"),
                _c("date", "date", "Date scored", "2026-01-31"),
                _c(
                    "score",
                    "float",
                    "IHI assessment scale score",
                    "2.5",
                    min=0.5,
                    max=5.0,
                    step=0.5,
                ),
                _c("note", "text", "Why this score", required=False, nullable=True),
            ),
            key=("team_id", "date"),
            references={"team_id": "teams.team_id"},
        ),
        Table(
            "survey",
            "Pre/post questionnaire: QI confidence and knowledge, Likert 1-5.",
            (
                _c("participant_id", "id", "participants.participant_id", "p01"),
                _c("timepoint", "choice", "pre or post", "pre", choices=TIMEPOINTS),
                _c(
                    "domain",
                    "choice",
                    "confidence or knowledge",
                    "confidence",
                    choices=SURVEY_DOMAINS,
                ),
                _c("item", "text", "Question code", "write_aim"),
                _c("score", "int", "Likert score 1 (low) to 5 (high)", "3", min=1, max=5),
            ),
            key=("participant_id", "timepoint", "item"),
            references={"participant_id": "participants.participant_id"},
        ),
        Table(
            "feedback",
            "Session feedback: rating 1-5 and an optional comment.",
            (
                _c("participant_id", "id", "participants.participant_id", "p01"),
                _c("session", "int", "Learning session number", "1", min=1),
                _c("rating", "int", "1 (poor) to 5 (excellent)", "4", min=1, max=5),
                _c("comment", "text", "Free-text comment", nullable=True),
            ),
            key=("participant_id", "session"),
            references={"participant_id": "participants.participant_id"},
        ),
        Table(
            "learning",
            "Learning evidence (Kirkpatrick level 2): one row per participant and self-check "
            "exercise, written by the notebooks when programme.yaml has learning_evidence: true. "
            "Never edited by hand; a programme without consent has no rows.",
            (
                _c("participant_id", "id", "participants.participant_id", "p01"),
                _c("team_id", "id", "The participant's team (teams.team_id)", "north"),
                _c("session", "int", "Learning session number", "1", min=1),
                _c(
                    "exercise",
                    "choice",
                    "The self-check exercise (the notebook's check function without 'check_')",
                    "aim",
                    choices=tuple(EXERCISES),
                ),
                _c(
                    "first_result",
                    "choice",
                    "Result of the first try: pass or not yet",
                    "not yet",
                    choices=CHECK_RESULTS,
                ),
                _c(
                    "final_result",
                    "choice",
                    "Result of the latest try: pass or not yet",
                    "pass",
                    choices=CHECK_RESULTS,
                ),
                _c("attempts", "int", "How many times the answer was checked", "2", min=1),
                _c("date", "date", "Date of the first try", "2026-01-19"),
                _c(
                    "answer",
                    "text",
                    "The latest answer, only when programme.yaml has "
                    "learning_evidence_answers: true (else blank)",
                    required=False,
                    nullable=True,
                ),
            ),
            key=("participant_id", "session", "exercise"),
            references={
                "participant_id": "participants.participant_id",
                "team_id": "teams.team_id",
            },
            optional=True,
        ),
    )
}

#: ``history.csv``: the append-only record of every save made through
#: :mod:`qiteach.workspace.save` (not a programme table: reports never read it,
#: ``qiteach validate`` only checks it can be read, and undo walks it backwards).
HISTORY = Table(
    "history",
    "Written by qiteach, never by hand: one row per table changed by a save from a notebook "
    "(the driver-diagram builder, PDSA planner, aim, measure and progress forms) or by an "
    "undo. Rows are only ever added; the last change of a team can be undone.",
    (
        _c("change_id", "int", "Number of the save, 1, 2, 3 ... (rows of one save share it)", "7"),
        _c("time", "text", "When it was saved, UTC, ISO 8601", "2026-01-19T10:32:05+00:00"),
        _c("user", "text", "Who saved it (hub account or computer user name)", "p01"),
        _c(
            "operation",
            "text",
            "What was done: save_aim, save_charter, save_drivers, add_pdsa_cycle, "
            "save_measures, save_progress, save_stakeholders, record_check (a self-check result) "
            "or undo_last",
            "save_drivers",
        ),
        _c("team_id", "id", "teams.team_id whose rows changed", "north"),
        _c("table", "text", "Table changed, e.g. drivers", "drivers"),
        _c("before", "text", "The team's rows of that table before, as JSON", "[]"),
        _c("after", "text", "The team's rows of that table after, as JSON", "[]"),
        _c(
            "undoes",
            "int",
            "For an undo: the change_id it undid",
            "",
            nullable=True,
        ),
    ),
    key=("change_id", "table"),
)
