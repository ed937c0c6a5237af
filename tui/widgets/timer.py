"""The facilitator's stage timer: a per-stage countdown for demo mode.

`StageTimer` counts down from the app's stage length (3 minutes unless the facilitator
changes it). The facilitator starts and pauses it and makes it longer or shorter (app
keys F6/F7/F8); a new stage starts the countdown over, still running if it was. Time
moves only through `tick(seconds)`: a one-second interval calls it in the app, tests
call it directly, so no test waits on a clock.
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

DEFAULT_STAGE_SECONDS = 180
STEP_SECONDS = 60
MIN_SECONDS = 60
MAX_SECONDS = 60 * 60


def clock(seconds: int) -> str:
    """`m:ss` for a number of seconds."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"


class StageTimer(Static):
    """A countdown for the current stage; shows time left and whether it runs."""

    def __init__(self, seconds: int = DEFAULT_STAGE_SECONDS, **kwargs: str) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.length = seconds
        self.remaining = seconds
        self.running = False
        self.stage = ""
        self._interval: Timer | None = None

    def on_mount(self) -> None:
        self._interval = self.set_interval(1.0, self.tick, pause=True)
        self._show()

    # -- what the facilitator does --------------------------------------------------------

    def toggle(self) -> None:
        """Start or pause the countdown (starting again from full once time is up)."""
        if not self.running and self.remaining <= 0:
            self.remaining = self.length
        self.running = not self.running
        self._sync_interval()
        self._show()

    def adjust(self, delta: int) -> int:
        """Make the stage length longer or shorter by `delta` seconds; returns the length."""
        length = min(MAX_SECONDS, max(MIN_SECONDS, self.length + delta))
        self.remaining = max(0, self.remaining + (length - self.length))
        self.length = length
        self._show()
        return length

    def show_stage(self, stage: str) -> None:
        """A new stage starts the countdown over; the same stage keeps it."""
        if stage == self.stage:
            return
        self.stage = stage
        self.remaining = self.length
        self._show()

    # -- time --------------------------------------------------------------------------

    def tick(self, seconds: int = 1) -> None:
        """Let `seconds` pass: counts down while running, stops at zero."""
        if not self.running:
            return
        self.remaining = max(0, self.remaining - seconds)
        if self.remaining == 0:
            self.running = False
            self._sync_interval()
            self.app.bell()
        self._show()

    def _sync_interval(self) -> None:
        if self._interval is None:
            return
        if self.running:
            self._interval.resume()
        else:
            self._interval.pause()

    def _show(self) -> None:
        self.set_class(self.remaining == 0, "-time-up")
        self.set_class(self.running, "-running")
        if self.remaining == 0:
            state = "time is up · F6 starts again"
        elif self.running:
            state = "running · F6 pauses"
        else:
            state = "paused · F6 starts"
        text = Text("⏱ ", style="bold")
        text.append(clock(self.remaining), style="bold")
        text.append(f" of {clock(self.length)}  ")
        text.append(f"{state} · F7/F8 shorter/longer", style="dim")
        self.update(text)
