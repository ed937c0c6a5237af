"""Cut an entry into the pieces the index stores, each with its metadata.

Answers are split at sentence ends into chunks of at most ~200 words (the embedding
model truncates at 256 tokens). Summary lines become their own chunks so that an
insight or action item can be found and cited on its own, and the summary's themes
become one `theme` chunk: what the entry is *about*, in words the person may never
have written, which votes for its entry in search (ranking.py never shows it as the
passage when the entry has another).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..entry import Entry
from ..reading.passages import sentences

MAX_WORDS = 200
THEME_JOIN = "; "  # in the text of a "theme" chunk
THEMES_SEPARATOR = "|"  # in every chunk's `themes` metadata


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of an entry."""

    id: str
    text: str
    metadata: dict[str, Any]


def split_words(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Split text into pieces of at most `max_words`, preferring sentence ends."""
    pieces: list[str] = []
    current: list[str] = []
    for sentence in sentences(text, plain=True):
        words = sentence.split()
        while len(words) > max_words:  # one very long sentence: hard cut
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if current and len(current) + len(words) > max_words:
            pieces.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        pieces.append(" ".join(current))
    return pieces


def row_themes(metadata: dict[str, Any]) -> tuple[str, ...]:
    """The themes an index row's metadata names, in their order."""
    raw = str(metadata.get("themes") or "").split(THEMES_SEPARATOR)
    return tuple(t.strip() for t in raw if t.strip())


def chunk_entry(entry: Entry) -> list[Chunk]:
    """Every chunk of `entry`, with the metadata search filters on (entry id, kind, role,
    partner, template, dates, author) and the summary's themes."""
    base = {
        "entry_id": entry.id,
        "role": entry.role,
        "partner": entry.partner or "",
        "template": entry.template,
        "created_ts": int(entry.created.timestamp()),
        "date": entry.date,
        "shared": bool(entry.shared_by),
        # Summary themes on every chunk, "|"-joined (chroma metadata holds no lists), so
        # prep and insights count themes from the index without parsing entry files.
        "themes": THEMES_SEPARATOR.join(entry.summary.themes),
    }
    summary_author = "user" if entry.summary_reviewed else "assistant"
    chunks: list[Chunk] = []

    def add(kind: str, text: str, author: str, turn: int | None, **extra: Any) -> None:
        for n, piece in enumerate(split_words(text)):
            meta = {**base, "kind": kind, "author": author, "turn": -1 if turn is None else turn}
            meta.update(extra)
            chunks.append(Chunk(f"{entry.id}:{kind}:{len(chunks)}:{n}", piece, meta))

    for index, turn in entry.answers():
        add("answer", turn.answer, "user", index, stage=turn.stage)
    summary = entry.summary
    if summary.insight:
        add("insight", summary.insight, summary_author, summary.insight_source)
    for position, item in enumerate(summary.action_items):
        extra = {
            "done": item.done,
            "owner": item.owner or "",
            "position": position,
            "due": item.due or "",
            "quote": item.quote,  # the person's words it came from, for prep to cite
        }
        add("action", item.text, summary_author, item.source, **extra)
    for goal in summary.goals:
        add("goal", goal.text, summary_author, goal.source, achieved=goal.achieved)
    if summary.themes:
        add("theme", THEME_JOIN.join(summary.themes), summary_author, None)
    return chunks
