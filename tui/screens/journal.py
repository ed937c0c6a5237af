"""Journal: every entry, filtered by partner, role, template and date, or found by meaning."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Select, Static

from reflect.entry import ROLES, Entry
from reflect.surfacing.filtering import EntryFilter
from reflect.surfacing.ranking import Result, rank
from reflect.wording import count, entries

from ..errors import describe_error
from ..safe import markup_safe, short, shown
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen

INSIGHT_WIDTH = 70  # characters of an insight or a match shown in the list


def since_ts(value: str) -> int | None:
    """A YYYY-MM-DD filter as a timestamp; None when blank or not a date."""
    try:
        return int(datetime.fromisoformat(value.strip()).astimezone().timestamp())
    except ValueError:
        return None


class JournalScreen(ReflectScreen):
    """The list of entries, newest first, with filters and a search by meaning."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("f", "focus_filters", "Filters"),
        Binding("escape", "back", "Back"),
    ]

    class Listed(Message):
        def __init__(self, entries: list[Entry]) -> None:
            super().__init__()
            self.entries = entries

    class Found(Message):
        def __init__(self, query: str, results: list[Result], error: str = "") -> None:
            super().__init__()
            self.query = query
            self.results = results
            self.error = error  # why the search could not run ("" when it did)

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.results: list[Result] | None = None  # a search is shown when not None
        self._rows: list[tuple[str, tuple[str, ...]]] | None = None  # what the table shows

    def compose(self) -> ComposeResult:
        yield TopBar("Journal")
        yield Input(
            placeholder="Search by meaning, then enter (empty: all entries)",
            id="search",
            compact=True,
        )
        with Horizontal(id="filters"):
            yield Input(placeholder="partner", id="f-partner", compact=True)
            yield Select(
                [(Text(r), r) for r in ROLES], prompt="any role", id="f-role", compact=True
            )
            yield Select([], prompt="any template", id="f-template", compact=True)
            yield Input(placeholder="since YYYY-MM-DD", id="f-since", compact=True)
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="journal-count")
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#entries", DataTable)
        # Fixed widths: auto widths follow whichever rows are present when the table is
        # first laid out, and can squeeze dates, handles and insights to their header's
        # width.
        for label, width in (
            ("Date", 10),
            ("Partner", 14),
            ("Role", 6),
            ("Template", 19),
            ("Insight / match", INSIGHT_WIDTH),
        ):
            table.add_column(label, width=width)
        table.focus()
        self.reload()

    def reload(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, exit_on_error=False, group="journal-list")
    def _list(self) -> None:
        library = self.context.wait_library()
        entries = sorted(library.journal.entries(), key=lambda e: e.created, reverse=True)
        self.post_message(self.Listed(entries))

    def on_journal_screen_listed(self, message: Listed) -> None:
        self.entries = message.entries
        templates = sorted({e.template for e in self.entries})
        select = self.query_one("#f-template", Select)
        current = select.value
        select.set_options([(shown(t), t) for t in templates])
        if current in templates:
            select.value = current
        if self.results is not None:
            self._search(self.query_one("#search", Input).value)
        else:
            self.show()

    # -- filters and search -------------------------------------------------------------

    def filters(self) -> EntryFilter:
        role = self.query_one("#f-role", Select).value
        template = self.query_one("#f-template", Select).value
        return EntryFilter(
            partner=self.query_one("#f-partner", Input).value.strip(),
            role=role if isinstance(role, str) else None,
            template=template if isinstance(template, str) else None,
            since_ts=since_ts(self.query_one("#f-since", Input).value),
        )

    def show(self) -> None:
        wanted = self.filters()
        template = wanted.template
        by_id = {e.id: e for e in self.entries}
        rows: list[tuple[str, tuple[str, ...]]] = []
        if self.results is None:
            for e in wanted.apply(self.entries):
                insight = short(e.summary.insight, INSIGHT_WIDTH)
                row = (e.date, e.partner or "—", e.role, e.template, insight)
                rows.append((e.id, row))
        else:
            for r in self.results:  # ranked with the other filters already applied
                found = by_id.get(r.entry_id)
                if template and (found is None or found.template != template):
                    continue
                row = (
                    r.date,
                    r.partner or "—",
                    r.role,
                    found.template if found else "",
                    short(r.text, INSIGHT_WIDTH),
                )
                rows.append((r.entry_id, row))
        table = self.query_one("#entries", DataTable)
        if rows != self._rows:  # unchanged (a filter event that changed nothing): keep
            self._rows = rows  # the cursor where the person left it
            table.clear()
            for key, cells in rows:
                table.add_row(*(shown(c) for c in cells), key=key)
        self.query_one("#journal-count", Static).update(
            Text(f"{self._counted(table.row_count)} · enter opens · / searches", style="dim")
        )

    def _counted(self, rows: int) -> str:
        return entries(rows) if self.results is None else count(rows, "match")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self._search(event.value)
        else:
            self._search(self.query_one("#search", Input).value)
        self.query_one("#entries", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._search(self.query_one("#search", Input).value)

    def _search(self, query: str) -> None:
        if not query.strip():
            self.results = None
            self.show()
            return
        wanted = self.filters()  # the template is matched on the results (see show)
        self._rank(query, wanted.partner or None, wanted.role, wanted.since_ts)

    @work(thread=True, exclusive=True, exit_on_error=False, group="journal-search")
    def _rank(self, query: str, partner: str | None, role: str | None, since: int | None) -> None:
        library = self.context.wait_library()
        try:
            results = rank(
                library.index,
                library.embedder,
                query,
                20,
                partner=partner,
                role=role,
                since_ts=since,
            )
        except Exception as exc:  # another model's index, a store gone: said, not swallowed
            self.post_message(self.Found(query, [], describe_error(exc)))
            return
        self.post_message(self.Found(query, results))

    def on_journal_screen_found(self, message: Found) -> None:
        if message.error:
            self.notify(markup_safe(message.error), title="Search", severity="error", timeout=12)
            return
        self.results = message.results
        self.show()

    # -- opening an entry -----------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from .entry import EntryScreen

        if event.row_key.value:
            self.app.push_screen(EntryScreen(event.row_key.value))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_filters(self) -> None:
        self.query_one("#f-partner", Input).focus()

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id != "entries":
            self.query_one("#entries", DataTable).focus()
        elif self.results is not None:
            self.query_one("#search", Input).value = ""
            self._search("")
        else:
            self.app.pop_screen()
