"""Reflect's own JSON export and import: one file that reads back identically."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..entry import Entry, now
from ..errors import ImportFormatError
from ..wording import entries

FORMAT = "reflect-export"
VERSION = 1


def export_json(entries: Iterable[Entry]) -> str:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "exported": now().isoformat(),
        "entries": [e.to_dict() for e in entries],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@dataclass
class ImportReport:
    """How an import went: counts and the reason for each skip."""

    imported: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)

    def skip(self, why: str) -> None:
        self.skipped += 1
        self.reasons.append(why)

    def line(self) -> str:
        text = f"Imported {entries(self.imported)}, skipped {self.skipped}."
        if self.reasons:
            text += " " + "; ".join(self.reasons[:5])
            if len(self.reasons) > 5:
                text += f"; and {len(self.reasons) - 5} more"
        return text


def read_export(data: Any, where: str) -> list[Entry]:
    """Entries from a parsed Reflect export; ImportFormatError if it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFormatError(
            f"{where} is not a Reflect export; `reflect export --format json` makes one."
        )
    if data.get("version") != VERSION:
        raise ImportFormatError(
            f"{where} is a version {data.get('version')} export; this Reflect reads version 1."
        )
    raw_entries = data.get("entries") or []
    if not isinstance(raw_entries, list):
        raise ImportFormatError(f"{where}: 'entries' is not a list; export it again.")
    entries = []
    for n, raw in enumerate(raw_entries):
        try:
            if not isinstance(raw, dict):
                raise TypeError(f"an entry is a {type(raw).__name__}, not an object")
            entries.append(Entry.from_dict(raw))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise ImportFormatError(f"{where}: entry {n + 1} is malformed ({exc}).") from exc
    return entries


def import_entries(
    entries: list[Entry],
    save: Callable[[Entry], Any],
    exists: Callable[[str], bool],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Save each entry not already in the journal (by id), so re-import adds nothing."""
    report = ImportReport()
    for n, entry in enumerate(entries, start=1):
        if exists(entry.id):
            report.skip(f"{entry.id} is already in the journal")
        else:
            save(entry)
            report.imported += 1
        if progress:
            progress(n, len(entries))
    return report


def load_json_file(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFormatError(f"No file at {path}; check the path.") from exc
    return parse_json(raw, str(path))


def parse_json(raw: bytes, where: str) -> Any:
    """The JSON in `raw` (read from `where`), or one clear ImportFormatError."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{where} is not UTF-8 text; export it again.") from exc
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"{where} is not valid JSON (line {exc.lineno}); export it again."
        ) from exc
