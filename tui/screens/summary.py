"""Summary review: the proposed insight, action items, goals, themes and mood — edit, then save.

The proposal is written in a worker. Saving writes the journal file and indexes it (in a
worker), then discards the draft. Cancel goes back to the reflection; the draft stays.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, LoadingIndicator, Static

from reflect.engine.session import Session
from reflect.engine.summary import Summarizer
from reflect.entry import Summary

from ..errors import describe_error
from ..messages import JournalChanged
from ..safe import markup_safe
from ..widgets.status import StatusLine, TopBar
from ..widgets.summary_form import SummaryForm
from .base import ReflectScreen


class SummaryScreen(ReflectScreen):
    """Dismisses with True once saved, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Back (draft kept)"),
    ]

    class Proposed(Message):
        def __init__(self, summary: Summary, error: str = "") -> None:
            super().__init__()
            self.summary = summary
            self.error = error

    class Saved(Message):
        def __init__(self, where: str, error: str = "") -> None:
            super().__init__()
            self.where = where
            self.error = error

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.saving = False

    def compose(self) -> ComposeResult:
        yield TopBar("Review your summary — edit anything, then save")
        with VerticalScroll(id="summary-body"):
            yield Static(
                Text("Writing a summary of what you said…", style="dim"), id="summary-wait"
            )
            yield LoadingIndicator()
        with Horizontal(classes="buttons", id="summary-buttons"):
            yield Button(
                "Save to journal (ctrl+s)",
                variant="primary",
                id="save",
                disabled=True,
                compact=True,
            )
            yield Button("Back (esc)", id="back", compact=True)
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self._propose()

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary")
    def _propose(self) -> None:
        context = self.context
        try:
            context.wait_library()  # the embedders are loading beside the store
            summarizer = Summarizer(context.services.model, context.services.reader)
            self.post_message(self.Proposed(self.session.summarize(summarizer)))
        except Exception as exc:  # the person still gets an empty form to fill in
            self.post_message(self.Proposed(Summary(), describe_error(exc)))

    async def on_summary_screen_proposed(self, message: Proposed) -> None:
        body = self.query_one("#summary-body", VerticalScroll)
        await body.remove_children()
        await body.mount(SummaryForm(message.summary, id="summary-form"))
        self.query_one("#save", Button).disabled = False
        if message.error:
            self.notify(markup_safe(message.error), title="No proposal", severity="warning")
        self.query_one("#insight").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "back":
            self.action_cancel()

    def action_save(self) -> None:
        forms = self.query(SummaryForm)
        if not forms or self.saving:
            return
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self._save(forms.first().read())

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary-save")
    def _save(self, summary: Summary) -> None:
        try:
            library = self.context.wait_library()
            path = library.save(self.session.finalize(summary))
            self.session.discard_draft()
        except Exception as exc:
            self.post_message(self.Saved("", describe_error(exc)))
            return
        self.post_message(self.Saved(str(path.relative_to(library.journal.root.parent))))

    def on_summary_screen_saved(self, message: Saved) -> None:
        if message.error:
            self.saving = False
            self.query_one("#save", Button).disabled = False
            self.notify(markup_safe(message.error), title="Not saved", severity="error")
            return
        if self.context.demo or self.context.services.settings.ephemeral:
            where = "the demo journal, in memory: nothing is written to disk"
        else:
            where = message.where
        self.notify(markup_safe(f"Saved to {where}."), title="Saved")
        self.post_message(JournalChanged())  # before closing: it bubbles up to the app
        self.dismiss(True)

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
