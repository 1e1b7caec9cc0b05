"""A facilitation plan for a whole half-day learning session (``qiteach notebooks plan``).

Each session has a plan, ``qiteach/teaching/facilitation/NN.yaml``: the blocks of
the day (arrival, recap of the action period, team time, breaks, sharing back,
close) with their minutes, how the trainer runs each one (:data:`MODES`), the
room and materials, and the action-period tasks. Where the notebook goes, a
block says ``notebook: 1-4`` (parts 1 to 4 of the master's timing table, or
``all``): those parts and their minutes are read from the master's first cell,
never typed into the plan. :func:`schedule` then gives every block and part its
start time from a start such as ``09:30``.

A plan must use every part of the timing table once, in order, and the whole
day must last :data:`DAY_MINUTES` (a 3 to 3.5 hour half-day). Problems are one
line naming the file, the block and the fix (:class:`~qiteach.exceptions.InputError`).

>>> parts, total = parse_timing('''| part | time |
... |---|---|
... | Theory: what QI is | 10 min |
... | Exercise 1: the three questions | 15 min |
... | **Total** | **25 min** |''', name="01-x.ipynb")
>>> [(p.title, p.minutes) for p in parts], total
([('Theory: what QI is', 10), ('Exercise 1: the three questions', 15)], 25)
>>> clock(570 + 95)
'11:05'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from qiteach.exceptions import InputError, NotebookError
from qiteach.teaching.master_text import objectives

__all__ = [
    "DAY_MINUTES",
    "DEFAULT_START",
    "MODES",
    "Block",
    "Day",
    "Master",
    "Part",
    "Plan",
    "Slot",
    "clock",
    "load_plan",
    "parse_minutes_of_day",
    "parse_timing",
    "plan_path",
    "plan_sessions",
    "read_master",
    "schedule",
]

#: How a block is run: key used in the plans -> (label, what the trainer does).
MODES: dict[str, tuple[str, str]] = {
    "projector": ("Projector", "trainer demonstrates on the projector; the room watches and asks"),
    "hands-on": ("Hands-on", "pairs at laptops (or printed worksheets); trainer walks round"),
    "group": ("Group work", "each team at its table with flipchart and sticky notes"),
    "whole-room": ("Whole room", "plenary: trainer leads, teams speak in turn"),
    "break": ("Break", "refreshments; laptops stay open, trainer fixes log-in problems"),
}

#: The whole half-day, in minutes (3 to 3.5 hours).
DAY_MINUTES = (180, 210)

#: Start of the day when ``--start`` is not given.
DEFAULT_START = "09:30"

_FOLDER = "facilitation"
_ROW = re.compile(r"^\|\s*(?P<part>[^|]*?)\s*\|\s*(?P<time>[^|]*?)\s*\|\s*$")
_MIN = re.compile(r"^\**\s*(\d+)\s*min\s*\**$")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_EMPHASIS = re.compile(r"\*+|`")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Part:
    """One row of a master's timing table: a part of the notebook and its minutes."""

    title: str
    minutes: int


@dataclass(frozen=True)
class Master:
    """What a plan reads from a session's master notebook (its first cell)."""

    session: int
    name: str  # file stem, e.g. '02-understanding-the-system'
    title: str  # e.g. 'Session 2 · Understanding the system'
    objectives: tuple[str, ...]
    parts: tuple[Part, ...]
    total: int


@dataclass(frozen=True)
class Block:
    """One block of the day; a notebook block holds the master's parts it covers."""

    title: str
    minutes: int
    mode: str
    how: str
    parts: tuple[tuple[Part, str], ...] = ()  # (part, mode) for a notebook block

    @property
    def is_notebook(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True)
class Plan:
    """A validated facilitation plan with the notebook parts merged in."""

    master: Master
    source: str  # the plan file, for messages
    blocks: tuple[Block, ...]
    room: tuple[str, ...]
    materials: tuple[str, ...]
    tasks: tuple[str, ...]
    bring: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return sum(b.minutes for b in self.blocks)


@dataclass(frozen=True)
class Slot:
    """A block or notebook part with its clock times."""

    title: str
    start: str
    end: str
    minutes: int
    mode: str
    how: str = ""
    is_part: bool = False


@dataclass(frozen=True)
class Day:
    """A plan laid out on the clock."""

    plan: Plan
    start: str
    end: str
    slots: tuple[Slot, ...]

    @property
    def minutes(self) -> int:
        return self.plan.minutes


def clock(minute_of_day: int) -> str:
    """``HH:MM`` for a minute of the day (wraps past midnight).

    >>> clock(9 * 60 + 30), clock(24 * 60 + 5)
    ('09:30', '00:05')
    """
    minute_of_day %= 24 * 60
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def parse_minutes_of_day(text: str) -> int:
    """Minutes since midnight of ``HH:MM``; :class:`InputError` for anything else.

    >>> parse_minutes_of_day("09:30"), parse_minutes_of_day("13:05")
    (570, 785)
    >>> parse_minutes_of_day("9.30")
    Traceback (most recent call last):
    ...
    qiteach.exceptions.InputError: --start: "9.30" is not a time (fix: give 24-hour HH:MM, ...)
    """
    found = _CLOCK.match(text.strip())
    if not found:
        raise InputError(f'--start: "{text}" is not a time', fix="give 24-hour HH:MM, e.g. 09:30")
    return int(found[1]) * 60 + int(found[2])


def parse_timing(markdown: str, *, name: str) -> tuple[tuple[Part, ...], int]:
    """The parts and total of a ``| part | time |`` table; :class:`NotebookError` if broken.

    The total row (``**Total**``, any case) must equal the sum of the parts.
    """
    parts: list[Part] = []
    total: int | None = None
    in_table = False
    for line in markdown.splitlines():
        row = _ROW.match(line.strip())
        if not row:
            if in_table:
                break
            continue
        label, time = row["part"], row["time"]
        if label.lower() == "part" and time.lower() == "time":
            in_table = True
            continue
        if not in_table or set(label) <= set("-: "):
            continue
        minutes = _MIN.match(time)
        if not minutes:
            raise NotebookError(
                f'{name}: timing row "{label}" has time "{time}" '
                '(fix: write the minutes as "10 min")'
            )
        if label.strip("* ").lower() == "total":
            total = int(minutes[1])
            break
        parts.append(Part(label, int(minutes[1])))
    if not parts or total is None:
        raise NotebookError(
            f"{name}: no timing table with a **Total** row in the first cell "
            "(fix: add | part | time | rows and a | **Total** | **N min** | row)"
        )
    added = sum(p.minutes for p in parts)
    if added != total:
        raise NotebookError(
            f"{name}: timing parts add up to {added} min but the Total row says {total} "
            "(fix: correct the Total row or a part's minutes)"
        )
    return tuple(parts), total


def read_master(path: Path) -> Master:
    """Title, objectives and timing table from a master notebook's first cell."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = nb["cells"][0]
        text = "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise NotebookError(f"{path}: not a readable master notebook ({exc})") from None
    parts, total = parse_timing(text, name=path.name)
    lines = text.splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), path.stem)
    plain = tuple(_EMPHASIS.sub("", o) for o in objectives(text))  # the page shows plain text
    return Master(int(path.name[:2]), path.stem, _EMPHASIS.sub("", title), plain, parts, total)


def plan_path(session: int) -> Path:
    """The shipped plan file of a session (it may not exist)."""
    return Path(str(files("qiteach.teaching").joinpath(_FOLDER, f"{session:02d}.yaml")))


def plan_sessions() -> list[int]:
    """Session numbers that have a shipped plan.

    >>> plan_sessions()
    [1, 2, 3, 4, 5, 6, 7, 8]
    """
    folder = files("qiteach.teaching").joinpath(_FOLDER)
    return sorted(int(p.name[:2]) for p in folder.iterdir() if p.name.endswith(".yaml"))


def _texts(raw: dict[str, Any], key: str, where: str, fix: str) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}{key} must be a list of sentences", fix=fix)
    return tuple(v.strip() for v in value)


def _parts_range(spec: Any, n: int) -> tuple[int, int] | None:
    """1-based first and last part of ``notebook: 1-4`` / ``notebook: all``; None if bad."""
    if str(spec).strip().lower() == "all":
        return 1, n
    if isinstance(spec, int) and not isinstance(spec, bool):
        return spec, spec
    found = _RANGE.match(str(spec).strip())
    return (int(found[1]), int(found[2])) if found else None


def load_plan(source: Path | str, master: Master, *, name: str | None = None) -> Plan:
    """Read and validate a plan (a path, or YAML text with ``name``) against its master."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the plan ({exc.strerror})", file=str(source)) from None
    else:
        text, name = source, name or "plan.yaml"
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"not valid YAML{line}", file=name, fix="check indentation") from None
    if not isinstance(raw, dict):
        raise InputError("a plan is a mapping with session, blocks ...", file=name)
    if raw.get("session") != master.session:
        raise InputError(
            f"session is {raw.get('session')!r} but the master is {master.name}",
            file=name,
            fix=f"write session: {master.session}",
        )
    where = f"{name}: "
    blocks_raw = raw.get("blocks")
    if not isinstance(blocks_raw, list) or not blocks_raw:
        raise InputError(f"{where}blocks must be a list of blocks", fix="see 01.yaml")
    blocks: list[Block] = []
    next_part = 1
    n = len(master.parts)
    for i, b in enumerate(blocks_raw, 1):
        label = f'block {i} "{b.get("title", "?")}"' if isinstance(b, dict) else f"block {i}"
        at = f"{where}{label}: "
        if not isinstance(b, dict):
            raise InputError(f"{at}not a mapping", fix="give title, minutes, mode and how")
        how = b.get("how")
        if not isinstance(how, str) or not how.strip():
            raise InputError(f"{at}how is missing", fix="say in a sentence how the trainer runs it")
        if "notebook" in b:
            span = _parts_range(b["notebook"], n)
            if span is None:
                raise InputError(
                    f"{at}notebook: {b['notebook']!r} is not a part range",
                    fix=f"write notebook: all, or a range such as notebook: 1-{n}",
                )
            first, last = span
            if last > n:
                raise InputError(
                    f"{at}notebook parts {first}-{last} but the master {master.name} "
                    f"has only {n} parts",
                    fix=f"end this block at part {n} (its timing table changed?)",
                )
            if first != next_part or last < first:
                raise InputError(
                    f"{at}notebook parts {first}-{last} do not follow on (next is part "
                    f"{next_part} of the master {master.name}'s 1-{n})",
                    fix=f"start this block at part {next_part}, parts in order",
                )
            if "minutes" in b:
                raise InputError(
                    f"{at}a notebook block takes its minutes from the master's timing table",
                    fix="remove minutes from this block",
                )
            modes = b.get("modes")
            count = last - first + 1
            if not isinstance(modes, list) or len(modes) != count:
                raise InputError(
                    f"{at}modes must list one mode per notebook part ({count} parts)",
                    fix="give modes: [projector, hands-on, ...] in part order",
                )
            for mode in modes:
                if mode not in MODES:
                    raise InputError(
                        f"{at}unknown mode {mode!r}", fix=f"use one of {', '.join(MODES)}"
                    )
            chosen = master.parts[first - 1 : last]
            title = b.get("title") or f"Notebook, parts {first}-{last}"
            blocks.append(
                Block(
                    str(title),
                    sum(p.minutes for p in chosen),
                    "notebook",
                    how.strip(),
                    tuple(zip(chosen, modes, strict=True)),
                )
            )
            next_part = last + 1
            continue
        title, minutes, mode = b.get("title"), b.get("minutes"), b.get("mode")
        if not isinstance(title, str) or not title.strip():
            raise InputError(f"{at}title is missing", fix="give the block a title")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
            raise InputError(
                f"{at}minutes must be a whole number above 0, got {minutes!r}",
                fix="write e.g. minutes: 15",
            )
        if mode not in MODES:
            raise InputError(f"{at}unknown mode {mode!r}", fix=f"use one of {', '.join(MODES)}")
        blocks.append(Block(title.strip(), minutes, str(mode), how.strip()))
    if next_part <= n:
        raise InputError(
            f"{where}notebook parts {next_part}-{n} of {master.name} are in no block",
            fix=f"add a block with notebook: {next_part}-{n}",
        )
    plan = Plan(
        master,
        name,
        tuple(blocks),
        _texts(raw, "room", where, "list the room set-up, e.g. tables for teams of 3-6"),
        _texts(raw, "materials", where, "list what to bring, e.g. flipchart, sticky notes"),
        _texts(raw, "action_tasks", where, "list what teams do before the next session"),
        _texts(raw, "bring_data", where, "list the data teams bring next time"),
    )
    low, high = DAY_MINUTES
    if not low <= plan.minutes <= high:
        raise InputError(
            f"{where}the day lasts {plan.minutes} min (notebook {master.total}), "
            f"outside the half-day's {low}-{high} min",
            fix="change the minutes of the non-notebook blocks",
        )
    return plan


def schedule(plan: Plan, start: str = DEFAULT_START) -> Day:
    """Lay the plan out on the clock from ``start`` (``HH:MM``)."""
    now = parse_minutes_of_day(start)
    first = now
    slots: list[Slot] = []
    for block in plan.blocks:
        slots.append(
            Slot(
                block.title,
                clock(now),
                clock(now + block.minutes),
                block.minutes,
                block.mode,
                block.how,
            )
        )
        at = now
        for part, mode in block.parts:
            slots.append(
                Slot(
                    part.title,
                    clock(at),
                    clock(at + part.minutes),
                    part.minutes,
                    mode,
                    is_part=True,
                )
            )
            at += part.minutes
        now += block.minutes
    return Day(plan, clock(first), clock(now), tuple(slots))
