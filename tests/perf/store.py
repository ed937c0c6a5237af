"""Journal and index rows: search, prep brief, reindex throughput, open + reconcile.

Search and prep run on the synthetic homes from journals.py (random unit vectors in the
index, real chunk texts and metadata); queries are embedded with the real MiniLM.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reflect.llm.embedder import SentenceEmbedder
from reflect.services import build_services
from reflect.settings import load_settings
from reflect.storage.chunks import chunk_entry
from reflect.storage.index import ChromaIndex, Index
from reflect.storage.journal import Journal
from reflect.storage.library import Library
from reflect.surfacing.ranking import rank

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


def size_name(entries: int, chunks: str) -> str:
    """How rows name a home: "10k entries (100k chunks)"."""
    count = f"{entries // 1000}k" if entries >= 1000 and entries % 1000 == 0 else str(entries)
    return f"{count} entries ({chunks} chunks)"


@contextmanager
def as_a_command_runs(home: Path, embedder: SentenceEmbedder) -> Iterator[Callable[[], None]]:
    """Embed as `reflect search` / `reflect prep` do; yields `cold()` to call before a timing.

    The services give the embedder half the cores (one thread on two cores). On the
    sentence-transformers fallback, torch's thread count is process-wide, so it is set
    here and restored after. `cold()` empties the embedder's memo: a command is a fresh
    process, so it embeds its query (and the agenda's curated questions) anew, where a
    repeated bench query would otherwise cost nothing.
    """
    embedder.load()
    if embedder.backend != "sentence-transformers":
        yield embedder._memo.clear
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(load_settings(home=home).embedder_threads())
    try:
        yield embedder._memo.clear  # the bench measures without the memo
    finally:
        torch.set_num_threads(before)


def search_rows(
    home: Path, label: str, entries: int, embedder: SentenceEmbedder, target: float
) -> list[Row]:
    """Query embedding + index query + ranking via `rank()`, on an opened home."""
    size = size_name(entries, label)
    name = f"search, {size}"
    services = build_services(load_settings(home=home), embedder=embedder)
    try:
        with as_a_command_runs(home, embedder) as cold:
            index = services.index
            start = time.perf_counter()
            rank(index, embedder, "a first question after opening", k=10)
            first = time.perf_counter() - start
            for q in QUERIES[:2]:  # warm-up
                rank(index, embedder, q, k=10)
            total: list[float] = []
            embed: list[float] = []
            query: list[float] = []
            for _ in range(3):
                for q in QUERIES:
                    cold()
                    start = time.perf_counter()
                    rank(index, embedder, q, k=10)
                    total.append(time.perf_counter() - start)
                    cold()
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
        f"{count} chunks; query embedding {statistics.median(embed) * 1000:.0f} ms + "
        f"index query {statistics.median(query) * 1000:.0f} ms; median of {len(total)}"
    )
    return [
        row(name, ms, "ms", f"<= {target:g}", detail),
        info(f"first search after opening, {size}", first * 1000, "ms"),
    ]


def prep_rows(
    home: Path, label: str, entries: int, embedder: SentenceEmbedder, target: float
) -> list[Row]:
    """A prep brief without the model, on an opened home (as `reflect prep` builds it),
    and the first brief after opening the home (index open + HNSW load + brief)."""
    size = size_name(entries, label)
    name = f"prep brief without the model, {size}"
    try:
        from reflect.surfacing.prep import Prep  # built by another issue
    except ImportError as exc:
        return [
            missing(
                name, "s", f"<= {target:g}", f"reflect.surfacing.prep is not importable yet ({exc})"
            )
        ]
    from reflect.llm.nomodel import NoModel

    embedder.embed(["warm the embedder"])  # the model is loaded; this row is not about torch
    services = build_services(load_settings(home=home, no_model=True), embedder=embedder)
    try:
        with as_a_command_runs(home, embedder) as cold:
            start = time.perf_counter()
            prep = Prep(services.index, embedder, NoModel())
            prep.brief("partner-a")  # the first brief opens the index, loads the HNSW segment
            first = time.perf_counter() - start
            took = []
            for _ in range(reps(3)):
                for partner, topic in PREP_CASES:
                    cold()
                    start = time.perf_counter()
                    brief = prep.brief(partner, topic)
                    took.append(time.perf_counter() - start)
            fetch = timed_rows(services.index, "partner-a")
            count = services.index.count()
    finally:
        services.close()
        _forget_chroma_clients()
    return [
        row(
            name,
            statistics.median(took),
            "s",
            f"<= {target:g}",
            f"{count} chunks; Prep.brief on an open index, median of {len(took)} "
            f"(max {max(took):.2f} s); of which reading one partner's summary lines "
            f"from the index {fetch:.2f} s; last brief {len(brief.action_items)} open items",
        ),
        info(f"first prep brief after opening, {size}", first, "s", "store open + first brief"),
    ]


def timed_rows(index: Index, partner: str) -> float:
    """Seconds for the one store read a brief starts with (every summary line of a partner)."""
    start = time.perf_counter()
    index.rows({"partner": partner, "kind": {"$in": ["insight", "goal", "action"]}})
    return time.perf_counter() - start


PREP_CASES = [
    ("partner-a", None),
    ("partner-b", "presenting to a large group"),
    ("partner-c", None),
    ("partner-a", "handing over work"),
    ("partner-d", "feedback"),
]


def reindex_rows(home: Path, embedder: SentenceEmbedder, repeat: int = 3) -> list[Row]:
    """`reflect reindex`'s work (read, chunk, embed, index, manifest) on the ONNX copy and
    on sentence-transformers, vs a bare sentence-transformers encode()."""
    repeat = reps(repeat)
    journal = Journal(home / "journal")
    # The synthetic journal repeats sentences, and Reflect embeds each distinct text once:
    # both sides get the distinct texts, so the ratio measures Reflect's overhead.
    texts = list(dict.fromkeys(c.text for e in journal.entries() for c in chunk_entry(e)))
    reference = SentenceEmbedder(threads=embedder.threads).load()  # no cache: the reference
    model = reference._model  # the same loaded SentenceTransformer for its side and raw
    scratch = home / "reindex-scratch"

    def reindex(with_embedder: SentenceEmbedder) -> float:
        shutil.rmtree(scratch, ignore_errors=True)
        with_embedder._memo.clear()  # `reflect reindex` starts in a fresh process
        start = time.perf_counter()
        index = ChromaIndex.persistent(scratch)
        Library(
            Journal(home / "journal"), index, with_embedder, scratch / "manifest.json"
        ).reconcile()
        took = time.perf_counter() - start
        index.close()
        _forget_chroma_clients()
        return took

    def raw() -> float:
        start = time.perf_counter()
        model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return time.perf_counter() - start

    runs = {
        "ours": lambda: reindex(embedder),
        "st": lambda: reindex(reference),
        "raw": raw,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for turn in range(repeat + 1):
        for name, fn in runs.items():
            took = fn()
            if turn:
                times[name].append(took)
    shutil.rmtree(scratch, ignore_errors=True)
    n = len(texts)
    rate = {name: n / statistics.median(values) for name, values in times.items()}
    return [
        info(
            f"reindex throughput, Reflect on {embedder.backend}",
            rate["ours"],
            "chunks/s",
            f"{n} distinct chunks, {embedder.threads} threads",
        ),
        info("reindex throughput, Reflect on sentence-transformers", rate["st"], "chunks/s"),
        info("sentence-transformers encode() throughput", rate["raw"], "chunks/s", f"{n} chunks"),
        row(
            "reindex throughput / raw encode()",
            rate["ours"] / rate["raw"],
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
        services = build_services(load_settings(home=home), embedder=SentenceEmbedder())
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
