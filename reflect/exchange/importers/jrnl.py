"""jrnl's JSON export (`jrnl --export json`) read as journal entries.

`{"tags": {...}, "entries": [{"date", "time", "title", "body", "tags", "starred"}]}`,
times in the writer's local time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .note import Found, note_entry


def looks_like_jrnl(data: Any) -> bool:
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or "metadata" in data:
        return False
    shaped = [e for e in entries[:50] if isinstance(e, dict)]
    return not entries or any("date" in e and ("body" in e or "title" in e) for e in shaped)


def read_jrnl(data: dict[str, Any], where: str) -> Found:
    found = Found()
    seen: set[str] = set()
    for n, raw in enumerate(data.get("entries") or [], start=1):
        if not isinstance(raw, dict):
            found.skipped.append(f"entry {n} in {where} is not an object")
            continue
        title, body = str(raw.get("title") or ""), str(raw.get("body") or "")
        text = f"{title}\n{body}" if title and body.strip() else title or body
        if not text.strip():
            found.skipped.append(f"entry {n} in {where} has no text")
            continue
        day, clock = str(raw.get("date") or ""), str(raw.get("time") or "00:00")
        try:
            created = datetime.fromisoformat(f"{day}T{clock}")
        except ValueError:
            found.skipped.append(f"entry {n} in {where} has no valid date ('{day} {clock}')")
            continue
        tags = [str(t) for t in raw.get("tags") or []]
        if raw.get("starred"):
            tags.append("starred")
        key = f"{day} {clock} {title}"
        if key in seen:
            # jrnl exports times to the minute: two entries written in the same minute
            # with the same title (or none) are told apart by their text. The first
            # keeps the short key, so ids of journals imported before stay the same.
            key = f"{key}\n{body}"
        seen.add(key)
        found.entries.append(note_entry("jrnl", key, created, text, title, tags))
    return found
