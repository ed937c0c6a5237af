"""One writer per home: an exclusive `flock` on `<home>/.lock`, taken before the index opens.

A second process fails fast (within the 2 s budget) with the holder's pid and command,
never hangs and never shares the store.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from ..errors import JournalLockedError
from ..fsutil import FILE_MODE, write_error


class HomeLock:
    """Holds `<home>/.lock` for the life of the process (or until `release`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float = 1.0) -> HomeLock:
        """Take the lock, retrying for up to `wait` seconds, else raise JournalLockedError."""
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._read_holder(fd)
                    os.close(fd)
                    raise JournalLockedError(str(self.path.parent), holder) from None
                time.sleep(0.05)
        # who holds it, for the other process's message; a full disk must not stop us here
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {_command()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        except OSError:
            text = ""
        if not text:
            return "pid unknown"
        pid, _, cmd = text.partition(" ")
        return f"pid {pid}, {cmd}" if cmd else f"pid {pid}"

    def __enter__(self) -> HomeLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _command() -> str:
    """What the holder is doing, for the message another process shows."""
    words = [a for a in sys.argv[1:] if not a.startswith("-")]
    known = {"add", "search", "prep", "export", "import", "reindex", "demo", "share", "doctor"}
    sub = next((w for w in words if w in known), "")
    return f"reflect {sub}" if sub else "reflect"
