"""Near-miss suggestions for error messages ("did you mean ...?").

One place decides what counts as a near miss (:func:`difflib.get_close_matches`,
similarity 0.6 unless a caller asks otherwise) and how the hint reads.

>>> closest("nurce", ["GP", "nurse", "pharmacist"])
'nurse'
>>> did_you_mean(closest("xyz", ["GP", "nurse"]), "use one of: GP, nurse")
'use one of: GP, nurse'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(word: object, options: Iterable[object], *, cutoff: float = 0.6) -> str | None:
    """The option most like ``word`` (compared as text), or None if none is close enough.

    >>> closest("dna-weekley", ["dna-weekly", "ae-daily"])
    'dna-weekly'
    >>> closest("north", ["south", "west"], cutoff=0.9) is None
    True
    """
    hits = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=cutoff)
    return hits[0] if hits else None


def did_you_mean(hint: str | None, otherwise: str) -> str:
    """``did you mean "hint"?`` when there is a hint, else the ``otherwise`` fix.

    >>> did_you_mean("north", "use a team_id from teams")
    'did you mean "north"?'
    >>> did_you_mean(None, "use a team_id from teams")
    'use a team_id from teams'
    """
    return f'did you mean "{hint}"?' if hint else otherwise
