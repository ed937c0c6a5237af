"""Prepare together: two people take turns, then a joint agenda with both sides, saved."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import showing, until
from rich.console import Console
from textual.widgets import Input, Select, Static

from reflect.engine.pair import pair_answers
from reflect.tui.app import ReflectApp
from reflect.tui.screens import help
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.pair import PairScreen, PairSetupScreen
from reflect.tui.screens.pair_agenda import PairAgendaScreen

ANSWERS = {  # stage -> (mentee, mentor); the mentee answers first
    "since-last": (
        "I drafted the first slide early and practised it twice.",
        "My mentee drafted the first slide early, as planned.",
    ),
    "hopes": (
        "I want to practise answering hard questions from the panel.",
        "I hope we plan the budget section of the grant.",
    ),
    "concerns": (
        "I worry the [bold]panel[/bold] will ask about the data gaps.",
        "I am concerned the deadline is closer than it looks.",
    ),
    "agenda": (
        "Mock panel questions, then the timeline.",
        "Mock panel questions and the grant timeline.",
    ),
}


def plain(widget: Static) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(widget.content)
    return " ".join(console.export_text().split())


async def open_pair(pilot: Any, app: ReflectApp, runner: str = "mentor") -> PairScreen:
    await until(pilot, lambda: app.library is not None)
    await pilot.press("t")
    await until(pilot, lambda: showing(app, PairSetupScreen))
    app.screen.query_one("#pair-runner", Select).value = runner
    app.screen.query_one("#pair-partner", Input).value = "partner-a"
    await pilot.click("#pair-begin")
    await until(
        pilot, lambda: isinstance(app.screen, PairScreen) and app.screen.session is not None
    )
    assert isinstance(app.screen, PairScreen)
    return app.screen


async def take_turns(pilot: Any, screen: PairScreen) -> list[str]:
    """Answer every turn from ANSWERS; returns whose turn each screen said it was."""
    whose = []
    session = screen.session
    assert session is not None
    while not session.done:
        turn = session.current
        assert turn is not None
        whose.append(str(screen.query_one("#pair-whose", Static).render()))
        mentee, mentor = ANSWERS[turn.stage.id]
        screen.answer_box.text = mentee if turn.role == "mentee" else mentor
        await pilot.press("ctrl+s")
    return whose


async def test_pair_takes_turns_and_the_joint_agenda_holds_both_sides(
    make_app: Callable[..., ReflectApp], tmp_path: Path
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_pair(pilot, app, runner="mentor")
        whose = await take_turns(pilot, screen)
        assert [w.split("'")[0] for w in whose] == ["MENTEE", "MENTOR"] * 4
        assert "(you)" in whose[1] and "(partner-a)" in whose[0]

        await until(pilot, lambda: showing(app, PairAgendaScreen))
        agenda_screen = app.screen
        assert isinstance(agenda_screen, PairAgendaScreen)
        await until(pilot, lambda: agenda_screen.saved_id != "")
        shown = plain(agenda_screen.query_one("#agenda-view", Static))
        assert "Mentor (you)" in shown and "Mentee (partner-a)" in shown
        for mentee, mentor in ANSWERS.values():
            for answer in (mentee, mentor):
                assert " ".join(answer.split()[:4]) in shown
        assert "[bold]panel[/bold]" in shown, "stored text is shown as text, not markup"
        assert "draft the first slide early" in shown, "the mentee's open commitment"

        saved = app.services.journal.get(agenda_screen.saved_id)
        assert (saved.role, saved.partner, saved.template) == ("mentor", "partner-a", "pair-prep")
        assert pair_answers(saved)["hopes"] == {
            "mentee": ANSWERS["hopes"][0],
            "mentor": ANSWERS["hopes"][1],
        }
        assert not app.pair_drafts.list(), "the pair's draft goes once the entry is saved"

        target = tmp_path / "agenda.md"
        agenda_screen.query_one("#agenda-path", Input).value = str(target)
        assert agenda_screen.query_one("#agenda-path", Input).value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: target.exists())
        text = target.read_text("utf-8")
        assert ANSWERS["concerns"][0] in text and ANSWERS["concerns"][1] in text
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_the_default_export_path_names_the_partner(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(seed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await take_turns(pilot, await open_pair(pilot, app))
        await until(pilot, lambda: showing(app, PairAgendaScreen))
        await until(pilot, lambda: app.screen.query_one("#agenda-path", Input).value != "")
        value = app.screen.query_one("#agenda-path", Input).value
        assert value.startswith("~/reflect-briefs/agenda-partner-a-") and value.endswith(".md")


async def test_leaving_keeps_the_answers_and_prepare_together_resumes_them(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_pair(pilot, app)
        screen.answer_box.text = ANSWERS["since-last"][0]
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+n")  # the mentor passes
        screen.answer_box.text = "Half of the mentee's hopes, not sent yet"
        await pilot.press("ctrl+b")
        await until(pilot, lambda: showing(app, HomeScreen))

        await pilot.press("t")
        await until(pilot, lambda: bool(app.screen.query("#pair-resume")))
        await pilot.click("#pair-resume")
        await until(pilot, lambda: isinstance(app.screen, PairScreen) and app.screen.session)
        resumed = app.screen
        assert isinstance(resumed, PairScreen) and resumed.session is not None
        assert resumed.session.position == 3
        answers = resumed.session.answers()
        assert answers["since-last"] == {"mentee": ANSWERS["since-last"][0], "mentor": ""}
        assert answers["hopes"]["mentee"] == "Half of the mentee's hopes, not sent yet"
        assert "MENTOR" in str(resumed.query_one("#pair-whose", Static).render())


async def test_pair_prep_needs_the_partners_handle(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: showing(app, PairSetupScreen))
        app.screen.query_one("#pair-partner", Input).value = "   "
        await pilot.click("#pair-begin")
        await pilot.pause()
        assert isinstance(app.screen, PairSetupScreen)


@pytest.mark.parametrize("screen", [PairSetupScreen, PairScreen, PairAgendaScreen])
def test_help_lists_every_pair_key(screen: type) -> None:
    listed = " ".join(key for _, key, _ in help.KEYS).lower()
    for binding in screen.BINDINGS:
        for key in binding.key.split(","):
            assert key in listed, f"{screen.__name__}: '{key}' is missing from the help screen"
