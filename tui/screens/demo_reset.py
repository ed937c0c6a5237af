"""Demo mode's reset key: clear the room's answers for the next group, then Home.

F5 asks first (a stray key must not wipe a group's work mid-exercise). Every screen
above Home closes (a reflection or pair prep in progress goes with it), the app forgets
the partners and choices this group typed, and `reflect.demo.reset` restores the
sample journal in a thread worker (it re-embeds the restored entries). The template
passed with `--template` stays the one offered first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.wording import entries

from ..context import context_of
from ..messages import JournalChanged
from ..state import TuiState
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.app import App

    from reflect.templates import TemplateBook


def featured_template(templates: TemplateBook) -> str | None:
    """The facilitator's own template (`--template`): in demo mode the only user one."""
    return next((t.id for t in templates.all() if t.user), None)


def fresh_state(templates: TemplateBook) -> TuiState:
    """Remembered choices for a new group: nothing typed, the facilitator's template first."""
    state = TuiState(None)
    featured = featured_template(templates)
    if featured is not None:
        state.remember(featured, "mentee", "")
    return state


def ask_reset(app: App[Any]) -> None:
    """Confirm, then reset (demo mode only)."""
    if not context_of(app).demo:
        return

    async def answered(confirmed: bool | None) -> None:
        if confirmed:
            await reset_room(app)

    app.push_screen(
        ConfirmScreen(
            "Reset the demo for the next group?",
            "Everything this group wrote is cleared and the sample journal comes back.",
            yes="Reset",
        ),
        answered,
    )


async def reset_room(app: App[Any]) -> None:
    """Close every screen above Home, forget this group's choices, restore the journal."""
    while len(app.screen_stack) > 2 and type(app.screen).__name__ != "HomeScreen":
        await app.pop_screen()  # awaited: a closing reflection finishes its draft first
    context = context_of(app)
    context.tui_state = fresh_state(context.services.templates)
    app.notify("Resetting the demo for the next group…", timeout=3)
    app.run_worker(
        lambda: _restore(app),
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="demo-reset",
    )


def _restore(app: App[Any]) -> None:
    from reflect.demo import reset

    context = context_of(app)
    context.wait_library()  # the seed must be indexed before it can be restored
    undone = reset(context.services, context.drafts)
    for draft in context.pair_drafts.list():
        context.pair_drafts.discard(draft.id)
    app.call_from_thread(_restored, app, undone)


def _restored(app: App[Any], undone: int) -> None:
    app.notify(f"Ready for the next group ({entries(undone)} from this group cleared).")
    app.post_message(JournalChanged(reload_now=True))
