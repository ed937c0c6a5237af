"""The no-model mode: every generation is empty, so curated banks answer.

It stands in wherever a language model goes, so callers need no special case.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from .base import Generation, PromptMode


class NoModel:
    """The no-model mode: every generation is empty, so curated banks answer."""

    name = "none"
    prompt_mode: PromptMode = "chat"

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        return iter(())

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return ""
