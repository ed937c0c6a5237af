"""A flat copy of the local index, so that reading commands never start chromadb.

Importing chromadb alone takes most of a second, more than everything else a cold
`reflect search` does. So the persistent index keeps one more file in its folder,
`snapshot.bin`: every row's id, metadata, text and vector as stored, stamped with the
digest of the manifest it agrees with. `reflect search`, `prep` and `insights` read it
when the stamp matches the manifest, ranking by exact cosine over a memory-mapped matrix
(`FlatIndex`); entries changed since (a `reflect add`, a file edited by hand) are
embedded in memory for that one command. The file is derived, never the record: it is
written when the index closes after a change (the previous snapshot, minus the entries
removed, plus the rows added) or copied whole from chromadb when it is missing or does
not match, and any doubt about it sends the command to chromadb instead.

Layout: `RFSNAP2\\n`, a little-endian u64 length, a JSON head (stamp first, then model,
row count, vector width, ids, each filter column's distinct values, and where each
section starts after the head), then 8-aligned sections: each row's metadata (JSON) and
text (UTF-8) with their end offsets, one int32 code per row and filter column (an index
into that column's values, -1 when the row has no such key), the vectors' norms and the
vectors (float32). Filters are judged once per distinct value, then by array lookups.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fsutil import atomic_write
from ..llm.embedder import Vector
from .chunks import Chunk
from .index import (
    FILTER_KEYS,
    MANIFEST,
    ChromaIndex,
    Hit,
    IndexModelError,
    Where,
    check_filters,
    matches,
)

if TYPE_CHECKING:
    import numpy as np

SNAPSHOT = "snapshot.bin"
MAGIC = b"RFSNAP2\n"
# The metadata keys a filter may name, stored as columns.
COLUMNS = tuple(sorted(FILTER_KEYS))
Row = tuple[str, dict[str, Any], str, Any]  # id, metadata as added, text, vector


def manifest_stamp(manifest: Path) -> str | None:
    """The digest a snapshot must carry to agree with `manifest` (None: no manifest)."""
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()
    except OSError:
        return None


def read_stamp(folder: Path) -> str | None:
    """The stamp of `folder`'s snapshot, from its first bytes (None: none or unreadable)."""
    try:
        with (folder / SNAPSHOT).open("rb") as handle:
            start = handle.read(len(MAGIC) + 8 + 128)
    except OSError:
        return None
    key = b'{"stamp":"'
    at = len(MAGIC) + 8 + len(key)
    if not start.startswith(MAGIC) or start[len(MAGIC) + 8 : at] != key:
        return None
    end = start.find(b'"', at)
    return start[at:end].decode("ascii", "replace") if end > 0 else None


@dataclass
class Snapshot:
    """One snapshot file, read: its head in memory, everything else mapped from disk."""

    stamp: str
    model: str | None
    ids: list[str]
    values: dict[str, list[Any]]  # each filter column's distinct values
    codes: dict[str, np.ndarray]  # per column, one int32 per row into `values`
    norms: np.ndarray
    vectors: np.ndarray
    _file: Any
    _metas: tuple[Any, int]
    _texts: tuple[Any, int]

    def meta(self, row: int) -> dict[str, Any]:
        found = json.loads(_slice(self._file, *self._metas, row))
        return found if isinstance(found, dict) else {}

    def text(self, row: int) -> str:
        return _slice(self._file, *self._texts, row).decode("utf-8")


def _slice(file: Any, ends: Any, start: int, row: int) -> bytes:
    begin = int(ends[row - 1]) if row else 0
    return bytes(file[start + begin : start + int(ends[row])])


def load(folder: Path, stamp: str | None) -> Snapshot | None:
    """`folder`'s snapshot if it carries `stamp`; None when missing, stale or damaged."""
    import numpy as np

    if stamp is None or read_stamp(folder) != stamp:
        return None
    try:
        with (folder / SNAPSHOT).open("rb") as handle:
            file = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        (size,) = struct.unpack_from("<Q", file, len(MAGIC))
        base = len(MAGIC) + 8 + size
        head = json.loads(bytes(file[len(MAGIC) + 8 : base]))
        count, width, at = int(head["count"]), int(head["dim"]), head["at"]

        def array(name: str, dtype: str, n: int) -> np.ndarray:
            return np.frombuffer(file, dtype=dtype, count=n, offset=base + int(at[name]))

        snap = Snapshot(
            stamp=str(head["stamp"]),
            model=head.get("model"),
            ids=list(head["ids"]),
            values={name: list(head["values"][name]) for name in COLUMNS},
            codes={name: array(f"code:{name}", "<i4", count) for name in COLUMNS},
            norms=array("norms", "<f4", count),
            vectors=array("vectors", "<f4", count * width).reshape(count, width),
            _file=file,
            _metas=(array("meta_ends", "<u8", count), base + int(at["metas"])),
            _texts=(array("text_ends", "<u8", count), base + int(at["texts"])),
        )
    except (KeyError, TypeError, ValueError, OSError, struct.error):
        return None
    return snap if len(snap.ids) == count else None


@dataclass
class Table:
    """Rows ready to write: encoded metadata and texts, filter columns, vectors."""

    ids: list[str] = field(default_factory=list)
    metas: Blob = field(default_factory=lambda: _blob([]))
    texts: Blob = field(default_factory=lambda: _blob([]))
    values: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in COLUMNS})
    codes: dict[str, Any] = field(default_factory=dict)  # column -> int32 array
    vectors: Any = None  # float32 array, one row each

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Table:
        import numpy as np

        table = cls()
        seen: dict[str, dict[str, int]] = {name: {} for name in COLUMNS}
        codes: dict[str, list[int]] = {name: [] for name in COLUMNS}
        vectors: list[Any] = []
        metas: list[bytes] = []
        texts: list[bytes] = []
        for row_id, meta, text, vector in rows:
            table.ids.append(row_id)
            metas.append(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode())
            texts.append(text.encode("utf-8"))
            vectors.append(vector)
            for name in COLUMNS:
                if name in meta:
                    key = json.dumps(meta[name])
                    codes[name].append(seen[name].setdefault(key, len(seen[name])))
                else:
                    codes[name].append(-1)
        table.metas, table.texts = _blob(metas), _blob(texts)
        table.values = {name: [json.loads(key) for key in seen[name]] for name in COLUMNS}
        table.codes = {name: np.asarray(codes[name], dtype="<i4") for name in COLUMNS}
        table.vectors = np.asarray(vectors, dtype="<f4") if vectors else None
        return table

    @classmethod
    def carried(cls, base: Snapshot, rows: Any) -> Table:
        """The snapshot's `rows`, copied as they are stored."""
        import numpy as np

        table = cls(ids=[base.ids[at] for at in rows])
        table.metas = _pick(base._file, *base._metas, rows)
        table.texts = _pick(base._file, *base._texts, rows)
        for name in COLUMNS:  # only the values rows still use (a removed entry's id goes)
            codes = base.codes[name][rows]
            used = np.unique(codes[codes >= 0])
            lookup = np.full(len(base.values[name]) + 1, -1, dtype="<i4")
            lookup[used] = np.arange(len(used), dtype="<i4")
            table.values[name] = [base.values[name][int(at)] for at in used]
            table.codes[name] = lookup[codes]
        table.vectors = base.vectors[rows]
        return table

    def then(self, other: Table) -> Table:
        """This table's rows followed by `other`'s (column values merged)."""
        import numpy as np

        if not other.ids:
            return self
        if not self.ids:
            return other
        joined = Table(
            self.ids + other.ids, self.metas.then(other.metas), self.texts.then(other.texts)
        )
        for name in COLUMNS:
            values = list(self.values[name])
            where = {json.dumps(v): at for at, v in enumerate(values)}
            remap = []
            for value in other.values[name]:
                remap.append(where.setdefault(json.dumps(value), len(values)))
                if remap[-1] == len(values):
                    values.append(value)
            lookup = np.asarray([*remap, -1], dtype="<i4")  # -1 stays "no such key"
            joined.values[name] = values
            joined.codes[name] = np.concatenate([self.codes[name], lookup[other.codes[name]]])
        joined.vectors = np.concatenate([self.vectors, other.vectors])
        return joined


def write(folder: Path, stamp: str, model: str | None, rows: Iterable[Row] | Table) -> None:
    """Write `folder`'s snapshot atomically (a reader sees the old file or the new one)."""
    import numpy as np

    table = rows if isinstance(rows, Table) else Table.of(rows)
    count = len(table.ids)
    matrix = table.vectors if count else np.zeros((0, 0), "<f4")
    sections = [
        (f"code:{name}", np.asarray(table.codes[name], "<i4").tobytes()) for name in COLUMNS
    ]
    sections += [
        ("meta_ends", table.metas.ends.astype("<u8").tobytes()),
        ("metas", table.metas.data),
        ("text_ends", table.texts.ends.astype("<u8").tobytes()),
        ("texts", table.texts.data),
        ("norms", np.linalg.norm(matrix, axis=1).astype("<f4").tobytes() if count else b""),
        ("vectors", np.ascontiguousarray(matrix, dtype="<f4").tobytes()),
    ]
    at: dict[str, int] = {}
    body: list[bytes] = []
    offset = 0
    for name, data in sections:
        at[name] = offset
        pad = -len(data) % 8
        body += [data, bytes(pad)]
        offset += len(data) + pad
    head = {
        "stamp": stamp,  # first: read_stamp() reads it from the file's first bytes
        "model": model,
        "count": count,
        "dim": int(matrix.shape[1]) if count else 0,
        "ids": table.ids,
        "values": table.values,
        "at": at,
    }
    raw = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-(len(MAGIC) + 8 + len(raw)) % 8)  # sections stay 8-aligned in the file
    atomic_write(folder / SNAPSHOT, b"".join([MAGIC, struct.pack("<Q", len(raw)), raw, *body]))


@dataclass
class Blob:
    """Variable-length rows as one run of bytes and each row's end offset."""

    data: bytes
    ends: Any  # u8 array

    def then(self, other: Blob) -> Blob:
        import numpy as np

        ends = np.concatenate([self.ends, other.ends + len(self.data)])
        return Blob(self.data + other.data, ends)


def _blob(parts: list[bytes]) -> Blob:
    import numpy as np

    return Blob(b"".join(parts), np.cumsum([len(p) for p in parts], dtype="<u8"))


def _pick(file: Any, ends: Any, start: int, rows: Any) -> Blob:
    """`rows` (ascending) of a mapped blob, copied a run of consecutive rows at a time."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return _blob([])
    begins = np.concatenate([[0], ends[:-1]]).astype(np.int64)
    stops = ends.astype(np.int64)
    breaks = np.flatnonzero(np.diff(rows) != 1)
    firsts = np.concatenate([[0], breaks + 1])
    lasts = np.concatenate([breaks, [len(rows) - 1]])
    data = b"".join(
        bytes(file[start + begins[rows[a]] : start + stops[rows[b]]])
        for a, b in zip(firsts, lasts, strict=True)
    )
    return Blob(data, np.cumsum(stops[rows] - begins[rows]).astype("<u8"))


def remove(folder: Path) -> None:
    (folder / SNAPSHOT).unlink(missing_ok=True)


@dataclass
class Changes:
    """What a writing session did to the persistent index, to bring its snapshot along.

    `base_ok`: the snapshot agreed with the index when it was opened, so the rows added
    and the entries removed since are enough to write the next one."""

    folder: Path
    manifest: Path
    base_ok: bool
    touched: bool = False
    added: dict[str, Row] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    @classmethod
    def opened(cls, folder: Path, manifest: Path, empty: bool) -> Changes:
        if empty:  # whatever a snapshot here says, the index holds nothing
            remove(folder)
            return cls(folder, manifest, base_ok=True)
        readable = load(folder, manifest_stamp(manifest)) is not None
        return cls(folder, manifest, base_ok=readable)

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        self.touched = True
        for chunk, vector in zip(chunks, vectors, strict=True):
            self.added[chunk.id] = (chunk.id, dict(chunk.metadata), chunk.text, vector)

    def remove_entry(self, entry_id: str) -> None:
        self.touched = True
        self.removed.add(entry_id)
        for key in [k for k, row in self.added.items() if row[1].get("entry_id") == entry_id]:
            del self.added[key]

    def record_model(self) -> None:
        self.touched = True

    def save(self, model: str | None, dump: Callable[[], Iterable[Row]]) -> None:
        """Write the snapshot for the index as it is now; `dump` reads every row from it
        (used only when the previous snapshot cannot be brought along)."""
        stamp = manifest_stamp(self.manifest)
        if stamp is None:
            remove(self.folder)  # nothing says what is indexed: readers go to chromadb
            return
        if self.base_ok and not self.touched and read_stamp(self.folder) == stamp:
            return  # nothing changed
        write(self.folder, stamp, model, self._carried() if self.base_ok else dump())
        self.base_ok, self.touched = True, False
        self.added.clear()
        self.removed.clear()

    def _carried(self) -> Table:
        added = Table.of(self.added.values())
        base = load(self.folder, read_stamp(self.folder))
        if base is None:
            return added
        keep = FlatIndex(base)
        for entry_id in self.removed:
            keep.remove_entry(entry_id)
        return Table.carried(base, keep.matching(None, skip=set(self.added))).then(added)


class Recorded:
    """The persistent index, bringing its snapshot along: what is added and removed is noted,
    and the snapshot is written when the index closes (or is scrubbed)."""

    def __init__(self, inner: ChromaIndex) -> None:
        assert inner.folder is not None, "only a folder on disk has a snapshot"
        self.inner = inner
        self.location = inner.location
        self.folder = inner.folder
        self._changes = Changes.opened(inner.folder, inner.folder / MANIFEST, inner.count() == 0)

    @property
    def layout(self) -> int:
        return self.inner.layout

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        self.inner.add(chunks, vectors)
        self._changes.add(chunks, vectors)

    def remove_entry(self, entry_id: str) -> None:
        self.inner.remove_entry(entry_id)
        self._changes.remove_entry(entry_id)

    def record_model(self, name: str) -> None:
        if name != self.inner.embedding_model():
            self.inner.record_model(name)
            self._changes.record_model()

    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]:
        return self.inner.query(vector, k, where)

    def entry_ids(self) -> set[str]:
        return self.inner.entry_ids()

    def rows(self, where: Where) -> list[Hit]:
        return self.inner.rows(where)

    def count(self) -> int:
        return self.inner.count()

    def embedding_model(self) -> str | None:
        return self.inner.embedding_model()

    def save(self) -> None:
        """Bring the snapshot up to date. A failure only costs speed: a snapshot that does
        not match is never read."""
        try:
            self._changes.save(self.inner.embedding_model(), self.inner.dump)
        except (OSError, ValueError):
            remove(self.folder)

    def scrub(self) -> None:
        self.save()  # without the deleted rows, before the store copies its folder
        self.inner.scrub()

    def close(self) -> None:
        self.save()
        self.inner.close()


class FlatIndex:
    """A snapshot behind the Index interface, for reading commands.

    Changes a command makes (the journal's entries newer than the snapshot) live in memory
    for that command only; exact cosine, the same filters as the store."""

    location = "snapshot"
    folder = None
    layout = 2  # rows come back as they were added, whatever layout the store keeps

    def __init__(self, snapshot: Snapshot) -> None:
        self._snap = snapshot
        self._model = snapshot.model
        self._removed: set[str] = set()
        self._extra: dict[str, tuple[Chunk, Vector]] = {}

    def add(self, chunks: list[Chunk], vectors: list[Vector]) -> None:
        for chunk, vector in zip(chunks, vectors, strict=True):
            self._extra[chunk.id] = (chunk, vector)

    def remove_entry(self, entry_id: str) -> None:
        self._removed.add(entry_id)
        for key in [k for k, (c, _) in self._extra.items() if c.metadata["entry_id"] == entry_id]:
            del self._extra[key]

    def matching(self, where: Where | None, skip: set[str] | None = None) -> np.ndarray:
        """Rows of the snapshot that `where` keeps, without removed entries or the rows
        whose id is in `skip` (or was added again here)."""
        import numpy as np

        check_filters(where)
        snap = self._snap
        keep = np.ones(len(snap.ids), dtype=bool)
        for key, cond in (where or {}).items():
            ok = [matches(value, cond) for value in snap.values[key]]
            lookup = np.asarray([*ok, matches(None, cond)], dtype=bool)
            keep &= lookup[snap.codes[key]]  # code -1 picks the last: rows without the key
        if self._removed:
            ids = snap.values["entry_id"]
            gone = [at for at, entry_id in enumerate(ids) if entry_id in self._removed]
            keep &= ~np.isin(snap.codes["entry_id"], gone)
        skip = (skip or set()) | set(self._extra)
        if skip:
            keep &= np.asarray([row_id not in skip for row_id in snap.ids], dtype=bool)
        return np.flatnonzero(keep)

    def _extra_rows(self, where: Where | None) -> list[tuple[Chunk, Vector]]:
        return [
            (c, v)
            for c, v in self._extra.values()
            if all(matches(c.metadata.get(key), cond) for key, cond in (where or {}).items())
        ]

    def query(self, vector: Vector, k: int, where: Where | None = None) -> list[Hit]:
        import numpy as np

        from ..llm.embedder import cosine

        snap = self._snap
        found: list[Hit] = []
        if len(snap.ids):
            query = np.asarray(vector, dtype="<f4")
            if query.shape != snap.vectors.shape[1:]:
                raise IndexModelError(
                    f"{self._model or 'another model'} ({snap.vectors.shape[1]} dimensions)",
                    f"a model of {query.shape[0]} dimensions",
                )
            scale = float(np.linalg.norm(query)) or 1.0
            plain = not where and not self._removed and not self._extra
            rows = None if plain else self.matching(where)
            matrix = snap.vectors if rows is None else snap.vectors[rows]
            norms = snap.norms if rows is None else snap.norms[rows]
            if len(matrix):
                sims = (matrix @ query) / (norms * scale + 1e-12)
                top = min(k, len(sims))
                for pick in np.argpartition(-sims, top - 1)[:top]:
                    at = int(pick if rows is None else rows[pick])
                    found.append(Hit(snap.ids[at], snap.text(at), snap.meta(at), float(sims[pick])))
        for chunk, vec in self._extra_rows(where):
            found.append(Hit(chunk.id, chunk.text, dict(chunk.metadata), cosine(vector, vec)))
        return sorted(found, key=lambda h: -h.similarity)[:k]

    def entry_ids(self) -> set[str]:
        import numpy as np

        snap = self._snap
        codes = np.unique(snap.codes["entry_id"][self.matching(None)])
        ids = {str(snap.values["entry_id"][int(at)]) for at in codes if at >= 0}
        return ids | {c.metadata["entry_id"] for c, _ in self._extra.values()}

    def rows(self, where: Where) -> list[Hit]:
        snap = self._snap
        found = [
            Hit(snap.ids[at], snap.text(at), snap.meta(at), 1.0) for at in self.matching(where)
        ]
        found += [Hit(c.id, c.text, dict(c.metadata), 1.0) for c, _ in self._extra_rows(where)]
        return found

    def count(self) -> int:
        if not self._removed and not self._extra:
            return len(self._snap.ids)
        return len(self.matching(None)) + len(self._extra)

    def embedding_model(self) -> str | None:
        return self._model

    def record_model(self, name: str) -> None:
        self._model = name  # in memory only, like every change made here

    def scrub(self) -> None:
        pass  # writes nothing

    def close(self) -> None:
        pass
