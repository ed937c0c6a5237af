"""Prepare together: mentor and mentee at one terminal take turns through pair-prep.

`begin_pair(app)` opens the setup dialog (who runs Reflect — the journal the agenda is
saved to —, the partner's handle, who answers first; or resume an unfinished pair prep),
then `PairScreen`: each stage is answered by both, and the screen says in large letters
whose turn it is. Every answer is kept as a draft (the context's `pair_drafts`, apart from
reflection drafts), so leaving or a crash loses at most the answer being typed. When
both have answered every stage, the joint agenda opens (`pair_agenda.PairAgendaScreen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from reflect.engine.pair import PAIR_ROLES, PAIR_TEMPLATE, PairSession, role_of
from reflect.wording import count

from ..safe import shown
from ..widgets.status import StatusLine, TopBar
from ..widgets.timer import StageTimer
from .base import ReflectModal, ReflectScreen

if TYPE_CHECKING:
    from textual.app import App


@dataclass
class PairPlan:
    """A new pair prep (runner, partner, who answers first), or a draft to resume."""

    runner: str = "mentee"
    partner: str = ""
    first: str = "mentee"
    draft: dict[str, Any] | None = None


def begin_pair(app: App[Any]) -> None:
    """The setup dialog, then the pair screen."""

    def open_plan(plan: PairPlan | None) -> None:
        if plan is not None:
            app.push_screen(PairScreen(plan))

    app.push_screen(PairSetupScreen(), open_plan)


class PairSetupScreen(ReflectModal):
    """Who runs Reflect, who the partner is, who answers first; dismisses with a PairPlan."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        choices = self.context.tui_state.load()
        drafts = self.context.pair_drafts.list()
        self.draft_id = drafts[0].id if drafts else None
        roles = [(Text(r), r) for r in PAIR_ROLES]
        with Vertical(classes="dialog", id="pair-dialog"):
            yield Static(Text("Prepare a session together", style="bold"), classes="dialog-title")
            yield Static(
                Text("Mentor and mentee take turns at this keyboard; then a joint agenda."),
                classes="dialog-detail",
            )
            if drafts:
                who = drafts[0].partner or "your partner"
                answers = count(drafts[0].answered, "answer")
                yield Button(
                    shown(f"Resume the pair prep with {who} ({answers})"),
                    id="pair-resume",
                    variant="success",
                )
            yield Label("The person running Reflect (the agenda goes to their journal) is the")
            yield Select(
                roles,
                value=choices.role if choices.role in PAIR_ROLES else "mentee",
                allow_blank=False,
                id="pair-runner",
                compact=True,
            )
            yield Label("Their partner (a handle, e.g. partner-a)")
            yield Input(
                choices.partner,
                placeholder="required",
                suggester=SuggestFromList(choices.partners, case_sensitive=False),
                id="pair-partner",
                compact=True,
            )
            yield Label("Who answers each stage first")
            yield Select(roles, value="mentee", allow_blank=False, id="pair-first", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Start", variant="primary", id="pair-begin")
                yield Button("Cancel", id="pair-cancel")

    def on_mount(self) -> None:
        partner = self.query_one("#pair-partner", Input)
        (partner if not partner.value else self.query_one("#pair-begin", Button)).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pair-begin":
            self._begin()
        elif event.button.id == "pair-resume" and self.draft_id is not None:
            self.dismiss(PairPlan(draft=self.context.pair_drafts.load(self.draft_id)))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _begin(self) -> None:
        partner = " ".join(self.query_one("#pair-partner", Input).value.split())
        if not partner:
            self.notify("Type your partner's handle first, e.g. partner-a.", severity="warning")
            self.query_one("#pair-partner", Input).focus()
            return
        runner = str(self.query_one("#pair-runner", Select).value)
        first = str(self.query_one("#pair-first", Select).value)
        self.context.tui_state.remember(PAIR_TEMPLATE, runner, partner)
        self.dismiss(PairPlan(runner, partner, first))


def answered_text(session: PairSession) -> Text:
    """Every answer so far, labelled with whose it is."""
    text = Text()
    for n, turn in enumerate(session.entry.turns):
        role = role_of(turn) or ""
        text.append("\n" if n else "")
        text.append(f"{role.capitalize()}: ", style=f"bold {ROLE_STYLES.get(role, '')}")
        text.append_text(answer_or_pass(turn.answer))
    return text


def answer_or_pass(answer: str) -> Text:
    return shown(answer) if answer.strip() else Text("(passed)", style="dim italic")


ROLE_STYLES = {"mentor": "cyan", "mentee": "magenta"}


class PairScreen(ReflectScreen):
    """Both answer every stage, turn by turn; the screen says whose turn it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # not priority: a priority key would overtake characters still queued for the box
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+n", "pass_turn", "Pass"),
        Binding("ctrl+b", "leave", "Back (kept)"),
    ]

    def __init__(self, plan: PairPlan) -> None:
        super().__init__()
        self.plan = plan
        self.session: PairSession | None = None

    def compose(self) -> ComposeResult:
        yield TopBar("Prepare together")
        yield Static("", id="pair-progress")
        if self.context.demo:
            yield StageTimer(self.context.stage_seconds, id="stage-timer")
        yield Static("", id="pair-whose")
        yield Static("", id="pair-question")
        with VerticalScroll(id="pair-answered"):
            yield Static("", id="pair-answered-body")
        yield TextArea(id="pair-answer", soft_wrap=True)
        yield Static(
            Text("ctrl+s send · enter new line · ctrl+n pass this turn · ctrl+b back (kept)"),
            id="pair-hint",
        )
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        template = self.context.services.templates.get(PAIR_TEMPLATE)
        plan = self.plan
        if plan.draft is not None:
            self.session = PairSession.from_draft(template, plan.draft)
            self.notify("Resumed your pair prep.")
        else:
            self.session = PairSession(template, plan.runner, plan.partner, plan.first)
        self._show()

    @property
    def answer_box(self) -> TextArea:
        return self.query_one("#pair-answer", TextArea)

    def _show(self) -> None:
        session = self.session
        if session is None:
            return
        turn = session.current
        if turn is None:
            self._to_agenda()
            return
        done, total = session.progress
        stages = [s.id for s in session.template.stages]
        number = stages.index(turn.stage.id) + 1
        progress = (
            f"{turn.stage.title} · stage {number} of {len(stages)} · turn {done + 1} of {total}"
        )
        self.query_one("#pair-progress", Static).update(shown(progress, style="bold"))
        who = "you" if turn.role == session.runner else session.partner
        whose = self.query_one("#pair-whose", Static)
        whose.update(shown(f"{turn.label.upper()}'S TURN  ({who})"))
        for role in PAIR_ROLES:
            whose.set_class(role == turn.role, f"-{role}")
        question = shown(f"{turn.label}: ", style="bold")
        question.append_text(shown(turn.question))
        self.query_one("#pair-question", Static).update(question)
        self.query_one("#pair-answered-body", Static).update(answered_text(session))
        self.query_one("#pair-answered", VerticalScroll).scroll_end(animate=False)
        for timer in self.query(StageTimer):
            timer.show_stage(turn.stage.id)
        box = self.answer_box
        box.border_title = f"{turn.label}'s answer"
        box.focus()

    def action_send(self) -> None:
        if self.session is None or self.session.done:
            return
        text = self.answer_box.text.strip()
        if not text:
            self.notify("Write an answer first, or ctrl+n to pass this turn.")
            return
        self._record(text)

    def action_pass_turn(self) -> None:
        if self.session is not None and not self.session.done:
            self._record(self.answer_box.text.strip())

    def _record(self, text: str, show: bool = True) -> None:
        session = self.session
        assert session is not None
        session.answer(text)
        self.context.pair_drafts.save(session.entry.id, session.draft_state())
        self.answer_box.text = ""
        if show:
            self._show()

    def _to_agenda(self) -> None:
        from .pair_agenda import PairAgendaScreen

        assert self.session is not None
        self.app.switch_screen(PairAgendaScreen(self.session))

    def action_leave(self) -> None:
        session = self.session
        text = self.answer_box.text.strip()
        if session is not None and text and not session.done:  # unsent text is kept too
            self._record(text, show=False)
        if session is not None and session.entry.turns:
            self.notify("Your answers are kept; Prepare together offers to resume them.")
        self.app.pop_screen()
