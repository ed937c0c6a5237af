"""A `--store` or `--llm-url` server that hangs gets one sentence within the timeout; one
that answers slowly, but within it, just works.

The hung server is a loopback socket that accepts and never answers; the slow ones are
the real servers (`chroma run`, `llama_cpp.server`) behind a relay that holds back each
reply. The CLI cases run `reflect` in a child process with the default timeouts, so a
hang would show as the child's own timeout, not as a stuck test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from stalling import delayed, silent
from test_chroma_server import store_url  # noqa: F401 - the real `chroma run` fixture
from test_llm_server import llm_url  # noqa: F401 - the real `llama_cpp.server` fixture

from reflect.entry import Entry, Turn
from reflect.errors import ModelError, StoreError
from reflect.llm.base import Generation, collect
from reflect.llm.server import ServerModel
from reflect.services import build_services
from reflect.settings import Settings, load_settings
from reflect.storage.index import ChromaIndex

pytestmark = pytest.mark.slow
REFLECT = [sys.executable, "-m", "reflect.tui.entry"]
CHILD_DEADLINE_S = 90.0  # generous: the default timeouts add up to 10 s
DEFAULTS = Settings(home=Path("unused"))


@pytest.fixture
def hung() -> Iterator[str]:
    with silent() as url:
        yield url


def reflect(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*REFLECT, "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=CHILD_DEADLINE_S,
    )


def test_default_timeouts_give_up_on_a_hung_server_within_ten_seconds() -> None:
    assert DEFAULTS.connect_timeout + DEFAULTS.read_timeout <= 10


def test_hung_store_gets_one_sentence_naming_it(hung: str, tmp_path: Path) -> None:
    result = reflect(tmp_path / "home", "--store", hung, "search", "feedback")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert hung in lines[0] and "did not answer within 8 s" in lines[0]
    assert "restart it" in lines[0] and "drop --store" in lines[0]


def test_hung_llm_server_gets_one_sentence_and_questions_without_it(
    hung: str, tmp_path: Path
) -> None:
    url = f"{hung}/v1"
    result = reflect(
        tmp_path / "home",
        *("--llm-url", url, "followup", "--template", "quick", "--stage", "learned", "--json"),
        "I learned to ask for help before I was stuck for a whole day.",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source"] != "model"  # the app's own questions
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert url in lines[0] and "did not answer within 8 s" in lines[0]


def test_llm_server_that_hangs_mid_request_is_one_model_error(hung: str) -> None:
    model = ServerModel(f"{hung}/v1", model_timeout=1.0)  # no check(): straight to a request
    with pytest.raises(
        ModelError, match=r"within 1 s; restart it .* larger model_timeout"
    ) as caught:
        collect(model, Generation(prompt="A good mentor asks", max_tokens=4))
    assert "\n" not in str(caught.value)


def test_timeouts_are_settable_in_config_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("connect_timeout = 1.5\nread_timeout = 30\n")
    monkeypatch.setenv("REFLECT_READ_TIMEOUT", "45")
    monkeypatch.setenv("REFLECT_MODEL_TIMEOUT", "300")
    settings = load_settings(home)
    assert (settings.connect_timeout, settings.read_timeout) == (1.5, 45.0)
    assert settings.model_timeout == 300.0
    monkeypatch.setenv("REFLECT_READ_TIMEOUT", "0")
    with pytest.raises(Exception, match="Setting 'read_timeout' in \\$REFLECT_READ_TIMEOUT"):
        load_settings(home)


def _entry() -> Entry:
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns = [Turn("learned", "What did you learn?", "Asking early saves a day.")]
    return entry


def test_slow_store_within_the_timeout_works(
    store_url: str,  # noqa: F811
    tmp_path: Path,
    hashing_embedder: object,
) -> None:
    port = urlparse(store_url).port
    assert port is not None
    with delayed(port, delay=1.0) as slow:
        settings = load_settings(tmp_path / "home", store_url=slow, no_model=True, read_timeout=3.0)
        services = build_services(settings, embedder=hashing_embedder)  # type: ignore[arg-type]
        try:
            library = services.library
            library.reconcile()
            entry = _entry()
            library.save(entry)
            assert entry.id in library.index.entry_ids()
        finally:
            services.close()


def test_store_slower_than_the_timeout_is_one_store_error(
    store_url: str,  # noqa: F811
) -> None:
    port = urlparse(store_url).port
    assert port is not None
    with delayed(port, delay=3.0) as slow, pytest.raises(StoreError) as caught:
        ChromaIndex.remote(slow, connect_timeout=1.0, read_timeout=1.0)
    assert str(caught.value).startswith(f"The chroma server at {slow} did not answer within 1 s")


@pytest.mark.model
def test_slow_llm_server_within_the_timeout_works(llm_url: str) -> None:  # noqa: F811
    parsed = urlparse(llm_url)
    assert parsed.port is not None
    with delayed(parsed.port, delay=1.0) as slow:
        model = ServerModel(f"{slow}/v1").check()  # the default timeouts
        text = collect(model, Generation(prompt="A good mentor asks", max_tokens=6))
    assert text.strip()
