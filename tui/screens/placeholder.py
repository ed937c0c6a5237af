"""Prepare and Insights: placeholders until their builders land.

Hooks: `PrepareScreen` will show the brief from `reflect.prep` (partner, topic, export);
`InsightsScreen` will chart themes over time and reflections per week. Both are opened
by name through `tui.screens.open_screen`, so replacing these classes is all it takes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen


class _Placeholder(ReflectScreen):
    TITLE_TEXT = ""
    BODY = ""
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE_TEXT)
        with Vertical(classes="placeholder"):
            yield Static(Text(self.BODY))
        yield StatusLine(classes="status")
        yield Footer()


class PrepareScreen(_Placeholder):
    """Prepare for a session: a brief of open actions, goals and insights (coming next)."""

    TITLE_TEXT = "Prepare for a session"
    BODY = (
        "The preparation brief is not built into the app yet.\n\n"
        "Meanwhile `reflect prep --with PARTNER` prints it in the terminal, and the "
        "Goals & actions screen lists what is still open."
    )


class InsightsScreen(_Placeholder):
    """Themes over time and reflections per week (coming next)."""

    TITLE_TEXT = "Insights"
    BODY = (
        "Charts of your themes over time and reflections per week are coming.\n\n"
        "Meanwhile the Journal screen finds past insights by meaning."
    )
