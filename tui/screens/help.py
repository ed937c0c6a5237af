"""Help: every key Reflect uses, screen by screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ..widgets.status import TopBar
from .base import ReflectScreen

KEYS = [
    ("Everywhere", "F1 or ?", "this help (? only where you are not typing)"),
    ("", "ctrl+p", "command palette: every main action by name"),
    ("", "F2", "high-contrast theme on / off"),
    ("", "ctrl+q", "quit (drafts are kept)"),
    ("", "escape", "back / close"),
    ("Home", "s p t j g i", "start, prepare, together, journal, goals, insights"),
    ("", "q", "quit"),
    ("Reflection", "ctrl+s", "send your answer"),
    ("", "enter", "new line in your answer"),
    ("", "escape", "stop a follow-up being written; your answer comes back"),
    ("", "ctrl+n", "skip this follow-up / go to the next stage"),
    ("", "ctrl+f", "finish and review the summary"),
    ("", "ctrl+r", "show / hide related past insights"),
    ("", "ctrl+b", "back to home; the draft is kept to resume"),
    ("Summary", "ctrl+s", "save the entry to your journal"),
    ("", "escape", "back to the reflection; nothing is lost"),
    ("Journal", "/", "search by meaning"),
    ("", "enter", "open the highlighted entry"),
    ("", "f", "filters: partner, role, template, since date"),
    ("Entry", "e", "edit answers and summary (ctrl+s saves)"),
    ("", "d", "delete (asks first)"),
    ("Goals & actions", "space / enter", "mark the action done or open"),
    ("", "o", "show open only / all"),
    ("", "e", "edit the entry the item came from"),
    ("Prepare", "enter", "in the topic box: build the brief for that topic"),
    ("", "ctrl+s", "export the brief as Markdown to the path shown"),
    ("Prepare together", "ctrl+s", "send this person's answer; then it is the other's turn"),
    ("", "ctrl+n", "pass this turn"),
    ("", "ctrl+b", "back to home; the answers are kept to resume"),
    ("Joint agenda", "ctrl+s", "export the agenda as Markdown to the path shown"),
    ("", "escape", "done (the agenda is already saved to your journal)"),
    ("Demo mode", "F5", "reset: clear this group's answers for the next group"),
    ("", "F6", "stage timer: start / pause"),
    ("", "F7 / F8", "stage timer: one minute shorter / longer"),
    ("", "F2", "demo mode starts in high contrast; F2 switches it off"),
    ("", "ctrl + / ctrl -", "in most terminals: a larger or smaller font for the room"),
    ("Insights", "escape", "back; choose a partner at the top to chart only them"),
]


def keys_table() -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, box=None, pad_edge=False)
    table.add_column("Where", ratio=2)
    table.add_column("Key", ratio=2, style="bold")
    table.add_column("What it does", ratio=5)
    for where, key, what in KEYS:
        table.add_row(Text(where), Text(key), Text(what))
    return table


class HelpScreen(ReflectScreen):
    """Lists every key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "app.pop_screen", "Back")
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("Help — keys")
        with VerticalScroll(id="help-body"):
            yield Static(keys_table())
        yield Footer()
