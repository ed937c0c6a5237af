"""The journal of record: one Markdown file per entry under `journal/YYYY/MM/`.

Files are the source of truth; the index is derived from them and can be rebuilt.
A damaged file is moved unchanged to `<home>/quarantine/` and reported; never deleted or
rewritten. In an encrypted home (`key` given) each file holds a sealed blob instead of
Markdown, under the same name, so scanning and the manifest work unchanged.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..entry import Entry, now
from ..errors import EntryFileError, EntryNotFoundError, HomeError
from ..fsutil import atomic_write, ensure_private_dir, remove_stale_temp_files
from .atrest import KEY_FILE, MAGIC, DecryptError, HomeKey, PassphraseError, is_encrypted

JOURNAL_CONTEXT = "journal"
QUARANTINE_DIR = "quarantine"  # <home>/quarantine: unreadable files, moved there unchanged
_ID_DATE = re.compile(r"^(\d{4})(\d{2})\d{2}-")


def relative_path(entry: Entry) -> Path:
    """`YYYY/MM/<id>.md`: where an entry's file sits in a journal (and in an exported vault)."""
    return Path(f"{entry.created:%Y}", f"{entry.created:%m}", f"{entry.id}.md")


@dataclass
class Problem:
    """A journal file that could not be read."""

    path: Path
    message: str


@dataclass
class Journal:
    """Reads and writes entries in one folder."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    key: HomeKey | None = None
    """The home's key when it is encrypted: files are sealed on save, opened on load."""

    def open(self) -> Journal:
        """Create the folder if needed and clear what a killed writer left behind."""
        if self.key is None and is_encrypted(self.root.parent):
            # never write plaintext into an encrypted home by mistake
            raise PassphraseError(
                f"The journal in {self.root.parent} is encrypted; open it with its passphrase."
            )
        try:
            ensure_private_dir(self.root)
            remove_stale_temp_files(self.root)
        except PermissionError as exc:
            raise HomeError(
                f"Cannot write to {self.root}; check its permissions or pass another --home."
            ) from exc
        return self

    def path_for(self, entry: Entry) -> Path:
        return self.root / relative_path(entry)

    def save(self, entry: Entry, touch: bool = True) -> Path:
        """Write `entry` atomically (0600) and return its path.

        `touch=False` keeps `entry.updated` as it is (imports keep their history).
        """
        if touch or entry.updated is None:
            entry.updated = now()
        path = self.path_for(entry)
        old = self._find(entry.id)
        ensure_private_dir(path.parent.parent)
        text = entry.to_markdown()
        if self.key is None:
            atomic_write(path, text)
        else:  # only ciphertext reaches the disk, temp file included
            atomic_write(path, self.key.seal(text.encode("utf-8"), JOURNAL_CONTEXT))
        if old is not None and old != path:
            old.unlink(missing_ok=True)
        return path

    def load(self, path: Path) -> Entry:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise EntryFileError(f"{path} cannot be read ({exc.strerror}).") from exc
        if raw.startswith(MAGIC):
            raw = self._open_sealed(path, raw)
        try:
            text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            raise EntryFileError(f"{path} is not valid UTF-8 text; open it in an editor.") from exc
        return Entry.from_markdown(text, where=str(path))

    def _open_sealed(self, path: Path, raw: bytes) -> bytes:
        if self.key is None:
            raise EntryFileError(
                f"{path} is encrypted, but its home has no key file ({KEY_FILE}); restore that "
                "file from a backup to read it."
            )
        try:
            return self.key.open(raw, JOURNAL_CONTEXT)
        except DecryptError as exc:
            raise EntryFileError(f"{path} cannot be decrypted ({exc}).") from exc

    def get(self, entry_id: str) -> Entry:
        path = self._find(entry_id)
        if path is None:
            raise EntryNotFoundError(entry_id)
        return self.load(path)

    def delete(self, entry_id: str) -> Path:
        path = self._find(entry_id)
        if path is None:
            raise EntryNotFoundError(entry_id)
        path.unlink()
        return path

    def quarantine(self, path: Path) -> Path:
        """Move an unreadable file, byte for byte, to `<home>/quarantine/`; returns where."""
        folder = ensure_private_dir(self.root.parent / QUARANTINE_DIR)
        target = folder / path.name
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}.{n}{path.suffix}"
        os.replace(path, target)
        return target

    def exists(self, entry_id: str) -> bool:
        return self._find(entry_id) is not None

    def files(self) -> list[Path]:
        """Every entry file, oldest first by name (ids sort by time)."""
        return [self.root / key for key, _, _ in self.scan()]

    def scan(self) -> list[tuple[str, int, int]]:
        """(path under the root, mtime in ns, size) of every entry file, oldest first.

        One `scandir` walk of `YYYY/MM/`: opening a journal of 10k entries compares
        these with the manifest instead of building a `Path` per file.
        """
        found: list[tuple[str, str, int, int]] = []
        for year in _subdirs(self.root):
            for month in _subdirs(year.path):
                prefix = f"{year.name}/{month.name}/"
                with contextlib.suppress(OSError), os.scandir(month.path) as files:
                    for item in files:
                        name = item.name
                        if not name.endswith(".md") or name.startswith("."):
                            continue
                        try:
                            st = item.stat()
                        except OSError:
                            continue  # removed while we looked
                        found.append((name, prefix + name, st.st_mtime_ns, st.st_size))
        found.sort()
        return [(key, mtime, size) for _, key, mtime, size in found]

    def entries(self) -> Iterator[Entry]:
        """Every readable entry, oldest first; unreadable files land in `problems`."""
        self.problems = []
        for path in self.files():
            try:
                yield self.load(path)
            except EntryFileError as exc:
                self.problems.append(Problem(path, str(exc)))

    def _find(self, entry_id: str) -> Path | None:
        if "/" in entry_id or entry_id.startswith("."):
            return None
        match = _ID_DATE.match(entry_id)
        if match:
            guess = self.root / match.group(1) / match.group(2) / f"{entry_id}.md"
            if guess.is_file():
                return guess
        with contextlib.suppress(StopIteration):
            return next(self.root.glob(f"*/*/{entry_id}.md"))
        return None


def _subdirs(folder: Path | str) -> list[os.DirEntry[str]]:
    """The folders directly in `folder` (none if it is missing)."""
    try:
        with os.scandir(folder) as items:
            return [i for i in items if i.is_dir(follow_symlinks=False)]
    except OSError:
        return []
