"""Rows for the optional all-mpnet-base-v2 search model (`make embedder-mpnet`).

Search is timed as for MiniLM (query embedding + index query + ranking) on a home of
1,000 synthetic entries whose index holds 768-dimension random vectors; reindex
throughput is `reflect reindex`'s work on the 1k-chunk journal with the real model.
Skipped (rows without values) where the model is not installed and prepared.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from reflect.errors import EmbedderError
from reflect.llm.embedder import SentenceEmbedder
from reflect.llm.embedders import MPNET
from reflect.settings import load_settings
from reflect.storage.chunks import chunk_entry
from reflect.storage.index import ChromaIndex
from reflect.storage.journal import Journal
from reflect.storage.library import Library

from .harness import Row, info, missing, reps
from .store import _forget_chroma_clients, search_rows, size_name

SEARCH = "search, 1k entries, all-mpnet-base-v2"
REINDEX = "reindex throughput, all-mpnet-base-v2"


def mpnet_embedder(threads: int) -> SentenceEmbedder | str:
    """The model on its ONNX copy, loaded; or why it cannot be measured here."""
    if not MPNET.installed:
        return "all-mpnet-base-v2 is not installed (`make embedder-mpnet`)"
    cache = load_settings().cache_dir
    try:
        embedder = SentenceEmbedder(threads=threads, cache_dir=cache, spec=MPNET).load()
    except EmbedderError as exc:
        return str(exc)
    if embedder.backend != "onnx":
        return f"its ONNX copy is not prepared ({embedder.fallback})"
    return embedder


def mpnet_rows(folder: Path, journal_home: Path, entries: int) -> list[Row]:
    from .journals import build_home

    settings = load_settings(home=folder)
    start = time.perf_counter()
    embedder = mpnet_embedder(settings.embedder_threads())
    if isinstance(embedder, str):
        why = embedder
        return [missing(SEARCH, "ms", "<= 50", why), missing(REINDEX, "chunks/s", "", why)]
    load = time.perf_counter() - start
    home = folder / "home-mpnet-10k"
    marker, stamp = home / "ready", f"{entries} entries, index recording {MPNET.name}"
    if not marker.is_file() or marker.read_text() != stamp:
        shutil.rmtree(home, ignore_errors=True)
        build_home(home, entries, MPNET.dimensions)
        marker.write_text(stamp)
    rows = search_rows(home, "10k", entries, embedder, 50)
    rows[0].name = f"search, {size_name(entries, '10k')}, all-mpnet-base-v2"
    rows[1].name = f"first search after opening, {size_name(entries, '10k')}, all-mpnet-base-v2"
    rows.append(info("all-mpnet-base-v2 load (ONNX, in process)", load, "s"))
    rows += reindex_rows(journal_home, settings.cores())
    return rows


def reindex_rows(journal_home: Path, threads: int) -> list[Row]:
    """`reflect reindex`'s work with all-mpnet-base-v2, on one thread and on all cores."""
    journal = Journal(journal_home / "journal")
    pieces = len({c.text for e in journal.entries() for c in chunk_entry(e)})
    entries = len(list(journal.entries()))
    scratch = journal_home / "reindex-mpnet-scratch"
    rates = {}
    for count in sorted({1, threads}):
        embedder = SentenceEmbedder(
            threads=count, cache_dir=load_settings().cache_dir, spec=MPNET
        ).load()
        took = []
        for _ in range(reps(2)):
            shutil.rmtree(scratch, ignore_errors=True)
            embedder._memo.clear()
            start = time.perf_counter()
            index = ChromaIndex.persistent(scratch)
            Library(Journal(journal_home / "journal"), index, embedder, None).reconcile()
            took.append(time.perf_counter() - start)
            index.close()
            _forget_chroma_clients()
        rates[count] = statistics.median(took)
    shutil.rmtree(scratch, ignore_errors=True)
    return [
        info(
            f"{REINDEX}, {count} thread{'s' if count > 1 else ''}",
            pieces / took,
            "chunks/s",
            f"{entries / took:.1f} entries/s; {pieces} distinct chunks of {entries} entries",
        )
        for count, took in rates.items()
    ]
