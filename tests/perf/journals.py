"""Synthetic journals for the benches: real entry files, real chunk metadata, fast vectors.

Entries are stitched from the sentences of the seed journal in tests/fixtures, so their
length and wording look like real reflections (about ten index chunks each: six answers,
an insight, two action items, a goal). Building 100k chunks with the real embedder would
take longer than the whole bench may run, so indexes are filled with *pre-computed*
random unit vectors through the real `Library.reconcile` (which also writes the
manifest); only rows that measure embedding speed use the real model. Search timings do
not depend on what the vectors mean, only on their number and dimension.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.llm.embedder import DIMENSIONS, Vector
from reflect.storage.chunks import Chunk
from reflect.storage.index import ChromaIndex
from reflect.storage.journal import Journal
from reflect.storage.library import Library

SEED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "journal_seed" / "entries.json"
PARTNERS = [f"partner-{c}" for c in "abcdefgh"]
ROLES = ("mentee", "mentor", "peer")
TEMPLATES = ("gibbs", "after-session", "kolb", "4ls", "quick", "driscoll")
STAGES = ("description", "feelings", "evaluation", "analysis", "conclusion", "action-plan")
CHUNKS_PER_ENTRY = 10  # 6 answers + insight + 2 action items + 1 goal


@dataclass(frozen=True)
class Corpus:
    """Sentences, insights, action items and goals to stitch entries from."""

    sentences: list[str]
    insights: list[str]
    actions: list[str]
    goals: list[str]
    themes: list[str]


def load_corpus() -> Corpus:
    seed = json.loads(SEED_FILE.read_text("utf-8"))
    sentences: list[str] = []
    for item in seed:
        for answer in item["answers"].values():
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", answer) if len(s.split()) > 3]
    return Corpus(
        sentences=sentences,
        insights=[i["insight"] for i in seed if i.get("insight")],
        actions=[a["text"] for i in seed for a in i.get("action_items", [])],
        goals=[g for i in seed for g in i.get("goals", [])],
        themes=sorted({t for i in seed for t in i.get("themes", [])}),
    )


def make_entry(n: int, rng: random.Random, corpus: Corpus, start: datetime) -> Entry:
    """The n-th synthetic entry: six answers of 2-5 sentences, a full summary."""
    created = start + timedelta(minutes=97 * n + rng.randrange(90))
    role = rng.choice(ROLES)
    turns = [
        Turn(
            stage,
            f"Question for {stage}?",
            " ".join(rng.sample(corpus.sentences, rng.randint(2, 5))),
        )
        for stage in STAGES
    ]
    summary = Summary(
        insight=rng.choice(corpus.insights),
        insight_source=rng.randrange(len(turns)),
        action_items=[
            ActionItem(
                rng.choice(corpus.actions),
                rng.choice(("mentee", "mentor")),
                None,
                rng.random() < 0.7,
                5,
            )
            for _ in range(2)
        ],
        goals=[Goal(rng.choice(corpus.goals), 3)],
        themes=rng.sample(corpus.themes, min(2, len(corpus.themes))),
    )
    return Entry(
        id=f"{created:%Y%m%d-%H%M%S}-{n % 65536:04x}",
        created=created,
        template=rng.choice(TEMPLATES),
        role=role,
        partner=rng.choice(PARTNERS),
        turns=turns,
        summary=summary,
        title="Synthetic reflection",
        updated=created,
    )


class RandomEmbedder:
    """Deterministic random unit vectors (same text, same vector): stands in for MiniLM
    (or all-mpnet-base-v2), under its name, as the index records it."""

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        from reflect.llm.embedders import EMBEDDERS

        self.dimensions = dimensions
        self.name = next(e.name for e in EMBEDDERS if e.dimensions == dimensions)

    def embed(self, texts: list[str]) -> list[Vector]:
        seed = int.from_bytes(hashlib.blake2b("".join(texts[:1]).encode(), digest_size=4).digest())
        vectors = np.random.default_rng(seed).standard_normal((len(texts), self.dimensions))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors.astype(np.float32).tolist()


class FreshIndex:
    """An index known to be empty: skips the per-entry delete a rebuild would do and adds
    in large batches (chromadb's cost per call is high; the index is the same either way)."""

    BATCH = 5000

    def __init__(self, index: ChromaIndex) -> None:
        self.inner = index
        self.pending: list[tuple[Chunk, Vector]] = []

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        self.pending.extend(zip(chunks, vectors, strict=True))
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            chunks, vectors = zip(*self.pending, strict=True)
            self.inner.add(list(chunks), list(vectors))
            self.pending = []

    def remove_entry(self, entry_id: str) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def write_journal(home: Path, entries: int, seed: int = 8) -> Journal:
    """`entries` entry files under `home/journal`, in the Markdown Reflect writes.

    Written plainly (no fsync per file as `Journal.save` does): the bench needs the
    files, not their crash safety, and 10k fsyncs would cost minutes on a busy disk.
    """
    corpus = load_corpus()
    rng = random.Random(seed)
    journal = Journal(home / "journal").open()
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(minutes=97 * entries)
    for n in range(entries):
        entry = make_entry(n, rng, corpus, start)
        path = journal.path_for(entry)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(entry.to_markdown(), encoding="utf-8")
        path.chmod(0o600)
    return journal


def build_home(home: Path, entries: int, dimensions: int = DIMENSIONS) -> int:
    """A home with `entries` entries, their index and its manifest. Returns the chunk count.

    The index is filled by the real `Library.reconcile` (so the manifest is the one
    Reflect writes) with random vectors in place of MiniLM's (or, with `dimensions=768`,
    all-mpnet-base-v2's).
    """
    journal = write_journal(home, entries)
    index = ChromaIndex.persistent(home / "index")
    fresh = FreshIndex(index)
    manifest = home / "index" / "manifest.json"
    library = Library(journal, fresh, RandomEmbedder(dimensions), manifest)  # type: ignore[arg-type]
    library.reconcile()
    fresh.flush()
    count = index.count()
    index.close()
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    # Open and close once the way Reflect does, so the home records a clean close; else
    # the first bench to open it pays for (and, on a busy machine, may fail) the health
    # probe, and a failed probe drops the index for a full rebuild with the real model.
    from reflect.services import build_services
    from reflect.settings import load_settings

    services = build_services(load_settings(home=home), embedder=RandomEmbedder(dimensions))
    services.index  # noqa: B018 - opening is the point
    services.close()
    return count
