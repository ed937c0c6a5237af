"""The index of an encrypted home: any Index, with the person's text sealed before it is stored.

Sealed (AES-GCM under the home key, one context per row and field): each chunk's text
(answers, insight, action items, goals) and the metadata fields that hold derived text —
`themes`, an action item's `owner`, `due` and `quote`. The `partner` name is replaced by a keyed
token (equal names give equal tokens, so `where={"partner": ...}` still filters in the
store) and kept sealed beside it for display. Plain, because the store filters and sorts
on them: entry ids, kind, role, template, stage ids, dates and timestamps, done/achieved
flags, positions, and the embedding vectors (see the README on what those can leak).
Every read path opens what it returns, so callers see plaintext as before.
"""

from __future__ import annotations

from typing import Any

from ..llm.embedder import Vector
from .atrest import HomeKey
from .chunks import Chunk
from .index import Hit, Index, Where

SEALED_FIELDS = ("themes", "owner", "due", "quote")
PARTNER_SEALED = "partner_sealed"


class SealedIndex:
    """Wraps an Index (chroma on disk, a chroma server, in memory) for an encrypted home."""

    def __init__(self, inner: Index, key: HomeKey) -> None:
        self.inner = inner
        self.key = key

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        self.inner.add([self._seal(c) for c in chunks], vectors)

    def remove_entry(self, entry_id: str) -> None:
        self.inner.remove_entry(entry_id)

    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]:
        return [self._open(h) for h in self.inner.query(vector, k, self._where(where))]

    def entry_ids(self) -> set[str]:
        return self.inner.entry_ids()

    def rows(self, where: Where) -> list[Hit]:
        return [self._open(h) for h in self.inner.rows(self._where(where) or {})]

    def count(self) -> int:
        return self.inner.count()

    def embedding_model(self) -> str | None:
        return self.inner.embedding_model()

    def record_model(self, name: str) -> None:
        self.inner.record_model(name)

    def scrub(self) -> None:
        self.inner.scrub()

    @property
    def layout(self) -> int:
        return self.inner.layout

    def close(self) -> None:
        self.inner.close()

    # -- sealing and opening ----------------------------------------------------------

    def _seal(self, chunk: Chunk) -> Chunk:
        meta = dict(chunk.metadata)
        for name in SEALED_FIELDS:
            if meta.get(name):
                meta[name] = self.key.seal_text(str(meta[name]), _context(chunk.id, name))
        partner = meta.get("partner")
        if partner:
            meta[PARTNER_SEALED] = self.key.seal_text(str(partner), _context(chunk.id, "partner"))
            meta["partner"] = self.key.token(str(partner))
        return Chunk(chunk.id, self.key.seal_text(chunk.text, _context(chunk.id, "text")), meta)

    def _open(self, hit: Hit) -> Hit:
        meta = dict(hit.metadata)
        for name in SEALED_FIELDS:
            if isinstance(meta.get(name), str):
                meta[name] = self.key.open_text(meta[name], _context(hit.id, name))
        partner = meta.pop(PARTNER_SEALED, None)
        if isinstance(partner, str):
            meta["partner"] = self.key.open_text(partner, _context(hit.id, "partner"))
        text = self.key.open_text(hit.text, _context(hit.id, "text"))
        return Hit(hit.id, text, meta, hit.similarity)

    def _where(self, where: Where | None) -> Where | None:
        """The filter with partner names swapped for their tokens."""
        if not where or "partner" not in where:
            return where
        cond = where["partner"]
        if isinstance(cond, dict):
            cond = {op: self._tokens(arg) for op, arg in cond.items()}
        else:
            cond = self._tokens(cond)
        return {**where, "partner": cond}

    def _tokens(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._tokens(v) for v in value]
        return self.key.token(value) if isinstance(value, str) and value else value


def _context(row_id: str, field: str) -> str:
    return f"index:{row_id}:{field}"
