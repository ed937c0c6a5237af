"""The language-model interface every engine implements."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

PromptMode = Literal["chat", "completion"]


@dataclass
class Generation:
    """One request: a completion prompt or chat messages, and how to sample."""

    prompt: str = ""
    messages: list[dict[str, str]] = field(default_factory=list)
    max_tokens: int = 48
    stop: list[str] = field(default_factory=list)
    temperature: float = 0.3
    json_schema: dict[str, Any] | None = None  # constrain the output to this JSON shape
    seed: int = 7  # a fixed seed: the same answer gives the same question (seed=0 is random)


class LanguageModel(Protocol):
    """A model that streams text. `prompt_mode` says whether it wants chat or completion."""

    name: str
    prompt_mode: PromptMode

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        """Yield text chunks; stop early (between tokens) once `cancel` is set."""
        ...

    def close(self) -> None: ...

    def describe(self) -> str:
        """What `reflect doctor` shows after the model's name ("" when there is nothing)."""
        ...


def collect(
    model: LanguageModel,
    request: Generation,
    cancel: threading.Event | None = None,
    *,
    until: Callable[[str], bool] | None = None,
    on_token: Callable[[str], None] | None = None,
) -> str:
    """The text of a generation: all of it, or up to where `until(text so far)` holds.

    Stopping early closes the stream, so the model stops generating (and is free for
    the next request) instead of running on to `max_tokens`.
    """
    pieces: list[str] = []
    stream = model.stream(request, cancel)
    try:
        for piece in stream:
            pieces.append(piece)
            if on_token is not None:
                on_token(piece)
            if until is not None and until("".join(pieces)):
                break
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    return "".join(pieces)
