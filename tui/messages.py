"""Messages to the app: what thread workers report (workers never touch widgets
themselves), and changes screens announce instead of calling into the app."""

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


@dataclass
class JournalChanged(Message):
    """An entry was saved, edited or deleted: the app recounts the entries on the status
    line, then every open screen reloads.

    `reload_now` also reloads every screen at once, before the recount (a demo reset,
    which replaces the whole journal).
    """

    reload_now: bool = False
