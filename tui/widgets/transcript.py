"""The reflection transcript: questions, answers, and a follow-up streaming in."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reflect.entry import Turn

from ..safe import shown

SOURCE_LABELS = {
    "template": "",
    "model": "follow-up",
    "listening": "follow-up",
    "curated": "follow-up",
    "nudge": "going deeper",
    "commitment": "last time",
}


def question_text(turn: Turn) -> Text:
    label = SOURCE_LABELS.get(turn.source, "")
    text = Text("? ", style="bold")
    text.append_text(shown(turn.question, style="bold"))
    if label:
        text.append(f"  ({label})", style="dim italic")
    return text


class Transcript(VerticalScroll):
    """A scrolling list of the session's turns; the newest stays in view."""

    can_focus = False

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._streaming: Static | None = None
        self._stream_text = ""

    def show_turns(self, turns: list[Turn]) -> None:
        self.remove_children()
        for turn in turns:
            self.add_question(turn)
            if turn.answer.strip():
                self.add_answer(turn.answer)

    def add_question(self, turn: Turn) -> None:
        self.mount(Static(question_text(turn), classes="question"))
        self.scroll_end(animate=False)

    def add_answer(self, text: str) -> Static:
        bubble = Static(shown(text), classes="answer")
        self.mount(bubble)
        self.scroll_end(animate=False)
        return bubble

    # -- a follow-up streaming in -----------------------------------------------------

    def begin_stream(self) -> None:
        self.end_stream()
        self._stream_text = ""
        self._streaming = Static(Text("… thinking", style="dim italic"), classes="streaming")
        self.mount(self._streaming)
        self.scroll_end(animate=False)

    def restart_stream(self) -> None:
        """The model is trying again (its first proposal did not pass the gate)."""
        self._stream_text = ""
        if self._streaming is not None:
            self._streaming.update(Text("… thinking again", style="dim italic"))

    def add_token(self, piece: str) -> None:
        if self._streaming is None:
            return
        self._stream_text += piece
        text = Text("? ", style="dim bold")
        text.append_text(shown(self._stream_text.lstrip(), style="italic"))
        self._streaming.update(text)
        self.scroll_end(animate=False)

    @property
    def streamed(self) -> str:
        return self._stream_text

    def end_stream(self) -> None:
        """Remove the half-streamed question (the final one is added as a turn)."""
        if self._streaming is not None:
            self._streaming.remove()
            self._streaming = None

    def remove_last_answer(self) -> None:
        answers = self.query(".answer")
        if answers:
            answers.last().remove()
