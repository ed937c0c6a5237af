"""Home: where to go next, and what you said you would do last time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Static

from ..safe import shown
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen

if TYPE_CHECKING:
    from reflect.surfacing.actions import TrackedItem

MENU = [
    ("start", "Start a reflection", "s"),
    ("prepare", "Prepare for a session", "p"),
    ("pair", "Prepare together", "t"),
    ("journal", "Journal", "j"),
    ("goals", "Goals & actions", "g"),
    ("insights", "Insights", "i"),
]


class Commitments(Message):
    """Open action items from the most recent session that has any."""

    def __init__(self, items: list[TrackedItem]) -> None:
        super().__init__()
        self.items = items


def commitments_text(items: list[TrackedItem]) -> Text:
    if not items:
        return Text("No open commitments. Nice.", style="dim")
    first = items[0]
    who = f" with {first.partner}" if first.partner else ""
    text = Text()
    text.append_text(shown(f"Last session{who} ({first.date}):", style="bold"))
    for item in items:
        owner = f"  ({item.owner})" if item.owner else ""
        text.append("\n • ")
        text.append_text(shown(item.text))
        text.append_text(shown(owner, style="dim"))
    return text


class HomeScreen(ReflectScreen):
    """The first screen: the main actions and last session's open commitments."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"app.{action}", label) for action, label, key in MENU),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("Reflect — an offline reflection companion for mentoring")
        with Horizontal(id="home-body"):
            with Vertical(id="menu"):
                for action, label, key in MENU:
                    yield Button(
                        Text(f"{label}  ({key})"),
                        id=f"go-{action}",
                        classes="menu-item",
                        compact=True,
                    )
            with VerticalScroll(id="commitments"):
                yield Static(Text("Open commitments", style="bold"), classes="panel-title")
                yield Static(Text("Opening your journal…", style="dim"), id="commitments-body")
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#go-start", Button).focus()
        self.waiting_for_store = self.context.library is None
        if not self.waiting_for_store:
            self.reload()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("go-"):
            await self.app.run_action(event.button.id[3:])

    def reload(self) -> None:
        self._load_commitments()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-commitments")
    def _load_commitments(self) -> None:
        from reflect.surfacing.actions import latest_open_items

        library = self.context.wait_library()
        self.post_message(Commitments(latest_open_items(library.index)))

    def on_commitments(self, message: Commitments) -> None:
        self.query_one("#commitments-body", Static).update(commitments_text(message.items))
