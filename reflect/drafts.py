"""Autosaved drafts: a reflection in progress, written atomically after every answer.

A crash loses at most the answer being typed; the next start offers to resume.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .fsutil import atomic_write, ensure_private_dir


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

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[str, dict[str, Any]] = {}

    def save(self, draft_id: str, state: dict[str, Any]) -> None:
        state = {**state, "saved_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        if self.folder is None:
            self._memory[draft_id] = state
            return
        ensure_private_dir(self.folder)
        atomic_write(self.folder / f"{draft_id}.json", json.dumps(state, ensure_ascii=False))

    def load(self, draft_id: str) -> dict[str, Any]:
        if self.folder is None:
            return self._memory[draft_id]
        return dict(json.loads((self.folder / f"{draft_id}.json").read_text("utf-8")))

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
                    states.append((path.stem, json.loads(path.read_text("utf-8")), path))
                except (OSError, ValueError):
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
