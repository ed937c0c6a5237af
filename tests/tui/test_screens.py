"""Journal, entry, goals, help, palette and start-up behaviour people rely on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import showing, until
from textual.widgets import DataTable, Input, Static

from reflect.entry import Entry
from reflect.llm.nomodel import NoModel
from reflect.settings import load_settings
from reflect.storage.lock import HomeLock
from reflect.tui.app import ReflectApp
from reflect.tui.screens import entry as entry_screens
from reflect.tui.screens import goals, help, home, journal, reflection, summary
from reflect.tui.screens.entry import EntryScreen, entry_text
from reflect.tui.screens.problem import ProblemScreen

HOSTILE = "We reviewed the [bold]grant[/bold] plan \x1b[31mred\x1b[0m \x1b]0;title\x07 together."


def test_stored_text_is_shown_as_text_never_markup_or_escapes() -> None:
    from conftest import seeded_entries

    entry: Entry = seeded_entries()[1]
    entry.turns[0].answer = HOSTILE
    text = entry_text(entry)
    assert "[bold]grant[/bold]" in text.plain
    assert "\x1b" not in text.plain and "\x07" not in text.plain
    assert all(
        span.style != "bold" or "grant" not in text.plain[span.start : span.end]
        for span in text.spans
    )


async def test_status_line_says_which_model_is_in_use(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await until(
            pilot, lambda: "Model: scripted" in app.status and "Search: ready" in app.status
        )
        assert "Journal: 0 entries" in app.status


async def test_no_model_mode_is_named_in_the_status_line(
    make_services: Callable[..., object], reflect_home: Path
) -> None:
    services = make_services(model=NoModel())
    services.model_status = None  # type: ignore[attr-defined]
    from reflect.services import ModelStatus

    services.use_model(
        NoModel(), ModelStatus("no-model", "none", "follow-ups from your own words only")
    )  # type: ignore[attr-defined]
    app = ReflectApp(services)  # type: ignore[arg-type]
    async with app.run_test() as pilot:
        await until(pilot, lambda: "No model: questions from your own words" in app.status)


async def test_a_locked_journal_is_explained_not_crashed(
    make_services: Callable[..., object], reflect_home: Path
) -> None:
    reflect_home.mkdir(parents=True, exist_ok=True)
    holder = HomeLock(load_settings(reflect_home).lock_file).acquire()
    try:
        app = make_app_on_real_store(make_services)
        async with app.run_test() as pilot:
            await until(pilot, lambda: showing(app, ProblemScreen))
            text = str(app.screen.query_one("#problem-text", Static).render())
            assert "in use by another Reflect process" in text
            await pilot.press("q")
        assert app.return_code == 1
    finally:
        holder.release()


def make_app_on_real_store(make_services: Callable[..., object]) -> ReflectApp:
    return ReflectApp(make_services(index=None))  # type: ignore[arg-type]


async def test_home_shows_last_sessions_open_commitments(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        body = app.screen.query_one("#commitments-body", Static)
        await until(pilot, lambda: "budget template" in str(body.render()))
        assert "partner-b" in str(body.render())


async def test_journal_filters_by_partner_and_opens_an_entry(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, journal.JournalScreen))
        screen = app.screen
        table = screen.query_one("#entries", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        screen.query_one("#f-partner", Input).value = "partner-a"
        screen.query_one("#f-partner", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.entry)
        assert app.screen.entry_id == "20250301-100000-aaaa"  # type: ignore[attr-defined]


async def test_deleting_an_entry_asks_first(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.library is not None)
        app.push_screen(EntryScreen("20250303-100000-bbbb"))
        await until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.entry)
        await pilot.press("d")
        await pilot.press("n")  # keep it
        assert app.services.journal.exists("20250303-100000-bbbb")
        await pilot.press("d")
        await pilot.press("y")
        await until(pilot, lambda: not app.services.journal.exists("20250303-100000-bbbb"))


async def test_a_deleted_entry_leaves_the_journal_list_and_the_status_count(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "Journal: 2 entries" in app.status)
        await pilot.press("j")
        await until(pilot, lambda: showing(app, journal.JournalScreen))
        table = app.screen.query_one("#entries", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        app.push_screen(EntryScreen("20250303-100000-bbbb"))
        await until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.entry)
        await pilot.press("d")
        await pilot.press("y")
        await until(pilot, lambda: "Journal: 1 entry" in app.status)
        await until(pilot, lambda: showing(app, journal.JournalScreen) and table.row_count == 1)


async def test_editing_an_entry_saves_answers_and_summary(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.library is not None)
        app.push_screen(EntryScreen("20250301-100000-aaaa"))
        await until(pilot, lambda: isinstance(app.screen, EntryScreen) and app.screen.entry)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, entry_screens.EditEntryScreen))
        app.screen.query_one("#turn-0").text = "I presented the review, slowly."  # type: ignore[attr-defined]
        app.screen.query_one("#insight", Input).value = "Slow is smooth."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: showing(app, EntryScreen))
    saved = app.services.journal.get("20250301-100000-aaaa")
    assert saved.turns[0].answer == "I presented the review, slowly."
    assert saved.summary.insight == "Slow is smooth."


async def test_goals_screen_marks_an_action_done(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, goals.GoalsScreen))
        table = app.screen.query_one("#actions", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        await pilot.press("space")
        await until(
            pilot,
            lambda: app.services.journal.get("20250301-100000-aaaa").summary.action_items[0].done,
        )


async def test_command_palette_opens_the_journal(make_app: Callable[..., ReflectApp]) -> None:
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: bool(app.screen.query(CommandList)))
        await pilot.press(*"Journal")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0)
        assert "Journal" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, journal.JournalScreen))


KEY_NAMES = {"question_mark": "?", "slash": "/", "ctrl+q": "ctrl+q"}


@pytest.mark.parametrize(
    "screen",
    [
        home.HomeScreen,
        reflection.ReflectionScreen,
        summary.SummaryScreen,
        journal.JournalScreen,
        entry_screens.EntryScreen,
        entry_screens.EditEntryScreen,
        goals.GoalsScreen,
        ReflectApp,
    ],
)
def test_help_lists_every_key(screen: type) -> None:
    listed = " ".join(key for _, key, _ in help.KEYS).lower()
    for binding in screen.BINDINGS:
        for key in binding.key.split(","):
            name = KEY_NAMES.get(key, key)
            assert name in listed, f"{screen.__name__}: '{name}' is missing from the help screen"


async def test_f1_opens_help_and_high_contrast_toggles(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, help.HelpScreen))
        await pilot.press("f2")
        assert app.theme == "reflect-high-contrast"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, home.HomeScreen))


async def test_demo_mode_shows_a_banner(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(".demo-banner")))
        assert "DEMO" in str(app.screen.query_one(".demo-banner", Static).render())


async def test_searching_an_index_of_another_embedding_model_says_to_reindex(
    make_app: Callable[..., ReflectApp],
) -> None:
    """After switching the `embedder` setting the index holds the old model's vectors:
    the Journal's search says so in one line instead of showing nothing."""
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.library is not None)
        app.services.index.record_model("all-MiniLM-L6-v2")  # built before the switch
        await pilot.press("j")
        await until(pilot, lambda: showing(app, journal.JournalScreen))
        box = app.screen.query_one("#search", Input)
        box.value = "presenting data"
        box.focus()
        await pilot.press("enter")

        def told() -> bool:
            """a notice asks for `reflect reindex`"""
            return any("reflect reindex" in str(n.message) for n in app._notifications)

        await until(pilot, told)


async def test_a_screen_worker_that_fails_is_a_notice_not_silence(
    make_app: Callable[..., ReflectApp],
) -> None:
    from textual import work

    from reflect.errors import StoreError
    from reflect.tui.screens.base import ReflectScreen

    class Failing(ReflectScreen):
        def on_mount(self) -> None:
            self.fail()

        @work(thread=True, exit_on_error=False)
        def fail(self) -> None:
            raise StoreError("The index cannot be read; run `reflect reindex`.")

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(Failing())

        def told() -> bool:
            """the failure is shown"""
            return any("cannot be read" in str(n.message) for n in app._notifications)

        await until(pilot, told)


async def test_an_index_of_another_embedding_model_shows_on_the_status_line(
    make_services: Callable[..., object],
) -> None:
    services = make_services(seed=True)
    services.index.record_model("all-MiniLM-L6-v2")  # built before the `embedder` switch
    app = ReflectApp(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "Search: needs `reflect reindex`" in app.status)
        assert any("run `reflect reindex`" in str(n.message) for n in app._notifications)
