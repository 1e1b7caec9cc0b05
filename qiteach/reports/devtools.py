"""A headless Chromium driven over its DevTools pipe: the printer's only link to the browser.

Chromium started with ``--remote-debugging-pipe`` reads DevTools commands from
its file descriptor 3 and writes replies and events to 4, each message one JSON
object ended by a NUL byte (the protocol Puppeteer and Playwright speak to it).
:class:`Browser` is that pipe and nothing more: start, :meth:`Browser.call` a
command and wait for its reply (events that arrive meanwhile go to the
``on_event`` handler), close.

Why not Playwright, which the browser tests use: for printing, its Node driver
is a third program between this one and Chromium. Printing the collaborative's
85 reports, the driver took 15-24 ms of CPU per PDF of 0.17-0.20 s
(``benchmarks/bench_pdf.py``), and ``--pdf`` then needed the ``playwright``
package with its bundled Node. The printer sends six kinds of command
(docs/reports.md lists them), and this module is all it takes to send them.

The pipe's ends are handed to Chromium as descriptors 3 and 4 by
:func:`os.posix_spawn`'s file actions, so no Python runs between fork and exec
(the runner has threads).

>>> from qiteach.reports.pdf import LAUNCH_ARGS, which_chromium
>>> chromium = which_chromium()
>>> if chromium:
...     with Browser(chromium, LAUNCH_ARGS) as browser:
...         "Chrome" in browser.call("Browser.getVersion")["product"]
... else:
...     True
True
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from typing import Any

from qiteach.exceptions import BrowserError

__all__ = ["Browser", "Message"]

#: A reply or an event as Chromium sent it.
Message = dict[str, Any]

#: Seconds a command may take before the browser is taken to be stuck.
TIMEOUT = 120.0
#: Seconds the browser gets to quit when asked, and to be gone when killed.
QUIT_SECONDS = 10.0
#: Lowest descriptor number for the pipe's ends here, so that none is 3 or 4 already.
_HIGH_FD = 5


def _pipe() -> tuple[int, int]:
    """A pipe whose two ends are numbered :data:`_HIGH_FD` or more (and not inherited)."""
    ends = os.pipe()
    try:
        return tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, _HIGH_FD) for fd in ends)  # type: ignore[return-value]
    finally:
        for fd in ends:
            os.close(fd)


def _waited(pid: int, seconds: float) -> bool:
    """Whether child ``pid`` has ended (and is reaped) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


class Browser:
    """One headless Chromium and its DevTools pipe.

    ``on_event(message)`` is called for every event (a message without an ``id``)
    read while a command waits for its reply. Use as a context manager, or call
    :meth:`start` and :meth:`close`.
    """

    def __init__(
        self,
        executable: str,
        args: tuple[str, ...] = (),
        *,
        on_event: Callable[[Message], None] | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        self.executable = executable
        self.args = args
        self.on_event = on_event or (lambda message: None)
        self.timeout = timeout
        self._pid: int | None = None
        self._profile: str | None = None
        self._to: int | None = None  # commands go in here ...
        self._from: int | None = None  # ... replies and events come out here
        self._buffer = b""
        self._last_id = 0

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        """Whether the browser is running and its pipe open."""
        if self._pid is None or self._to is None:
            return False
        try:
            return os.waitpid(self._pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:  # already reaped
            return False

    def start(self) -> None:
        """Start Chromium with a fresh profile folder (removed at :meth:`close`)."""
        self.close()
        self._profile = tempfile.mkdtemp(prefix="qiteach-chromium-")
        commands_read, commands_write = _pipe()
        replies_read, replies_write = _pipe()
        argv = [
            self.executable,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}",
            *self.args,
            "about:blank",
        ]
        devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
        actions += [
            (os.POSIX_SPAWN_DUP2, commands_read, 3),
            (os.POSIX_SPAWN_DUP2, replies_write, 4),
        ]
        try:
            self._pid = os.posix_spawn(self.executable, argv, os.environ, file_actions=actions)
        except OSError as exc:
            os.close(commands_write)
            os.close(replies_read)
            raise BrowserError(f"could not start {self.executable}: {exc.strerror}") from exc
        finally:
            for fd in (devnull, commands_read, replies_write):
                os.close(fd)
        self._to, self._from = commands_write, replies_read

    def call(self, method: str, params: dict[str, Any] | None = None, *,
             session: str | None = None, timeout: float | None = None) -> Message:  # fmt: skip
        """Send ``method`` and return its result; :class:`BrowserError` on an error reply.

        Also when the browser has gone or does not answer within ``timeout`` seconds.
        """
        if not self.alive or self._to is None:
            raise BrowserError("Chromium is not running")
        self._last_id += 1
        wanted = self._last_id
        message: Message = {"id": wanted, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self.send(message)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            reply = self._read(deadline, method)
            if reply.get("id") == wanted:
                if "error" in reply:
                    error = reply["error"]
                    raise BrowserError(f"{method}: {error.get('message', error)}")
                result: Message = reply.get("result", {})
                return result
            if "id" not in reply:
                self.on_event(reply)

    def wait_until(self, done: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        """Pass events to ``on_event`` until ``done()``; :class:`BrowserError` on timeout."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while not done():
            message = self._read(deadline, what)
            if "id" not in message:
                self.on_event(message)

    def send(self, message: Message) -> None:
        """Write one message to the pipe without waiting for anything (e.g. an event's answer)."""
        if self._to is None:
            raise BrowserError("Chromium is not running")
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._to, data):]  # fmt: skip
        except OSError as exc:  # BrokenPipeError: the browser has gone
            raise BrowserError(f"Chromium closed its pipe ({exc.strerror})") from exc

    def _read(self, deadline: float, method: str) -> Message:
        """The next whole message, waiting for it until ``deadline``."""
        assert self._from is not None
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready = select.select([self._from], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                raise BrowserError(f"Chromium did not answer {method} in time")
            chunk = os.read(self._from, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed its pipe during {method}")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: Message = json.loads(raw)
        return message

    def close(self) -> None:
        """Ask the browser to quit, then make sure it has (safe to call twice)."""
        pid = self._pid
        if pid is not None and self.alive:
            with contextlib.suppress(BrowserError):
                self._last_id += 1
                self.send({"id": self._last_id, "method": "Browser.close", "params": {}})
            if not _waited(pid, QUIT_SECONDS):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                _waited(pid, QUIT_SECONDS)
        elif pid is not None:
            _waited(pid, 0)  # reap a browser that died by itself
        self._pid = None
        for fd in (self._to, self._from):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to = self._from = None
        self._buffer = b""
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None
