"""Fixtures for the app's Pilot tests: the app on fakes (or real parts), and a wait helper."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import MemoryIndex, ScriptedModel
from textual.pilot import Pilot
from textual.screen import Screen

from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.tui.app import ReflectApp

SIZE = (100, 30)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


FIXED = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)


async def until(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 20.0) -> None:
    """Let the app run until `condition()` holds; fail with a clear message at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the app never reached: {condition.__doc__ or condition}")
        await pilot.pause(0.05)


def showing(app: Any, kind: type[Screen[Any]]) -> bool:
    """Is `kind` the current screen, with its widgets mounted? A pushed screen becomes
    current a moment before its compose has mounted what it shows."""
    screen = app.screen
    return isinstance(screen, kind) and screen.is_mounted


async def journal_opened(pilot: Pilot[Any]) -> None:
    """Wait until the app has opened the journal and told its screens to reload.

    The status starts as "Starting…", so waiting only for "opening" to vanish would
    pass before the journal even began to open, and a screen pushed then gets reloaded
    (its charts rebuilt) in the middle of a test.
    """

    def opened() -> bool:
        """the journal is opened (or failed to open)"""
        status = pilot.app.status
        return "Journal: " in status and "Journal: opening" not in status

    await until(pilot, opened)


def seeded_entries() -> list[Entry]:
    """Two fixed past entries (ids and dates fixed, so snapshots are stable)."""
    first = Entry(
        id="20250301-100000-aaaa",
        created=FIXED - timedelta(days=3),
        template="quick",
        role="mentee",
        partner="partner-a",
        title="Quick reflection",
        turns=[
            Turn("what", "What happened?", "I presented the data review to the lab group."),
            Turn("learned", "What did you learn?", "I learned that a clear first slide calms me."),
        ],
        summary=Summary(
            insight="A clear first slide calms my nerves when presenting.",
            action_items=[ActionItem("draft the first slide early", "mentee", "next week")],
            goals=[Goal("get better at presenting data")],
            themes=["confidence"],
            mood=4,
        ),
    )
    second = Entry(
        id="20250303-100000-bbbb",
        created=FIXED - timedelta(days=1),
        template="quick",
        role="mentor",
        partner="partner-b",
        title="Quick reflection",
        turns=[Turn("what", "What happened?", "We reviewed the [bold]grant[/bold] plan together.")],
        summary=Summary(
            insight="Asking open questions let partner-b lead the planning.",
            action_items=[ActionItem("send the budget template", "mentor", "friday")],
            themes=["feedback"],
        ),
    )
    return [first, second]


@pytest.fixture
def make_services(reflect_home: Path, hashing_embedder: Any) -> Callable[..., Services]:
    def make(
        model: Any = None,
        embedder: Any = None,
        index: Any = "memory",
        seed: bool = False,
    ) -> Services:
        settings = load_settings(reflect_home)
        services = build_services(
            settings,
            embedder=embedder or hashing_embedder,
            index=MemoryIndex() if index == "memory" else index,
            model=model if model is not None else ScriptedModel(),
        )
        if seed:
            library = services.library
            for entry in seeded_entries():
                library.save(entry, touch=False)
        return services

    return make


@pytest.fixture
def make_app(make_services: Callable[..., Services]) -> Callable[..., ReflectApp]:
    def make(**kwargs: Any) -> ReflectApp:
        demo = kwargs.pop("demo", False)
        return ReflectApp(make_services(**kwargs), demo=demo)

    return make
