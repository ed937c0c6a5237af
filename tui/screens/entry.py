"""One entry: read it, edit its answers and summary, or delete it (after a confirmation)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Label, Static, TextArea

from reflect.entry import Entry

from ..errors import describe_error
from ..messages import JournalChanged
from ..safe import markup_safe, shown
from ..widgets.status import StatusLine, TopBar
from ..widgets.summary_form import SummaryForm
from .base import ReflectScreen
from .confirm import ConfirmScreen


def entry_text(entry: Entry) -> Text:
    """The whole entry as plain text: header, summary, then every question and answer."""
    s = entry.summary
    out = Text()
    out.append_text(shown(entry.title or f"{entry.template} reflection", style="bold"))
    who = f" · with {entry.partner}" if entry.partner else ""
    out.append_text(shown(f"\n{entry.date} · {entry.template} · {entry.role}{who} · {entry.id}"))
    if s.insight:
        out.append("\n\nInsight\n", style="bold")
        out.append_text(shown(s.insight))
    if s.action_items:
        out.append("\n\nAction items", style="bold")
        for item in s.action_items:
            mark = "[x]" if item.done else "[ ]"
            extra = ", ".join(x for x in (item.owner, item.due) if x)
            out.append(f"\n {mark} ")
            out.append_text(shown(item.text + (f" ({extra})" if extra else "")))
    if s.goals:
        out.append("\n\nGoals", style="bold")
        for goal in s.goals:
            out.append("\n • ")
            out.append_text(shown(goal.text))
    if s.themes or s.mood:
        out.append("\n\n")
        out.append_text(shown(f"Themes: {', '.join(s.themes) or '—'}   Mood: {s.mood or '—'}"))
    for turn in entry.turns:
        out.append("\n\n? ", style="bold")
        out.append_text(shown(turn.question, style="bold"))
        out.append("\n")
        out.append_text(shown(turn.answer))
    return out


class EntryScreen(ReflectScreen):
    """Shows one entry; e edits, d deletes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    class Got(Message):
        def __init__(self, entry: Entry | None, error: str = "") -> None:
            super().__init__()
            self.entry = entry
            self.error = error

    class Deleted(Message):
        def __init__(self, error: str = "") -> None:
            super().__init__()
            self.error = error

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry: Entry | None = None

    def compose(self) -> ComposeResult:
        yield TopBar("Journal entry")
        with VerticalScroll(id="entry-body"):
            yield Static(Text("Opening…", style="dim"), id="entry-text")
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._get()

    @work(thread=True, exclusive=True, exit_on_error=False, group="entry-get")
    def _get(self) -> None:
        try:
            entry = self.context.wait_library().journal.get(self.entry_id)
        except Exception as exc:
            self.post_message(self.Got(None, describe_error(exc)))
            return
        self.post_message(self.Got(entry))

    def on_entry_screen_got(self, message: Got) -> None:
        if message.entry is None:
            self.notify(markup_safe(message.error), severity="error")
            self.app.pop_screen()
            return
        self.entry = message.entry
        self.query_one("#entry-text", Static).update(entry_text(message.entry))

    def action_edit(self) -> None:
        if self.entry is not None:
            self.app.push_screen(EditEntryScreen(self.entry))

    def action_delete(self) -> None:
        entry = self.entry
        if entry is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(entry.id)

        detail = f"{entry.date} · {entry.title or entry.template} · {entry.id}"
        self.app.push_screen(ConfirmScreen("Delete this entry for good?", detail), confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entry-delete")
    def _delete(self, entry_id: str) -> None:
        try:
            self.context.wait_library().delete(entry_id)
        except Exception as exc:
            self.post_message(self.Deleted(describe_error(exc)))
            return
        self.post_message(self.Deleted())

    def on_entry_screen_deleted(self, message: Deleted) -> None:
        if message.error:
            self.notify(markup_safe(message.error), severity="error")
            return
        self.notify("Entry deleted.")
        self.post_message(JournalChanged())  # before closing: it bubbles up to the app
        self.app.pop_screen()


class EditEntryScreen(ReflectScreen):
    """Edit every answer and the summary; ctrl+s saves, esc asks before dropping changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
    ]

    class Saved(Message):
        def __init__(self, error: str = "") -> None:
            super().__init__()
            self.error = error

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        yield TopBar("Edit entry — ctrl+s saves")
        with VerticalScroll(id="edit-body"):
            for n, turn in enumerate(self.entry.turns):
                yield Label(shown(turn.question), classes="field-label")
                yield TextArea(shown(turn.answer).plain, id=f"turn-{n}", classes="edit-answer")
            yield Static(Text("Summary", style="bold"), classes="panel-title")
            yield SummaryForm(self.entry.summary)
        yield StatusLine(classes="status")
        yield Footer()

    def edited(self) -> Entry:
        from dataclasses import replace

        turns = [
            replace(t, answer=self.query_one(f"#turn-{n}", TextArea).text.strip())
            for n, t in enumerate(self.entry.turns)
        ]
        summary = self.query_one(SummaryForm).read()
        return replace(self.entry, turns=turns, summary=summary, summary_reviewed=True)

    def action_save(self) -> None:
        self._save(self.edited())

    @work(thread=True, exclusive=True, exit_on_error=False, group="entry-save")
    def _save(self, entry: Entry) -> None:
        try:
            self.context.wait_library().save(entry)
        except Exception as exc:
            self.post_message(self.Saved(describe_error(exc)))
            return
        self.post_message(self.Saved())

    def on_edit_entry_screen_saved(self, message: Saved) -> None:
        if message.error:
            self.notify(markup_safe(message.error), title="Not saved", severity="error")
            return
        self.notify("Entry saved.")
        self.post_message(JournalChanged())  # before closing: it bubbles up to the app
        self.app.pop_screen()

    def action_leave(self) -> None:
        edited = self.edited()
        same = edited.turns == self.entry.turns and edited.summary == self.entry.summary
        if same:
            self.app.pop_screen()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen("Leave without saving your changes?", yes="Leave"), confirmed
        )
