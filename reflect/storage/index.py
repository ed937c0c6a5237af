"""The vector index: an interface, the chromadb adapter, and an in-memory twin for tests.

Reflect always supplies its own embeddings (`embeddings=` / `query_embeddings=`);
chromadb's default embedder would download a model and must never run.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from ..errors import StoreError
from ..llm.embedder import Vector
from .chunks import Chunk
from .rebuild import rebuild_folder

COLLECTION = "reflect"
Where = dict[str, Any]

# How rows are laid out in chromadb. Layout 2: the keys a filter may name stay chroma
# metadata; every other key travels packed in one JSON string (`more`), and `slot` joins
# partner and kind ("partner-a|insight", "partner-a|action:open") so that the reads a
# prep brief makes are one indexed lookup. chromadb spends ~10 µs per metadata key per
# row it returns and ~0.1 s per extra condition over 100k chunks, and a brief at 10k
# entries reads ~3,000 rows: packing halves the first cost, `slot` removes the second.
# Layout 1 (indexes written before) kept every key as metadata; it is still read and
# written as it is, and `reflect reindex` moves it to layout 2.
LAYOUT = 2
LAYOUT_KEY = "reflect_layout"
FILTER_KEYS = frozenset({"entry_id", "partner", "kind", "role", "created_ts", "done"})
PACKED = "more"
SLOT = "slot"
ROWS_PAGE = 10_000  # rows per read: chromadb fails past 32,766 rows in one get
# The embedding model whose vectors the index holds, recorded in the collection's
# metadata when an empty index is first filled. Vectors of two models do not compare,
# so search refuses an index built with another model (`check_model`). Indexes written
# before the key existed carry none and are trusted as they are.
MODEL_KEY = "reflect_embedder"
MANIFEST = "manifest.json"  # what the library has indexed, kept in the index's folder


class IndexModelError(StoreError):
    """The index holds vectors of another embedding model than the one in use."""

    def __init__(self, built_with: str, in_use: str) -> None:
        super().__init__(
            f"The search index was built with the embedding model {built_with}, but Reflect "
            f"now embeds with {in_use}; run `reflect reindex` to rebuild it (your journal is "
            "unchanged)."
        )
        self.built_with = built_with
        self.in_use = in_use


@dataclass(frozen=True)
class Hit:
    """One chunk returned by a query."""

    id: str
    text: str
    metadata: dict[str, Any]
    similarity: float  # cosine similarity, 1.0 = same direction


class Index(Protocol):
    """What Reflect needs from a vector store."""

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None: ...
    def remove_entry(self, entry_id: str) -> None: ...
    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]: ...
    def entry_ids(self) -> set[str]: ...
    def rows(self, where: Where) -> list[Hit]: ...
    def count(self) -> int: ...
    def close(self) -> None: ...
    def embedding_model(self) -> str | None: ...
    def record_model(self, name: str) -> None: ...

    def scrub(self) -> None:
        """Make deleted rows unrecoverable from the store's files (a no-op with none)."""
        ...

    @property
    def layout(self) -> int:
        """The version of the row layout the store was written with (`LAYOUT` is current)."""
        ...


def check_model(index: Index, model: str) -> None:
    """Raise `IndexModelError` if `index` holds vectors of another model than `model`."""
    built_with = index.embedding_model()
    if built_with and built_with != model and index.count():
        raise IndexModelError(built_with, model)


def check_filters(filters: Where | None) -> None:
    """Filters may name only the keys every index keeps filterable (`FILTER_KEYS`)."""
    unknown = set(filters or {}) - FILTER_KEYS
    if unknown:
        raise ValueError(f"the index cannot filter on {sorted(unknown)}: {sorted(FILTER_KEYS)}")


def _where(filters: Where | None) -> Where | None:
    """chromadb wants `$and` for more than one condition."""
    if not filters:
        return None
    items = [{k: v} for k, v in filters.items()]
    return items[0] if len(items) == 1 else {"$and": items}


def _slot_kind(meta: dict[str, Any]) -> str:
    kind = str(meta.get("kind", ""))
    if kind == "action":
        return "action:done" if meta.get("done") else "action:open"
    return kind


def _slot_where(filters: Where) -> Where:
    """`partner` with `kind` (equal or `$in`) or with `done` as one `slot` condition."""
    partner, kind, done = filters.get("partner"), filters.get("kind"), filters.get("done")
    if not isinstance(partner, str) or (kind is None and done is None):
        return filters
    if isinstance(kind, str):
        kinds = [kind]
    elif isinstance(kind, dict) and set(kind) == {"$in"} and kind["$in"]:
        kinds = [str(k) for k in kind["$in"]]
    elif kind is None:
        kinds = ["action"]
    else:
        return filters
    if done is not None and not isinstance(done, bool):
        return filters  # a `done` condition chromadb must judge itself
    actions = ["action:done" if done else "action:open"] if done is not None else None
    slots: list[str] = []
    for name in kinds:
        if name == "action":
            slots += actions or ["action:open", "action:done"]
        elif done is None:  # only action rows have `done`: other kinds never match it
            slots.append(name)
    if not slots:
        return filters  # nothing can match: chromadb says so itself
    rest = {k: v for k, v in filters.items() if k not in ("partner", "kind", "done")}
    values = [f"{partner}|{name}" for name in slots]
    rest[SLOT] = values[0] if len(values) == 1 else {"$in": values}
    return rest


def _pack(meta: dict[str, Any]) -> dict[str, Any]:
    """Layout 2: the filter keys as metadata, the rest as one JSON string, plus `slot`."""
    stored = {k: v for k, v in meta.items() if k in FILTER_KEYS}
    more = {k: v for k, v in meta.items() if k not in FILTER_KEYS}
    if more:
        stored[PACKED] = json.dumps(more, ensure_ascii=False, separators=(",", ":"))
    stored[SLOT] = f"{meta.get('partner', '')}|{_slot_kind(meta)}"
    return stored


def _unpack(meta: Any) -> dict[str, Any]:
    """The chunk's metadata as it was added, from either layout."""
    found = dict(meta or {})
    found.pop(SLOT, None)
    more = found.pop(PACKED, None)
    if more:
        found.update(json.loads(more))
    return found


def matches(value: Any, cond: Any) -> bool:
    """The subset of chromadb's `where` language Reflect uses: equality, `$gte`, `$in`."""
    if isinstance(cond, dict):
        return all(
            value is not None
            and (value >= arg if op == "$gte" else value in arg if op == "$in" else value == arg)
            for op, arg in cond.items()
        )
    return bool(value == cond)


class ChromaIndex:
    """chromadb behind the Index interface: persistent folder, server, or in memory."""

    def __init__(self, client: Any, location: str, folder: Path | None = None) -> None:
        self._client = client
        self.location = location
        self.folder = folder  # the persistent store's folder; None for memory or a server
        self._open_collection()

    def _open_collection(self) -> None:
        self._collection = self._client.get_or_create_collection(
            COLLECTION,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", LAYOUT_KEY: LAYOUT},
        )
        # An existing collection keeps its metadata: one without the key is layout 1,
        # unless it is empty, when it can take the current layout at no cost.
        stored = self._collection.metadata or {}
        self.layout = int(stored.get(LAYOUT_KEY, 1))
        self._model = str(stored[MODEL_KEY]) if stored.get(MODEL_KEY) else None
        if self.layout != LAYOUT and self._collection.count() == 0:
            self.layout = LAYOUT
            self._modify()

    def _modify(self) -> None:
        """Write Reflect's keys to the collection's metadata (the distance stays)."""
        meta: dict[str, Any] = {LAYOUT_KEY: self.layout}
        if self._model:
            meta[MODEL_KEY] = self._model
        self._guard(lambda: self._collection.modify(metadata=meta))

    def embedding_model(self) -> str | None:
        """The model the index's vectors came from, if recorded."""
        return self._model

    def record_model(self, name: str) -> None:
        if name != self._model:
            if self._model and self._collection.count() == 0:
                # emptied for a reindex with another model (a chroma server keeps its
                # collection): a new one takes the new model's dimension
                self._guard(lambda: self._client.delete_collection(COLLECTION))
                self._open_collection()
            self._model = name
            self._modify()

    def _stored(self, meta: dict[str, Any]) -> dict[str, Any]:
        return _pack(meta) if self.layout >= 2 else meta

    def _store_where(self, filters: Where | None) -> Where | None:
        check_filters(filters)
        if filters and self.layout >= 2:
            filters = _slot_where(filters)
        return _where(filters)

    @classmethod
    def persistent(cls, path: Path) -> ChromaIndex:
        client = _client("persistent", path=str(path))
        return cls(client, str(path), path)

    @classmethod
    def ephemeral(cls) -> ChromaIndex:
        return cls(_client("ephemeral"), "memory")

    @classmethod
    def remote(
        cls, url: str, connect_timeout: float = 2.0, read_timeout: float = 8.0
    ) -> ChromaIndex:
        """The index on a chroma server; every request gives up after the timeouts (s)."""
        from .chroma_http import timed_out

        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise StoreError(f"Store URL '{url}' has no host; use http://HOST:PORT.")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        waits = {"connect": connect_timeout, "read": read_timeout}
        try:
            client = _client(
                "http", host=parsed.hostname, port=port, ssl=parsed.scheme == "https", **waits
            )
            client.heartbeat()
        except Exception as exc:  # connection refused, DNS, timeouts: one message each
            if timed_out(exc):
                raise StoreError(
                    f"The chroma server at {url} did not answer within {read_timeout:g} s; "
                    "restart it (`chroma run`) or drop --store to use the local index. "
                    "Your journal is unchanged."
                ) from exc
            raise StoreError(
                f"The chroma server at {url} cannot be reached; start it (`chroma run`) or drop "
                "--store to use the local index. Your journal is unchanged."
            ) from exc
        return cls(client, url)

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        if not chunks:
            return
        self._guard(
            lambda: self._collection.upsert(
                ids=[c.id for c in chunks],
                documents=[c.text for c in chunks],
                metadatas=[self._stored(c.metadata) for c in chunks],
                embeddings=vectors,
            )
        )

    def remove_entry(self, entry_id: str) -> None:
        self._guard(lambda: self._collection.delete(where={"entry_id": entry_id}))

    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]:
        total = self.count()
        if total == 0:
            return []
        result = self._guard(
            lambda: self._collection.query(
                query_embeddings=[vector],
                n_results=min(k, total),
                where=self._store_where(where),
                include=["documents", "metadatas", "distances"],
            )
        )
        ids = result["ids"][0]
        docs = result["documents"][0]
        metas = result["metadatas"][0]
        dists = result["distances"][0]
        return [
            Hit(i, d or "", _unpack(m), 1.0 - float(dist))
            for i, d, m, dist in zip(ids, docs, metas, dists, strict=False)
        ]

    def entry_ids(self) -> set[str]:
        return {
            str(m["entry_id"])
            for page in self._pages(5000, ["metadatas"])
            for m in page["metadatas"] or []
            if m
        }

    def rows(self, where: Where) -> list[Hit]:
        """Every chunk matching `where` (no ranking), e.g. all open action items; read in
        pages (all summary lines of a 10k-entry journal are ~35,000 rows)."""
        pages = self._pages(ROWS_PAGE, ["documents", "metadatas"], self._store_where(where))
        return [
            Hit(i, d or "", _unpack(m), 1.0)
            for page in pages
            for i, d, m in zip(page["ids"], page["documents"], page["metadatas"], strict=False)
        ]

    def _pages(
        self, size: int, include: list[str], where: Where | None = None
    ) -> Iterator[dict[str, Any]]:
        """chromadb's `get`, `size` rows at a time: it names every row of a result in one
        SQL statement and fails past SQLite's 32,766 variables."""
        offset = 0
        while True:
            page = self._guard(
                lambda at=offset: self._collection.get(
                    where=where, include=include, limit=size, offset=at
                )
            )
            yield page
            if len(page["ids"]) < size:
                return
            offset += size

    def count(self) -> int:
        return int(self._guard(self._collection.count))

    def copy_to(self, other: ChromaIndex) -> None:
        """Copy every row (text, metadata and vector) into `other`, without re-embedding."""
        if self._model:
            other.record_model(self._model)
        for page in self._pages(1000, ["documents", "metadatas", "embeddings"]):
            if page["ids"]:
                other._collection.add(
                    ids=page["ids"],
                    documents=page["documents"],
                    metadatas=[other._stored(_unpack(m)) for m in page["metadatas"]],
                    embeddings=page["embeddings"],
                )

    def scrub(self) -> None:
        """Make deleted rows unrecoverable from the folder: swap in a copy of the live rows.

        chromadb keeps added documents in its write-ahead log (and sqlite free pages) until
        its vector segment flushes, so a deleted entry's text would linger in the files.
        The copy never saw it. Vectors are copied, not recomputed: this costs I/O only.
        """
        folder = self.folder
        if folder is None:
            return  # memory: nothing on disk; a server: its operator's files

        def build(fresh: Path) -> None:
            copy = ChromaIndex.persistent(fresh)
            try:
                self.copy_to(copy)
            finally:
                copy.close()
            for extra in folder.iterdir():  # the manifest and any other file of ours
                if extra.is_file() and not extra.name.startswith("chroma."):
                    (fresh / extra.name).write_bytes(extra.read_bytes())
            self.close()

        try:
            rebuild_folder(folder, build)
        finally:
            self._client = _client("persistent", path=str(folder))
            self._open_collection()

    def dump(self) -> Iterator[tuple[str, dict[str, Any], str, Any]]:
        """Every row as added: id, metadata, text and vector (a snapshot's source)."""
        for page in self._pages(ROWS_PAGE // 2, ["documents", "metadatas", "embeddings"]):
            for row_id, doc, meta, vector in zip(
                page["ids"], page["documents"], page["metadatas"], page["embeddings"], strict=True
            ):
                yield row_id, _unpack(meta), doc or "", vector

    def close(self) -> None:
        # close() releases chromadb's shared per-path system, so reopening the same folder
        # (after a rebuild, a crash of another process, a scrub) reads the files afresh.
        client, self._client, self._collection = self._client, None, None
        if client is not None and hasattr(client, "close"):
            client.close()
        if self.folder is not None:
            clear_unused_hnsw_slots(self.folder)

    def _guard(self, call: Any) -> Any:
        try:
            return call()
        except StoreError:
            raise
        except Exception as exc:
            if "disk is full" in str(exc) or "No space left" in str(exc):
                raise StoreError(
                    f"No space left for the search index in {self.location}; free some disk "
                    "space, then run `reflect reindex` (journal files already saved are kept)."
                ) from exc
            if self.location.startswith("http"):
                raise StoreError(
                    # Nothing is lost: the journal file is written before the index, and
                    # the manifest only records what the server took, so the next open's
                    # reconcile indexes what it missed (no full reindex needed).
                    f"The chroma server at {self.location} stopped answering; start it again "
                    "(`chroma run`) and reopen Reflect, which indexes what you saved meanwhile "
                    "(your journal files are kept)."
                ) from exc
            raise


def _client(kind: str, **kwargs: Any) -> Any:
    # chromadb costs ~1 s to import: only when a store is actually opened.
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if kind == "persistent":
        return chromadb.PersistentClient(path=kwargs["path"], settings=settings)
    if kind == "ephemeral":
        return chromadb.EphemeralClient(settings=settings)
    from .chroma_http import http_client  # chromadb's HttpClient, with timeouts

    return http_client(settings=settings, **kwargs)


def clear_unused_hnsw_slots(folder: Path) -> int:
    """Zero the unused element slots of every HNSW segment under `folder`; returns how many
    files were changed.

    hnswlib allocates room for `max_elements` vectors with malloc and saves all of it, so
    the slots past the last element hold whatever the process's memory held before —
    which can be text a person wrote (even a deleted entry's, even in an encrypted home).
    Slots in use are zeroed by hnswlib itself. Run only when chromadb has let go of the
    files (after `close()`). The header is `<u32 version><u64 offset_level0><u64
    max_elements><u64 element_count><u64 bytes_per_element>…`; a file that does not
    match it is left alone.
    """
    changed = 0
    for header in folder.glob("*/header.bin"):
        data = header.with_name("data_level0.bin")
        try:
            raw = header.read_bytes()
            if len(raw) < 36 or not data.is_file():
                continue
            _, _, max_elements, count, per = struct.unpack_from("<IQQQQ", raw)
            size = data.stat().st_size
            if per == 0 or count > max_elements or size != max_elements * per:
                continue
            start = count * per
            if start >= size:
                continue
            with data.open("r+b") as handle:  # in place: the same disk blocks get the zeros
                handle.seek(start)
                remaining = size - start
                while remaining:
                    step = min(remaining, 1 << 20)
                    handle.write(bytes(step))
                    remaining -= step
                handle.flush()
                os.fsync(handle.fileno())
            changed += 1
        except OSError:
            continue  # the index still works; the next close tries again
    return changed
