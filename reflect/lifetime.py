"""Closing what a command opened, on every way out of it — a failure half-way included.

`build_services` reports each Services it builds to `opened`; inside `closing_opened()`
(the CLI wraps every command in it) they are collected and closed when the block ends,
however it ends. So a command that fails after opening the index still closes it
cleanly (marked closed, unused HNSW slots zeroed) and releases the home's lock. Outside
such a block nothing is collected: tests and the app close their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Closable(Protocol):
    def close(self) -> None: ...


_COLLECTING: list[list[Closable]] = []


def opened(thing: Closable) -> None:
    """Note `thing` for the innermost `closing_opened()` block, if one is running."""
    if _COLLECTING:
        _COLLECTING[-1].append(thing)


@contextmanager
def closing_opened() -> Iterator[None]:
    """Close everything `opened` inside the block (again is harmless), newest first.

    When the block fails, a failure to close is not raised over the first error: that
    error is the one the person should read."""
    collected: list[Closable] = []
    _COLLECTING.append(collected)
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        _COLLECTING.remove(collected)
        for thing in reversed(collected):
            try:
                thing.close()
            except Exception:
                if not failed:
                    raise
