"""Ranking of past writing for search, prep briefs and the related-insights panel.

A passage scores similarity × author weight + recency bonus + open-commitment bonus.
Passages vote for their entry: its best passage counts whole, the next ones a small
share each (`SUPPORT`), so an entry that matches in several places edges ahead of one
that matches once, but many weak matches never add up to one strong one (at most 1.5×
the best). Short summary lines (action items, goals) count less there, since a shared
keyword inflates their similarity; the `theme` piece (what the entry is about, from
its summary) votes like a passage and is shown only when nothing else of the entry
matched. What the person wrote outranks what the assistant proposed; near-identical
texts collapse to one result; every result cites its entry, date and sentence.
Measured on the realistic set (reflect/engine/retrieval_eval.py, README "How well does search
find past entries?"), 72-entry journal: dev recall@5 0.38 with best + half the second
best and no theme piece, 0.44 as here (held-out 0.60); other fusions, chunkings,
lexical fusion and query expansion were no better on dev with all-MiniLM-L6-v2 (the
README lists them); the 96-entry journal now measures held-out 0.51.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..llm.embedder import Embedder
from ..storage.index import Hit, Index, check_model

ASSISTANT_WEIGHT = 0.85
RECENCY_WEIGHT = 0.02  # breaks near-ties; at 0.06 it outweighed topical fit (recall@5 0.68)
RECENCY_DAYS = 120.0
OPEN_ACTION_BONUS = 0.04
SUPPORT = (0.2, 0.1, 0.1, 0.1)  # shares of an entry's 2nd…5th best passages added to its best
SUMMARY_LINE_WEIGHT = 0.7  # action items and goals, when ordering entries
SUMMARY_LINES = ("action", "goal")
FETCH_FACTOR = 10  # passages fetched per result wanted (at least MIN_FETCH)
MIN_FETCH = 60


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
    """The best `k` results for `query`, at most `per_entry` from any one entry.

    `reflect search`, prep briefs and the related-insights panel all rank through here.
    Filters are exact: `partner` and `role` must match, `since_ts` is a lower bound on
    the entry's creation time, `kinds` keeps only those chunk kinds.
    """
    if not query.strip():
        return []
    check_model(index, embedder.name)  # another model's vectors would rank as noise
    now_ts = now_ts or time.time()
    where: dict[str, Any] = {}
    if partner:
        where["partner"] = partner
    if role:
        where["role"] = role
    if since_ts is not None:
        where["created_ts"] = {"$gte": since_ts}
    if kinds is not None and len(kinds) == 1:
        where["kind"] = kinds[0]  # filter in the store, so other kinds cannot crowd it out
    vector = embedder.embed([query])[0]
    hits = index.query(vector, max(k * FETCH_FACTOR, MIN_FETCH), where or None)
    passages: dict[str, list[tuple[float, Hit]]] = defaultdict(list)
    for hit in hits:
        if (kinds is None or hit.metadata.get("kind") in kinds) and hit.metadata.get(
            "entry_id"
        ) != exclude_entry:
            score = score_hit(hit.similarity, hit.metadata, now_ts)
            passages[str(hit.metadata.get("entry_id"))].append((score, hit))
    results: list[Result] = []
    seen_texts: set[str] = set()
    entry_scores = {entry_id: _entry_score(found) for entry_id, found in passages.items()}
    for entry_id in sorted(entry_scores, key=lambda e: -entry_scores[e]):
        shown = 0
        # The theme piece votes but is shown only if nothing the person wrote matched.
        for score, hit in sorted(passages[entry_id], key=_shown_first):
            norm = " ".join(hit.text.lower().split())
            if norm in seen_texts:
                continue
            seen_texts.add(norm)
            meta = hit.metadata
            results.append(
                Result(
                    entry_id=entry_id,
                    date=str(meta.get("date", "")),
                    partner=str(meta.get("partner", "")),
                    role=str(meta.get("role", "")),
                    text=hit.text,
                    score=entry_scores[entry_id] if shown == 0 else score,
                    kind=str(meta.get("kind", "")),
                    author=str(meta.get("author", "")),
                    similarity=hit.similarity,
                )
            )
            shown += 1
            if len(results) >= k:
                return results
            if shown >= per_entry:
                break
    return results


def _shown_first(pair: tuple[float, Hit]) -> tuple[bool, float]:
    return (pair[1].metadata.get("kind") == "theme", -pair[0])


def entry_score(scores: list[tuple[float, str]]) -> float:
    """One score for an entry from its passages' (score, kind): best + shares of the next."""
    weighted = sorted(
        (score * (SUMMARY_LINE_WEIGHT if kind in SUMMARY_LINES else 1) for score, kind in scores),
        reverse=True,
    )
    return weighted[0] + sum(w * s for w, s in zip(SUPPORT, weighted[1:], strict=False))


def _entry_score(passages: list[tuple[float, Hit]]) -> float:
    return entry_score([(score, str(hit.metadata.get("kind", ""))) for score, hit in passages])
