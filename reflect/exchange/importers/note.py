"""What a note from another journal becomes in Reflect: one Entry with one turn.

The id is derived from the source (jrnl: date, time and title; Day One: its uuid; a
Markdown note: its path in the folder), so importing the same export twice finds the
same ids and adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from ...entry import Entry, Turn

QUESTION = "Imported note"
DIGEST_CHARS = 8
_TAG_CHARS = re.compile(r"[^\w/-]+")


@dataclass
class Found:
    """What a reader found in an export: entries to import and what it had to skip."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def source_digest(kind: str, key: str) -> str:
    """A short stable fingerprint of where a note came from."""
    return hashlib.sha256(f"{kind}\n{key}".encode()).hexdigest()[:DIGEST_CHARS]


def note_entry(
    kind: str,
    key: str,
    created: datetime,
    text: str,
    title: str = "",
    tags: list[str] | None = None,
) -> Entry:
    """An Entry for an imported note (`kind`: jrnl | dayone | markdown), text kept as written.

    Only surrounding blank space is dropped, as the journal file would drop it anyway.
    """
    created = created.replace(microsecond=0)
    if created.tzinfo is None:
        created = created.astimezone()
    entry_id = f"{created:%Y%m%d-%H%M%S}-{source_digest(kind, key)}"
    return Entry(
        id=entry_id,
        created=created,
        updated=created,
        template="note",
        title=" ".join(title.split())[:120],
        origin=f"import:{kind}",
        tags=clean_tags(tags or []),
        turns=[Turn("note", QUESTION, text.strip(), source="import")],
    )


def clean_tags(tags: list[str]) -> list[str]:
    """Tags without their sigils (`@work`, `#work` → `work`), de-duplicated, order kept."""
    seen: list[str] = []
    for raw in tags:
        tag = _TAG_CHARS.sub("-", str(raw).strip().lstrip("@#")).strip("-")
        if tag and tag.lower() not in (t.lower() for t in seen):
            seen.append(tag)
    return seen
