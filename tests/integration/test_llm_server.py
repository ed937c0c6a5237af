"""`--llm-url`: a real `python -m llama_cpp.server` on 127.0.0.1 serving the bundled model."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from loopback import free_port, only_loopback, serving, tcp_sockets

from reflect.errors import ModelError
from reflect.llm.base import Generation, collect
from reflect.llm.catalog import resolve
from reflect.llm.server import ServerModel
from reflect.services import build_services
from reflect.settings import load_settings

pytestmark = [pytest.mark.model, pytest.mark.slow]
REFLECT = [sys.executable, "-m", "reflect.tui.entry"]
# Nothing in it for a question in the person's own words, so the model is asked.
ANSWER = "We met at ten in the lab and went through the blots from last week."
CHAT = Generation(messages=[{"role": "user", "content": "Tell me about mentoring."}])
COMPLETION = Generation(prompt="A good mentor asks")


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gguf = resolve(None).path(load_settings().cache_dir)
    port = free_port()
    command = [
        *(sys.executable, "-m", "llama_cpp.server", "--model", str(gguf)),
        *("--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"),
    ]
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    with serving(command, port, "/v1/models", log) as server:
        yield f"http://127.0.0.1:{port}/v1"
        assert only_loopback(tcp_sockets(server.pid))


def reflect(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*REFLECT, *args], capture_output=True, text=True, timeout=600)


def test_followup_over_llm_url_uses_the_server(llm_url: str) -> None:
    result = reflect(
        *("--llm-url", llm_url, "followup", "--template", "quick", "--stage", "learned"),
        *("--json", ANSWER),
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["question"].strip()
    assert shown["source"] in ("model", "curated")  # the gate decides; both are valid
    assert "no model in use" not in result.stderr


def test_services_pick_the_server_model(llm_url: str) -> None:
    services = build_services(load_settings(llm_url=llm_url))
    model = services.model
    assert services.model_status is not None and services.model_status.mode == "server"
    assert model.name.endswith(".gguf")
    services.close()


@pytest.mark.parametrize(
    ("mode", "request_"), [("chat", CHAT), ("completion", COMPLETION)], ids=["chat", "completion"]
)
def test_server_streams_in_several_chunks(llm_url: str, mode: str, request_: Generation) -> None:
    model = ServerModel(llm_url, prompt_mode=mode).check()  # type: ignore[arg-type]
    chunks = list(model.stream(replace(request_, max_tokens=24)))
    assert len(chunks) >= 3
    assert "".join(chunks).strip()


def test_cancel_stops_the_stream_early(llm_url: str) -> None:
    model = ServerModel(llm_url).check()
    cancel = threading.Event()
    received: list[str] = []
    long_reply = Generation(messages=CHAT.messages, max_tokens=200)
    for chunk in model.stream(long_reply, cancel):
        received.append(chunk)
        if len(received) == 2:
            cancel.set()
    assert len(received) == 2
    assert list(model.stream(long_reply, cancel)) == []  # already cancelled: nothing at all


def test_cancel_while_waiting_for_the_first_chunk_ends_the_stream(llm_url: str) -> None:
    model = ServerModel(llm_url).check()
    cancel = threading.Event()
    received: list[str] = []
    done = threading.Event()

    def consume() -> None:
        received.extend(model.stream(Generation(messages=CHAT.messages, max_tokens=400), cancel))
        done.set()

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    cancel.set()
    assert done.wait(60), "the stream did not end after cancel"
    assert len(received) < 400


def test_json_schema_asks_the_server_for_json(llm_url: str) -> None:
    schema = {
        "type": "object",
        "properties": {"theme": {"type": "string", "maxLength": 20}},
        "required": ["theme"],
    }
    request = Generation(
        messages=[{"role": "user", "content": "Name the theme of: I asked for help early."}],
        max_tokens=40,
        temperature=0.0,
        json_schema=schema,
    )
    assert collect(ServerModel(llm_url).check(), request).lstrip().startswith("{")


def test_wrong_path_on_the_server_is_one_clear_error(llm_url: str) -> None:
    with pytest.raises(ModelError, match=r"answered HTTP 404") as caught:
        ServerModel(llm_url.replace("/v1", "/nowhere")).check()
    assert "\n" not in str(caught.value)


def test_dead_server_falls_back_to_curated_with_one_warning() -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    result = reflect(
        *("--llm-url", dead, "followup", "--template", "quick", "--stage", "learned"),
        *("--json", ANSWER),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "curated"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot be reached" in lines[0] and dead in lines[0]


def test_bad_url_scheme_is_one_clear_error() -> None:
    with pytest.raises(ModelError, match="not an http address"):
        ServerModel("ftp://127.0.0.1:21/v1")
