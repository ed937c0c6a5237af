"""Prepare: the brief for the next session with one partner, and its Markdown export.

The partner list comes from the index (`journal_partners`: the partners named in
summarised entries, most recent first). The brief is built in a thread worker in two
steps: first with curated agenda questions (a handful of store queries, so it shows at
once), then, when a model is loaded, again with the model's gated questions. Workers
only post messages.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Select, Static

from reflect.surfacing.brief import Brief
from reflect.surfacing.partners import journal_partners
from reflect.wording import entries

from ..errors import describe_error
from ..exports import as_typed, default_export_path, export_target
from ..safe import markup_safe, shown
from ..widgets.brief_view import brief_view
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen


def default_brief_path(partner: str, prepared: str) -> Path:
    """Where a brief is exported unless the person says otherwise."""
    return default_export_path("brief", partner, prepared)


class PrepareScreen(ReflectScreen):
    """Choose a partner (and a topic); read the brief; export it as Markdown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    class PartnersListed(Message):
        def __init__(self, partners: list[tuple[str, int]]) -> None:
            super().__init__()
            self.partners = partners

    class BriefBuilt(Message):
        def __init__(self, request: int, brief: Brief, pending: bool) -> None:
            super().__init__()
            self.request = request
            self.brief = brief
            self.pending = pending  # the model is still writing agenda questions

    class BriefFailed(Message):
        def __init__(self, request: int, text: str) -> None:
            super().__init__()
            self.request = request
            self.text = text

    class Exported(Message):
        def __init__(self, path: Path, error: str = "") -> None:
            super().__init__()
            self.path = path
            self.error = error

    def __init__(self, partner: str | None = None, now: datetime | None = None) -> None:
        super().__init__()
        self.wanted = partner  # preselect this partner once the list arrives
        self.now = now  # fixed in tests; None means the clock
        self.brief: Brief | None = None
        self.pending = False
        self.request = 0
        self.cancel = threading.Event()
        self.suggested_path = ""

    def compose(self) -> ComposeResult:
        yield TopBar("Prepare for a session")
        with Horizontal(id="prep-form"):
            yield Select([], prompt="choose a partner", id="prep-partner", compact=True)
            yield Input(placeholder="topic (optional), then enter", id="prep-topic", compact=True)
        with VerticalScroll(id="prep-brief"):
            yield Static(Text("Opening your journal…", style="dim"), id="prep-body")
        with Horizontal(id="prep-export"):
            yield Input(placeholder="export to a Markdown file", id="prep-path", compact=True)
            yield Button("Export (ctrl+s)", id="prep-export-go", compact=True)
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#prep-partner", Select).focus()
        self.reload()

    def reload(self) -> None:
        self._list_partners()

    def _say(self, text: str | Text | Table) -> None:
        body = Text(text, style="dim") if isinstance(text, str) else text
        self.query_one("#prep-body", Static).update(body)

    # -- partners -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare-partners")
    def _list_partners(self) -> None:
        index = self.context.wait_library().index
        self.post_message(self.PartnersListed(journal_partners(index)))

    def on_prepare_screen_partners_listed(self, message: PartnersListed) -> None:
        select = self.query_one("#prep-partner", Select)
        names = [p for p, _ in message.partners]
        current = select.value if isinstance(select.value, str) else self.wanted
        with self.prevent(Select.Changed):
            select.set_options([(shown(f"{p}  ({entries(n)})"), p) for p, n in message.partners])
        if not names:
            self._say(
                "No partner is named in your journal yet. Start a reflection with a "
                "partner's name, then come back to prepare for your next session together."
            )
            return
        # Changed builds the brief (again, when the journal changed under one shown)
        select.value = current if current in names else names[0]

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "prep-partner" and isinstance(event.value, str):
            self.build()

    # -- the brief --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "prep-topic":
            self.build()
        elif event.input.id == "prep-path":
            self.action_export()

    def build(self) -> None:
        partner = self.query_one("#prep-partner", Select).value
        if not isinstance(partner, str):
            return
        topic = self.query_one("#prep-topic", Input).value
        self.cancel.set()  # a brief still being written for the old choice is not wanted
        self.cancel = threading.Event()
        self.request += 1
        shown_now = self.brief
        if shown_now is None or (shown_now.partner, shown_now.topic) != (
            partner,
            " ".join(topic.split()),
        ):
            self._say(shown(f"Building the brief for {partner}…", style="dim"))
        self._build(self.request, partner, topic, self.cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare-brief")
    def _build(self, request: int, partner: str, topic: str, cancel: threading.Event) -> None:
        from reflect.llm.nomodel import NoModel
        from reflect.surfacing.prep import Prep

        try:
            library = self.context.wait_library()
            brief = Prep(library.index, library.embedder).brief(
                partner, topic, now=self.now, cancel=cancel
            )
            self.post_message(self.BriefBuilt(request, brief, pending=brief.found))
            if not brief.found or cancel.is_set():
                return
            model = self.context.services.model  # waits (in this thread) while it loads
            if not isinstance(model, NoModel) and not cancel.is_set():
                prep = Prep(library.index, library.embedder, model)
                brief = prep.brief(partner, topic, now=self.now, cancel=cancel)
        except Exception as exc:
            self.post_message(self.BriefFailed(request, describe_error(exc)))
            return
        self.post_message(self.BriefBuilt(request, brief, pending=False))

    def on_prepare_screen_brief_built(self, message: BriefBuilt) -> None:
        if message.request != self.request:
            return  # an older choice of partner or topic
        brief = message.brief
        self.brief, self.pending = brief, message.pending
        if not brief.found:
            self._say(shown(f"No entries with {brief.partner} yet.", style="dim"))
            return
        self._say(brief_view(brief, agenda_pending=message.pending))
        path_input = self.query_one("#prep-path", Input)
        suggested = as_typed(default_brief_path(brief.partner, brief.prepared))
        if path_input.value in ("", self.suggested_path):  # keep a path the person typed
            path_input.value = suggested
        self.suggested_path = suggested

    def on_prepare_screen_brief_failed(self, message: BriefFailed) -> None:
        if message.request == self.request:
            self._say(shown(message.text))
            self.notify(markup_safe(message.text), title="Problem", severity="error")

    # -- export -----------------------------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "prep-export-go":
            self.action_export()

    def action_export(self) -> None:
        if self.brief is None or not self.brief.found:
            self.notify("Choose a partner with entries first; then export their brief.")
            return
        value = self.query_one("#prep-path", Input).value
        if not value.strip():
            self.notify("Type where to save the brief, e.g. ~/brief.md.", severity="warning")
            return
        self._export(self.brief, export_target(value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare-export")
    def _export(self, brief: Brief, path: Path) -> None:
        from reflect.fsutil import atomic_write
        from reflect.surfacing.brief_export import brief_markdown

        try:
            atomic_write(path, brief_markdown(brief))
        except Exception as exc:
            self.post_message(self.Exported(path, describe_error(exc)))
            return
        self.post_message(self.Exported(path))

    def on_prepare_screen_exported(self, message: Exported) -> None:
        if message.error:
            self.notify(markup_safe(message.error), title="Not exported", severity="error")
        else:
            where = markup_safe(as_typed(message.path))
            self.notify(f"Saved the brief to {where}", title="Exported")
