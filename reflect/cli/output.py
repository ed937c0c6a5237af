"""Terminal output for the CLI: plain lines, JSON, and a progress bar on a terminal only."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..textsafe import clean


def say(text: str = "") -> None:
    """A line of human output on stdout; stored text in it is made safe for the terminal."""
    sys.stdout.write(clean(text) + "\n")


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"reflect: {clean(text)}\n")


@contextmanager
def progress(
    label: str, unit: str = "", summary: bool = False
) -> Iterator[Callable[[int, int], None]]:
    """Yield an update(done, total) callback for long work.

    On a terminal: a bar on stderr with the count, the rate and the time left. Otherwise
    nothing while it runs, and with `summary` one line at the end (also when Ctrl-C
    stops it, saying how far it got). `unit` names what is counted ("bytes" is shown
    in MB).
    """
    seen = {"done": 0, "total": 0}
    started = time.monotonic()
    if not sys.stderr.isatty():

        def count(done: int, total: int) -> None:
            seen["done"], seen["total"] = done, total

        try:
            yield count
        except KeyboardInterrupt:
            if summary and seen["total"]:
                warn(f"{label}: interrupted after {_amount(seen['done'], seen['total'], unit)}")
            raise
        if summary and seen["total"]:  # nothing to do: nothing to say
            took = time.monotonic() - started
            counted = bool(unit and seen["total"])
            rate = f", {_rate(seen['done'] / took, unit)}" if counted and took > 0 else ""
            amount = _amount(seen["done"], seen["total"], unit) if counted else "done"
            sys.stderr.write(clean(f"{label}: {amount} in {took:.1f} s{rate}") + "\n")
        return
    bar: list[Any] = []  # started on the first update: work that turns out empty shows none
    drawn = {"at": 0.0}

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(_start_bar(label, unit))
        progress_bar, task = bar[0]
        now = time.monotonic()
        took = now - started
        rate = _rate(done / took, unit) if done and took > 0 else ""
        mb = f"{done / 2**20:.0f}/{total / 2**20:.0f} MB" if unit == "bytes" else ""
        progress_bar.update(task, completed=done, total=total, rate=rate, mb=mb)
        # drawn here too, at most ten times a second: on a busy machine the bar's own
        # refresh thread can starve while the embedder holds both cores, and the count on
        # screen would lag the work by most of the run
        if now - drawn["at"] >= 0.1:
            progress_bar.refresh()
            drawn["at"] = now

    try:
        yield update
    finally:
        if bar:
            bar[0][0].stop()


def _start_bar(label: str, unit: str) -> tuple[Any, Any]:
    """A rich progress bar on stderr: label, bar, percent, count, rate, time left."""
    # rich costs ~40 ms to import: only on a terminal, once there is long work.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    counter = MofNCompleteColumn() if unit != "bytes" else TextColumn("{task.fields[mb]}")
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        TaskProgressColumn(),
        counter,
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    bar.start()
    return bar, bar.add_task(label, total=None, rate="", mb="")


def _amount(done: int, total: int, unit: str) -> str:
    if unit == "bytes":
        return f"{done / 2**20:.0f} of {total / 2**20:.0f} MB"
    return f"{done} of {total} {unit}".rstrip()


def _rate(per_second: float, unit: str) -> str:
    if unit == "bytes":
        return f"{per_second / 2**20:.0f} MB/s"
    return f"{per_second:.0f} {unit or 'items'}/s"
