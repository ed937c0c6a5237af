"""A folder of Markdown notes (an Obsidian vault, say) read as journal entries.

Each `.md` file is one note: YAML front matter may give `date` (or `created`), `title`
and `tags`; `#tags` in the text are collected too; without a date the file's modified
time is used. Files Reflect itself wrote (its journal, or `reflect export --format md`)
are read back as the entries they are. Hidden folders (`.obsidian`, `.trash`) are skipped.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ...entry import Entry
from ...errors import EntryFileError
from .note import Found, note_entry

MAX_NOTE_BYTES = 8 << 20
_INLINE_TAG = re.compile(r"(?<![\w#&/])#([A-Za-z][\w/-]*)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


def note_files(folder: Path) -> list[Path]:
    """Every visible `.md` file under `folder`, in a stable order."""
    return sorted(
        p
        for p in folder.rglob("*.md")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_markdown_folder(folder: Path) -> Found:
    found = Found()
    for path in note_files(folder):
        rel = path.relative_to(folder).as_posix()
        try:
            entry = read_note(path, rel)
        except EntryFileError as exc:
            found.skipped.append(str(exc))
            continue
        if entry is None:
            found.skipped.append(f"{rel} is empty")
        else:
            found.entries.append(entry)
    return found


def read_note(path: Path, rel: str) -> Entry | None:
    """One note as an Entry; None if it has no text; EntryFileError naming the file if bad."""
    try:
        if path.stat().st_size > MAX_NOTE_BYTES:
            raise EntryFileError(f"{rel} is larger than 8 MB; it does not look like a note.")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EntryFileError(f"{rel} is not UTF-8 text.") from exc
    except OSError as exc:
        raise EntryFileError(f"{rel} cannot be read ({exc.strerror}).") from exc
    meta, body = split_front_matter(text, rel)
    if {"id", "created", "template"} <= set(meta):  # written by Reflect: keep it as it was
        return Entry.from_markdown(text, where=rel)
    if not body.strip():
        return None
    created = _date(meta.get("date", meta.get("created")))
    if created is None:
        created = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    title = str(meta.get("title") or "")
    if not title:
        heading = _HEADING.search(body)
        title = heading.group(1).strip() if heading else path.stem
    tags = [*_listed(meta.get("tags")), *_INLINE_TAG.findall(_CODE.sub("", body))]
    return note_entry("markdown", rel, created, body, title, tags)


def split_front_matter(text: str, rel: str) -> tuple[dict[str, Any], str]:
    """(front matter, body); a note without front matter has an empty one."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return {}, text
    end = re.search(r"^---\s*$", text[4:], re.MULTILINE)
    if end is None:
        raise EntryFileError(f"{rel} has front matter without a closing '---' line; fix it.")
    try:
        meta = yaml.safe_load(text[4 : 4 + end.start()]) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise EntryFileError(f"{rel} has front matter that is not valid YAML{where}.") from exc
    if not isinstance(meta, dict):
        raise EntryFileError(f"{rel} has front matter that is not a list of fields.")
    return meta, text[4 + end.end() :].lstrip("\r\n")


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [t for t in re.split(r"[,\s]+", value) if t]
    if isinstance(value, list):
        return [str(t) for t in value if t is not None]
    return []


def _date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None
