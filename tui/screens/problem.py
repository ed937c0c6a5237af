"""A blocking problem at start (the journal is locked by another Reflect): say so, offer quit."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from ..safe import shown
from .base import ReflectModal


class ProblemScreen(ReflectModal):
    """Shows one clear sentence about what is wrong and what to do."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "leave", "Quit")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog problem"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(shown(self.text), id="problem-text")
            yield Button("Quit", variant="error", id="quit")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        self.app.exit(1, return_code=1)
