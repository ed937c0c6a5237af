"""Snapshots of the key screens at 100x30 on fixed data (ids and dates are fixed).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import SIZE, until
from fakes import ScriptedModel

from reflect.tui.app import ReflectApp

FOLLOW_UP = "What did asking for views first change about the team meeting?"
ANSWER = "I ran the team meeting alone and I learned that asking for views first brings people in."


async def still(pilot: Any) -> None:
    """No blinking cursors: a snapshot must not depend on when it was taken."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def ready(pilot: Any) -> None:
    app = pilot.app
    await until(pilot, lambda: "Search: ready" in app.status and "Model:" in app.status)
    await pilot.app.workers.wait_for_complete()
    await still(pilot)


async def at_home(pilot: Any) -> None:
    await ready(pilot)
    await until(
        pilot, lambda: "budget" in str(pilot.app.screen.query_one("#commitments-body").render())
    )


async def at_journal(pilot: Any) -> None:
    await ready(pilot)
    await pilot.press("j")
    await until(
        pilot,
        lambda: (
            pilot.app.screen.query("#entries")
            and pilot.app.screen.query_one("#entries").row_count == 2
        ),
    )
    await still(pilot)


async def at_help(pilot: Any) -> None:
    await ready(pilot)
    await pilot.press("f1")
    await still(pilot)


async def mid_reflection(pilot: Any) -> None:
    app = pilot.app
    await ready(pilot)
    await pilot.press("s")
    await until(pilot, lambda: type(app.screen).__name__ == "StartScreen")
    await pilot.click("#begin")
    await until(pilot, lambda: getattr(app.screen, "session", None) is not None)
    app.screen.answer_box.text = ANSWER
    await pilot.press("ctrl+s")
    await until(
        pilot, lambda: app.screen.session.current.question == FOLLOW_UP and not app.screen.busy
    )
    await still(pilot)


async def at_summary(pilot: Any) -> None:
    app = pilot.app
    await mid_reflection(pilot)
    app.screen.answer_box.text = "I will ask for views first at Monday's meeting."
    await pilot.press("ctrl+f")
    await until(pilot, lambda: bool(app.screen.query("#insight")))
    await pilot.app.workers.wait_for_complete()
    await still(pilot)


@pytest.mark.parametrize(
    "run_before",
    [at_home, at_journal, at_help, mid_reflection, at_summary],
    ids=["home", "journal", "help", "reflection", "summary"],
)
def test_key_screens_look_right(
    snap_compare: Callable[..., bool],
    make_app: Callable[..., ReflectApp],
    run_before: Callable[[Any], Any],
) -> None:
    app = make_app(model=ScriptedModel([FOLLOW_UP]), seed=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
