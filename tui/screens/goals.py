"""Goals & actions: action items by partner (open and done, toggle), and learning goals."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from reflect.storage.index import Hit
from reflect.surfacing.actions import TrackedItem, set_done, tracked_items

from ..errors import describe_error
from ..safe import markup_safe, shown
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen


class GoalsScreen(ReflectScreen):
    """Action items grouped by partner; space marks one done (or open again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_done", "Done/open"),
        Binding("o", "open_only", "Open only/all"),
        Binding("e", "edit", "Edit entry"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    class Listed(Message):
        def __init__(self, items: list[TrackedItem], goals: list[Hit]) -> None:
            super().__init__()
            self.items = items
            self.goals = goals

    class Toggled(Message):
        def __init__(self, error: str = "") -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, TrackedItem] = {}
        self.open_only = False

    def compose(self) -> ComposeResult:
        yield TopBar("Goals & actions")
        yield Static(Text("Action items", style="bold"), classes="panel-title")
        yield DataTable(id="actions", cursor_type="row")
        yield Static(Text("Learning goals", style="bold"), classes="panel-title")
        yield DataTable(id="goals", cursor_type="row")
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actions", DataTable).add_columns("", "Partner", "Action", "Owner", "From")
        self.query_one("#goals", DataTable).add_columns("Partner", "Goal", "From")
        self.query_one("#actions", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, exit_on_error=False, group="goals-list")
    def _list(self) -> None:
        index = self.context.wait_library().index
        items = tracked_items(index, open_only=False)
        goals = sorted(index.rows({"kind": "goal"}), key=lambda h: str(h.metadata.get("date")))
        self.post_message(self.Listed(items, goals))

    def on_goals_screen_listed(self, message: Listed) -> None:
        table = self.query_one("#actions", DataTable)
        keep = table.cursor_row
        table.clear()
        self.items = {}
        for item in sorted(message.items, key=lambda i: (i.partner, i.done, i.date)):
            if self.open_only and item.done:
                continue
            key = f"{item.entry_id}:{item.position}"
            self.items[key] = item
            cells = [
                "[x]" if item.done else "[ ]",
                item.partner or "—",
                item.text,
                item.owner,
                item.date,
            ]
            table.add_row(*(shown(c, "dim" if item.done else "") for c in cells), key=key)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        goals = self.query_one("#goals", DataTable)
        goals.clear()
        for hit in message.goals:
            meta = hit.metadata
            cells = [str(meta.get("partner") or "—"), hit.text, str(meta.get("date", ""))]
            goals.add_row(*(shown(c) for c in cells), key=hit.id)

    def _current(self) -> TrackedItem | None:
        table = self.query_one("#actions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(key or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "actions":
            self.action_toggle_done()

    def action_toggle_done(self) -> None:
        item = self._current()
        if item is not None:
            self._set(item.entry_id, item.position, not item.done)

    @work(thread=True, exclusive=True, exit_on_error=False, group="goals-toggle")
    def _set(self, entry_id: str, position: int, done: bool) -> None:
        try:
            set_done(self.context.wait_library(), entry_id, position, done)
        except Exception as exc:
            self.post_message(self.Toggled(describe_error(exc)))
            return
        self.post_message(self.Toggled())

    def on_goals_screen_toggled(self, message: Toggled) -> None:
        if message.error:
            self.notify(markup_safe(message.error), severity="error")
        self.reload()

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self.reload()

    def action_edit(self) -> None:
        from .entry import EntryScreen

        table = self.focused
        entry_id = None
        if isinstance(table, DataTable) and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
            entry_id = key.split(":")[0]
        if entry_id:
            self.app.push_screen(EntryScreen(entry_id))
