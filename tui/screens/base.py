"""What every Reflect screen shares: the app's context (services, journal, drafts)."""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen, Screen

from ..context import AppContext, context_of


class ReflectScreen(Screen[Any]):
    """A full screen in Reflect."""

    waiting_for_store = False  # True: mounted before the journal opened, reload once it has

    @property
    def context(self) -> AppContext:
        return context_of(self.app)

    def reload(self) -> None:
        """Called when the journal becomes ready or changes; screens refresh their data."""


class ReflectModal(ModalScreen[Any]):
    """A dialog over the current screen."""

    @property
    def context(self) -> AppContext:
        return context_of(self.app)
