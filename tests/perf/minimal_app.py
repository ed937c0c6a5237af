"""The baseline for first-frame ratios: the smallest Textual app that paints one line.

`python -m tests.perf.minimal_app` runs it in a terminal (the tmux row); `MinimalApp`
is mounted headless by the run_test row.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "Minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    MinimalApp().run()
