"""The journal with its index: save, delete, reconcile and rebuild.

Files are the record. A manifest (`index/manifest.json`: path → mtime, size, id) lets
opening compare file stats instead of parsing every entry, so a journal of 10k
unchanged entries opens in well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..entry import Entry
from ..errors import EntryFileError
from ..fsutil import atomic_write
from ..llm.embedder import Embedder
from .chunks import chunk_entry
from .index import Index
from .journal import Journal

Progress = Callable[[int, int], None]
EMBED_BATCH = 64


@dataclass
class ReconcileReport:
    """What opening the journal changed in the index."""

    indexed: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: int = 0


class Library:
    """Journal + index, kept in step. Callers hold the home lock while writing."""

    def __init__(
        self,
        journal: Journal,
        index: Index,
        embedder: Embedder,
        manifest_path: Path | None,
        *,
        store_may_forget: bool = False,
        read_only: bool = False,
    ) -> None:
        self.journal = journal
        self.index = index
        self.embedder = embedder
        self.manifest_path = manifest_path  # None: in-memory store, nothing persisted
        # A chroma server can come back empty (new data folder, wiped) while the manifest,
        # kept in the home, still lists everything as indexed: check before trusting it.
        self.store_may_forget = store_may_forget
        # Over a snapshot (reflect/storage/snapshot.py): reconcile changes the index in memory only
        # and leaves the manifest alone, so the next writer indexes the same files for good.
        self.read_only = read_only
        self._looked: tuple[dict[str, list[Any]] | None, dict[str, list[int]]] | None = None

    # -- writing ----------------------------------------------------------------------

    def save(self, entry: Entry, touch: bool = True) -> Path:
        """Write the entry file, then (re)index it."""
        path = self.journal.save(entry, touch=touch)
        if self._index_entries([entry]):
            self._manifest_update({self._key(path): self._stat(path, entry.id)})
        return path

    def delete(self, entry_id: str) -> None:
        """Remove the entry's file and index rows, and scrub the index's files of it."""
        path = self.journal.delete(entry_id)
        self.index.remove_entry(entry_id)
        self._manifest_update({self._key(path): None})
        self.index.scrub()

    # -- keeping the index true to the journal ----------------------------------------

    def outdated(self) -> int:
        """How many journal files the index is behind on (new, changed or removed); the
        next `reconcile()` reuses what this read."""
        self._looked = (self._manifest_read(), self._current())
        manifest, current = self._looked
        if manifest is None:
            return len(current)
        changed = sum(1 for k, v in current.items() if manifest.get(k, [None, None])[:2] != v)
        return changed + len(set(manifest) - set(current))

    def _current(self) -> dict[str, list[int]]:
        return {key: [mtime, size] for key, mtime, size in self.journal.scan()}

    def reconcile(self, progress: Progress | None = None) -> ReconcileReport:
        """Index files that are new or changed since last time; drop rows of removed files."""
        report = ReconcileReport()
        manifest, current = self._looked or (self._manifest_read(), self._current())
        self._looked = None
        if manifest and self.store_may_forget and self.index.count() == 0:
            manifest = None  # the store lost what the manifest says it holds: index it all
        if manifest is None:  # first open, or a lost manifest: compare ids with the index
            manifest = {}
            stale_ids = self.index.entry_ids()
        else:
            stale_ids = set()
        changed = [k for k, v in current.items() if manifest.get(k, [None, None])[:2] != v]
        for key in set(manifest) - set(current):
            entry_id = manifest[key][2] if len(manifest[key]) > 2 else Path(key).stem
            self.index.remove_entry(entry_id)
            report.removed += 1
        entries: list[Entry] = []
        new_manifest = {k: v for k, v in manifest.items() if k in current}
        for key in changed:
            path = self.journal.root / key
            try:
                entry = self.journal.load(path)
            except EntryFileError as exc:
                from .journal import Problem

                message = str(exc)
                try:
                    if not self.read_only:  # a reading command moves nothing
                        moved = self.journal.quarantine(path)
                        message += f" Moved it unchanged to {moved}; fix it there and move it back."
                except OSError:
                    pass  # could not move it: it stays where it is, reported all the same
                self.journal.problems.append(Problem(path, message))
                report.problems += 1
                new_manifest.pop(key, None)
                continue
            entries.append(entry)
            new_manifest[key] = [*current[key], entry.id]
        known_ids = {v[2] for v in new_manifest.values() if len(v) > 2}
        for entry_id in stale_ids - known_ids - {e.id for e in entries}:
            self.index.remove_entry(entry_id)
            report.removed += 1
        if entries and not self._index_entries(entries, progress):
            # another model's index (see `_index_entries`): these stay to be indexed
            for entry_key in changed:
                if entry_key in manifest:
                    new_manifest[entry_key] = manifest[entry_key]
                else:
                    new_manifest.pop(entry_key, None)
            entries = []
        report.indexed = len(entries)
        report.unchanged = len(current) - len(changed)
        if new_manifest != manifest:
            self._manifest_write(new_manifest)
        return report

    def _index_entries(self, entries: list[Entry], progress: Progress | None = None) -> bool:
        """Embed and store `entries`; False, storing nothing, if the index holds another
        embedding model's vectors (they would not fit beside them: the entry files are
        saved, search asks for `reflect reindex`, which indexes them with the rest)."""
        if not entries:
            return True
        pending = []
        fresh = self.index.count() == 0  # a rebuild: nothing to delete first
        built_with = None if fresh else self.index.embedding_model()
        if built_with and built_with != self.embedder.name:
            return False
        if fresh:  # the vectors about to be stored are this model's: say so in the index
            self.index.record_model(self.embedder.name)
        for entry in entries:
            if not fresh:
                self.index.remove_entry(entry.id)
            pending.extend(chunk_entry(entry))
        # Batches of like length: the embedder pads each batch to its longest text, and
        # a journal mixes long answers with five-word action items.
        pending.sort(key=lambda c: len(c.text))
        for start in range(0, len(pending), EMBED_BATCH * 4):
            batch = pending[start : start + EMBED_BATCH * 4]
            vectors = self.embedder.embed([c.text for c in batch])
            self.index.add(batch, vectors)
            if progress:
                progress(min(start + len(batch), len(pending)), len(pending))
        return True

    # -- manifest ---------------------------------------------------------------------

    def _key(self, path: Path) -> str:
        return str(path.relative_to(self.journal.root))

    @staticmethod
    def _stat(path: Path, entry_id: str) -> list[Any]:
        st = path.stat()
        return [st.st_mtime_ns, st.st_size, entry_id]

    def _manifest_read(self) -> dict[str, list[Any]] | None:
        if self.manifest_path is None or not self.manifest_path.is_file():
            return None
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _manifest_write(self, data: dict[str, list[Any]]) -> None:
        if self.manifest_path is not None and not self.read_only:
            atomic_write(self.manifest_path, json.dumps(data, separators=(",", ":")))

    def _manifest_update(self, changes: dict[str, list[Any] | None]) -> None:
        if self.manifest_path is None:
            return
        data = self._manifest_read() or {}
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        self._manifest_write(data)
