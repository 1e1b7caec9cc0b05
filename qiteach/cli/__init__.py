"""The ``qiteach`` command: one entry point, one small module per subcommand.

Each subcommand module exposes ``register(subparsers)``, which adds its parser
and sets ``func`` (taking the parsed ``argparse.Namespace`` and returning an
exit code). Any :class:`~qiteach.exceptions.QiteachError` becomes one line on
stderr and exit code 2 — never a traceback.

Start-up is lazy: :data:`COMMANDS` says which module registers each subcommand,
so ``qiteach chart ...`` imports only :mod:`qiteach.cli.chart` (not nbformat,
papermill or the workspace code); ``qiteach --help``, no command or an unknown
one import them all, to list every subcommand. A new subcommand is one line in
:data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from qiteach.blas import one_blas_thread
from qiteach.exceptions import (
    QiteachError,
    ReportsInterrupted,
    ValidationFailed,
    describe_os_error,
)

__all__ = ["main"]

one_blas_thread()  # before any subcommand imports numpy; workers and kernels inherit it

#: Subcommand -> the module whose ``register`` adds it, in the order ``--help`` lists them.
COMMANDS: dict[str, str] = {
    "chart": "qiteach.cli.chart",
    "new": "qiteach.cli.workspace",
    "validate": "qiteach.cli.workspace",
    "convert": "qiteach.cli.workspace",
    "simulate": "qiteach.cli.datasets",
    "datasets": "qiteach.cli.datasets",
    "report": "qiteach.cli.report",
    "funnel": "qiteach.cli.funnel",
    "notebooks": "qiteach.cli.notebooks",
    "hub": "qiteach.cli.hub",
}
#: Subcommand modules, each once, in the order ``qiteach --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other qiteach error."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message (see prog --help)`` and exit with code 2."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` asks for (its first word), or None if it names none.

    >>> chosen_command(["chart", "data.csv", "--json"]), chosen_command(["--help"])
    ('chart', None)
    >>> chosen_command(["chrat", "data.csv"]) is None
    True
    """
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser: with ``command``, only its module's subcommands, else all.

    >>> sorted(build_parser()._subparsers._group_actions[0].choices)[:3]
    ['chart', 'convert', 'datasets']
    >>> sorted(build_parser("validate")._subparsers._group_actions[0].choices)
    ['convert', 'new', 'validate']
    """
    parser = _Parser(
        prog="qiteach",
        description="Teach and evaluate healthcare Quality Improvement.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = COMMAND_MODULES if command is None else (COMMANDS[command],)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for a user error, never a traceback).

    >>> main(["validate", "/no/such/folder"])
    2
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    previous = _sigterm_as_interrupt()
    try:
        return int(args.func(args) or 0)
    except ReportsInterrupted as exc:
        print(f"qiteach: {exc}", file=sys.stderr)
        return 130
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 2
    except QiteachError as exc:
        print(f"qiteach: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qiteach: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a read-only folder ...: one line naming the path
        print(f"qiteach: error: {describe_os_error(exc)}", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sigterm_as_interrupt() -> Any:
    """SIGTERM stops a command the way Ctrl-C does (workers stopped, one line, no traceback).

    Returns the previous handler, or None where no handler can be set (not the main thread).
    """
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # signal only works in the main thread
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
