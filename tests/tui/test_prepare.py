"""The Prepare screen: one partner's brief, every bullet cited, exported as Markdown."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import journal_opened, showing, until
from rich.console import Console
from seed import load_seed, seed_records
from textual.widgets import Input, Select, Static

from reflect.llm.nomodel import NoModel
from reflect.services import Services
from reflect.surfacing.agenda import AgendaQuestion
from reflect.surfacing.brief import Brief, BriefAction, BriefInsight
from reflect.surfacing.brief_export import brief_markdown
from reflect.tui.app import ReflectApp
from reflect.tui.screens import help
from reflect.tui.screens.insights import InsightsScreen
from reflect.tui.screens.prepare import PrepareScreen, default_brief_path
from reflect.tui.widgets.brief_view import brief_plain

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOSTILE = "We reviewed the [bold]grant[/bold] plan \x1b[31mred\x1b[0m \x1b]0;title\x07 together."


@pytest.fixture
def seeded_app(make_services: Callable[..., Services]) -> ReflectApp:
    services = make_services(model=NoModel())
    load_seed(services)
    return ReflectApp(services)


def body(app: ReflectApp) -> str:
    """What the brief area shows, as plain text."""
    console = Console(width=96, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#prep-body", Static).content)
    return console.export_text()


async def open_brief(pilot: Any, partner: str | None = None) -> PrepareScreen:
    """Open Prepare (optionally for `partner`) and wait for the finished brief."""
    await journal_opened(pilot)  # no reload later
    screen = PrepareScreen(partner, now=NOW)
    await pilot.app.push_screen(screen)

    def brief_ready() -> bool:
        """the brief is built (agenda included)"""
        brief = screen.brief
        return (
            brief is not None and not screen.pending and brief.partner == (partner or brief.partner)
        )

    await until(pilot, brief_ready)
    return screen


def open_items(partner: str) -> list[str]:
    return [
        a["text"]
        for r in seed_records()
        if r["partner"] == partner
        for a in r.get("action_items", [])
        if not a.get("done")
    ]


@pytest.mark.parametrize(
    ("partner", "other"), [("partner-a", "partner-b"), ("partner-b", "partner-c")]
)
async def test_brief_lists_the_partners_open_items_and_no_one_elses(
    seeded_app: ReflectApp, partner: str, other: str
) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_brief(pilot, partner)
        shown = body(seeded_app)
        assert screen.brief is not None
        assert [a.text for a in screen.brief.action_items] == open_items(partner)
        for text in open_items(partner):
            assert text[:40] in " ".join(shown.split())
        for text in open_items(other):
            assert text[:40] not in " ".join(shown.split())
        for action in screen.brief.action_items:  # every bullet cites its entry
            assert f"({action.date} · {action.entry_id})" in shown
        assert "Suggested agenda" in shown and "1. " in shown


async def test_the_most_recent_partner_is_prepared_without_choosing(
    seeded_app: ReflectApp,
) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_brief(pilot)
        latest = max(seed_records(), key=lambda r: r["date"])["partner"]
        assert screen.query_one("#prep-partner", Select).value == latest
        assert screen.brief is not None and screen.brief.partner == latest


async def test_a_topic_focuses_the_brief(seeded_app: ReflectApp) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_brief(pilot, "partner-a")
        screen.query_one("#prep-topic", Input).value = "presenting to a big room"
        screen.query_one("#prep-topic", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: screen.brief is not None and screen.brief.topic != "")
        await until(pilot, lambda: not screen.pending)
        assert "topic: presenting to a big room" in body(seeded_app)


async def test_export_writes_the_brief_as_private_markdown_and_says_where(
    seeded_app: ReflectApp, tmp_path: Path
) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_brief(pilot, "partner-a")
        path_input = screen.query_one("#prep-path", Input)
        assert path_input.value == "~/reflect-briefs/brief-partner-a-2026-11-20.md"
        target = tmp_path / "briefs" / "next.md"
        path_input.value = str(target)
        await pilot.press("ctrl+s")
        await until(pilot, target.exists)
        assert screen.brief is not None
        assert target.read_text("utf-8") == brief_markdown(screen.brief)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        await until(pilot, lambda: any(str(target) in n.message for n in seeded_app._notifications))


async def test_a_journal_without_partners_says_how_to_begin(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(model=NoModel())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PrepareScreen(now=NOW))
        await until(pilot, lambda: "No partner is named" in body(app))
        await pilot.press("ctrl+s")  # nothing to export: a notice, not a crash
        await until(pilot, lambda: len(app._notifications) > 0)


@pytest.mark.parametrize(("key", "screen"), [("p", PrepareScreen), ("i", InsightsScreen)])
async def test_home_keys_open_prepare_and_insights(
    make_app: Callable[..., ReflectApp], key: str, screen: type
) -> None:
    app = make_app(model=NoModel(), seed=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: showing(app, screen))


@pytest.mark.parametrize("screen", [PrepareScreen, InsightsScreen])
def test_help_lists_every_prepare_and_insights_key(screen: type) -> None:
    listed = " ".join(key for _, key, _ in help.KEYS).lower()
    for binding in screen.BINDINGS:
        for key in binding.key.split(","):
            assert key in listed, f"{screen.__name__}: '{key}' is missing from the help screen"


def test_default_export_path_is_a_file_under_the_home_folder() -> None:
    path = default_brief_path("Partner A/../x", "2026-11-20")
    assert path.parent == Path.home() / "reflect-briefs"
    assert path.name == "brief-partner-a-x-2026-11-20.md"


def test_stored_text_in_a_brief_is_text_and_shared_entries_are_labelled() -> None:
    brief = Brief(partner="partner-a", topic="", prepared="2026-11-20", found=True)
    brief.action_items = [BriefAction(HOSTILE, "mentee", "", "seed-01", "2026-03-03", 3, True)]
    brief.insights = [BriefInsight("[red]not markup[/red]", "seed-02", "2026-03-10")]
    brief.agenda = [AgendaQuestion("What changed?", "curated")]
    text = brief_plain(brief)
    assert "[bold]grant[/bold]" in text and "[red]not markup[/red]" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "(2026-03-03 · seed-01) [shared]" in text
    assert "(2026-03-10 · seed-02)" in text and "seed-02) [shared]" not in text


async def _at_prepare(pilot: Any) -> None:
    await until(pilot, lambda: "loading" not in pilot.app.status)
    await open_brief(pilot, "partner-a")
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_prepare_screen_looks_right_at_80x24(
    snap_compare: Callable[..., bool], seeded_app: ReflectApp
) -> None:
    assert snap_compare(seeded_app, terminal_size=(80, 24), run_before=_at_prepare)
