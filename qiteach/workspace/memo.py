"""Remember what the same bytes parsed to: a workspace file unchanged since the last read
is not parsed again.

A widget re-opens its workspace after every save, and a save re-reads it under the
lock; most of its files are the ones read a moment before. :class:`Memo` keys each
parse by the file's *content* (:func:`digest` of its bytes), never by its name or
modification time, so a file a team-mate saved a moment ago has new bytes, a new key,
and is parsed afresh: what is returned is always what parsing the bytes on disk now
would return. Only files up to :data:`MAX_BYTES` are kept, and only the most recent
parses: at most :data:`SIZE` of them and :data:`BUDGET` bytes of files in all, so memory
stays bounded (a shipped workspace's files are about 120 kB together).

Values are shared between callers: put only values nobody changes, and hand out copies.

>>> memo = Memo(2)
>>> memo.get("a") is None
True
>>> memo.put("a", 1); memo.put("b", 2); memo.put("c", 3)
>>> memo.get("a"), memo.get("c")
(None, 3)
>>> memo = Memo(10, budget=100)
>>> memo.put("big", 1, weight=60); memo.put("bigger", 2, weight=60)
>>> memo.get("big"), memo.get("bigger")
(None, 2)
>>> digest(b"x") == digest(b"x") != digest(b"y")
True
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["BUDGET", "MAX_BYTES", "SIZE", "Memo", "digest"]

#: files larger than this are parsed every time (their parse is not kept)
MAX_BYTES = 2 * 1024 * 1024
#: parses kept per memo (least recently used dropped first)
SIZE = 256
#: bytes of files whose parses one memo keeps, in all
BUDGET = 32 * 1024 * 1024


def digest(data: bytes) -> str:
    """A short digest of ``data``: the content part of a memo key."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Memo:
    """A bounded, thread-safe least-recently-used map from keys to parse results."""

    def __init__(self, size: int = SIZE, *, budget: int = BUDGET) -> None:
        self.size = size
        self.budget = budget
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any, *, weight: int = 1) -> None:
        """Keep ``value`` for ``key``, ``weight`` bytes of file; the least recently used go
        first beyond :attr:`size` items or :attr:`budget` bytes."""
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._weight -= old[1]
            self._items[key] = (value, weight)
            self._weight += weight
            while len(self._items) > self.size or (
                self._weight > self.budget and len(self._items) > 1
            ):
                self._weight -= self._items.popitem(last=False)[1][1]

    def kept(
        self, key: Hashable, make: Callable[[], Any], *, weight: int, limit: int = MAX_BYTES
    ) -> Any:
        """The value kept for ``key``, else ``make()``'s, kept if ``weight`` <= ``limit``.

        >>> memo = Memo()
        >>> memo.kept("a", lambda: 1, weight=10), memo.kept("a", lambda: 2, weight=10)
        (1, 1)
        >>> memo.kept("huge", lambda: 3, weight=MAX_BYTES + 1), memo.get("huge") is None
        (3, True)
        """
        value = self.get(key)
        if value is None:
            value = make()
            if weight <= limit:
                self.put(key, value, weight=weight)
        return value

    def clear(self) -> None:
        """Forget every kept value."""
        with self._lock:
            self._items.clear()
            self._weight = 0
