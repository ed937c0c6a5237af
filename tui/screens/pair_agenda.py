"""The joint agenda of a pair prep: both sides side by side, saved and exportable.

A thread worker compares both sides (one embedding call), reads each side's open
commitments from the index, and saves the one entry (`PairSession.to_entry`) to the
journal of the person running Reflect; then the pair's draft is discarded. The
Markdown export (`JointAgenda.to_markdown`) goes to the path typed (a default under the
home folder is offered), written atomically, and a notice says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Static

from reflect.engine.pair import JointAgenda, PairSession

from ..errors import describe_error
from ..exports import as_typed, default_export_path, export_target
from ..messages import JournalChanged
from ..safe import markup_safe, shown
from ..widgets.joint_agenda import agenda_view
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen


def default_agenda_path(partner: str, prepared: str) -> Path:
    """Where a joint agenda is exported unless the pair says otherwise."""
    return default_export_path("agenda", partner, prepared)


class PairAgendaScreen(ReflectScreen):
    """Both perspectives, the agenda, each side's open commitments; export as Markdown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export"),
        Binding("escape", "app.pop_screen", "Done"),
    ]

    class Built(Message):
        def __init__(self, agenda: JointAgenda | None, entry_id: str = "", error: str = "") -> None:
            super().__init__()
            self.agenda = agenda
            self.entry_id = entry_id
            self.error = error

    class Exported(Message):
        def __init__(self, path: Path, error: str = "") -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, session: PairSession) -> None:
        super().__init__()
        self.session = session
        self.agenda: JointAgenda | None = None
        self.saved_id = ""

    def compose(self) -> ComposeResult:
        yield TopBar(f"Joint agenda — prepared together with {self.session.partner}")
        with VerticalScroll(id="agenda-body"):
            yield Static(Text("Comparing your answers…", style="dim"), id="agenda-view")
        with Horizontal(id="agenda-export"):
            yield Input(placeholder="export to a Markdown file", id="agenda-path", compact=True)
            yield Button("Export (ctrl+s)", id="agenda-export-go", compact=True)
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agenda-body", VerticalScroll).focus()
        self._build_and_save(self.session)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pair-agenda")
    def _build_and_save(self, session: PairSession) -> None:
        try:
            library = self.context.wait_library()
            agenda = session.joint_agenda(library.embedder, library.index)
            entry = session.to_entry(agenda)
            library.save(entry)
            self.context.pair_drafts.discard(entry.id)
        except Exception as exc:
            self.post_message(self.Built(None, error=describe_error(exc)))
            return
        self.post_message(self.Built(agenda, entry.id))

    def on_pair_agenda_screen_built(self, message: Built) -> None:
        view = self.query_one("#agenda-view", Static)
        if message.agenda is None:
            view.update(shown(message.error))
            self.notify(
                markup_safe(message.error + " Your answers are kept as a draft."),
                title="Not saved",
                severity="error",
            )
            return
        self.agenda, self.saved_id = message.agenda, message.entry_id
        view.update(agenda_view(message.agenda))
        path = default_agenda_path(message.agenda.partner, message.agenda.prepared)
        self.query_one("#agenda-path", Input).value = as_typed(path)
        self.notify(
            f"Saved to the {markup_safe(self.session.runner)}'s journal "
            f"(entry {markup_safe(message.entry_id)}).",
            title="Saved",
        )
        self.post_message(JournalChanged())

    # -- export ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "agenda-path":
            self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "agenda-export-go":
            self.action_export()

    def action_export(self) -> None:
        if self.agenda is None:
            self.notify("The agenda is still being put together; a moment.")
            return
        value = self.query_one("#agenda-path", Input).value
        if not value.strip():
            self.notify("Type where to save the agenda, e.g. ~/agenda.md.", severity="warning")
            return
        self._export(self.agenda, export_target(value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="pair-export")
    def _export(self, agenda: JointAgenda, path: Path) -> None:
        from reflect.fsutil import atomic_write

        try:
            atomic_write(path, agenda.to_markdown())
        except Exception as exc:
            self.post_message(self.Exported(path, describe_error(exc)))
            return
        self.post_message(self.Exported(path))

    def on_pair_agenda_screen_exported(self, message: Exported) -> None:
        if message.error:
            self.notify(markup_safe(message.error), title="Not exported", severity="error")
        else:
            where = markup_safe(as_typed(message.path))
            self.notify(f"Saved the joint agenda to {where}", title="Exported")
