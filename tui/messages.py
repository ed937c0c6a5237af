"""Messages thread workers post to the UI (workers never touch widgets themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class Loaded(Message):
    """A startup load finished: `what` is "store", "embedder" or "model"."""

    what: str
    detail: str = ""


@dataclass
class LoadFailed(Message):
    """A startup load failed; `text` is the one-sentence reason."""

    what: str
    text: str
