"""Starting a reflection: offer to resume a draft, then pick template, role and partner.

The choices are remembered (`tui-state.json`) so the next start is one keypress.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from reflect.entry import ROLES
from reflect.storage.drafts import DraftInfo
from reflect.wording import count

from ..context import context_of
from ..conversation import Plan
from ..safe import shown
from .base import ReflectModal
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.app import App


def begin_reflection(app: App[Any]) -> None:
    """Resume offer first (if there are drafts), then the start dialog."""
    from .reflection import ReflectionScreen

    drafts = context_of(app).drafts

    def open_plan(plan: Plan | None) -> None:
        if plan is not None:
            app.push_screen(ReflectionScreen(plan))

    def after_resume(choice: str | None) -> None:
        if choice is None:
            return
        if choice == "new":
            app.push_screen(StartScreen(), open_plan)
            return
        state = drafts.load(choice)
        entry = state.get("entry") or {}
        open_plan(Plan(str(entry.get("template", "quick")), draft=state))

    unfinished = drafts.list()
    if unfinished:
        app.push_screen(ResumeScreen(unfinished), after_resume)
    else:
        app.push_screen(StartScreen(), open_plan)


def draft_label(draft: DraftInfo) -> Text:
    who = f" with {draft.partner}" if draft.partner else ""
    when = draft.saved_at.replace("T", " ")[:16]
    return shown(f"{draft.template}{who} — {count(draft.answered, 'answer')}, saved {when}")


class ResumeScreen(ReflectModal):
    """Unfinished reflections: resume one, discard one, or start new."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "Start new"),
        Binding("x", "discard", "Discard draft"),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, drafts: list[DraftInfo]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Resume an unfinished reflection?", style="bold"))
            yield Static(Text("enter resumes · n starts new · x discards", style="dim"))
            yield OptionList(*(Option(draft_label(d), id=d.id) for d in self.drafts), id="drafts")
            with Horizontal(classes="buttons"):
                yield Button("Start new (n)", id="new", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("new" if event.button.id == "new" else None)

    def action_new(self) -> None:
        self.dismiss("new")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_discard(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        draft_id = option.id or ""

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.context.drafts.discard(draft_id)
                options.remove_option(draft_id)
                if options.option_count == 0:
                    self.dismiss("new")

        self.app.push_screen(
            ConfirmScreen("Discard this draft?", str(option.prompt), yes="Discard"), done
        )


class StartScreen(ReflectModal):
    """Pick template, role and partner; dismisses with a Plan or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        choices = self.context.tui_state.load()
        templates = self.context.services.templates.all()
        ids = [t.id for t in templates]
        with Vertical(classes="dialog", id="start-dialog"):
            yield Static(Text("Start a reflection", style="bold"), classes="dialog-title")
            yield Label("Template")
            yield Select(
                [(shown(t.title), t.id) for t in templates],
                value=choices.template if choices.template in ids else ids[0],
                allow_blank=False,
                id="template",
                compact=True,
            )
            yield Label("You are the")
            yield Select(
                [(Text(r), r) for r in ROLES],
                value=choices.role if choices.role in ROLES else "mentee",
                allow_blank=False,
                id="role",
                compact=True,
            )
            yield Label("Partner (optional handle, e.g. partner-a)")
            yield Input(
                choices.partner,
                placeholder="who this is about; blank for a private note",
                suggester=SuggestFromList(choices.partners, case_sensitive=False),
                id="partner",
                compact=True,
            )
            with Horizontal(classes="buttons"):
                yield Button("Start", variant="primary", id="begin")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#begin", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "begin":
            self._begin()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _begin(self) -> None:
        template = str(self.query_one("#template", Select).value)
        role = str(self.query_one("#role", Select).value)
        partner = " ".join(self.query_one("#partner", Input).value.split())
        tpl = self.context.services.templates.get(template)
        if role not in tpl.roles:
            self.notify(f"{tpl.title} is for {', '.join(tpl.roles)}; pick one of those roles.")
            return
        self.context.tui_state.remember(template, role, partner)
        self.dismiss(Plan(template, role, partner))
