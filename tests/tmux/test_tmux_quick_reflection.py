"""A newcomer's quick reflection, typed into the real `reflect` command in a real terminal.

tmux runs `.venv/bin/reflect --home TMP` at 100x30; keys go in with `send-keys` and the
screen is read with `capture-pane`, each step waiting on what the screen shows (with a
deadline), never on a fixed sleep. Skipped when tmux is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.entry import Entry

REFLECT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """One detached tmux session running a command."""

    def __init__(self, command: list[str]) -> None:
        self.name = f"reflect-test-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", *command],
            check=True,
        )
        # a server started by someone else may size windows its own way: insist on 100x30
        subprocess.run(
            ["tmux", "resize-window", "-t", self.name, "-x", "100", "-y", "30"],
            capture_output=True,
        )

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run(["tmux", "send-keys", "-t", self.name, *flags, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 120.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r} on screen; last screen:\n{screen}")
            time.sleep(0.2)  # polling interval while waiting on the screen, not a fixed wait

    def running(self) -> bool:
        probe = ["tmux", "has-session", "-t", self.name]
        return subprocess.run(probe, capture_output=True).returncode == 0

    def wait_gone(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.running():
            if time.monotonic() > deadline:
                raise AssertionError(f"reflect did not quit; last screen:\n{self.screen()}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    home = tmp_path / "tuihome"
    term = Terminal([str(REFLECT), "--home", str(home), "--no-model"])
    yield term, home
    term.close()


def test_newcomer_completes_a_quick_reflection_in_tmux(
    terminal: tuple[Terminal, Path],
) -> None:
    term, home = terminal
    term.wait_for("Journal: 0 entries")
    term.keys("s")
    term.wait_for("Partner (optional")
    term.keys("Enter")  # the Start button has the focus
    term.wait_for("1/4 What happened")
    answers = [
        "I ran the team meeting alone and asked everyone for views before giving mine.",
        "Quieter people spoke first and the plan got better.",
    ]
    term.keys(answers[0], literal=True)
    term.wait_for("asked everyone")
    term.keys("C-s")
    term.wait_for("(follow-up)")
    term.keys(answers[1], literal=True)
    term.wait_for("spoke first")
    term.keys("C-s")
    term.wait_for("2/4 What you learned")
    term.keys("I learned that silence is an invitation to speak.", literal=True)
    term.wait_for("silence is")
    term.keys("C-f")
    term.wait_for("Save to journal")
    term.wait_for("Insight —")
    term.keys("C-s")
    term.wait_for("Journal: 1 entry")

    files = list((home / "journal").glob("*/*/*.md"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o777 == 0o600
    entry = Entry.from_markdown(files[0].read_text("utf-8"))
    texts = [t.answer for _, t in entry.answers()]
    assert texts[:2] == answers
    assert "silence is an invitation" in texts[2]
    assert entry.summary.insight

    term.keys("C-q")
    term.wait_gone()
