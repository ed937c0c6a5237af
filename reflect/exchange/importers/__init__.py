"""`reflect import PATH`: recognise what a file or folder is and bring its entries in.

Understood: Reflect's own JSON export, share files from a partner (`reflect share`, asking
for the passphrase only if the file has one), jrnl's JSON export,
Day One's JSON export (zip or unpacked folder), a folder of Markdown notes (Obsidian,
or a vault from `reflect export --format md`), and a single Markdown note. Re-importing
adds nothing: ids come from the source, and a note already in the journal is skipped.

One module per format (`jrnl`, `dayone`, `markdown`; Reflect's own in `..reflect_json`,
share files in `..share`); `JSON_FORMATS` says how a JSON document is recognised.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...entry import Entry
from ...errors import EntryFileError, ImportFormatError
from ...storage.library import Library
from ..reflect_json import FORMAT, ImportReport, load_json_file, read_export
from ..share import PassphraseSource, decode, is_share, received_entries
from .dayone import dayone_documents, looks_like_dayone, read_dayone
from .jrnl import looks_like_jrnl, read_jrnl
from .markdown import read_markdown_folder, read_note
from .note import DIGEST_CHARS, Found

Progress = Callable[[int, int], None]


def _is_reflect_export(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _read_reflect_export(data: dict[str, Any], where: str) -> Found:
    return Found(read_export(data, where))


# The JSON documents Reflect reads, tried in this order: (recognise, read).
JSON_FORMATS: list[tuple[Callable[[Any], bool], Callable[[dict[str, Any], str], Found]]] = [
    (_is_reflect_export, _read_reflect_export),
    (looks_like_dayone, read_dayone),
    (looks_like_jrnl, read_jrnl),
]
UNKNOWN = (
    "{path} is not a format Reflect can import; it reads Reflect, jrnl and Day One JSON "
    "exports, Day One zips, and folders of Markdown notes."
)


def import_path(
    path: Path,
    library: Library,
    progress: Progress | None = None,
    passphrase: PassphraseSource | None = None,
) -> ImportReport:
    """Import whatever `path` holds into the library; the report counts and explains skips.

    `passphrase()` is called only for a passphrase-protected share file.
    """
    found = read_any(path, passphrase)
    return save_found(found, library, progress)


def read_any(path: Path, passphrase: PassphraseSource | None = None) -> Found:
    """The entries in a file or folder, by what it looks like; ImportFormatError if unknown."""
    if not path.exists():
        raise ImportFormatError(f"No file or folder at {path}; check the path.")
    if path.is_dir():
        if any(path.glob("*.json")) and not any(path.glob("*.md")):
            return _from_documents(dayone_documents(path), path)
        return read_markdown_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _from_documents(dayone_documents(path), path)
    if suffix in (".md", ".markdown"):
        try:
            entry = read_note(path, path.name)
        except EntryFileError as exc:
            raise ImportFormatError(str(exc)) from exc
        return Found([entry] if entry else [], [] if entry else [f"{path.name} is empty"])
    if suffix == ".json":
        return _from_json(path, passphrase)
    if zipfile.is_zipfile(path):  # a download that lost its name
        return _from_documents(dayone_documents(path), path)
    if _starts_like_json(path):
        return _from_json(path, passphrase)
    raise ImportFormatError(UNKNOWN.format(path=path))


def _from_json(path: Path, passphrase: PassphraseSource | None) -> Found:
    data = load_json_file(path)
    if is_share(data):  # a partner's entries: kept apart, labelled with who shared them
        return Found(received_entries(decode(data, path.name, passphrase), path.name))
    return _from_documents([(path.name, data)], path)


def _starts_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip().startswith(b"{")
    except OSError:
        return False


def _from_documents(docs: list[tuple[str, Any]], path: Path) -> Found:
    found = Found()
    for where, data in docs:
        read = next((read for recognise, read in JSON_FORMATS if recognise(data)), None)
        if read is None:
            raise ImportFormatError(UNKNOWN.format(path=where))
        part = read(data, where)
        found.entries += part.entries
        found.skipped += part.skipped
    if not docs:
        raise ImportFormatError(UNKNOWN.format(path=path))
    return found


def save_found(found: Found, library: Library, progress: Progress | None = None) -> ImportReport:
    """Save each entry not yet in the journal; duplicates are counted, not listed one by one."""
    report = ImportReport()
    known = Known({p.stem for p in library.journal.files()})
    already = 0
    total = len(found.entries)
    for n, entry in enumerate(found.entries, start=1):
        if known.has(entry) or library.journal.exists(entry.id):
            already += 1
        else:
            library.save(entry, touch=False)
            known.add(entry.id)
            report.imported += 1
        if progress:
            progress(n, total)
    if already:
        report.skipped += already
        report.reasons.append(f"{already} already in the journal")
    for reason in found.skipped:
        report.skip(reason)
    return report


class Known:
    """Ids in the journal, and the source fingerprints of the imported ones among them."""

    def __init__(self, ids: set[str]) -> None:
        self.ids: set[str] = set()
        self.digests: set[str] = set()
        for entry_id in ids:
            self.add(entry_id)

    def add(self, entry_id: str) -> None:
        self.ids.add(entry_id)
        digest = entry_id.rsplit("-", 1)[-1]
        if len(digest) == DIGEST_CHARS:
            self.digests.add(digest)

    def has(self, entry: Entry) -> bool:
        """By id, or for an imported note by its fingerprint (its fallback date may move)."""
        if entry.id in self.ids:
            return True
        digest = entry.id.rsplit("-", 1)[-1]
        return entry.origin.startswith("import:") and digest in self.digests
