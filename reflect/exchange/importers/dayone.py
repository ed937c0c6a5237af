"""Day One's JSON export (a zip or its unpacked folder) read as journal entries.

`{"metadata": {...}, "entries": [{"uuid", "creationDate", "text", "tags", "starred",
"timeZone"}]}`, times in UTC.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...errors import ImportFormatError
from ..reflect_json import load_json_file, parse_json
from .note import Found, note_entry

MAX_JSON_BYTES = 256 << 20  # a journal's text; photos in the zip are never read


def looks_like_dayone(data: Any) -> bool:
    entries = data.get("entries") if isinstance(data, dict) else None
    return isinstance(entries, list) and (
        "metadata" in data or any(isinstance(e, dict) and "creationDate" in e for e in entries[:20])
    )


def read_dayone(data: dict[str, Any], where: str) -> Found:
    found = Found()
    for n, raw in enumerate(data.get("entries") or [], start=1):
        if not isinstance(raw, dict):
            found.skipped.append(f"entry {n} in {where} is not an object")
            continue
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            found.skipped.append(f"entry {n} in {where} has no text (photos are not imported)")
            continue
        uuid = str(raw.get("uuid") or "")
        try:
            created = datetime.fromisoformat(str(raw.get("creationDate")).replace("Z", "+00:00"))
        except ValueError:
            found.skipped.append(f"entry {n} in {where} has no valid creationDate")
            continue
        created = _in_zone(created, raw.get("timeZone"))
        tags = [str(t) for t in raw.get("tags") or []]
        if raw.get("starred"):
            tags.append("starred")
        title = text.strip().splitlines()[0].lstrip("#").strip()
        key = uuid or f"{raw.get('creationDate')} {title}"
        found.entries.append(note_entry("dayone", key, created, text, title, tags))
    return found


def dayone_documents(path: Path) -> list[tuple[str, Any]]:
    """The journal JSON files of a Day One export (zip or folder), parsed, with their names."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
        return [(p.name, load_json_file(p)) for p in files]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.endswith(".json") and "/" not in m.filename.strip("/")
            ]
            docs = []
            for member in sorted(members, key=lambda m: m.filename):
                where = f"{path.name}:{member.filename}"
                if member.file_size > MAX_JSON_BYTES:
                    raise ImportFormatError(f"{where} is too large to be a journal export.")
                docs.append((where, parse_json(archive.read(member), where)))
            return docs
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ImportFormatError(
            f"{path} is not a readable zip file; export it from Day One again."
        ) from exc


def _in_zone(when: datetime, zone: Any) -> datetime:
    """The entry's time in the zone it was written in (Day One stores UTC plus a zone)."""
    if isinstance(zone, dict):  # some versions nest it: {"identifier": "Europe/Paris"}
        zone = zone.get("identifier")
    if when.tzinfo is None:
        return when.astimezone()
    if isinstance(zone, str) and zone:
        try:
            return when.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return when.astimezone()
