"""A scripted language model: tests queue its replies and read back what it was sent.

Also stands in for "no model" so callers need no special case: it yields nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from .base import Generation, PromptMode


class ScriptedModel:
    """Replies from a queue, chunked into words, and records every request."""

    def __init__(
        self,
        replies: list[str] | None = None,
        prompt_mode: PromptMode = "chat",
        name: str = "scripted",
        token_delay: float = 0.0,
    ) -> None:
        self.name = name
        self.prompt_mode = prompt_mode
        self.replies = list(replies or [])
        self.history: list[Generation] = []
        self.token_delay = token_delay
        self.closed = False

    def enqueue(self, *replies: str) -> ScriptedModel:
        self.replies.extend(replies)
        return self

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        self.history.append(request)
        if not self.replies:
            return
        reply = self.replies.pop(0)
        pieces = reply.split(" ")
        for n, piece in enumerate(pieces):
            if cancel is not None and cancel.is_set():
                return
            if self.token_delay and cancel is not None:
                cancel.wait(self.token_delay)
            yield piece if n == 0 else " " + piece

    def close(self) -> None:
        self.closed = True


class NoModel:
    """The no-model mode: every generation is empty, so curated banks answer."""

    name = "none"
    prompt_mode: PromptMode = "chat"

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        return iter(())

    def close(self) -> None:
        pass
