"""Terminal output for the CLI: plain lines, JSON, and a progress bar on a terminal only."""

from __future__ import annotations

import json
import sys
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
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """Yield an update(done, total) callback that draws a bar on a terminal, else nothing."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(TextColumn(label), BarColumn(), TaskProgressColumn(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
