"""Share files: chosen entries (or only their insight and action items) for a partner.

`build_share(entries, shared_by, only)` copies an explicit whitelist of fields of the
picked entries into a `ShareFile`; nothing else of the journal is read into it, so an
entry the person did not pick cannot end up in the file. `preview(share)` renders
exactly that payload for the person to confirm; `encode(share, passphrase)` gives the
bytes to write (JSON, or with a passphrase AES-256-GCM under a scrypt key, built in
memory: no plaintext ever touches the disk). `decode(data, where, passphrase)` and
`received_entries(share)` are the partner's side: the entries come in with
`origin="shared"`, `shared_by` and `partner` set to the sharer, and ids of their own
(the sharer's entry time plus a digest of sharer and reference), so they never collide
with the partner's entries and importing the same file twice adds nothing.

Not shared, ever: who the entry was with, tags, mood, the model's rejected proposals.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..entry import OWNERS, ROLES, ActionItem, Entry, Goal, Summary, Turn, now
from ..errors import ImportFormatError, InputError
from ..storage.crypto import ENCRYPTED_FORMAT, ShareError, seal, unseal
from ..textsafe import clean
from ..wording import entries

FORMAT = "reflect-share"
VERSION = 1
ONLY = ("entries", "insights")
MAX_NAME = 60

PassphraseSource = Callable[[], str]


@dataclass(frozen=True)
class ShareFile:
    """What a share file holds: who shared, what kind of share, and the whitelisted payload."""

    shared_by: str
    only: str  # "entries" | "insights"
    entries: tuple[dict[str, Any], ...]
    shared: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "shared_by": self.shared_by,
            "shared": self.shared,
            "only": self.only,
            "entries": list(self.entries),
        }


def sharer_name(name: str | None) -> str:
    """A sharer's name as it goes in the file; InputError if it is empty or the default."""
    text = " ".join(clean(name or "").split())
    if not text or text == "me":
        raise InputError(
            "Say who is sharing with --as NAME (the name your partner knows you by), "
            "or set author in config.toml."
        )
    if len(text) > MAX_NAME:
        raise InputError(f"The sharer's name is longer than {MAX_NAME} characters; shorten it.")
    return text


def build_share(entries: Iterable[Entry], shared_by: str, only: str = "entries") -> ShareFile:
    """The share file for exactly these entries; `only="insights"` keeps insight + actions."""
    if only not in ONLY:
        raise InputError(f"--only must be one of: {', '.join(ONLY)}.")
    picked = list(entries)
    if not picked:
        raise InputError("Pick at least one entry to share (its id, from `reflect search`).")
    payload = []
    for entry in picked:
        if entry.origin == "shared":
            raise InputError(
                f"Entry {entry.id} was shared with you by {entry.shared_by}; "
                "only your own entries can be shared."
            )
        item = _whitelist(entry, only)
        if only == "insights" and not item["insight"] and not item["action_items"]:
            raise InputError(
                f"Entry {entry.id} has no insight or action items to share; "
                "share the whole entry or add a summary first."
            )
        payload.append(item)
    return ShareFile(sharer_name(shared_by), only, tuple(payload), now().isoformat())


def _whitelist(entry: Entry, only: str) -> dict[str, Any]:
    """The fields of one entry that may leave the journal: named one by one, never `asdict`."""
    summary = entry.summary
    item: dict[str, Any] = {
        "ref": entry.id,
        "created": entry.created.isoformat(),
        "template": entry.template,
        "role": entry.role,
        "insight": summary.insight,
        "action_items": [
            {"text": a.text, "owner": a.owner, "due": a.due, "done": a.done}
            for a in summary.action_items
        ],
    }
    if only == "entries":
        item["title"] = entry.title
        item["goals"] = [{"text": g.text, "achieved": g.achieved} for g in summary.goals]
        item["themes"] = list(summary.themes)
        item["turns"] = [
            {"stage": t.stage, "question": t.question, "answer": t.answer}
            for _, t in entry.answers()
        ]
    return item


# -- showing and writing ------------------------------------------------------------------


def preview(share: ShareFile) -> str:
    """Every word the file will hold, as plain text (nothing in the file is left out)."""
    kind = "whole entries" if share.only == "entries" else "insight and action items only"
    count = len(share.entries)
    lines = [
        f"Share file from {share.shared_by}: {entries(count)}, {kind}.",
    ]
    for n, item in enumerate(share.entries, start=1):
        lines += ["", f"[{n}] {item['created'][:10]} · {item['template']} · {item['ref']}"]
        if item.get("title"):
            lines.append(f"Title: {item['title']}")
        for turn in item.get("turns", []):
            lines.append(f"Q ({turn['stage']}): {turn['question']}")
            lines += [f"  {line}" for line in turn["answer"].splitlines()]
        if item["insight"]:
            lines.append(f"Insight: {item['insight']}")
        for action in item["action_items"]:
            extra = ", ".join(x for x in (action["owner"], action["due"]) if x)
            mark = "done" if action["done"] else "open"
            lines.append(f"Action ({mark}): {action['text']}" + (f" ({extra})" if extra else ""))
        for goal in item.get("goals", []):
            lines.append(f"Goal: {goal['text']}" + (" (achieved)" if goal["achieved"] else ""))
        if item.get("themes"):
            lines.append(f"Themes: {', '.join(item['themes'])}")
    return clean("\n".join(lines)) + "\n"


def encode(share: ShareFile, passphrase: str | None = None) -> bytes:
    """The file's bytes: JSON, or the encrypted envelope when a passphrase is given."""
    plain = (json.dumps(share.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if passphrase is None:
        return plain
    return seal(plain, passphrase)


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` (0600) atomically, leaving the folder's permissions alone."""
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"There is no folder {folder}; create it or choose another --out.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(
            f"Cannot write to {folder} ({exc.strerror}); choose another --out."
        ) from exc
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the partner's side --------------------------------------------------------------------


def is_share(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") in (FORMAT, ENCRYPTED_FORMAT)


def decode(data: Any, where: str, passphrase: PassphraseSource | None = None) -> ShareFile:
    """The share file in parsed JSON `data`; asks `passphrase()` only if it is encrypted."""
    if isinstance(data, dict) and data.get("format") == ENCRYPTED_FORMAT:
        if passphrase is None:
            raise ShareError(
                f"{where} is protected by a passphrase; import it with --ask-passphrase "
                "or --passphrase-file FILE."
            )
        try:
            data = json.loads(unseal(data, where, passphrase()).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ShareError(f"{where} opened but holds no share; ask for it again.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFormatError(f"{where} is not a Reflect share file.")
    if data.get("version") != VERSION:
        raise ImportFormatError(
            f"{where} is a version {data.get('version')} share file; this Reflect reads version 1."
        )
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ImportFormatError(f"{where}: 'entries' is not a list of entries; ask for it again.")
    only = data.get("only") if data.get("only") in ONLY else "entries"
    try:
        name = sharer_name(str(data.get("shared_by") or ""))
    except InputError as exc:
        raise ImportFormatError(f"{where} does not say who shared it; ask for it again.") from exc
    return ShareFile(name, str(only), tuple(entries), str(data.get("shared") or ""))


def received_entries(share: ShareFile, where: str) -> list[Entry]:
    """The shared entries as the partner keeps them: apart, labelled, with ids of their own."""
    entries = []
    for n, item in enumerate(share.entries, start=1):
        try:
            entries.append(_received(item, share.shared_by))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise ImportFormatError(f"{where}: shared entry {n} is malformed ({exc}).") from exc
    return entries


def _received(item: dict[str, Any], shared_by: str) -> Entry:
    created = datetime.fromisoformat(str(item["created"]))
    created = created if created.tzinfo else created.astimezone()
    ref = str(item["ref"])
    digest = hashlib.sha256(f"{shared_by}\0{ref}".encode()).hexdigest()[:8]
    summary = Summary(
        insight=_text(item.get("insight")),
        action_items=[
            ActionItem(
                text=_text(a["text"]),
                owner=a.get("owner") if a.get("owner") in OWNERS else None,
                due=_text(a.get("due")) or None,
                done=bool(a.get("done")),
            )
            for a in item.get("action_items") or []
        ],
        goals=[
            Goal(text=_text(g["text"]), achieved=bool(g.get("achieved")))
            for g in item.get("goals") or []
        ],
        themes=[_text(t) for t in item.get("themes") or []],
    )
    return Entry(
        id=f"{created:%Y%m%d-%H%M%S}-s{digest}",
        created=created.replace(microsecond=0),
        template=_text(item.get("template")) or "note",
        role=item["role"] if item.get("role") in ROLES else "mentee",
        partner=shared_by,
        turns=[
            Turn(_text(t["stage"]), _text(t.get("question")), _text(t["answer"]), source="shared")
            for t in item.get("turns") or []
        ],
        summary=summary,
        title=_text(item.get("title")),
        origin="shared",
        shared_by=shared_by,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value
