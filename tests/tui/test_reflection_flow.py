"""A whole quick reflection through the app: answer, streamed follow-ups, Esc, finish, save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import showing, until
from fakes import ScriptedModel
from textual.widgets import Input, TextArea

from reflect.tui.app import ReflectApp
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.widgets.transcript import Transcript

# Nothing in it for a question in the person's own words, so the model is asked.
# no phrase of it that listening asks about first, so the model's question is the one shown
ANSWER = "Team meeting on Tuesday, with the whole product group in the room."
FOLLOW_UP = "What did you notice about the product group while you ran the team meeting?"


async def open_reflection(pilot: Any, app: ReflectApp) -> ReflectionScreen:
    await until(pilot, lambda: app.library is not None)
    await pilot.press("s")
    await until(pilot, lambda: type(app.screen).__name__ == "StartScreen")
    await pilot.click("#begin")
    await until(
        pilot,
        lambda: isinstance(app.screen, ReflectionScreen) and app.screen.session is not None,
    )
    assert isinstance(app.screen, ReflectionScreen)
    return app.screen


async def send(pilot: Any, screen: ReflectionScreen, text: str) -> None:
    screen.answer_box.text = text
    await pilot.press("ctrl+s")


async def test_quick_reflection_is_saved_and_found_again_in_the_journal(
    make_app: Callable[..., ReflectApp],
) -> None:
    model = ScriptedModel([FOLLOW_UP], token_delay=0.01)
    app = make_app(model=model, index=None)  # the real chroma store on the test's home
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reflection(pilot, app)
        session = screen.session
        assert session is not None
        assert "1/4 What happened" in session.progress()

        await send(pilot, screen, ANSWER)
        await until(pilot, lambda: session.current.question == FOLLOW_UP and not screen.busy)
        assert session.current.source == "model"
        shown = " ".join(str(w.render()) for w in screen.query(".question"))
        assert FOLLOW_UP in shown

        await send(pilot, screen, "Two quieter people spoke first and the plan got better.")
        await until(pilot, lambda: session.current.stage == "learned" and not screen.busy)
        await send(pilot, screen, "I learned that silence is an invitation, not a gap to fill.")
        await until(pilot, lambda: not screen.busy and len(session.entry.answers()) == 3)
        screen.answer_box.text = "I will ask for views first at Monday's meeting."
        await pilot.press("ctrl+f")
        await until(pilot, lambda: showing(app, SummaryScreen))
        await until(pilot, lambda: bool(app.screen.query("#insight")))

        quote = "I will ask for views first at Monday's meeting"
        shown_quotes = [str(w.render()) for w in app.screen.query(".item-quote")]
        assert any(quote in q for q in shown_quotes), (
            "each action item shows the words it came from"
        )
        app.screen.query_one(".action-text", Input).value = "Ask for views first on Monday"
        insight = app.screen.query_one("#insight", Input)
        insight.value = "Asking for views first brings quieter people in."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")

        saved = app.services.journal.get(session.entry.id)
        assert saved.summary.insight == "Asking for views first brings quieter people in."
        (item,) = saved.summary.action_items
        assert (
            item.text == "Ask for views first on Monday" and item.quote == quote
        )  # edited, linked
        assert next(t.answer for t in saved.turns) == ANSWER
        assert not list(app.drafts.list()), "the draft is discarded once the entry is saved"

        await pilot.press("j")
        await until(pilot, lambda: showing(app, JournalScreen))
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        await until(pilot, lambda: journal.query_one("#entries").row_count == 1)

        journal.query_one("#search", Input).value = "quieter people spoke first"
        journal.query_one("#search", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: journal.results is not None and len(journal.results) > 0)
        assert journal.results is not None
        assert journal.results[0].entry_id == session.entry.id


async def test_escape_stops_a_follow_up_and_puts_the_answer_back(
    make_app: Callable[..., ReflectApp],
) -> None:
    slow = "What " + " ".join(["exactly"] * 40) + " changed in the team meeting?"
    model = ScriptedModel([slow, FOLLOW_UP], token_delay=0.05)
    app = make_app(model=model)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reflection(pilot, app)
        session = screen.session
        assert session is not None
        transcript = screen.query_one(Transcript)

        await send(pilot, screen, ANSWER)
        await until(pilot, lambda: len(model.history) == 1 and screen.busy)  # the model is writing
        assert screen.query_one("#answer", TextArea).read_only
        assert "exactly" not in transcript.streamed, "a proposal is never shown before the gate"

        await pilot.press("escape")
        assert screen.answer_box.text == ANSWER
        assert not screen.answer_box.read_only
        assert not screen.query(".streaming"), "the half-written question is removed"
        await until(pilot, lambda: not screen.busy)
        assert len(session.entry.turns) == 1 and session.current.answer == ""
        assert not screen.query(".answer")

        await pilot.press("ctrl+s")  # send again: the next proposal streams and is kept
        await until(pilot, lambda: session.current.question == FOLLOW_UP and not screen.busy)
        assert session.entry.turns[0].answer == ANSWER


async def test_next_stage_and_finish_keys_move_through_the_template(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection(pilot, app)
        session = screen.session
        assert session is not None
        screen.answer_box.text = "We met and went through the plan."
        await pilot.press("ctrl+n")
        assert session.current.stage == "learned"
        assert session.entry.turns[0].answer == "We met and went through the plan."
        await pilot.press("ctrl+f")
        # every answer only describes events: one more question before the summary
        assert session.current.source == "nudge"
        await send(pilot, screen, "It meant I trust the plan more now.")
        await until(pilot, lambda: showing(app, SummaryScreen))
        await pilot.press("escape")  # back: nothing saved, the draft stays
        await until(pilot, lambda: showing(app, ReflectionScreen))
        assert app.drafts.list() and not app.services.journal.files()


async def test_an_unfinished_reflection_is_offered_for_resuming(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reflection(pilot, app)
        screen.answer_box.text = ANSWER
        await pilot.press("ctrl+b")  # leave: the typed answer is kept in the draft
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ == "ResumeScreen")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, ReflectionScreen) and app.screen.session is not None,
        )
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.answer_box.text == ANSWER  # back in the box, ready to send


async def test_start_choices_are_remembered(make_app: Callable[..., ReflectApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.library is not None)
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ == "StartScreen")
        app.screen.query_one("#partner", Input).value = "partner-a"
        app.screen.query_one("#role").value = "mentor"  # type: ignore[attr-defined]
        await pilot.click("#begin")
        await until(pilot, lambda: showing(app, ReflectionScreen))
    choices = app.tui_state.load()
    assert (choices.template, choices.role, choices.partner) == ("quick", "mentor", "partner-a")
    assert app.tui_state.path is not None and app.tui_state.path.stat().st_mode & 0o777 == 0o600


async def test_related_past_insights_follow_what_is_being_written(
    make_app: Callable[..., ReflectApp],
) -> None:
    from textual.widgets import Static

    app = make_app(seed=True)
    async with app.run_test(size=(130, 30)) as pilot:  # wide: the panel starts open
        screen = await open_reflection(pilot, app)
        body = screen.query_one("#related-body", Static)
        screen.answer_box.text = "a clear first slide calms my nerves when presenting"
        await until(pilot, lambda: "first slide" in str(body.render()))
        assert "partner-a" in str(body.render())
        await pilot.press("ctrl+r")
        assert not screen.query_one("#related").display


async def test_quitting_keeps_unsent_text_in_the_draft(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_reflection(pilot, app)
        screen.answer_box.text = "Half a thought I have not sent yet"
        await pilot.press("ctrl+q")
    (draft,) = app.drafts.list()
    state = app.drafts.load(draft.id)
    assert state["entry"]["turns"][0]["answer"] == "Half a thought I have not sent yet"
