"""`--store URL`: the index on a real `chroma run` on 127.0.0.1; the journal stays local.

The CLI runs in this process, so the suite's socket guard proves Reflect's side contacts
nothing but loopback; the server's own sockets are checked at the end.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import free_port, only_loopback, serving, tcp_sockets

from reflect.cli import main
from reflect.entry import Entry, Turn
from reflect.errors import ReflectError
from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.ranking import rank

pytestmark = pytest.mark.slow
CHROMA = Path(sys.executable).with_name("chroma")
ANSWERS = {
    "what": "I ran the retrospective for the new team on my own.",
    "learned": "Asking the quieter people first opened the whole discussion up.",
}
NO_TELEMETRY = {"ANONYMIZED_TELEMETRY": "False", "CHROMA_ANONYMIZED_TELEMETRY": "False"}


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.is_file():
        pytest.skip("the chroma command (shipped with chromadb) is not installed")
    data = tmp_path_factory.mktemp("chroma-data")
    port = free_port()
    command = [str(CHROMA), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"]
    log = data.parent / "chroma.log"
    with serving(command, port, "/api/v2/heartbeat", log, env=NO_TELEMETRY) as server:
        yield f"http://127.0.0.1:{port}"
        assert only_loopback(tcp_sockets(server.pid)), "the chroma server reached off-machine"


def reflect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def answers_file(tmp_path: Path) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return str(path)


def journal_files(home: Path) -> list[Path]:
    return sorted((home / "journal").glob("*/*/*.md"))


def test_add_then_search_finds_the_entry_on_the_server(
    store_url: str, answers_file: str, reflect_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = reflect(
        capsys, "--store", store_url, "--no-model", "add", "--template", "quick",
        "--answers", answers_file,
    )  # fmt: skip
    assert code == 0, err
    entry_id = out.strip()
    code, out, err = reflect(
        capsys, "--store", store_url, "search", "quiet people in a retrospective", "--json"
    )
    assert code == 0, err
    assert entry_id in [hit["entry_id"] for hit in json.loads(out)]
    assert [p.stem for p in journal_files(reflect_home)] == [entry_id]  # the record is local
    assert not (reflect_home / "index").exists()  # and the index is not


def test_unreachable_store_keeps_the_entry_and_indexes_it_later(
    store_url: str, answers_file: str, reflect_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    code, out, err = reflect(
        capsys, "--store", dead, "--no-model", "add", "--template", "quick",
        "--answers", answers_file,
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "saved in your journal" in err and dead in err
    saved = journal_files(reflect_home)
    assert len(saved) == 1
    assert ANSWERS["learned"] in saved[0].read_text(encoding="utf-8")

    searched = subprocess.run(  # its own process: a failed command exits, freeing the lock
        [sys.executable, "-m", "reflect.tui.entry", "--store", dead, "search", "retrospective"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert searched.returncode == 1
    assert len(searched.stderr.strip().splitlines()) == 1
    assert "cannot be reached" in searched.stderr

    code, out, err = reflect(  # the server is back: opening indexes what was missed
        capsys, "--store", store_url, "search", "quiet people in a retrospective", "--json"
    )
    assert code == 0, err
    assert saved[0].stem in [hit["entry_id"] for hit in json.loads(out)]


@pytest.fixture
def chroma_data(tmp_path: Path) -> tuple[list[str], int, Path]:
    """A `chroma run` command line of this test's own, to stop and start on the same data."""
    if not CHROMA.is_file():
        pytest.skip("the chroma command (shipped with chromadb) is not installed")
    data, port = tmp_path / "chroma-data", free_port()
    command = [str(CHROMA), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"]
    return command, port, tmp_path / "chroma.log"


def entry_with(answer: str) -> Entry:
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns.append(Turn("learned", "What did you learn?", answer))
    return entry


def found(services: Services, query: str) -> list[str]:
    return [r.entry_id for r in rank(services.library.index, services.embedder, query, 5)]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`reflect ARGS` in its own process, as a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", "reflect.tui.entry", "--no-model", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_clear_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_server_that_vanishes_mid_session_loses_nothing_and_says_so(
    chroma_data: tuple[list[str], int, Path],
    reflect_home: Path,
    real_embedder: Embedder,
    tmp_path: Path,
) -> None:
    command, port, log = chroma_data
    url = f"http://127.0.0.1:{port}"
    settings = load_settings(reflect_home, store_url=url, no_model=True)
    kept = entry_with("Pairing on the migration showed me how to split a risky change.")
    missed = entry_with("Writing the rollback plan first made the release calm and quick.")

    with serving(command, port, "/api/v2/heartbeat", log, env=NO_TELEMETRY) as server:
        services = build_services(settings, embedder=real_embedder, model=NoModel())
        services.library.reconcile()
        services.library.save(kept)
        assert found(services, "splitting a risky change") == [kept.id]
        server.send_signal(signal.SIGKILL)  # the server vanishes mid-session
        server.wait()

        for action in (
            lambda: services.library.save(missed),
            lambda: found(services, "a calm release"),
        ):
            with pytest.raises(ReflectError) as raised:
                action()
            message = str(raised.value)
            assert url in message and "stopped answering" in message and "chroma run" in message
            assert message.count(". ") == 0 and "\n" not in message  # one sentence
        services.close()
    assert services.journal.get(missed.id).turns[0].answer == missed.turns[0].answer

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    added = cli("--store", url, "add", "--template", "quick", "--answers", str(answers),
                "--no-summary")  # fmt: skip
    assert (added.returncode, added.stdout) == (1, "")
    assert "is saved in your journal" in one_clear_line(added.stderr)
    searched = cli("--store", url, "search", "retrospective")
    assert searched.returncode == 1
    assert "cannot be reached" in one_clear_line(searched.stderr)
    on_disk = {p.stem for p in journal_files(reflect_home)}
    assert len(on_disk) == 3 and {kept.id, missed.id} < on_disk

    with serving(command, port, "/api/v2/heartbeat", log, env=NO_TELEMETRY):  # same data
        services = build_services(settings, embedder=real_embedder, model=NoModel())
        try:
            report = services.library.reconcile()
            assert (report.indexed, report.unchanged) == (2, 1)  # what the server missed
            assert found(services, "splitting a risky change")[0] == kept.id
            assert found(services, "a calm release")[0] == missed.id
            assert found(services, "quiet people in a retrospective")[0] in on_disk - {
                kept.id,
                missed.id,
            }
        finally:
            services.close()


def test_a_server_that_comes_back_empty_is_indexed_again(
    chroma_data: tuple[list[str], int, Path],
    reflect_home: Path,
    hashing_embedder: Embedder,
    tmp_path: Path,
) -> None:
    """Pointing Reflect at a new (or wiped) server must not leave search empty."""
    command, port, log = chroma_data
    settings = load_settings(reflect_home, store_url=f"http://127.0.0.1:{port}", no_model=True)
    entry = entry_with("Pairing on the migration showed me how to split a risky change.")
    with serving(command, port, "/api/v2/heartbeat", log, env=NO_TELEMETRY):
        services = build_services(settings, embedder=hashing_embedder, model=NoModel())
        services.library.reconcile()
        services.library.save(entry)
        services.close()
    empty = [*command[:3], str(tmp_path / "other-data"), *command[4:]]  # --path elsewhere
    with serving(empty, port, "/api/v2/heartbeat", log, env=NO_TELEMETRY):
        services = build_services(settings, embedder=hashing_embedder, model=NoModel())
        try:
            report = services.library.reconcile()
            assert report.indexed == 1
            assert entry.id in services.library.index.entry_ids()
        finally:
            services.close()


def test_a_server_index_emptied_for_another_embedding_model_takes_its_dimension(
    store_url: str,
) -> None:
    """`reflect reindex` after switching models empties the server's collection and fills
    it with vectors of another length; chroma fixes a collection's dimension at its first
    vector, so the emptied collection must be made anew."""
    from reflect.storage.chunks import Chunk
    from reflect.storage.index import ChromaIndex

    def piece(entry_id: str) -> Chunk:
        meta = {"entry_id": entry_id, "kind": "answer", "author": "user", "created_ts": 0}
        return Chunk(f"{entry_id}:0", f"{entry_id} text", meta)

    index = ChromaIndex.remote(store_url)
    try:
        for entry_id in index.entry_ids():  # other tests' entries share the server
            index.remove_entry(entry_id)
        index.record_model("all-MiniLM-L6-v2")
        index.add([piece("old")], [[1.0] + [0.0] * 383])
        index.remove_entry("old")  # what the reindex does first on a server
        index.record_model("all-mpnet-base-v2")
        index.add([piece("new")], [[0.0, 1.0] + [0.0] * 766])
        (hit,) = index.query([0.0, 1.0] + [0.0] * 766, 1)
        assert hit.metadata["entry_id"] == "new"
        assert ChromaIndex.remote(store_url).embedding_model() == "all-mpnet-base-v2"
    finally:
        for entry_id in index.entry_ids():
            index.remove_entry(entry_id)
        index.record_model("all-MiniLM-L6-v2")  # the other tests' model again
