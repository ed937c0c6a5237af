"""Export the journal as a folder of Markdown files that Obsidian (or any editor) opens."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..entry import Entry
from ..fsutil import atomic_write, ensure_private_dir
from ..storage.journal import relative_path


def export_vault(entries: Iterable[Entry], folder: Path) -> int:
    """Write each entry as `YYYY/MM/<id>.md`, as in the journal; returns the count."""
    ensure_private_dir(folder)
    count = 0
    for entry in entries:
        target = folder / relative_path(entry)
        ensure_private_dir(target.parent)
        atomic_write(target, entry.to_markdown())
        count += 1
    return count
