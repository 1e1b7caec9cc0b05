"""Every error qiteach raises on purpose.

The hierarchy::

    QiteachError                 base class: catch this to catch them all
    ├── InputError               bad input a user can fix (file, row, column, fix)
    │   ├── ChartInputError      data handed to the chart engine cannot make that chart
    │   ├── WorkspaceError       a programme workspace file cannot be read or written
    │   └── ToolkitError         bad input to a QI tool (aim, driver diagram, PDSA ...)
    ├── ValidationFailed         a workspace has problems; ``.problems`` lists them all
    ├── SaveRefused              a save into a workspace was refused; nothing was changed
    ├── ReportError              a report run failed (the runner catches these per team)
    └── NotebookError            a teaching notebook is malformed or out of sync

The command line turns any :class:`QiteachError` into one line on stderr and exit
code 2; users never see a traceback for something they can fix.

>>> err = InputError("value is not a number", file="dna.csv", row=4, column="y",
...                  fix="type a number such as 12.5")
>>> str(err)
'dna.csv:4:y: value is not a number (fix: type a number such as 12.5)'
>>> isinstance(ChartInputError("x"), QiteachError)
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ChartInputError",
    "InputError",
    "NotebookError",
    "Problem",
    "QiteachError",
    "ReportError",
    "SaveRefused",
    "ToolkitError",
    "ValidationFailed",
    "WorkspaceError",
]


class QiteachError(Exception):
    """Base class of every error qiteach raises deliberately."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in user input, rendered as ``file:row:column: message``.

    ``row`` is the 1-based line a spreadsheet user sees (the header is row 1).

    >>> str(Problem("teams.csv", 3, "role", 'unknown role "practise manager"',
    ...             'did you mean "practice manager"?'))
    'teams.csv:3:role: unknown role "practise manager" (fix: did you mean "practice manager"?)'
    >>> str(Problem("programme.yaml", None, None, "file is missing"))
    'programme.yaml: file is missing'
    """

    file: str | None
    row: int | None
    column: str | None
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.row, self.column) if p not in (None, ""))
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f" (fix: {self.fix})"
        return text


class InputError(QiteachError):
    """Bad input a user can fix; the message names file, row, column and the fix."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = Problem(file, row, column, message, fix)
        super().__init__(str(self.problem))


class ChartInputError(InputError):
    """Data handed to the chart engine cannot make the requested chart."""


class WorkspaceError(InputError):
    """A programme workspace file cannot be read or written."""


class ToolkitError(InputError):
    """Bad input to a QI tool: an aim, driver diagram, measure, PDSA log ..."""


class ValidationFailed(QiteachError):
    """A workspace failed validation; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no details"
        more = f" (and {n - 1} more)" if n > 1 else ""
        super().__init__(f"{first}{more}")


class SaveRefused(QiteachError):
    """A save into a workspace was refused (invalid, not your team, busy); nothing changed.

    The message is one line a participant can act on, e.g.
    ``Not saved: drivers.csv:9:parent_id: ... (fix: ...)``.
    """


class ReportError(QiteachError):
    """A report could not be produced; carries the failing cell when known."""

    def __init__(self, message: str, *, cell: int | None = None, source: str | None = None):
        self.cell = cell
        self.source = source
        super().__init__(message)


class NotebookError(QiteachError):
    """A teaching notebook is malformed or its generated versions are out of sync."""
