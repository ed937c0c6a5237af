"""`reflect passphrase --rotate-key` and `reflect decrypt FILE` through the CLI.

The commands run in this process on a real chromadb index (hashing embeddings: the
sealing is under test, not search quality). Keys unlocked by one command are forgotten
before the next, as separate processes would.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from reflect.cli import main
from reflect.fsutil import write_error
from reflect.settings import load_settings
from reflect.storage import atrest
from reflect.storage.drafts import DraftStore
from reflect.storage.journal import JOURNAL_CONTEXT
from reflect.storage.rekey import home_files, open_any

PASSPHRASE = "correct horse battery staple"
ANSWERS = {
    "what": "I ran the retrospective for the new team on my own.",
    "learned": "Asking the quieter people first opened the whole discussion up.",
}


@pytest.fixture(autouse=True)
def encrypted_env(monkeypatch: pytest.MonkeyPatch, hashing_embedder: object) -> None:
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda *a, **k: hashing_embedder)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)


def reflect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    atrest.forget_keys()  # each command is a process of its own in real use
    code = main(["--no-model", *args])
    out, err = capsys.readouterr()
    atrest.forget_keys()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = reflect(capsys, *args)
    assert code == 0, err
    return out


@pytest.fixture
def home(reflect_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """An encrypted home with two entries, a draft, the app's state and a quarantined file."""
    ok(capsys, "init", "--encrypt")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    for partner in ("partner-a", "partner-b"):
        ok(capsys, "add", "--template", "quick", "--with", partner, "--answers", str(answers))
    key = atrest.unlock(reflect_home, PASSPHRASE)
    DraftStore(reflect_home / "drafts", key=key).save("draft-1", {"answers": ["half a thought"]})
    state = reflect_home / atrest.APP_STATE_FILE
    state.write_bytes(key.seal(b'{"partners": ["partner-a"]}', atrest.APP_STATE_CONTEXT))
    broken = reflect_home / "journal" / "2026" / "01" / "broken.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(key.seal("no front matter — just words".encode(), JOURNAL_CONTEXT))
    ok(capsys, "search", "retrospective")  # opening the journal quarantines the broken file
    assert (reflect_home / "quarantine").is_dir()
    return reflect_home


def index_values(home: Path) -> list[str]:
    """Every document and sealed metadata value in the home's chroma index."""
    client = chromadb.PersistentClient(
        path=str(home / "index"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    try:
        values: list[str] = []
        for listed in client.list_collections():
            got = client.get_collection(listed.name).get(include=["documents", "metadatas"])
            values += [d for d in got["documents"] or [] if d]
            for meta in got["metadatas"] or []:
                values += [v for v in meta.values() if isinstance(v, str) and v.startswith("rfe1:")]
        return values
    finally:
        getattr(client, "close", lambda: None)()  # let go of the files (chromadb 1.x)


def assert_opens_nothing(home: Path, key: atrest.HomeKey) -> None:
    files = home_files(load_settings(home))
    kinds = {p.relative_to(home).parts[0] for p, _ in files}
    assert kinds == {"journal", "quarantine", "drafts", atrest.APP_STATE_FILE}
    for path, _ in files:
        with pytest.raises(atrest.DecryptError):
            open_any(key, path.read_bytes())
    values = index_values(home)
    assert len(values) > 4
    for value in values:
        with pytest.raises(atrest.DecryptError):
            key.open_text(value, "any")  # wrong key or wrong context: neither opens


def old_key_opens(home: Path, old_key_file: bytes) -> atrest.HomeKey:
    """The data key an old copy of encryption.json gives with the old passphrase."""
    (home / atrest.KEY_FILE).write_bytes(old_key_file)
    return atrest.unlock(home, PASSPHRASE)


def test_after_rotating_the_key_an_old_key_file_opens_nothing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (home / atrest.KEY_FILE).read_bytes()
    out = ok(capsys, "passphrase", "--rotate-key")
    assert "under a new key" in out and "no longer open anything" in out
    assert not (home / atrest.ROTATING_MARKER).exists()
    hits = json.loads(ok(capsys, "search", "quieter people", "--json"))
    assert {h["partner"] for h in hits} == {"partner-a", "partner-b"}
    assert len(json.loads(ok(capsys, "export"))["entries"]) == 2
    draft = ok(capsys, "decrypt", str(home / "drafts" / "draft-1.json"))
    assert json.loads(draft)["answers"] == ["half a thought"]

    assert_opens_nothing(home, old_key_opens(home, before))
    code, _, err = reflect(capsys, "decrypt", str(next((home / "quarantine").iterdir())))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "does not open with the key of the journal" in err


def test_an_interrupted_rotation_is_reported_and_finishes_when_run_again(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (home / atrest.KEY_FILE).read_bytes()
    real_write = atrest.atomic_write
    writes: list[Path] = []

    def disk_fills_up(path: Path, data: bytes | str, **kw: bool) -> None:
        if len(writes) == 2:  # what atomic_write raises when the disk is full
            raise write_error(path, OSError(errno.ENOSPC, "No space left on device"))
        writes.append(path)
        real_write(path, data, **kw)

    monkeypatch.setattr("reflect.storage.rekey.atomic_write", disk_fills_up)
    code, _, err = reflect(capsys, "passphrase", "--rotate-key")
    assert code == 1 and "No space left" in err and err.count("\n") == 1, err
    assert (home / atrest.ROTATING_MARKER).exists() and len(writes) == 2
    monkeypatch.setattr("reflect.storage.rekey.atomic_write", real_write)

    code, _, err = reflect(capsys, "search", "retrospective")
    assert code == 1
    assert err.count("\n") == 1 and "run `reflect passphrase --rotate-key` again" in err
    code, _, err = reflect(capsys, "passphrase")
    assert code == 1 and "--rotate-key` to finish it" in err

    assert "Finishing the key change" in ok(capsys, "passphrase", "--rotate-key")
    entries = json.loads(ok(capsys, "export"))["entries"]
    assert {e["partner"] for e in entries} == {"partner-a", "partner-b"}
    assert_opens_nothing(home, old_key_opens(home, before))


def test_decrypt_prints_a_quarantined_file_for_its_owner_only(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quarantined = next((home / "quarantine").iterdir())
    assert ok(capsys, "decrypt", str(quarantined)) == "no front matter — just words"
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase at all")
    code, out, err = reflect(capsys, "decrypt", str(quarantined))
    assert code == 1 and out == "" and "passphrase" in err and err.count("\n") == 1
    code, _, err = reflect(capsys, "decrypt", str(home / "nowhere.md"))
    assert code == 1 and "No file at" in err
