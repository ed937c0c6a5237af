"""Reflection: the transcript, stage progress, the answer box and streamed follow-ups.

The session is changed only by one follow-up worker at a time or by the UI while no
worker runs, so the two never race. Esc while a follow-up streams stops it, removes the
half-written question and puts the answer back in the box.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Static, TextArea

from reflect.engine.session import Session
from reflect.entry import Turn

from ..conversation import Plan, follow_up, open_session, undo_follow_up
from ..errors import describe_error
from ..safe import shown
from ..widgets.related import RelatedPanel
from ..widgets.status import StatusLine, TopBar
from ..widgets.timer import StageTimer
from ..widgets.transcript import Transcript
from .base import ReflectScreen


def void(_: object) -> None:
    """Drop a return value (post_message's bool) so a lambda fits a None callback."""


WIDE = 120  # columns from which the related panel starts open


class ReflectionScreen(ReflectScreen):
    """One reflection in progress."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send"),
        Binding("escape", "stop", "Stop follow-up"),
        Binding("ctrl+n", "next_stage", "Skip/next"),
        Binding("ctrl+f", "finish", "Finish"),
        Binding("ctrl+r", "toggle_related", "Related"),
        Binding("ctrl+b", "leave", "Back"),
    ]

    class Opened(Message):
        def __init__(self, session: Session | None, error: str = "") -> None:
            super().__init__()
            self.session = session
            self.error = error

    class AttemptStarted(Message):
        """The model started writing a follow-up (again, if its first did not pass)."""

    class Token(Message):
        def __init__(self, piece: str) -> None:
            super().__init__()
            self.piece = piece

    class FollowUpDone(Message):
        def __init__(self, turn: Turn | None, error: str = "") -> None:
            super().__init__()
            self.turn = turn
            self.error = error

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.session: Session | None = None
        self.busy = False  # a follow-up worker owns the session
        self.generating = False  # the model is writing: Esc can stop it
        self.cancel: threading.Event | None = None
        self.submitted = ""
        self.typed = ""  # what is in the answer box now
        self.queued = False
        self.finishing = False  # the depth nudge before the summary is showing
        self._attempts = 0

    def compose(self) -> ComposeResult:
        yield TopBar("Reflection")
        yield Static(Text("Opening your journal…", style="dim"), id="progress")
        if self.context.demo:
            yield StageTimer(self.context.stage_seconds, id="stage-timer")
        yield Static("", id="hint")
        with Horizontal(id="reflection-body"):
            yield Transcript(id="transcript")
            yield RelatedPanel(id="related")
        yield TextArea(id="answer", placeholder="Write your answer here…", soft_wrap=True)
        yield Static(
            Text("ctrl+s send · enter new line · ctrl+n skip/next stage · ctrl+f finish"),
            id="input-hint",
        )
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#related").display = self.app.size.width >= WIDE
        self.answer_box.read_only = True
        self._open()

    @property
    def answer_box(self) -> TextArea:
        return self.query_one("#answer", TextArea)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    # -- opening ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="reflection-open")
    def _open(self) -> None:
        try:
            self.post_message(self.Opened(open_session(self.context, self.plan)))
        except Exception as exc:
            self.post_message(self.Opened(None, describe_error(exc)))

    def on_reflection_screen_opened(self, message: Opened) -> None:
        if message.session is None:
            self.notify(message.error, title="Cannot start", severity="error", markup=False)
            self.app.pop_screen()
            return
        session = self.session = message.session
        self.transcript.show_turns(session.entry.turns)
        box = self.answer_box
        box.read_only = False
        if session.current.answer.strip():  # resumed after the answer, before its follow-up
            box.text = session.retract()
            self.transcript.remove_last_answer()
        if self.plan.draft is not None:
            self.notify("Resumed your draft.")
        self._show_progress()
        box.focus()

    def _show_progress(self) -> None:
        session = self.session
        if session is None:
            return
        self.query_one("#progress", Static).update(shown(session.progress(), style="bold"))
        stage = session.stage
        for timer in self.query(StageTimer):  # demo mode: each stage gets its own countdown
            timer.show_stage(stage.id if stage else "")
        hint = (
            stage.hints[0] if stage and stage.hints and session.current.source == "template" else ""
        )
        self.query_one("#hint", Static).update(shown(hint, style="dim italic"))
        self.refresh_bindings()

    def _show_question(self, turn: Turn) -> None:
        self.transcript.add_question(turn)
        self._show_progress()
        self.answer_box.focus()

    # -- sending an answer, streaming the follow-up -----------------------------------

    def action_send(self) -> None:
        session = self.session
        if session is None:
            return
        if self.busy:
            if self.cancel is not None and self.cancel.is_set():
                self.queued = True  # the stopped follow-up is winding down; send right after
            else:
                self.notify("A follow-up is being written; Esc stops it.")
            return
        box = self.answer_box
        text = box.text.strip()
        if not text:
            self.notify("Write your answer first, or ctrl+n to skip to the next stage.")
            return
        self.submitted = box.text
        box.text = ""
        self.transcript.add_answer(text)
        if session.finished or self.finishing:  # the nudge before saving: on to the summary
            session.answer(text)
            self.action_finish()
            return
        box.read_only = True
        self.busy = True
        self._attempts = 0
        self.cancel = threading.Event()
        self._follow_up(session, text, self.cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="follow-up")
    def _follow_up(self, session: Session, text: str, cancel: threading.Event) -> None:
        try:
            turn = follow_up(
                self.context,
                session,
                text,
                cancel,
                lambda: void(self.post_message(self.AttemptStarted())),
                lambda piece: void(self.post_message(self.Token(piece))),
            )
        except Exception as exc:
            self.post_message(self.FollowUpDone(None, describe_error(exc)))
            return
        self.post_message(self.FollowUpDone(turn))

    def on_reflection_screen_attempt_started(self, message: AttemptStarted) -> None:
        if self.cancel is not None and self.cancel.is_set():
            return
        self._attempts += 1
        if self._attempts == 1:
            self.generating = True
            self.transcript.begin_stream()
            self.refresh_bindings()
        else:
            self.transcript.restart_stream()

    def on_reflection_screen_token(self, message: Token) -> None:
        if self.cancel is not None and not self.cancel.is_set():
            self.transcript.add_token(message.piece)

    def action_stop(self) -> None:
        if not self.generating or self.cancel is None or self.cancel.is_set():
            return
        self.cancel.set()
        self.generating = False
        self.transcript.end_stream()
        self.transcript.remove_last_answer()
        box = self.answer_box
        box.read_only = False
        box.text = self.submitted
        box.move_cursor(box.document.end)
        box.focus()
        self.refresh_bindings()

    def on_reflection_screen_follow_up_done(self, message: FollowUpDone) -> None:
        session = self.session
        self.busy = False
        self.generating = False
        stopped = self.cancel is not None and self.cancel.is_set()
        self.cancel = None
        if session is None:
            return
        if stopped:
            undo_follow_up(session, message.turn)
            if self.queued:
                self.queued = False
                self.action_send()
            return
        self.transcript.end_stream()
        self.answer_box.read_only = False
        if message.error:
            self.notify(message.error, title="Problem", severity="error", markup=False)
            self.answer_box.text = self.submitted
            return
        if message.turn is None:
            self.action_finish()
        else:
            self._show_question(message.turn)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.generating
        return True

    # -- moving on --------------------------------------------------------------------

    def _take_typed_answer(self) -> None:
        """Text in the box counts as the answer to the current question."""
        session = self.session
        box = self.answer_box
        text = box.text.strip()
        if session is not None and text and not session.current.answer.strip():
            session.answer(text)
            self.transcript.add_answer(text)
            box.text = ""

    def action_next_stage(self) -> None:
        session = self.session
        if session is None or self.busy:
            return
        self._take_typed_answer()
        turn = session.advance()
        if turn is None:
            self.action_finish()
        else:
            self._show_question(turn)

    def action_finish(self) -> None:
        session = self.session
        if session is None or self.busy:
            return
        self._take_typed_answer()
        if not session.entry.answers():
            self.notify("Nothing to save yet; answer at least one question first.")
            return
        nudge = session.depth_nudge()
        if nudge is not None:
            self.finishing = True
            self._show_question(nudge)
            self.notify("One more question before the summary.")
            return
        from .summary import SummaryScreen

        self.app.push_screen(SummaryScreen(session), self._after_summary)

    def _after_summary(self, saved: bool | None) -> None:
        if saved:
            self.app.pop_screen()
        else:
            self.notify("Not saved yet; your draft is kept. ctrl+f reviews the summary again.")
            self.answer_box.focus()

    def action_leave(self) -> None:
        if self.busy:
            self.notify("A follow-up is being written; Esc stops it first.")
            return
        self._take_typed_answer()
        if self.session is not None and self.session.entry.answers():
            self.notify("Your draft is kept; Start a reflection offers to resume it.")
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Quitting mid-reflection: stop the model, keep unsent text in the draft."""
        if self.cancel is not None:
            self.cancel.set()
        session = self.session
        if session is None or self.busy:
            return
        text = self.typed.strip()  # the widgets are already gone here
        if text and not session.current.answer.strip():
            session.answer(text)

    # -- related past insights ----------------------------------------------------------

    def action_toggle_related(self) -> None:
        panel = self.query_one(RelatedPanel)
        panel.display = not panel.display
        self._related_soon(now=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.typed = event.text_area.text
        self._related_soon()

    def _related_soon(self, now: bool = False) -> None:
        session = self.session
        if session is not None:
            text = self.answer_box.text.strip() or session.entry.text()[-600:]
            self.query_one(RelatedPanel).search_soon(text, session.entry.id, now)
