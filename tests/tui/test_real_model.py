"""The app on the real bundled default model, real embedder and real store: tokens stream."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import until

from reflect.services import build_services
from reflect.settings import load_settings
from reflect.tui.app import ReflectApp
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.widgets.transcript import Transcript

pytestmark = [pytest.mark.model, pytest.mark.slow]

ANSWER = (
    "I ran the lab meeting on my own for the first time. I asked everyone for their views "
    "before giving mine, and I learned that asking first lets the newest students speak up."
)


async def test_follow_up_streams_from_the_real_model_and_the_entry_is_saved(
    reflect_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens: list[str] = []
    show = Transcript.add_token
    monkeypatch.setattr(
        Transcript, "add_token", lambda self, piece: (tokens.append(piece), show(self, piece))
    )
    app = ReflectApp(build_services(load_settings(reflect_home)))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.library is not None, timeout=300)
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ == "StartScreen")
        await pilot.click("#begin")
        await until(pilot, lambda: getattr(app.screen, "session", None) is not None, timeout=60)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen) and screen.session is not None
        screen.answer_box.text = ANSWER
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.session.entry.turns) == 2, timeout=600)
        assert "Model:" in app.status and "No model" not in app.status
        assert tokens, "the model's tokens were shown as they came"
        assert screen.session.current.source in ("model", "listening", "curated")
        await pilot.press("ctrl+f")
        await until(pilot, lambda: bool(app.screen.query("#insight")), timeout=600)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", timeout=120)
    assert len(list((reflect_home / "journal").glob("*/*/*.md"))) == 1
