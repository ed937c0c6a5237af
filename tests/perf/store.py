"""Journal and index rows: search, prep brief, reindex throughput, open + reconcile.

Search and prep run on the synthetic homes from journals.py (random unit vectors in the
index, real chunk texts and metadata); queries are embedded with the real MiniLM.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from reflect.chunks import chunk_entry
from reflect.embedder import MiniLMEmbedder
from reflect.index import ChromaIndex
from reflect.journal import Journal
from reflect.library import Library
from reflect.ranking import rank
from reflect.services import build_services
from reflect.settings import load_settings

from .harness import Row, info, missing, reps, row

QUERIES = [
    "feeling nervous before presenting to a large group",
    "handing over work to the team instead of doing it myself",
    "asking for feedback early",
    "how to prepare for a difficult conversation",
    "saying no to extra projects",
    "what helped me stay calm",
    "planning the week and keeping focus",
    "learning to explain my reasons in code review",
]


def _forget_chroma_clients() -> None:
    """chromadb caches one client per path: drop it so the next open is a real open."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def search_rows(home: Path, label: str, embedder: MiniLMEmbedder, target: float) -> list[Row]:
    """Query embedding + index query + ranking via `rank()`, on an opened home."""
    name = f"search, {label} chunks"
    services = build_services(load_settings(home=home), embedder=embedder)
    try:
        index = services.index
        start = time.perf_counter()
        rank(index, embedder, "a first question after opening", k=10)
        cold = time.perf_counter() - start
        for q in QUERIES[:2]:  # warm-up
            rank(index, embedder, q, k=10)
        total: list[float] = []
        embed: list[float] = []
        query: list[float] = []
        for _ in range(3):
            for q in QUERIES:
                start = time.perf_counter()
                rank(index, embedder, q, k=10)
                total.append(time.perf_counter() - start)
                start = time.perf_counter()
                vector = embedder.embed([q])[0]
                embed.append(time.perf_counter() - start)
                start = time.perf_counter()
                index.query(vector, 50)
                query.append(time.perf_counter() - start)
        count = index.count()
    finally:
        services.close()
        _forget_chroma_clients()
    ms = statistics.median(total) * 1000
    detail = (
        f"{count} chunks; embed {statistics.median(embed) * 1000:.0f} ms + "
        f"index query {statistics.median(query) * 1000:.0f} ms; median of {len(total)}"
    )
    return [
        row(name, ms, "ms", f"<= {target:g}", detail),
        info(f"first search after opening, {label} chunks", cold * 1000, "ms"),
    ]


def prep_rows(home: Path, embedder: MiniLMEmbedder) -> list[Row]:
    """A prep brief without the model, on an opened home (as the Prepare screen builds it)."""
    name = "prep brief without the model, 10k chunks"
    try:
        from reflect.prep import Prep  # built by another issue
    except ImportError as exc:
        return [missing(name, "s", "<= 0.5", f"reflect.prep is not importable yet ({exc})")]
    from reflect.llm.scripted import NoModel

    services = build_services(load_settings(home=home, no_model=True), embedder=embedder)
    try:
        prep = Prep(services.index, embedder, NoModel())
        prep.brief("partner-a")  # warm-up: opens the index, loads the HNSW segment
        took = []
        for partner, topic in PREP_CASES:
            start = time.perf_counter()
            brief = prep.brief(partner, topic)
            took.append(time.perf_counter() - start)
        lines = len(brief.action_items) + len(brief.insights) + len(brief.goals)
    finally:
        services.close()
        _forget_chroma_clients()
    return [
        row(
            name,
            statistics.median(took),
            "s",
            "<= 0.5",
            f"Prep.brief on an open index, median of {len(took)}; last brief {lines} lines",
        )
    ]


PREP_CASES = [
    ("partner-a", None),
    ("partner-b", "presenting to a large group"),
    ("partner-c", None),
    ("partner-a", "handing over work"),
    ("partner-d", "feedback"),
]


def reindex_rows(home: Path, embedder: MiniLMEmbedder, repeat: int = 3) -> list[Row]:
    """`reflect reindex`'s work (read, chunk, embed, index, manifest) vs a bare encode()."""
    repeat = reps(repeat)
    journal = Journal(home / "journal")
    texts = [c.text for e in journal.entries() for c in chunk_entry(e)]
    model = embedder.load()._model  # the same loaded SentenceTransformer for both
    scratch = home / "reindex-scratch"

    def ours() -> float:
        shutil.rmtree(scratch, ignore_errors=True)
        start = time.perf_counter()
        index = ChromaIndex.persistent(scratch)
        Library(Journal(home / "journal"), index, embedder, scratch / "manifest.json").reconcile()
        took = time.perf_counter() - start
        index.close()
        _forget_chroma_clients()
        return took

    def raw() -> float:
        start = time.perf_counter()
        model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)  # type: ignore[union-attr]
        return time.perf_counter() - start

    times: dict[str, list[float]] = {"ours": [], "raw": []}
    for turn in range(repeat + 1):
        for name, fn in (("ours", ours), ("raw", raw)):
            took = fn()
            if turn:
                times[name].append(took)
    shutil.rmtree(scratch, ignore_errors=True)
    n = len(texts)
    ours_rate = n / statistics.median(times["ours"])
    raw_rate = n / statistics.median(times["raw"])
    return [
        info("reindex throughput, Reflect", ours_rate, "chunks/s", f"{n} chunks"),
        info("sentence-transformers encode() throughput", raw_rate, "chunks/s", f"{n} chunks"),
        row(
            "reindex throughput / raw encode()",
            ours_rate / raw_rate,
            "x",
            ">= 0.8",
            f"median of {repeat}",
        ),
    ]


def reconcile_rows(home: Path, entries: int, repeat: int = 5) -> list[Row]:
    """Open the journal with its index and reconcile, nothing changed, as the app does."""
    repeat = reps(repeat)
    opening: list[float] = []
    total: list[float] = []
    reports = []
    for turn in range(repeat + 1):
        _forget_chroma_clients()
        start = time.perf_counter()
        services = build_services(load_settings(home=home), embedder=MiniLMEmbedder())
        library = services.library  # lock, chroma client, journal folder check
        opened = time.perf_counter() - start
        report = library.reconcile()
        elapsed = time.perf_counter() - start
        services.close()
        if turn:
            opening.append(opened)
            total.append(elapsed)
            reports.append(report)
    changed = sum(r.indexed + r.removed for r in reports)
    return [
        row(
            f"journal open + reconcile, {entries} entries, nothing changed",
            statistics.median(total),
            "s",
            "<= 1.0",
            f"median of {repeat}: open {statistics.median(opening):.2f} s + reconcile "
            f"{statistics.median(total) - statistics.median(opening):.2f} s; "
            f"{reports[0].unchanged} unchanged, {changed} re-indexed",
        ),
    ]
