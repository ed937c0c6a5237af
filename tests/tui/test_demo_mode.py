"""Demo mode for facilitators: banner, presentation theme, custom template, timer, reset."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from conftest import showing, until
from fakes import MemoryIndex
from textual.widgets import Select, Static

from reflect.cli import build_parser, settings_from
from reflect.demo import build_demo_services
from reflect.llm.nomodel import NoModel
from reflect.settings import load_settings
from reflect.tui.app import ReflectApp
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.theme import HIGH_CONTRAST
from reflect.tui.widgets.timer import DEFAULT_STAGE_SECONDS, StageTimer

ROOM_TEMPLATE = "room-check"


def room_template(folder: Path) -> Path:
    """A facilitator's own template: the quick one under another id and title."""
    text = files("reflect.prompts").joinpath("templates/quick.toml").read_text("utf-8")
    text = text.replace('id = "quick"', f'id = "{ROOM_TEMPLATE}"', 1)
    text = text.replace('title = "Quick reflection"', 'title = "Room check-in"', 1)
    path = folder / "room-check.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def demo_app(tmp_path: Path, reflect_home: Path, hashing_embedder: Any) -> ReflectApp:
    services = build_demo_services(
        load_settings(reflect_home, no_model=True),
        room_template(tmp_path),
        embedder=hashing_embedder,
        index=MemoryIndex(),
        model=NoModel(),
    )
    return ReflectApp(services, demo=True)


async def reflect_once(pilot: Any, app: ReflectApp, answer: str, template: str = "") -> str:
    """Start a reflection (optionally on `template`), answer once, save; the entry id."""
    await until(pilot, lambda: app.library is not None)
    await pilot.press("s")
    await until(pilot, lambda: type(app.screen).__name__ == "StartScreen")
    if template:
        app.screen.query_one("#template", Select).value = template
    await pilot.click("#begin")
    await until(
        pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen.session is not None
    )
    screen = app.screen
    assert isinstance(screen, ReflectionScreen) and screen.session is not None
    session = screen.session
    screen.answer_box.text = answer
    await pilot.press("ctrl+f")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen) or screen.finishing)
    if screen.finishing:  # the depth nudge: one more answer, then the summary
        screen.answer_box.text = "It meant the quieter people spoke first."
        await pilot.press("ctrl+s")
    await until(pilot, lambda: showing(app, SummaryScreen))
    await until(pilot, lambda: bool(app.screen.query("#insight")))
    await pilot.press("ctrl+s")
    await until(pilot, lambda: showing(app, HomeScreen))
    return session.entry.id


async def test_demo_mode_shows_the_banner_in_high_contrast(demo_app: ReflectApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(demo_app.screen.query(".demo-banner")))
        assert "DEMO" in str(demo_app.screen.query_one(".demo-banner", Static).render())
        assert demo_app.theme == HIGH_CONTRAST.name
        await pilot.press("f2")
        assert demo_app.theme != HIGH_CONTRAST.name, "F2 still switches it off"


async def test_template_from_the_command_line_is_offered_first(demo_app: ReflectApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: type(demo_app.screen).__name__ == "StartScreen")
        picker = demo_app.screen.query_one("#template", Select)
        offered = [value for _, value in picker._options]
        assert ROOM_TEMPLATE in offered and "quick" in offered
        assert picker.value == ROOM_TEMPLATE


async def test_stage_timer_starts_pauses_and_counts_down(demo_app: ReflectApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: demo_app.library is not None)
        await pilot.press("s")
        await until(pilot, lambda: type(demo_app.screen).__name__ == "StartScreen")
        await pilot.click("#begin")
        await until(pilot, lambda: bool(demo_app.screen.query(StageTimer)))
        timer = demo_app.screen.query_one(StageTimer)
        assert (timer.remaining, timer.running) == (DEFAULT_STAGE_SECONDS, False)

        timer.tick(5)
        assert timer.remaining == DEFAULT_STAGE_SECONDS, "a paused timer does not count"
        await pilot.press("f6")
        assert timer.running
        timer.tick(5)
        assert timer.remaining == DEFAULT_STAGE_SECONDS - 5
        assert "2:55" in str(timer.render())
        await pilot.press("f6")
        timer.tick(5)
        assert (timer.remaining, timer.running) == (DEFAULT_STAGE_SECONDS - 5, False)

        await pilot.press("f8")
        assert timer.length == DEFAULT_STAGE_SECONDS + 60
        assert demo_app.stage_seconds == timer.length, "the next reflection keeps the length"
        await pilot.press("f6")
        timer.tick(10_000)
        assert (timer.remaining, timer.running) == (0, False)
        assert timer.has_class("-time-up")


async def test_next_stage_starts_the_countdown_again(demo_app: ReflectApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: demo_app.library is not None)
        await pilot.press("s")
        await until(pilot, lambda: type(demo_app.screen).__name__ == "StartScreen")
        await pilot.click("#begin")
        await until(
            pilot,
            lambda: (
                isinstance(demo_app.screen, ReflectionScreen)
                and demo_app.screen.session is not None
            ),
        )
        timer = demo_app.screen.query_one(StageTimer)
        await pilot.press("f6")
        timer.tick(30)
        first = timer.stage
        await pilot.press("ctrl+n")
        await until(pilot, lambda: timer.stage != first)
        assert timer.remaining == timer.length and timer.running


async def test_reset_clears_what_this_group_saved_and_returns_home(demo_app: ReflectApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        seeded = {p.stem for p in demo_app.services.journal.files()}
        entry_id = await reflect_once(pilot, demo_app, "Our group tried a silent brainstorm.")
        assert demo_app.services.journal.exists(entry_id)
        saved = [n.message for n in demo_app._notifications if n.title == "Saved"]
        assert saved and "nothing is written to disk" in saved[-1]  # no path that isn't there

        await pilot.press("s")  # a second reflection is open when the facilitator resets
        await until(pilot, lambda: type(demo_app.screen).__name__ == "StartScreen")
        await pilot.click("#begin")
        await until(pilot, lambda: isinstance(demo_app.screen, ReflectionScreen))
        await pilot.press("f5")
        await until(pilot, lambda: type(demo_app.screen).__name__ == "ConfirmScreen")
        await pilot.press("y")
        await until(pilot, lambda: not demo_app.services.journal.exists(entry_id))

        await until(pilot, lambda: isinstance(demo_app.screen, HomeScreen))
        assert {p.stem for p in demo_app.services.journal.files()} == seeded
        assert not demo_app.drafts.list(), "no draft of the group's open reflection is left"
        found = demo_app.services.library.index.rows({"entry_id": entry_id})
        assert not list(found), "the index forgets the group's entry too"
        assert demo_app.tui_state.load().template == ROOM_TEMPLATE


async def test_reset_key_does_nothing_outside_demo_mode(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def snapshot(root: Path) -> dict[str, str]:
    """Every folder and file under `root`: its mode, and a file's content hash."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        mode = oct(path.lstat().st_mode)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        found[str(path.relative_to(root))] = f"{mode} {digest}"
    return found


async def test_a_demo_run_leaves_home_and_cache_byte_for_byte_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = tmp_path / "machine"
    folders = {
        "REFLECT_HOME": machine / "reflect-home",
        "REFLECT_CACHE": machine / "reflect-cache",
        "HOME": machine / "user",
        "XDG_CACHE_HOME": machine / "user" / ".cache",
        "XDG_DATA_HOME": machine / "user" / ".local" / "share",
        "XDG_CONFIG_HOME": machine / "user" / ".config",
    }
    for variable, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    (folders["REFLECT_HOME"] / "config.toml").write_text('author = "partner-a"\n', "utf-8")
    (folders["REFLECT_CACHE"] / "notes.txt").write_text("kept as it is\n", "utf-8")
    template = room_template(tmp_path)
    before = snapshot(machine)

    args = build_parser().parse_args(["demo", "--no-model", "--template", str(template)])
    app = ReflectApp.from_settings(
        settings_from(args, ephemeral=True), demo=True, extra_template=args.template
    )  # the real embedder and chromadb's in-memory client, as `reflect demo` runs
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.store_ready.is_set(), timeout=180)  # real embedder
        assert app.library is not None, app.store_error
        entry_id = await reflect_once(
            pilot, app, "The room agreed on one experiment.", "room-check"
        )
        assert app.services.journal.exists(entry_id)
        await pilot.press("t")  # and a pair prep, saved to the demo journal
        await until(pilot, lambda: type(app.screen).__name__ == "PairSetupScreen")
        await pilot.press("escape")

    assert snapshot(machine) == before
