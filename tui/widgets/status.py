"""The status line (loading / ready / no-model) and the demo banner, on every screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..context import context_of


class StatusLine(Static):
    """Mirrors the app's `status`: what is loading, what is ready, which model is in use."""

    def on_mount(self) -> None:
        self.watch(self.app, "status", self._show, init=True)

    def _show(self, status: str) -> None:
        self.update(Text(status))


class TopBar(Vertical):
    """A DEMO banner when the app runs on demo data, then the screen's own title."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        if context_of(self.app).demo:
            yield Static(Text("DEMO — sample journal, nothing is saved"), classes="demo-banner")
        yield Static(Text(self.title_text), classes="screen-title")
