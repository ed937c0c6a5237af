"""Retrieval scores on the realistic set: does search find the right past entries?

The journal is every reflection of `prompts/eval/realistic_*.jsonl` (both splits), each
saved as an entry of its template with its text as the answer to its stage, its
partner, role and date, and the summary Reflect proposes for it (the real Summarizer;
with no model, the extracted insight, action items and themes) as a person saving it
would. Each labelled query (`realistic_*_queries.json`) runs through `ranking.rank`,
the ranking `reflect search`, the related panel and prep briefs share. Per split:

- recall@5: mean over queries of |relevant ∩ top 5| / min(5, |relevant|);
- hit@5: share of queries with at least one relevant entry in the top 5;
- MRR: mean reciprocal rank of the first relevant entry in the top `DEPTH` (0 if none).

Two journals: all of the sets' entries together (about three hundred, many on
neighbouring themes), and each writer's set alone (about thirty entries, the size of the
journal the search issue was measured on), each set's queries run on its own journal and
pooled. Ranking was tuned on `dev` queries only; `heldout` is the figure to report.
"""

from __future__ import annotations

import os
import platform
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..entry import Entry, Turn
from ..llm.base import LanguageModel
from ..llm.embedder import Embedder
from ..storage.chunks import chunk_entry
from ..storage.index import Index
from ..surfacing.ranking import rank
from ..templates import TemplateBook
from .evaluation import SEARCH_PARTS, load_queries, load_reflections

DEPTH = 20  # entries ranked per query for MRR
EMBED_BATCH = 64


@dataclass(frozen=True)
class RetrievalScore:
    """One split's retrieval figures."""

    split: str
    queries: int
    recall_at_5: float
    hit_at_5: float
    mrr: float
    misses: tuple[str, ...] = ()  # "query: wanted [...], got [...]" where recall@5 < 1
    journal: str = "all"  # "all" sets in one journal, or "by writer": each set alone

    def to_json(self) -> dict[str, Any]:
        return {
            "journal": self.journal,
            "split": self.split,
            "queries": self.queries,
            "recall_at_5": round(self.recall_at_5, 3),
            "hit_at_5": round(self.hit_at_5, 3),
            "mrr": round(self.mrr, 3),
        }


def eval_entries(
    model: LanguageModel,
    embedder: Embedder,
    templates: TemplateBook,
    tick: Callable[[], None] | None = None,
) -> list[Entry]:
    """Every realistic reflection as a saved entry, summarised as Reflect would."""
    from .summary import Summarizer  # pulls in the listening rules: only when scoring

    summarizer = Summarizer(model, embedder)
    entries = []
    for item in load_reflections("all", SEARCH_PARTS):
        template = templates.get(item["template"])
        stage = template.stage(item["stage"])
        entry = Entry.new(template.id, item["role"], item["partner"])
        entry.id = item["id"]  # the labels name entries by these ids
        entry.created = datetime.fromisoformat(f"{item['date']}T18:00:00").astimezone()
        entry.title = template.title
        entry.turns.append(Turn(stage.id, stage.prompt_for(item["role"]), item["text"]))
        entry.summary = summarizer.summarize_entry(entry)
        entry.summary_reviewed = True  # the person saw the summary and saved it
        entries.append(entry)
        if tick:
            tick()
    return entries


def fill(
    index: Index,
    embedder: Embedder,
    entries: list[Entry],
    vectors: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Index `entries` as the library does (chunks, this embedder's vectors, model id);
    `vectors` (by chunk id) are reused rather than embedded again. Returns every vector."""
    index.record_model(embedder.name)
    known = dict(vectors or {})
    chunks = [c for entry in entries for c in chunk_entry(entry)]
    for start in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[start : start + EMBED_BATCH]
        new = [c for c in batch if c.id not in known]
        if new:
            known.update(
                zip((c.id for c in new), embedder.embed([c.text for c in new]), strict=True)
            )
        index.add(batch, [known[c.id] for c in batch])
    return known


def score(
    index: Index, embedder: Embedder, queries: list[dict[str, Any]], split: str, now_ts: float
) -> RetrievalScore:
    """recall@5, hit@5 and MRR of `rank` over `queries` on a filled index."""
    recall = hits = reciprocal = 0.0
    misses = []
    for case in queries:
        found = [r.entry_id for r in rank(index, embedder, case["query"], DEPTH, now_ts=now_ts)]
        relevant = set(case["relevant"])
        top = set(found[:5])
        share = len(relevant & top) / min(5, len(relevant))
        recall += share
        hits += bool(relevant & top)
        first = next((n for n, e in enumerate(found, 1) if e in relevant), None)
        reciprocal += 1 / first if first else 0.0
        if share < 1:
            misses.append(f"{case['query']!r}: wanted {sorted(relevant)}, got {found[:5]}")
    n = max(1, len(queries))
    return RetrievalScore(split, len(queries), recall / n, hits / n, reciprocal / n, tuple(misses))


def evaluate_retrieval(
    model: LanguageModel,
    embedder: Embedder,
    templates: TemplateBook,
    splits: tuple[str, ...] = ("heldout", "dev"),
    tick: Callable[[], None] | None = None,
    reader: Embedder | None = None,
) -> list[RetrievalScore]:
    """Build the realistic journal in a throwaway chroma index and score each split.

    Summaries are written with `reader` (the app reads answers with all-MiniLM-L6-v2
    whatever model search runs on), the index filled and searched with `embedder`."""
    from chromadb.api.client import SharedSystemClient

    from ..storage.index import ChromaIndex

    entries = eval_entries(model, reader or embedder, templates, tick)
    latest = max(e.created for e in entries)
    now_ts = (latest + timedelta(days=7)).timestamp()  # a week after the last entry
    queries = {s: load_queries(s) for s in splits}
    results: list[RetrievalScore] = []
    by_writer: dict[str, list[RetrievalScore]] = {s: [] for s in splits}
    with tempfile.TemporaryDirectory(prefix="reflect-retrieval-") as folder:
        index = ChromaIndex.persistent(Path(folder) / "all")
        try:
            vectors = fill(index, embedder, entries)
            results = [score(index, embedder, queries[s], s, now_ts) for s in splits]
        finally:
            index.close()
        for part in SEARCH_PARTS:
            name = part.rsplit("_", 1)[-1]  # realistic_c → wc01…, realistic_ae → wae01…
            mine = [e for e in entries if writer_of(e.id) == name]
            index = ChromaIndex.persistent(Path(folder) / part)
            try:
                fill(index, embedder, mine, vectors)
                for s in splits:
                    theirs = [q for q in queries[s] if writer_of(q["relevant"][0]) == name]
                    if theirs:
                        by_writer[s].append(score(index, embedder, theirs, s, now_ts))
            finally:
                index.close()
        SharedSystemClient.clear_system_cache()  # the folder goes; so must its clients
    return results + [pooled(by_writer[s], s) for s in splits if by_writer[s]]


def writer_of(entry_id: str) -> str:
    """The set an evaluation entry belongs to: "wc07" → "c", "wae12" → "ae"."""
    return entry_id[1:].rstrip("0123456789")


def pooled(scores: list[RetrievalScore], split: str) -> RetrievalScore:
    """Per-set scores as one, each query weighing the same."""
    n = sum(s.queries for s in scores) or 1
    return RetrievalScore(
        split,
        sum(s.queries for s in scores),
        sum(s.recall_at_5 * s.queries for s in scores) / n,
        sum(s.hit_at_5 * s.queries for s in scores) / n,
        sum(s.mrr * s.queries for s in scores) / n,
        tuple(m for s in scores for m in s.misses),
        journal="by writer",
    )


def machine() -> str:
    """Where the figures were measured: date, CPU architecture, cores, OS."""
    return (
        f"{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}"
    )


def table(scores: list[RetrievalScore], embedder_name: str) -> str:
    lines = [
        f"Search ({embedder_name}; {machine()}):",
        "",
        "| journal | split | queries | recall@5 | hit@5 | MRR |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        journal = "every set" if s.journal == "all" else "each writer's set alone"
        lines.append(
            f"| {journal} | {s.split} | {s.queries} | {s.recall_at_5:.2f} | {s.hit_at_5:.2f} "
            f"| {s.mrr:.2f} |"
        )
    return "\n".join(lines)
