"""Autosaved drafts: a reflection in progress, written atomically after every answer.

A crash loses at most the answer being typed; the next start offers to resume. In an
encrypted home each draft file holds a sealed blob of the JSON (drafts hold answers), with
the key the process unlocked for that home; without it, nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write, ensure_private_dir
from . import atrest

DRAFT_CONTEXT = "draft"


@dataclass(frozen=True)
class DraftInfo:
    """A draft on disk, for the resume list."""

    id: str
    template: str
    partner: str | None
    saved_at: str
    answered: int
    path: Path


class DraftStore:
    """Drafts as JSON files under `<home>/drafts/`; `None` folder keeps them in memory."""

    def __init__(self, folder: Path | None, key: atrest.HomeKey | None = None) -> None:
        self.folder = folder
        self._memory: dict[str, dict[str, Any]] = {}
        self._key = key

    def _home_key(self) -> atrest.HomeKey | None:
        """The key for this folder's home: given, unlocked earlier in this process, or
        asked for now (`atrest.key_for`). A few stats on a plaintext home; an encrypted
        home without its passphrase is an error, never a plaintext draft."""
        if self._key is not None or self.folder is None:
            return self._key
        home = atrest.encrypted_home_of(self.folder)
        if home is None:
            return None
        self._key = atrest.key_for(home)
        return self._key

    def _encode(self, state: dict[str, Any]) -> bytes:
        data = json.dumps(state, ensure_ascii=False).encode("utf-8")
        key = self._home_key()
        return data if key is None else key.seal(data, DRAFT_CONTEXT)

    def _decode(self, path: Path) -> dict[str, Any]:
        raw = path.read_bytes()
        if atrest.is_sealed(raw):
            key = self._home_key()
            if key is None:
                raise atrest.DecryptError(f"{path} is encrypted and its home has no key file")
            raw = key.open(raw, DRAFT_CONTEXT)
        return dict(json.loads(raw.decode("utf-8")))

    def save(self, draft_id: str, state: dict[str, Any]) -> None:
        state = {**state, "saved_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        if self.folder is None:
            self._memory[draft_id] = state
            return
        ensure_private_dir(self.folder)
        atomic_write(self.folder / f"{draft_id}.json", self._encode(state))

    def load(self, draft_id: str) -> dict[str, Any]:
        if self.folder is None:
            return self._memory[draft_id]
        return self._decode(self.folder / f"{draft_id}.json")

    def discard(self, draft_id: str) -> None:
        if self.folder is None:
            self._memory.pop(draft_id, None)
        else:
            (self.folder / f"{draft_id}.json").unlink(missing_ok=True)

    def list(self) -> list[DraftInfo]:
        """Drafts newest first; unreadable ones are skipped (and kept on disk)."""
        states: list[tuple[str, dict[str, Any], Path]] = []
        if self.folder is None:
            states = [(k, v, Path(k)) for k, v in self._memory.items()]
        elif self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                try:
                    states.append((path.stem, self._decode(path), path))
                except (OSError, ValueError, atrest.DecryptError):
                    continue
        infos = []
        for draft_id, state, path in states:
            entry = state.get("entry") or {}
            answered = sum(1 for t in entry.get("turns") or [] if str(t.get("answer", "")).strip())
            infos.append(
                DraftInfo(
                    draft_id,
                    str(entry.get("template", "")),
                    entry.get("partner"),
                    str(state.get("saved_at", "")),
                    answered,
                    path,
                )
            )
        return sorted(infos, key=lambda d: d.saved_at, reverse=True)
