"""Test doubles behind Reflect's small interfaces: a scripted language model, a
bag-of-words embedder and an in-memory index. Tests build services with them
(`build_services(settings, embedder=HashingEmbedder(), index=MemoryIndex(),
model=ScriptedModel([...]))`); none of them runs for a user.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Iterator

from reflect.llm.base import Generation, PromptMode
from reflect.llm.embedder import Vector, cosine
from reflect.storage.chunks import Chunk
from reflect.storage.index import LAYOUT, Hit, Where, check_filters, matches


class ScriptedModel:
    """Replies from a queue, chunked into words, and records every request."""

    def __init__(
        self,
        replies: list[str] | None = None,
        prompt_mode: PromptMode = "chat",
        name: str = "scripted",
        token_delay: float = 0.0,
    ) -> None:
        self.name = name
        self.prompt_mode = prompt_mode
        self.replies = list(replies or [])
        self.history: list[Generation] = []
        self.token_delay = token_delay
        self.closed = False

    def enqueue(self, *replies: str) -> ScriptedModel:
        self.replies.extend(replies)
        return self

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        self.history.append(request)
        if not self.replies:
            return
        reply = self.replies.pop(0)
        pieces = reply.split(" ")
        for n, piece in enumerate(pieces):
            if cancel is not None and cancel.is_set():
                return
            if self.token_delay and cancel is not None:
                cancel.wait(self.token_delay)
            yield piece if n == 0 else " " + piece

    def close(self) -> None:
        self.closed = True

    def describe(self) -> str:
        return ""


_WORD = re.compile(r"[a-z0-9']+")


class HashingEmbedder:
    """A deterministic bag-of-words embedder for logic tests: shared words mean similarity.

    It knows nothing of meaning; tests that need meaning use the real model.
    """

    name = "hashing-test"
    backend = ""
    fallback: str | None = None

    def __init__(self, dims: int = 256) -> None:
        self.dims = dims
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> list[Vector]:
        self.calls.append(list(texts))
        return [self._one(t) for t in texts]

    def load(self) -> HashingEmbedder:
        return self

    def load_soon(self) -> None:
        pass

    def _one(self, text: str) -> Vector:
        vec = [0.0] * self.dims
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vec[int.from_bytes(digest, "little") % self.dims] += 1.0
        norm = math.sqrt(sum(x * x for x in vec)) or 1.0
        return [x / norm for x in vec]


class MemoryIndex:
    """Exact cosine search over a dict: the fake behind the Index interface."""

    def __init__(self) -> None:
        self.store: dict[str, tuple[Chunk, Vector]] = {}
        self.location = "memory"
        self.model: str | None = None
        self.layout = LAYOUT

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        for chunk, vector in zip(chunks, vectors, strict=True):
            self.store[chunk.id] = (chunk, vector)

    def remove_entry(self, entry_id: str) -> None:
        for key in [k for k, (c, _) in self.store.items() if c.metadata["entry_id"] == entry_id]:
            del self.store[key]

    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]:
        check_filters(where)  # as strict as the store, so tests catch what chromadb would
        hits = [
            Hit(c.id, c.text, dict(c.metadata), cosine(vector, v))
            for c, v in self.store.values()
            if all(matches(c.metadata.get(key), cond) for key, cond in (where or {}).items())
        ]
        return sorted(hits, key=lambda h: -h.similarity)[:k]

    def entry_ids(self) -> set[str]:
        return {c.metadata["entry_id"] for c, _ in self.store.values()}

    def rows(self, where: Where) -> list[Hit]:
        check_filters(where)
        return [
            Hit(c.id, c.text, dict(c.metadata), 1.0)
            for c, _ in self.store.values()
            if all(matches(c.metadata.get(key), cond) for key, cond in where.items())
        ]

    def count(self) -> int:
        return len(self.store)

    def embedding_model(self) -> str | None:
        return self.model

    def record_model(self, name: str) -> None:
        self.model = name

    def scrub(self) -> None:
        pass  # nothing on disk

    def close(self) -> None:
        pass
