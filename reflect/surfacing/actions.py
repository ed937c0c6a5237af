"""Action items across the journal: what is still open, for whom, and marking them done.

Listing reads the index (action chunks carry `done`, `owner`, `partner`), so it does not
parse every entry file; changing an item rewrites its entry file and re-indexes it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..entry import ActionItem, Entry
from ..errors import InputError
from ..storage.index import Hit, Index
from ..storage.library import Library


@dataclass(frozen=True)
class TrackedItem:
    """An action item with the entry it came from."""

    entry_id: str
    date: str
    partner: str
    role: str
    position: int  # index in the entry's summary.action_items
    text: str
    owner: str
    done: bool
    age_days: int
    due: str = ""
    shared: bool = False  # from an entry a partner shared
    quote: str = ""  # the person's words that state it


def tracked_items(
    index: Index, partner: str | None = None, open_only: bool = True, now_ts: float | None = None
) -> list[TrackedItem]:
    """Action items, oldest first, optionally for one partner and only the open ones."""
    where: dict[str, object] = {"kind": "action"}
    if partner:
        where["partner"] = partner
    if open_only:
        where["done"] = False
    return items_from_rows(index.rows(where), open_only, now_ts)


def items_from_rows(
    rows: list[Hit], open_only: bool = True, now_ts: float | None = None
) -> list[TrackedItem]:
    """TrackedItems from index rows already fetched (rows of other kinds are ignored)."""
    now_ts = now_ts or time.time()
    items = []
    for hit in rows:
        meta = hit.metadata
        if meta.get("kind") != "action" or (open_only and meta.get("done")):
            continue
        items.append(
            TrackedItem(
                entry_id=str(meta["entry_id"]),
                date=str(meta.get("date", "")),
                partner=str(meta.get("partner", "")),
                role=str(meta.get("role", "")),
                position=int(meta.get("position", 0)),
                text=hit.text,
                owner=str(meta.get("owner", "")),
                done=bool(meta.get("done")),
                age_days=int((now_ts - float(meta.get("created_ts", now_ts))) // 86400),
                due=str(meta.get("due") or ""),
                shared=bool(meta.get("shared")),
                quote=str(meta.get("quote") or ""),
            )
        )
    items.sort(key=lambda i: (i.date, i.entry_id, i.position))
    return items


def latest_open_items(index: Index, partner: str | None = None) -> list[TrackedItem]:
    """The open items of the most recent entry that still has any (with this partner,
    when one is named): what "last session" left to do."""
    items = tracked_items(index, partner)
    latest = max((i.entry_id for i in items), default=None)
    return [i for i in items if i.entry_id == latest]


def open_items_for_next_session(index: Index, partner: str | None) -> list[ActionItem]:
    """Open items from the most recent entry with this partner (for 'Last time you planned…')."""
    if not partner:
        return []
    return [ActionItem(i.text, i.owner or None) for i in latest_open_items(index, partner)]


def set_done(library: Library, entry_id: str, position: int, done: bool = True) -> Entry:
    """Mark one action item done (or open again) and save the entry."""
    entry = library.journal.get(entry_id)
    if not 0 <= position < len(entry.summary.action_items):
        raise InputError(f"Entry {entry_id} has no action item number {position + 1}.")
    entry.summary.action_items[position].done = done
    library.save(entry)
    return entry
