"""The side panel of related past insights, ranked on what is being written."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from reflect.surfacing.ranking import Result

from ..context import context_of
from ..conversation import related_texts
from ..errors import describe_error
from ..safe import shown

DELAY = 0.6  # seconds of quiet typing before searching


class RelatedPanel(VerticalScroll):
    """Past insights and answers close in meaning to the current answer."""

    can_focus = False

    class Found(Message):
        def __init__(self, results: list[Result], error: str = "") -> None:
            super().__init__()
            self.results = results
            self.error = error  # why nothing could be ranked ("" when it was)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    def search_soon(self, text: str, exclude: str, now: bool = False) -> None:
        """Rank past writing against `text` once typing pauses (only while shown)."""
        if not self.display or not text:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0 if now else DELAY, lambda: self._search(text, exclude))

    @work(thread=True, exclusive=True, exit_on_error=False, group="related")
    def _search(self, text: str, exclude: str) -> None:
        library = context_of(self.app).library
        if library is None:
            return
        try:
            found = related_texts(library, library.embedder, text, exclude)
        except Exception as exc:  # another model's index: said in the panel, not swallowed
            self.post_message(self.Found([], describe_error(exc)))
            return
        self.post_message(self.Found(found))

    def on_related_panel_found(self, message: Found) -> None:
        if message.error:
            self.query_one("#related-body", Static).update(Text(message.error, style="dim"))
            return
        self.show_results(message.results)

    def compose(self) -> ComposeResult:
        yield Static(Text("Related from your journal", style="bold"), classes="panel-title")
        yield Static(
            Text("Start writing to see related past insights.", style="dim"), id="related-body"
        )

    def show_results(self, results: list[Result]) -> None:
        body = self.query_one("#related-body", Static)
        if not results:
            body.update(Text("Nothing related yet.", style="dim"))
            return
        text = Text()
        for n, result in enumerate(results):
            if n:
                text.append("\n\n")
            who = f" · {result.partner}" if result.partner else ""
            text.append_text(shown(f"{result.date}{who}", style="dim"))
            text.append("\n")
            text.append_text(shown(result.text))
        body.update(text)
