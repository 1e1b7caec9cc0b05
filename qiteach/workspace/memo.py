"""Remember what the same bytes parsed to: a workspace file unchanged since the last read
is not parsed again.

A widget re-opens its workspace after every save, and a save re-reads it under the
lock; most of its files are the ones read a moment before. :class:`Memo` keys each
parse by the file's *content* (:func:`digest` of its bytes), never by its name or
modification time, so a file a team-mate saved a moment ago has new bytes, a new key,
and is parsed afresh: what is returned is always what parsing the bytes on disk now
would return. Only small files are kept (:data:`MAX_BYTES`), and only the
:data:`SIZE` most recent parses, so memory stays bounded.

Values are shared between callers: put only values nobody changes, and hand out copies.

>>> memo = Memo(2)
>>> memo.get("a") is None
True
>>> memo.put("a", 1); memo.put("b", 2); memo.put("c", 3)
>>> memo.get("a"), memo.get("c")
(None, 3)
>>> digest(b"x") == digest(b"x") != digest(b"y")
True
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["MAX_BYTES", "SIZE", "Memo", "digest"]

#: files larger than this are parsed every time (their parse is not kept)
MAX_BYTES = 4 * 1024 * 1024
#: parses kept per memo (least recently used dropped first)
SIZE = 256


def digest(data: bytes) -> str:
    """A short digest of ``data``: the content part of a memo key."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Memo:
    """A bounded, thread-safe least-recently-used map from keys to parse results."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key`` (dropping the least recently used beyond :attr:`size`)."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every kept value."""
        with self._lock:
            self._items.clear()
