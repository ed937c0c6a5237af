"""Ranking of past writing for search, prep briefs and the related-insights panel.

score = similarity × author weight + recency bonus + open-commitment bonus.
What the person wrote outranks what the assistant proposed; near-identical texts
collapse to one result; every result cites its entry, date and sentence.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from .embedder import Embedder
from .index import Index

ASSISTANT_WEIGHT = 0.85
RECENCY_WEIGHT = 0.06
RECENCY_DAYS = 120.0
OPEN_ACTION_BONUS = 0.04


@dataclass(frozen=True)
class Result:
    """One ranked piece of past writing."""

    entry_id: str
    date: str
    partner: str
    role: str
    text: str
    score: float
    kind: str
    author: str
    similarity: float

    def to_json(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "date": self.date,
            "partner": self.partner or None,
            "role": self.role,
            "text": self.text,
            "score": round(self.score, 4),
            "kind": self.kind,
            "author": self.author,
        }


def score_hit(similarity: float, meta: dict[str, Any], now_ts: float) -> float:
    weight = 1.0 if meta.get("author") == "user" else ASSISTANT_WEIGHT
    age_days = max(0.0, (now_ts - float(meta.get("created_ts", now_ts))) / 86400.0)
    recency = RECENCY_WEIGHT * math.exp(-age_days / RECENCY_DAYS)
    bonus = OPEN_ACTION_BONUS if meta.get("kind") == "action" and not meta.get("done") else 0.0
    return similarity * weight + recency + bonus


def rank(
    index: Index,
    embedder: Embedder,
    query: str,
    k: int = 10,
    *,
    partner: str | None = None,
    role: str | None = None,
    since_ts: int | None = None,
    kinds: tuple[str, ...] | None = None,
    per_entry: int = 1,
    exclude_entry: str | None = None,
    now_ts: float | None = None,
) -> list[Result]:
    """The best `k` results for `query`, at most `per_entry` from any one entry."""
    if not query.strip():
        return []
    now_ts = now_ts or time.time()
    where: dict[str, Any] = {}
    if partner:
        where["partner"] = partner
    if role:
        where["role"] = role
    if since_ts is not None:
        where["created_ts"] = {"$gte": since_ts}
    vector = embedder.embed([query])[0]
    hits = index.query(vector, max(k * 5, 30), where or None)
    scored = sorted(
        (
            (score_hit(h.similarity, h.metadata, now_ts), h)
            for h in hits
            if (kinds is None or h.metadata.get("kind") in kinds)
            and h.metadata.get("entry_id") != exclude_entry
        ),
        key=lambda pair: -pair[0],
    )
    results: list[Result] = []
    per: dict[str, int] = {}
    seen_texts: set[str] = set()
    for score, hit in scored:
        meta = hit.metadata
        entry_id = str(meta.get("entry_id"))
        norm = " ".join(hit.text.lower().split())
        if norm in seen_texts or per.get(entry_id, 0) >= per_entry:
            continue
        seen_texts.add(norm)
        per[entry_id] = per.get(entry_id, 0) + 1
        results.append(
            Result(
                entry_id=entry_id,
                date=str(meta.get("date", "")),
                partner=str(meta.get("partner", "")),
                role=str(meta.get("role", "")),
                text=hit.text,
                score=score,
                kind=str(meta.get("kind", "")),
                author=str(meta.get("author", "")),
                similarity=hit.similarity,
            )
        )
        if len(results) >= k:
            break
    return results
