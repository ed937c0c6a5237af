"""What every Reflect screen shares: the app's context (services, journal, drafts)."""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from ..context import AppContext, context_of
from ..errors import describe_error
from ..safe import markup_safe


def notify_failed(screen: Screen[Any], event: Worker.StateChanged) -> None:
    """A screen's worker that fails with an exception becomes a notice, never silence.

    (A worker's state change is posted to the screen that started it and does not reach
    the app, whose own handler covers only the app's workers.)"""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        text = describe_error(event.worker.error)
        screen.notify(markup_safe(text), title="Problem", severity="error", timeout=12)


class ReflectScreen(Screen[Any]):
    """A full screen in Reflect."""

    waiting_for_store = False  # True: mounted before the journal opened, reload once it has

    @property
    def context(self) -> AppContext:
        return context_of(self.app)

    def reload(self) -> None:
        """Called when the journal becomes ready or changes; screens refresh their data."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed(self, event)


class ReflectModal(ModalScreen[Any]):
    """A dialog over the current screen."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed(self, event)

    @property
    def context(self) -> AppContext:
        return context_of(self.app)
