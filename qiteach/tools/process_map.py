"""Process map (compute part): the steps of a process, who does them and where the time goes.

A process map is built from a table with one row per step; its columns and
their meanings are :data:`PROCESS_COLUMN_MEANINGS` (``step_id``, ``step``,
``lane``, ``next``, ``decision``, ``minutes``, ``wait_minutes``,
``value_added``). ``next`` lists the following step ids, ``;``-separated (empty
= the process ends there); a decision's branches may carry a label after a
colon: ``R4:routine;R5:needs GP``.

The first row is where the process starts. Every step must be reachable from it
and every step must be able to reach an end (a step with no next step).

**The main path** starts at the first step and, at each step, follows the
first-listed next step. At a decision that is the first-listed branch, so list
the usual branch first. (A first-listed branch that loops back to a step already
on the path is refused: list the branch that moves forward first.) Lead time,
value-added time and the bottleneck are measured along the main path:

- **lead time** = wait + hands-on minutes of every step on the main path;
- **value-added time** = hands-on minutes of the value-added steps on it;
- **value-added ratio** = value-added time / lead time;
- **bottleneck** = the step on the main path with the longest wait + hands-on
  time (where most of the patient's elapsed time goes); a tie goes to the
  earlier step.

>>> pm = ProcessMap.from_frame(pd.DataFrame({
...     "step_id": ["A", "B", "C"],
...     "step": ["Patient asks", "Clerk checks", "GP signs"],
...     "lane": ["Patient", "Admin", "GP"],
...     "next": ["B", "C", ""],
...     "minutes": [2, 3, 1],
...     "wait_minutes": [0, 60, 120],
...     "value_added": ["yes", "no", "yes"],
... }))
>>> pm.main_path
('A', 'B', 'C')
>>> pm.lead_time, pm.value_added_time, round(pm.value_added_ratio, 3)
(186.0, 3.0, 0.016)
>>> pm.bottleneck
'C'
>>> pm.summary_line()
'total 186 min, value-added 3 min (1.6 %)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qiteach.exceptions import ToolkitError

__all__ = [
    "BOTTLENECK_RULE",
    "PROCESS_COLUMNS",
    "PROCESS_COLUMN_MEANINGS",
    "REQUIRED_COLUMNS",
    "ProcessMap",
    "ProcessStep",
    "format_minutes",
    "read_yes_no",
]

#: Every column a process-map table may have and what it means (data dictionaries read it).
PROCESS_COLUMN_MEANINGS: dict[str, str] = {
    "step_id": "Short unique id of the step (no ';' or ':'); the first row is the start",
    "step": "What happens, in a few words",
    "lane": "Who (or what) does the step: one swim lane each",
    "next": "Step ids that follow, ';'-separated (blank = the end); a decision's "
    "branches may carry a label after ':'",
    "decision": "yes for a decision (a diamond whose next steps are its branches), else no",
    "minutes": "Hands-on time of the step in minutes",
    "wait_minutes": "Minutes waited before the step starts",
    "value_added": "yes if the step adds value for the patient, else no",
}
#: The columns, in the order a template shows them.
PROCESS_COLUMNS: tuple[str, ...] = tuple(PROCESS_COLUMN_MEANINGS)
#: The columns a table must have; the others default to no / 0.
REQUIRED_COLUMNS: tuple[str, ...] = ("step_id", "step", "lane", "next")

#: How the bottleneck is chosen, in words (legends and exercises read it from here).
BOTTLENECK_RULE = "the step on the main path with the longest wait + hands-on time"

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _blank(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v) or str(v).strip() == ""


def format_minutes(minutes: float) -> str:
    """Minutes as a label: whole numbers without decimals, otherwise one decimal.

    >>> format_minutes(186.0), format_minutes(2.5), format_minutes(1440)
    ('186 min', '2.5 min', '1,440 min')
    """
    if float(minutes).is_integer():
        return f"{minutes:,.0f} min"
    return f"{minutes:,.1f} min"


@dataclass(frozen=True, slots=True)
class ProcessStep:
    """One step of a process map (see the module docstring for the columns).

    ``labels`` holds one label per next step ("" when the branch has none);
    ``row`` is the spreadsheet row the step came from (header = row 1), if any.
    """

    step_id: str
    step: str
    lane: str
    next: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    decision: bool = False
    minutes: float = 0.0
    wait_minutes: float = 0.0
    value_added: bool = False
    row: int | None = None

    @property
    def total_minutes(self) -> float:
        """Wait before the step plus its hands-on time."""
        return self.wait_minutes + self.minutes

    @property
    def is_end(self) -> bool:
        """True when the process ends at this step."""
        return not self.next


@dataclass(frozen=True, slots=True)
class ProcessMap:
    """A validated process map; build it with :meth:`from_frame` or from steps.

    Validation happens when the object is made: every problem is one
    :class:`~qiteach.exceptions.ToolkitError` naming the row and column.
    """

    steps: tuple[ProcessStep, ...]
    source: str | None = None
    main_path: tuple[str, ...] = field(init=False)
    ranks: dict[str, int] = field(init=False)
    back_links: frozenset[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        if not self.steps:
            raise ToolkitError(
                "the process has no steps", file=self.source, column="step_id",
                fix="add one row per step; the first row is where the process starts",
            )  # fmt: skip
        by_id = self._validate_steps()
        _check_reachable(self.steps, by_id, self.source)
        object.__setattr__(self, "main_path", _main_path(self.steps, by_id, self.source))
        back = _back_links(self.steps, by_id)
        object.__setattr__(self, "back_links", back)
        object.__setattr__(self, "ranks", _ranks(self.steps, back))

    def _validate_steps(self) -> dict[str, ProcessStep]:
        by_id: dict[str, ProcessStep] = {}
        src = self.source
        for s in self.steps:
            if _blank(s.step_id):
                raise ToolkitError("blank step_id", file=src, row=s.row, column="step_id",
                                   fix="give every step a short id, e.g. R1")  # fmt: skip
            if any(ch in s.step_id for ch in ";:"):
                raise ToolkitError(
                    f"step_id {s.step_id!r} holds ';' or ':'", file=src, row=s.row,
                    column="step_id", fix="use letters and digits only, e.g. R1",
                )  # fmt: skip
            if s.step_id in by_id:
                raise ToolkitError(
                    f"step_id {s.step_id!r} is used twice (first at row {by_id[s.step_id].row})",
                    file=src, row=s.row, column="step_id", fix="give each step its own id",
                )  # fmt: skip
            by_id[s.step_id] = s
            for col, text in (("step", s.step), ("lane", s.lane)):
                if _blank(text):
                    raise ToolkitError(
                        f"step {s.step_id!r} has a blank {col}", file=src, row=s.row, column=col,
                        fix="say what happens" if col == "step" else "say who does the step",
                    )  # fmt: skip
            for col, value in (("minutes", s.minutes), ("wait_minutes", s.wait_minutes)):
                if not value >= 0 or value == float("inf"):
                    raise ToolkitError(
                        f"step {s.step_id!r} has {col} {value:g}", file=src, row=s.row,
                        column=col, fix="type the minutes as 0 or more",
                    )  # fmt: skip
            if len(s.labels) not in (0, len(s.next)):
                raise ToolkitError(
                    f"step {s.step_id!r} has {len(s.labels)} labels for {len(s.next)} next steps",
                    file=src, row=s.row, column="next", fix="give one label per next step",
                )  # fmt: skip
            if len(set(s.next)) != len(s.next):
                raise ToolkitError(
                    f"step {s.step_id!r} lists the same next step twice", file=src, row=s.row,
                    column="next", fix="list each next step once",
                )  # fmt: skip
            if s.decision and len(s.next) < 2:
                raise ToolkitError(
                    f"decision {s.step_id!r} has {len(s.next)} next step(s)", file=src,
                    row=s.row, column="next",
                    fix="a decision needs two or more branches, e.g. R4:yes;R5:no "
                    "(or set decision to no)",
                )  # fmt: skip
            if not s.decision and len(s.next) > 1:
                raise ToolkitError(
                    f"step {s.step_id!r} has {len(s.next)} next steps but is not a decision",
                    file=src, row=s.row, column="decision",
                    fix="set decision to yes (its next steps are its branches) "
                    "or keep one next step",
                )  # fmt: skip
            if not s.decision and any(s.labels):
                raise ToolkitError(
                    f"step {s.step_id!r} has a branch label but is not a decision", file=src,
                    row=s.row, column="next", fix="set decision to yes or remove the label",
                )  # fmt: skip
        for s in self.steps:
            for n in s.next:
                if n not in by_id:
                    raise ToolkitError(
                        f"step {s.step_id!r} goes to unknown step {n!r}", file=src, row=s.row,
                        column="next",
                        fix=f"use one of the step ids ({', '.join(by_id)}) or leave it empty",
                    )  # fmt: skip
        return by_id

    # ------------------------------------------------------------------ building
    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, source: str | None = None) -> ProcessMap:
        """Build from a table with the columns of :data:`PROCESS_COLUMNS`.

        ``decision``, ``minutes``, ``wait_minutes`` and ``value_added`` may be left
        out (no / 0). ``source`` names the file in error messages. The table is
        not changed.

        >>> ProcessMap.from_frame(pd.DataFrame({"step_id": ["A"], "step": ["Ask"],
        ...                                     "lane": ["Patient"], "next": ["B"]}))
        Traceback (most recent call last):
        ...
        qiteach.exceptions.ToolkitError: 2:next: step 'A' goes to unknown step 'B' (fix: use one of the step ids (A) or leave it empty)
        """  # noqa: E501
        missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise ToolkitError(
                f"no {missing[0]!r} column", file=source, column=missing[0],
                fix=f"the table needs the columns {', '.join(REQUIRED_COLUMNS)}",
            )  # fmt: skip
        steps = []
        for i, rec in enumerate(frame.to_dict("records")):
            row = i + 2
            nexts, labels = _parse_next(rec.get("next"), row, source)
            steps.append(
                ProcessStep(
                    step_id="" if _blank(rec["step_id"]) else str(rec["step_id"]).strip(),
                    step="" if _blank(rec["step"]) else " ".join(str(rec["step"]).split()),
                    lane="" if _blank(rec["lane"]) else " ".join(str(rec["lane"]).split()),
                    next=nexts,
                    labels=labels if any(labels) else (),
                    decision=_yes_no(rec.get("decision"), row, "decision", source),
                    minutes=_minutes(rec.get("minutes"), row, "minutes", source),
                    wait_minutes=_minutes(rec.get("wait_minutes"), row, "wait_minutes", source),
                    value_added=_yes_no(rec.get("value_added"), row, "value_added", source),
                    row=row,
                )
            )
        return cls(tuple(steps), source=source)

    # ------------------------------------------------------------------ reading
    def step(self, step_id: str) -> ProcessStep:
        """The step with id ``step_id``."""
        for s in self.steps:
            if s.step_id == step_id:
                return s
        raise ToolkitError(f"no step {step_id!r}", file=self.source, column="step_id",
                           fix=f"use one of {', '.join(self.step_ids)}")  # fmt: skip

    @property
    def step_ids(self) -> tuple[str, ...]:
        """Step ids in table order."""
        return tuple(s.step_id for s in self.steps)

    @property
    def lanes(self) -> tuple[str, ...]:
        """Lanes in the order they first appear in the table."""
        return tuple(dict.fromkeys(s.lane for s in self.steps))

    def _on_path(self) -> list[ProcessStep]:
        return [self.step(i) for i in self.main_path]

    @property
    def lead_time(self) -> float:
        """Wait + hands-on minutes of every step on the main path."""
        return float(sum(s.total_minutes for s in self._on_path()))

    @property
    def value_added_time(self) -> float:
        """Hands-on minutes of the value-added steps on the main path."""
        return float(sum(s.minutes for s in self._on_path() if s.value_added))

    @property
    def value_added_ratio(self) -> float | None:
        """Value-added time / lead time (0-1); None when the lead time is 0."""
        lead = self.lead_time
        return self.value_added_time / lead if lead > 0 else None

    @property
    def bottleneck(self) -> str | None:
        """Id of the main-path step with the longest wait + hands-on time (earliest on a tie).

        None when every step on the main path takes 0 minutes.
        """
        best: ProcessStep | None = None
        for s in self._on_path():
            if s.total_minutes > 0 and (best is None or s.total_minutes > best.total_minutes):
                best = s
        return None if best is None else best.step_id

    def summary_line(self) -> str:
        """The one-line summary drawn under a map: total, value-added and their ratio.

        >>> ProcessMap((ProcessStep("A", "Ask", "Patient", minutes=0),)).summary_line()
        'total 0 min, value-added 0 min'
        """
        text = f"total {format_minutes(self.lead_time)}, value-added "
        text += format_minutes(self.value_added_time)
        ratio = self.value_added_ratio
        if ratio is not None:
            text += f" ({_percent(ratio)})"
        return text

    def lane_totals(self) -> pd.DataFrame:
        """Per lane, over the steps on the main path: steps, hands-on, wait, total and
        value-added minutes. Lanes in table order; a lane with no main-path step shows 0s.

        >>> ProcessMap((ProcessStep("A", "Ask", "Patient", ("B",), minutes=2),
        ...             ProcessStep("B", "Sign", "GP", minutes=1, wait_minutes=30,
        ...                         value_added=True))).lane_totals()
              lane  steps  minutes  wait_minutes  total_minutes  value_added_minutes
        0  Patient      1      2.0           0.0            2.0                  0.0
        1       GP      1      1.0          30.0           31.0                  1.0
        """
        rows = []
        path = self._on_path()
        for lane in self.lanes:
            mine = [s for s in path if s.lane == lane]
            rows.append(
                {
                    "lane": lane,
                    "steps": len(mine),
                    "minutes": float(sum(s.minutes for s in mine)),
                    "wait_minutes": float(sum(s.wait_minutes for s in mine)),
                    "total_minutes": float(sum(s.total_minutes for s in mine)),
                    "value_added_minutes": float(sum(s.minutes for s in mine if s.value_added)),
                }
            )
        return pd.DataFrame(rows)

    def as_frame(self) -> pd.DataFrame:
        """One row per step with the table's columns plus ``on_main_path`` and ``rank``
        (the column it is drawn in, 0 = left)."""
        rows = []
        for s in self.steps:
            nxt = ";".join(
                f"{n}:{lab}" if lab else n
                for n, lab in zip(s.next, s.labels or ("",) * len(s.next), strict=True)
            )
            rows.append(
                {
                    "step_id": s.step_id, "step": s.step, "lane": s.lane, "next": nxt,
                    "decision": "yes" if s.decision else "no", "minutes": s.minutes,
                    "wait_minutes": s.wait_minutes,
                    "value_added": "yes" if s.value_added else "no",
                    "on_main_path": s.step_id in self.main_path, "rank": self.ranks[s.step_id],
                }
            )  # fmt: skip
        return pd.DataFrame(rows)

    def links(self) -> list[tuple[str, str, str]]:
        """Every arrow as ``(from_id, to_id, label)``, in table order."""
        return [
            (s.step_id, n, lab)
            for s in self.steps
            for n, lab in zip(s.next, s.labels or ("",) * len(s.next), strict=True)
        ]


# ---------------------------------------------------------------------- parsing
def _parse_next(
    value: Any, row: int, source: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if _blank(value):
        return (), ()
    ids: list[str] = []
    labels: list[str] = []
    for part in str(value).split(";"):
        part = part.strip()
        if not part:
            raise ToolkitError(
                f"empty next step in {value!r}", file=source, row=row, column="next",
                fix="separate step ids with one ';', e.g. R2;R3",
            )  # fmt: skip
        sid, _, label = part.partition(":")
        if not sid.strip():
            raise ToolkitError(
                f"branch label {label.strip()!r} has no step id", file=source, row=row,
                column="next", fix="write the step id before the label, e.g. R4:yes",
            )  # fmt: skip
        ids.append(sid.strip())
        labels.append(" ".join(label.split()))
    return tuple(ids), tuple(labels)


def read_yes_no(value: Any) -> bool | None:
    """A yes/no cell as True or False (blank is no); None when it is neither.

    >>> read_yes_no("Yes"), read_yes_no(""), read_yes_no("n"), read_yes_no("maybe")
    (True, False, False, None)
    """
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _YES else False if text in _NO else None


def _yes_no(value: Any, row: int, column: str, source: str | None) -> bool:
    found = read_yes_no(value)
    if found is not None:
        return found
    raise ToolkitError(f"{value!r} is not yes or no", file=source, row=row, column=column,
                       fix="type yes or no")  # fmt: skip


def _minutes(value: Any, row: int, column: str, source: str | None) -> float:
    if _blank(value):
        return 0.0
    try:
        minutes = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise ToolkitError(
            f"{value!r} is not a number of minutes", file=source, row=row, column=column,
            fix="type a number such as 5 or 2.5",
        ) from None  # fmt: skip
    if not minutes >= 0 or minutes == float("inf"):
        raise ToolkitError(f"{column} is {value}", file=source, row=row, column=column,
                           fix="type the minutes as 0 or more")  # fmt: skip
    return minutes


def _percent(ratio: float) -> str:
    """A share as a percentage: one decimal below 10 %, whole numbers above.

    >>> _percent(0.016), _percent(0.25), _percent(0.0)
    ('1.6 %', '25 %', '0 %')
    """
    pct = ratio * 100
    if pct == 0 or pct >= 10:
        return f"{pct:.0f} %"
    return f"{pct:.1f} %"


# ---------------------------------------------------------------------- graph checks
def _check_reachable(
    steps: Sequence[ProcessStep], by_id: dict[str, ProcessStep], source: str | None
) -> None:
    first = steps[0]
    seen = _reach([first.step_id], lambda i: by_id[i].next)
    for s in steps:
        if s.step_id not in seen:
            raise ToolkitError(
                f"step {s.step_id!r} cannot be reached from the first step {first.step_id!r}",
                file=source, row=s.row, column="next",
                fix=f"list {s.step_id!r} as the next step of an earlier step, or remove it "
                "(the first row is where the process starts)",
            )  # fmt: skip
    ends = [s.step_id for s in steps if s.is_end]
    if not ends:
        raise ToolkitError(
            "the process never ends: every step has a next step", file=source, column="next",
            fix="leave next empty on the last step",
        )  # fmt: skip
    before: dict[str, list[str]] = {s.step_id: [] for s in steps}
    for s in steps:
        for n in s.next:
            before[n].append(s.step_id)
    can_end = _reach(ends, lambda i: tuple(before[i]))
    for s in steps:
        if s.step_id not in can_end:
            raise ToolkitError(
                f"step {s.step_id!r} is in a loop with no way out to the end", file=source,
                row=s.row, column="next",
                fix="give one step of the loop a branch to a later step or an end",
            )  # fmt: skip


def _reach(start: Iterable[str], nexts: Any) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        todo.extend(nexts(i))
    return seen


def _main_path(
    steps: Sequence[ProcessStep], by_id: dict[str, ProcessStep], source: str | None
) -> tuple[str, ...]:
    path = [steps[0].step_id]
    while by_id[path[-1]].next:
        current = by_id[path[-1]]
        nxt = current.next[0]
        if nxt in path:
            raise ToolkitError(
                f"the main path loops back from {current.step_id!r} to {nxt!r}", file=source,
                row=current.row, column="next",
                fix="list the next step that moves the process forward first "
                "(the first-listed branch is the main path)",
            )  # fmt: skip
        path.append(nxt)
    return tuple(path)


def _back_links(
    steps: Sequence[ProcessStep], by_id: dict[str, ProcessStep]
) -> frozenset[tuple[str, str]]:
    """Links that close a loop (to a step still being explored in a depth-first walk)."""
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    stack: list[tuple[str, int]] = [(steps[0].step_id, 0)]
    state[steps[0].step_id] = 1
    while stack:
        sid, k = stack.pop()
        nexts = by_id[sid].next
        if k < len(nexts):
            stack.append((sid, k + 1))
            n = nexts[k]
            if state.get(n) == 1:
                back.add((sid, n))
            elif n not in state:
                state[n] = 1
                stack.append((n, 0))
        else:
            state[sid] = 2
    return frozenset(back)


def _ranks(steps: Sequence[ProcessStep], back: frozenset[tuple[str, str]]) -> dict[str, int]:
    """Column of each step: the longest chain of forward links from the first step."""
    forward: dict[str, list[str]] = {s.step_id: [] for s in steps}
    indegree = {s.step_id: 0 for s in steps}
    for s in steps:
        for n in s.next:
            if (s.step_id, n) not in back:
                forward[s.step_id].append(n)
                indegree[n] += 1
    rank = {s.step_id: 0 for s in steps}
    ready = [s.step_id for s in steps if indegree[s.step_id] == 0]
    while ready:
        sid = ready.pop(0)
        for n in forward[sid]:
            rank[n] = max(rank[n], rank[sid] + 1)
            indegree[n] -= 1
            if indegree[n] == 0:
                ready.append(n)
    return rank
