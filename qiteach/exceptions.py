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
    │   └── ReportsInterrupted   Ctrl-C or SIGTERM stopped a batch; what finished is kept
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

import re
from dataclasses import dataclass

__all__ = [
    "BrowserError",
    "ChartInputError",
    "InputError",
    "NotebookError",
    "Problem",
    "QiteachError",
    "ReportError",
    "ReportsInterrupted",
    "SaveRefused",
    "ToolkitError",
    "ValidationFailed",
    "WorkspaceError",
    "describe_os_error",
    "one_line",
]

#: control characters, and every character ``str.splitlines`` breaks a line at
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    r"""``text`` with line breaks and control characters shown as escapes (``\x0c``).

    A problem quotes what the user typed; a form feed or record separator in a cell
    must not split its one-line message.

    >>> one_line('"0\x1e\x0c0" is not a valid code')
    '"0\\x1e\\x0c0" is not a valid code'
    >>> one_line("tab\tstays")
    'tab\tstays'
    """
    return _BREAKS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", text)  # fmt: skip


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
        return one_line(text)


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


class BrowserError(ReportError):
    """Headless Chromium (the PDF printer) would not start, closed, stalled or refused a command."""


class ReportsInterrupted(ReportError):
    """Ctrl-C or SIGTERM stopped a report batch; the reports that finished are written."""


class NotebookError(QiteachError):
    """A teaching notebook is malformed or its generated versions are out of sync."""


#: What to do about the file-system errors a writing command meets, by errno name.
_OS_FIXES = {
    "ENOSPC": "free some disk space, or write to another disk",
    "EDQUOT": "free some space in your quota, or write elsewhere",
    "EROFS": "the file system is read-only: write somewhere else (e.g. your home folder)",
    "EACCES": "you may not write there: choose a folder of your own",
    "EPERM": "you may not write there: choose a folder of your own",
    "ENOTDIR": "part of the path is a file, not a folder: choose another path",
    "EISDIR": "that is a folder: give a file name",
    "EEXIST": "it exists already: choose another name",
    "ENOENT": "the folder does not exist: create it first or choose another",
}


def describe_os_error(exc: OSError) -> str:
    """One line for an operating-system error: the path, the problem, and what to do.

    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device", "/data/out"))
    '/data/out: No space left on device (fix: free some disk space, or write to another disk)'
    """
    import errno
    import os

    name = errno.errorcode.get(exc.errno or 0, "")
    problem = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    where = exc.filename if exc.filename is not None else "qiteach"
    fix = _OS_FIXES.get(name, "check the path and try again")
    return f"{where}: {problem} (fix: {fix})"
