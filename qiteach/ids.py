"""The one rule for a team id: it becomes part of file names (``team-<id>.html``).

``validate`` and ``report`` both read it from here, so a workspace that validates never has
a team id the report runner refuses.

>>> bool(SAFE_ID.match("north_2")), bool(SAFE_ID.match(".")), bool(SAFE_ID.match("a" * 65))
(True, False, False)
"""

from __future__ import annotations

import re

__all__ = ["SAFE_ID", "UNSAFE_ID_FIX", "UNSAFE_ID_MESSAGE"]

#: A team id usable as part of a file name on every platform.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
UNSAFE_ID_MESSAGE = "team id is not a safe file name"
UNSAFE_ID_FIX = "use 1-64 letters, digits, '-' or '_', starting with a letter or digit"
