"""Encryption at rest through the real `reflect` command, real chromadb and real embeddings.

The canary checks read every byte of every file under the home (chromadb's sqlite, its
write-ahead data and HNSW segments included) for the phrase in UTF-8 and UTF-16.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REFLECT = [sys.executable, "-m", "reflect.tui.entry"]
PASSPHRASE = "correct horse battery staple"
CANARY = "velvet-otter-canary-4417"
ANSWERS = {
    "what": f"In the review I finally said {CANARY} out loud to my mentor.",
    "learned": f"Naming {CANARY} early made the budget talk calmer.",
    "next": f"I will write down {CANARY} before next Thursday's review.",
}


def run(
    home: Path, *args: str, passphrase: str | None = PASSPHRASE, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_PASSPHRASE")}
    if passphrase is not None:
        environ["REFLECT_PASSPHRASE"] = passphrase
    environ.update(env)
    return subprocess.run(
        [*REFLECT, "--home", str(home), "--no-model", *args],
        input=stdin,  # a pipe, never the terminal: no prompt can wait
        capture_output=True,
        text=True,
        timeout=300,
        env=environ,
        check=False,
    )


def add(home: Path, **env: str) -> str:
    done = run(
        home, "add", "--template", "quick", "--with", "partner-a", "--answers", "-",
        stdin=json.dumps(ANSWERS), **env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def files_holding(home: Path, phrase: str) -> list[str]:
    needles = [phrase.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return [
        str(p.relative_to(home))
        for p in sorted(home.rglob("*"))
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def snapshot(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def save_draft(home: Path) -> Path:
    """Autosave a reflection in progress the way the app does (DraftStore(drafts_dir))."""
    code = """
import sys
from pathlib import Path
from reflect.storage.drafts import DraftStore
from fakes import HashingEmbedder
from reflect.engine.followups import FollowUpWriter
from reflect.llm.nomodel import NoModel
from reflect.services import build_services
from reflect.engine.session import Session
from reflect.settings import load_settings

services = build_services(load_settings(sys.argv[1], no_model=True))
services.unlock()  # what `reflect` does on the terminal before the app opens
template = services.templates.get("quick")
writer = FollowUpWriter(NoModel(), HashingEmbedder())
drafts = DraftStore(services.settings.drafts_dir)
session = Session.start(template, "mentee", "partner-a", writer, drafts)
session.answer(sys.argv[2])
print(session.entry.id)
"""
    tests = Path(__file__).resolve().parents[1]  # where fakes.py is
    env = {**os.environ, "REFLECT_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(tests)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(home), f"Still unsure about {CANARY} here."],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return home / "drafts" / f"{done.stdout.strip()}.json"


def assert_private(home: Path) -> None:
    loose = [
        f"{p.relative_to(home)} {oct(stat.S_IMODE(p.stat().st_mode))}"
        for p in home.rglob("*")
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    ]
    assert loose == []


def test_canary_in_an_encrypted_home_is_found_in_no_file_but_shown_to_its_owner(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    created = run(home, "init", "--encrypt")
    assert created.returncode == 0, created.stderr
    entry_id = add(home)
    draft = save_draft(home)
    assert draft.is_file()

    found = json.loads(run(home, "search", "speaking up in the budget review", "--json").stdout)
    assert found[0]["entry_id"] == entry_id and CANARY in found[0]["text"]
    assert found[0]["partner"] == "partner-a"
    exported = json.loads(run(home, "export").stdout)
    assert CANARY in exported["entries"][0]["turns"][0]["answer"]
    brief = json.loads(run(home, "prep", "--with", "partner-a", "--format", "json").stdout)
    assert any(CANARY in item["text"] for item in brief["action_items"] + brief["insights"])

    index_files = {p.name for p in (home / "index").rglob("*") if p.is_file()}
    assert "chroma.sqlite3" in index_files and any(n.endswith(".bin") for n in index_files)
    assert files_holding(home, CANARY) == []
    assert files_holding(home, "budget talk") == []  # the text around it, too
    assert files_holding(home, "partner-a") == []  # partner names are tokens in the index
    assert_private(home)


def test_converting_a_plaintext_home_leaves_no_plaintext_in_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    entry_id = add(home)
    assert run(home, "search", "budget talk").returncode == 0  # the first open indexes it
    drafts = home / "drafts" / "pair"
    drafts.parent.mkdir(mode=0o700)
    drafts.mkdir(mode=0o700)
    (drafts / "p1.json").write_text(json.dumps({"entry": {"turns": [{"answer": CANARY}]}}))
    (home / "tui-state.json").write_text(json.dumps({"partner": "partner-a"}))
    assert {"journal", "index", "drafts"} <= {
        f.split("/")[0] for f in files_holding(home, CANARY)
    }  # the scan sees plaintext where it is

    converted = run(home, "init", "--encrypt")
    assert converted.returncode == 0, converted.stderr
    assert "Encrypted 3 files" in converted.stdout
    assert files_holding(home, CANARY) == [] and files_holding(home, "partner-a") == []
    assert_private(home)

    found = json.loads(run(home, "search", "budget talk", "--json").stdout)
    assert found[0]["entry_id"] == entry_id and CANARY in found[0]["text"]
    again = run(home, "init", "--encrypt")
    assert again.returncode == 0 and "already encrypted" in again.stdout


def test_wrong_or_missing_passphrase_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init", "--encrypt").returncode == 0
    add(home)
    before = snapshot(home)
    commands = [
        (["search", "budget"], ""),
        (["add", "--template", "quick", "--answers", "-"], json.dumps(ANSWERS)),
        (["export"], ""),
        (["passphrase"], ""),
    ]
    for args, stdin in commands:
        for passphrase, says in (("not the passphrase", "is wrong"), (None, "REFLECT_PASSPHRASE")):
            done = run(home, *args, passphrase=passphrase, stdin=stdin)
            assert done.returncode == 1, (args, done.stderr)
            assert done.stdout == ""
            assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
            assert "Traceback" not in done.stderr
    assert snapshot(home) == before


def test_the_app_asks_for_the_passphrase_before_it_opens(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init", "--encrypt").returncode == 0
    done = run(home, passphrase="not the passphrase")  # `reflect` with no command: the app
    assert done.returncode == 1
    assert done.stderr.startswith("reflect: The passphrase") and done.stderr.count("\n") == 1


def test_changed_passphrase_opens_everything_and_the_old_one_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init", "--encrypt").returncode == 0
    entry_id = add(home)
    key_before = (home / "encryption.json").read_bytes()
    new = "a different long passphrase"
    changed = run(home, "passphrase", REFLECT_NEW_PASSPHRASE=new)
    assert changed.returncode == 0, changed.stderr
    assert (home / "encryption.json").read_bytes() != key_before
    assert stat.S_IMODE((home / "encryption.json").stat().st_mode) == 0o600
    assert [p.name for p in home.glob(".*.tmp")] == []

    assert "is wrong" in run(home, "search", "budget").stderr
    found = json.loads(run(home, "search", "budget talk", "--json", passphrase=new).stdout)
    assert found[0]["entry_id"] == entry_id and CANARY in found[0]["text"]
    exported = json.loads(run(home, "export", passphrase=new).stdout)
    assert [e["id"] for e in exported["entries"]] == [entry_id]


@pytest.mark.parametrize("existing", [False, True], ids=["new-home", "plaintext-home"])
def test_encrypt_setting_creates_new_homes_encrypted_and_refuses_plaintext_ones(
    tmp_path: Path, existing: bool
) -> None:
    home = tmp_path / "home"
    if existing:
        add(home)
        done = run(home, "search", "budget", REFLECT_ENCRYPT="1")
        assert done.returncode == 1 and "reflect init --encrypt" in done.stderr
        return
    add(home, REFLECT_ENCRYPT="1")
    assert (home / "encryption.json").is_file()
    assert files_holding(home, CANARY) == []


@pytest.mark.slow
def test_encrypted_home_with_a_chroma_server_sends_it_only_ciphertext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from loopback import free_port, serving

    from reflect.cli import main
    from reflect.storage import atrest

    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.is_file():
        pytest.skip("the chroma command (shipped with chromadb) is not installed")
    data, home = tmp_path / "chroma-data", tmp_path / "home"
    port = free_port()
    command = [str(chroma), "run", "--path", str(data), "--port", str(port), "--host", "127.0.0.1"]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    store = ["--home", str(home), "--store", f"http://127.0.0.1:{port}"]
    try:
        with serving(command, port, "/api/v2/heartbeat", tmp_path / "chroma.log"):
            assert main([*store, "init", "--encrypt"]) == 0
            add = ["add", "--template", "quick", "--with", "partner-a", "--answers", str(answers)]
            assert main([*store, "--no-model", *add]) == 0
            entry_id = capsys.readouterr().out.strip().splitlines()[-1]
            assert main([*store, "search", "budget talk", "--json"]) == 0
            found = json.loads(capsys.readouterr().out)
            assert found[0]["entry_id"] == entry_id and CANARY in found[0]["text"]
    finally:
        atrest.forget_keys()
    assert any(p.name == "chroma.sqlite3" for p in data.rglob("*"))
    assert files_holding(data, CANARY) == [] and files_holding(home, CANARY) == []


def test_interrupted_conversion_is_reported_and_finished_by_running_it_again(
    tmp_path: Path,
) -> None:
    from reflect.storage import atrest

    home = tmp_path / "home"
    entry_id = add(home)
    # What a kill right after the key file was written leaves: marker, key, plaintext rest.
    (home / atrest.CONVERTING_MARKER).write_bytes(b"")
    atrest.create(home, PASSPHRASE)
    atrest.forget_keys()

    found = run(home, "search", "budget talk", "--json")
    assert found.returncode == 0 and "init --encrypt" in found.stderr  # told, and still works
    assert json.loads(found.stdout)[0]["entry_id"] == entry_id
    finished = run(home, "init", "--encrypt")
    assert finished.returncode == 0, finished.stderr
    assert not (home / atrest.CONVERTING_MARKER).exists()
    assert files_holding(home, CANARY) == []


def test_a_command_refused_early_exits_cleanly_every_time(tmp_path: Path) -> None:
    # The embedder starts loading on a thread as a command opens the home; a command
    # refused before it embeds must not exit under that thread (it aborted 1 run in 3).
    home = tmp_path / "home"
    assert run(home, "init", "--encrypt").returncode == 0
    add(home)
    codes = [run(home, "search", "budget", passphrase="not it").returncode for _ in range(8)]
    assert codes == [1] * 8
