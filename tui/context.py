"""What screens and widgets may use of the running app: a small typed context.

`ReflectApp` provides it (mypy checks that it does); screens and widgets reach it with
`context_of(self.app)` and never import the app. A change the app has to hear about
travels as a message (`messages.JournalChanged`), not as a call into the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import threading

    from textual.app import App

    from reflect.errors import ReflectError
    from reflect.services import Services
    from reflect.storage.drafts import DraftStore
    from reflect.storage.library import Library

    from .state import TuiState


class AppContext(Protocol):
    """The services, stores and remembered choices screens share, and the two calls a
    worker thread may make."""

    services: Services
    demo: bool  # the sample journal in memory: a banner, the stage timer, the reset key
    tui_state: TuiState  # the last template, role and partner chosen
    drafts: DraftStore  # unfinished reflections
    pair_drafts: DraftStore  # unfinished pair preps, apart from reflections
    stage_seconds: int  # demo mode: the stage timer's length
    library: Library | None  # None until the store has opened
    model_ready: threading.Event  # set once the language model has loaded (or failed to)

    def wait_library(self) -> Library:
        """The library once loaded; raises the store's error if it failed to open.
        Blocks: call only from a worker thread."""
        ...

    def server_model_failed(self, error: ReflectError) -> None:
        """From a worker: the `--llm-url` server stopped answering; switch to no model now."""
        ...


def context_of(app: App[Any]) -> AppContext:
    """The Reflect context of the app a screen or widget runs in."""
    return cast("AppContext", app)
