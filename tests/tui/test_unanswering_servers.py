"""The app with a `--store` and an `--llm-url` server that accept and never answer: it
stays usable, and its status line names each server and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import showing, until
from fakes import MemoryIndex
from stalling import silent
from test_reflection_flow import open_reflection, send

from reflect.llm.server import ServerModel
from reflect.services import build_services
from reflect.settings import load_settings
from reflect.tui.app import ReflectApp
from reflect.tui.screens.help import HelpScreen


async def test_hung_servers_are_named_in_the_status_line_and_the_app_stays_usable(
    reflect_home: Path, hashing_embedder: Any
) -> None:
    with silent() as store, silent() as llm:
        settings = load_settings(
            reflect_home, store_url=store, llm_url=f"{llm}/v1", read_timeout=1.0
        )
        app = ReflectApp(build_services(settings, embedder=hashing_embedder))
        async with app.run_test() as pilot:
            await pilot.press("f1")  # while both servers are still being waited for
            await until(pilot, lambda: showing(app, HelpScreen))
            await until(pilot, lambda: f"Index: {store} not answering" in app.status)
            await until(pilot, lambda: f"No model: {llm}/v1 not answering" in app.status)
            said = " ".join(str(n.message) for n in app._notifications)
            assert f"The chroma server at {store} did not answer within 1 s" in said
            assert f"The language-model server at {llm}/v1 did not answer within 1 s" in said
            assert showing(app, HelpScreen)  # still where the person left it


async def test_llm_server_that_stops_answering_mid_reflection_is_named_and_left_behind(
    reflect_home: Path, hashing_embedder: Any
) -> None:
    with silent() as llm:
        url = f"{llm}/v1"
        settings = load_settings(reflect_home, llm_url=url, model_timeout=1.0)
        model = ServerModel(url, model_timeout=1.0)  # it answered once; now it hangs
        services = build_services(
            settings, embedder=hashing_embedder, index=MemoryIndex(), model=model
        )
        app = ReflectApp(services)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_reflection(pilot, app)
            session = screen.session
            assert session is not None
            await send(
                pilot, screen, "The team meeting ran with everyone giving views before mine."
            )
            await until(pilot, lambda: len(session.entry.turns) == 2 and not screen.busy)
            assert session.current.source != "model"  # Reflect's own question, after 1 s
            await until(pilot, lambda: f"No model: {url} not answering" in app.status)
            said = " ".join(str(n.message) for n in app._notifications)
            assert f"The language-model server at {url} did not answer within 1 s" in said
            assert app.services.model_status is not None
            assert app.services.model_status.mode == "no-model"  # no second wait on it
