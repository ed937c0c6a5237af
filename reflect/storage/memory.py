"""A journal and library that live in memory only: demo mode writes nothing to disk.

`MemoryJournal` keeps each entry as its Markdown text (so what comes back is a copy,
exactly as a file would give it) and can return to a marked seed state.
`MemoryLibrary` keeps the in-memory index in step with it: `reconcile()` indexes what
changed since last time by comparing each entry's text, so after `restore_seed()` one
reconcile puts the index back too. Services build these when `Settings.ephemeral` is set.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..entry import Entry, now
from ..errors import EntryNotFoundError
from ..llm.embedder import Embedder
from .index import Index
from .journal import Journal
from .library import Library, Progress, ReconcileReport


class MemoryJournal(Journal):
    """The Journal interface over a dict; paths are names only, never created."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._texts: dict[str, tuple[str, str]] = {}  # id -> (file name key, Markdown)
        self._seed: dict[str, tuple[str, str]] = {}

    def open(self) -> MemoryJournal:
        return self

    def save(self, entry: Entry, touch: bool = True) -> Path:
        if touch or entry.updated is None:
            entry.updated = now()
        path = self.path_for(entry)
        self._texts[entry.id] = (str(path.relative_to(self.root)), entry.to_markdown())
        return path

    def load(self, path: Path) -> Entry:
        return self.get(path.stem)

    def get(self, entry_id: str) -> Entry:
        if entry_id not in self._texts:
            raise EntryNotFoundError(entry_id)
        return Entry.from_markdown(self._texts[entry_id][1], where=entry_id)

    def delete(self, entry_id: str) -> Path:
        if entry_id not in self._texts:
            raise EntryNotFoundError(entry_id)
        key, _ = self._texts.pop(entry_id)
        return self.root / key

    def quarantine(self, path: Path) -> Path:
        return path  # nothing in memory is ever unreadable

    def exists(self, entry_id: str) -> bool:
        return entry_id in self._texts

    def files(self) -> list[Path]:
        return sorted((self.root / key for key, _ in self._texts.values()), key=lambda p: p.name)

    def entries(self) -> Iterator[Entry]:
        self.problems = []
        for path in self.files():
            yield self.get(path.stem)

    def fingerprints(self) -> dict[str, str]:
        """Entry id → a digest of its text, to tell what changed."""
        return {
            entry_id: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for entry_id, (_, text) in self._texts.items()
        }

    def mark_seed(self) -> None:
        """Remember the current entries as the state `restore_seed()` returns to."""
        self._seed = dict(self._texts)

    def restore_seed(self) -> int:
        """Back to the marked entries; returns how many entries were added, changed or removed."""
        changed = {
            k
            for k in self._texts.keys() | self._seed.keys()
            if self._texts.get(k) != self._seed.get(k)
        }
        self._texts = dict(self._seed)
        return len(changed)


class MemoryLibrary(Library):
    """A Library over a MemoryJournal and an in-memory index: no manifest, no files."""

    def __init__(self, journal: MemoryJournal, index: Index, embedder: Embedder) -> None:
        super().__init__(journal, index, embedder, None)
        self.memory = journal
        self._indexed: dict[str, str] = {}  # entry id -> fingerprint of the indexed text
        self._first = True

    def save(self, entry: Entry, touch: bool = True) -> Path:
        path = self.memory.save(entry, touch=touch)
        self._index_entries([entry])
        self._indexed[entry.id] = self.memory.fingerprints()[entry.id]
        return path

    def delete(self, entry_id: str) -> None:
        self.memory.delete(entry_id)
        self.index.remove_entry(entry_id)
        self._indexed.pop(entry_id, None)

    def reconcile(self, progress: Progress | None = None) -> ReconcileReport:
        """Index entries that are new or changed; drop rows of entries no longer here."""
        report = ReconcileReport()
        current = self.memory.fingerprints()
        if self._first:  # an in-process memory store may hold an earlier demo's rows
            for entry_id in self.index.entry_ids() - current.keys():
                self.index.remove_entry(entry_id)
            self._first = False
        for entry_id in set(self._indexed) - current.keys():
            self.index.remove_entry(entry_id)
            del self._indexed[entry_id]
            report.removed += 1
        changed = [k for k, v in current.items() if self._indexed.get(k) != v]
        self._index_entries([self.memory.get(k) for k in sorted(changed)], progress)
        self._indexed.update({k: current[k] for k in changed})
        report.indexed = len(changed)
        report.unchanged = len(current) - len(changed)
        return report
