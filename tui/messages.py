"""Messages thread workers post to the UI (workers never touch widgets themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class Loaded(Message):
    """A load finished: `what` is "store", "embedder" or "model".

    `changed` marks a store reload after a save or delete (screens then refresh); the
    first load needs no refresh, since every screen's own load waits for the store.
    """

    what: str
    detail: str = ""
    changed: bool = False


@dataclass
class LoadFailed(Message):
    """A startup load failed; `text` is the one-sentence reason."""

    what: str
    text: str
