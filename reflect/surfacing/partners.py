"""The partners a journal names: who the Prepare and Insights screens offer to choose.

Read from the index (the summary lines carry `partner`, `entry_id`, `created_ts`), so
no entry file is parsed.
"""

from __future__ import annotations

from ..storage.index import Index

SUMMARY_KINDS = ["insight", "goal", "action"]  # every summarised entry has at least one


def journal_partners(index: Index) -> list[tuple[str, int]]:
    """(partner, entries) for every partner in the journal, most recently seen first
    (ties by name). Entries without a summary are not counted."""
    latest: dict[str, int] = {}
    entries: dict[str, set[str]] = {}
    for hit in index.rows({"kind": {"$in": SUMMARY_KINDS}}):
        partner = str(hit.metadata.get("partner") or "")
        if not partner:
            continue
        entries.setdefault(partner, set()).add(str(hit.metadata.get("entry_id", "")))
        latest[partner] = max(latest.get(partner, 0), int(hit.metadata.get("created_ts", 0)))
    return [(p, len(entries[p])) for p in sorted(latest, key=lambda p: (-latest[p], p))]
