"""Which parameters a report notebook declares, and which ids are safe file names.

Papermill writes parameter *names* verbatim into the injected code cell, so the
runner only ever passes names the notebook declares in its cell tagged
``parameters`` (read with :func:`papermill.inspect_notebook`). Team ids become
file names (``team-<id>.html``), so they must match :data:`SAFE_ID`.

>>> check_ids(["north", "west-2", "Team_3"])
['north', 'west-2', 'Team_3']
>>> check_ids(["../etc"])
Traceback (most recent call last):
...
qiteach.exceptions.InputError: team:../etc: team id is not a safe file name (fix: ...)
>>> select_parameters({"workspace", "team"}, {"workspace": "/ws", "team": "n", "rules": "ihi"})
{'workspace': '/ws', 'team': 'n'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from qiteach.exceptions import InputError
from qiteach.ids import SAFE_ID, UNSAFE_ID_FIX, UNSAFE_ID_MESSAGE

__all__ = [
    "SAFE_ID",
    "check_ids",
    "declared_parameters",
    "require_parameters",
    "select_parameters",
]


def check_ids(ids: Iterable[str]) -> list[str]:
    """Return ``ids`` as a list, or raise :class:`InputError` at the first unsafe one.

    A safe id starts with a letter or digit and continues with up to 63
    letters, digits, ``-`` or ``_``.

    >>> check_ids([])
    []
    >>> check_ids(["a" * 65])
    Traceback (most recent call last):
    ...
    qiteach.exceptions.InputError: team:aaa...: team id is not a safe file name (fix: ...)
    """
    out = []
    for team_id in ids:
        text = str(team_id)
        if not SAFE_ID.match(text):
            raise InputError(
                UNSAFE_ID_MESSAGE,
                file="team",
                row=None,
                column=text,
                fix=UNSAFE_ID_FIX,
            )
        out.append(text)
    return out


def declared_parameters(notebook: str | Path) -> dict[str, dict[str, Any]]:
    """Parameters declared in the notebook's cell tagged ``parameters``.

    Returns papermill's description per name (``inferred_type_name``,
    ``default``, ``help``). A missing notebook is an :class:`InputError`.
    """
    import papermill  # heavy; only the parent process needs it here

    path = Path(notebook)
    if not path.is_file():
        raise InputError(
            "report notebook not found",
            file=str(path),
            fix="pass --notebooks DIR holding team.ipynb and programme.ipynb",
        )
    return dict(papermill.inspect_notebook(str(path)))


def require_parameters(
    notebook: str | Path, declared: Iterable[str], needed: Iterable[str]
) -> None:
    """Raise :class:`InputError` unless every name in ``needed`` is declared.

    >>> require_parameters("team.ipynb", {"workspace", "team"}, ["workspace"])
    >>> require_parameters("team.ipynb", {"workspace"}, ["workspace", "team"])
    Traceback (most recent call last):
    ...
    qiteach.exceptions.InputError: team.ipynb: notebook does not declare parameter 'team' (fix: ...)
    """
    have = set(declared)
    for name in needed:
        if name not in have:
            raise InputError(
                f"notebook does not declare parameter {name!r}",
                file=str(notebook),
                fix=f"tag the first code cell 'parameters' and add a line like "
                f"'{name}: str = \"\"'",
            )


def select_parameters(declared: Iterable[str], values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the declared names whose value is not ``None``.

    >>> select_parameters(["rules"], {"rules": None, "team": "x"})
    {}
    """
    have = set(declared)
    return {k: v for k, v in values.items() if k in have and v is not None}
