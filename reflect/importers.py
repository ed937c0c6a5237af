"""`reflect import PATH`: recognise what a file or folder is and bring its entries in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import ImportFormatError
from .exchange import ImportReport, import_entries, load_json_file, read_export
from .library import Library

Progress = Callable[[int, int], None]


def import_path(path: Path, library: Library, progress: Progress | None = None) -> ImportReport:
    """Import a Reflect export; other formats are recognised by their shape."""
    if not path.exists():
        raise ImportFormatError(f"No file or folder at {path}; check the path.")
    if path.is_file() and path.suffix.lower() == ".json":
        data = load_json_file(path)
        if isinstance(data, dict) and data.get("format") == "reflect-export":
            entries = read_export(data, str(path))
            return import_entries(
                entries,
                lambda e: library.save(e, touch=False),
                library.journal.exists,
                progress,
            )
    raise ImportFormatError(
        f"{path} is not a format Reflect can import; it reads files made by "
        "`reflect export --format json`."
    )
