"""Encryption at rest: the sealed-blob envelope, the key file, and what each store writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import MemoryIndex

from reflect.entry import Entry, Turn
from reflect.errors import EntryFileError, HomeError, InputError
from reflect.storage import atrest
from reflect.storage.atrest import DecryptError, HomeKey, PassphraseError
from reflect.storage.chunks import Chunk
from reflect.storage.drafts import DraftStore
from reflect.storage.journal import Journal
from reflect.storage.sealed_index import SealedIndex

PASSPHRASE = "correct horse battery"
SECRET = "a private worry about the budget review"


@pytest.fixture(autouse=True)
def no_unlocked_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (atrest.PASSPHRASE_ENV, atrest.PASSPHRASE_FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    atrest.forget_keys()
    yield
    atrest.forget_keys()


@pytest.fixture
def key() -> HomeKey:
    return HomeKey(os.urandom(32))


def encrypted_home(tmp_path: Path) -> tuple[Path, HomeKey]:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return home, atrest.create(home, PASSPHRASE)


# -- the envelope ---------------------------------------------------------------------


def test_sealed_blob_round_trips_and_holds_no_plaintext(key: HomeKey) -> None:
    blob = key.seal(SECRET.encode(), "journal")
    assert SECRET.encode() not in blob
    assert blob.startswith(atrest.MAGIC) and atrest.is_sealed(blob)
    assert key.open(blob, "journal") == SECRET.encode()


def test_every_write_gets_a_fresh_nonce(key: HomeKey) -> None:
    blobs = [key.seal(SECRET.encode(), "draft") for _ in range(3)]
    nonces = {b[5:17] for b in blobs}
    assert len(nonces) == 3 and len(set(blobs)) == 3


@pytest.mark.parametrize(
    ("position", "why"),
    [(-1, "damaged"), (20, "damaged"), (7, "damaged"), (4, "version")],
    ids=["tag", "ciphertext", "nonce", "version-byte"],
)
def test_a_changed_byte_anywhere_fails_clearly(key: HomeKey, position: int, why: str) -> None:
    blob = bytearray(key.seal(SECRET.encode(), "journal"))
    blob[position] ^= 0x02
    with pytest.raises(DecryptError, match=why):
        key.open(bytes(blob), "journal")


def test_a_blob_opens_only_where_it_was_written(key: HomeKey) -> None:
    blob = key.seal(SECRET.encode(), "draft")
    with pytest.raises(DecryptError, match="damaged"):
        key.open(blob, "journal")
    with pytest.raises(DecryptError, match="damaged"):
        HomeKey(os.urandom(32)).open(blob, "draft")


def test_a_newer_format_version_is_named(key: HomeKey) -> None:
    blob = bytearray(key.seal(SECRET.encode(), "journal"))
    blob[4] = 2
    with pytest.raises(DecryptError, match="version 2 by a newer Reflect"):
        key.open(bytes(blob), "journal")


def test_a_truncated_blob_fails_clearly(key: HomeKey) -> None:
    with pytest.raises(DecryptError, match="truncated"):
        key.open(key.seal(b"x", "journal")[:20], "journal")


# -- the key file ---------------------------------------------------------------------


def test_key_file_is_private_and_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    home, key = encrypted_home(tmp_path)
    path = atrest.key_file(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    body = json.loads(path.read_text())
    assert body["format"] == "reflect-home-key" and body["version"] == 1
    assert body["kdf"]["name"] == "scrypt" and body["kdf"]["salt"]
    blob = key.seal(SECRET.encode(), "journal")
    assert atrest.unlock(home, PASSPHRASE).open(blob, "journal") == SECRET.encode()
    with pytest.raises(PassphraseError, match=r"passphrase .* is wrong") as err:
        atrest.unlock(home, "not the passphrase")
    assert "\n" not in str(err.value)


def test_key_file_settings_cannot_be_swapped(tmp_path: Path) -> None:
    home, _ = encrypted_home(tmp_path)
    path = atrest.key_file(home)
    body = json.loads(path.read_text())
    body["kdf"]["n"] = 2**14  # a weaker KDF would need a new key: the header is bound
    path.write_text(json.dumps(body))
    with pytest.raises(PassphraseError):
        atrest.unlock(home, PASSPHRASE)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: {**b, "version": 2}, "version 2 key file"),
        (lambda b: {k: v for k, v in b.items() if k != "wrapped_key"}, "damaged"),
        (lambda b: "not json", "damaged"),
    ],
    ids=["newer-version", "missing-field", "not-json"],
)
def test_damaged_or_newer_key_file_is_one_clear_sentence(
    tmp_path: Path, damage: object, message: str
) -> None:
    home, _ = encrypted_home(tmp_path)
    path = atrest.key_file(home)
    path.write_text(json.dumps(damage(json.loads(path.read_text()))))  # type: ignore[operator]
    with pytest.raises(HomeError, match=message):
        atrest.unlock(home, PASSPHRASE)


def test_a_home_is_never_given_a_second_key(tmp_path: Path) -> None:
    home, _ = encrypted_home(tmp_path)
    before = atrest.key_file(home).read_bytes()
    with pytest.raises(HomeError, match="already encrypted"):
        atrest.create(home, "another passphrase")
    assert atrest.key_file(home).read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["encryption.json"]  # no temp left


def test_short_passphrase_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(InputError, match="at least 8"):
        atrest.create(home, "short")
    assert not atrest.is_encrypted(home)


def test_changed_passphrase_opens_what_the_old_one_sealed(tmp_path: Path) -> None:
    home, key = encrypted_home(tmp_path)
    blob = key.seal(SECRET.encode(), "journal")
    atrest.change_passphrase(home, PASSPHRASE, "a brand new passphrase")
    with pytest.raises(PassphraseError):
        atrest.unlock(home, PASSPHRASE)
    assert atrest.unlock(home, "a brand new passphrase").open(blob, "journal") == SECRET.encode()
    assert stat.S_IMODE(atrest.key_file(home).stat().st_mode) == 0o600


def test_change_passphrase_killed_before_the_rename_keeps_the_old_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _ = encrypted_home(tmp_path)
    before = atrest.key_file(home).read_bytes()

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # stands in for SIGKILL at the last moment before the swap

    monkeypatch.setattr("reflect.fsutil.os.replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atrest.change_passphrase(home, PASSPHRASE, "a brand new passphrase")
    monkeypatch.undo()
    assert atrest.key_file(home).read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["encryption.json"]
    atrest.unlock(home, PASSPHRASE)


def test_change_passphrase_with_the_wrong_old_one_changes_nothing(tmp_path: Path) -> None:
    home, _ = encrypted_home(tmp_path)
    before = atrest.key_file(home).read_bytes()
    with pytest.raises(PassphraseError):
        atrest.change_passphrase(home, "not the passphrase", "a brand new passphrase")
    assert atrest.key_file(home).read_bytes() == before


def test_without_passphrase_or_terminal_one_sentence_says_how_to_give_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _ = encrypted_home(tmp_path)
    atrest.forget_keys()
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115 - not a terminal
    with pytest.raises(PassphraseError, match="REFLECT_PASSPHRASE") as err:
        atrest.key_for(home)
    assert "\n" not in str(err.value)


def test_passphrase_file_is_a_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = encrypted_home(tmp_path)
    atrest.forget_keys()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.setenv(atrest.PASSPHRASE_FILE_ENV, str(secret))
    assert atrest.key_for(home) is not None


# -- what the stores write ------------------------------------------------------------


def entry_with(text: str) -> Entry:
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns = [Turn("learned", "What did you learn?", text)]
    entry.summary.insight = text
    return entry


def test_encrypted_journal_files_hold_only_ciphertext(tmp_path: Path) -> None:
    home, key = encrypted_home(tmp_path)
    journal = Journal(home / "journal", key=key).open()
    entry = entry_with(SECRET)
    path = journal.save(entry)
    raw = path.read_bytes()
    assert atrest.is_sealed(raw) and SECRET.encode() not in raw
    assert journal.get(entry.id).turns[0].answer == SECRET
    assert [p.name for p in journal.files()] == [f"{entry.id}.md"]


def test_encrypted_journal_never_opens_without_its_key(tmp_path: Path) -> None:
    home, _ = encrypted_home(tmp_path)
    with pytest.raises(PassphraseError, match="encrypted"):
        Journal(home / "journal").open()


def test_a_tampered_journal_file_is_a_damaged_file(tmp_path: Path) -> None:
    home, key = encrypted_home(tmp_path)
    journal = Journal(home / "journal", key=key).open()
    path = journal.save(entry_with(SECRET))
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(EntryFileError, match="cannot be decrypted"):
        journal.load(path)


def test_plaintext_file_left_in_an_encrypted_journal_still_reads(tmp_path: Path) -> None:
    home, key = encrypted_home(tmp_path)
    entry = entry_with("written before encryption")
    plain = Journal(tmp_path / "plain").open().save(entry)
    journal = Journal(home / "journal", key=key).open()
    target = journal.path_for(entry)
    target.parent.mkdir(parents=True)
    target.write_bytes(plain.read_bytes())
    assert journal.get(entry.id).turns[0].answer == "written before encryption"


def test_drafts_in_an_encrypted_home_are_sealed_with_the_unlocked_key(tmp_path: Path) -> None:
    home, _ = encrypted_home(tmp_path)  # create() leaves the key unlocked in this process
    for folder in (home / "drafts", home / "drafts" / "pair"):
        store = DraftStore(folder)  # as the app builds it: no key passed
        store.save("d1", {"entry": {"template": "quick", "turns": [{"answer": SECRET}]}})
        raw = (folder / "d1.json").read_bytes()
        assert atrest.is_sealed(raw) and SECRET.encode() not in raw
        assert store.load("d1")["entry"]["turns"][0]["answer"] == SECRET
        assert [(d.id, d.answered) for d in store.list()] == [("d1", 1)]


def test_drafts_are_not_written_when_the_home_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _ = encrypted_home(tmp_path)
    atrest.forget_keys()
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115 - not a terminal
    with pytest.raises(PassphraseError):
        DraftStore(home / "drafts").save("d1", {"entry": {"turns": [{"answer": SECRET}]}})
    assert not (home / "drafts" / "d1.json").exists()


def test_remembered_partner_names_are_sealed_in_an_encrypted_home(tmp_path: Path) -> None:
    from reflect.tui.state import TuiState

    home, _ = encrypted_home(tmp_path)
    state = TuiState(home / atrest.APP_STATE_FILE)
    state.remember("quick", "mentee", "partner-b")
    assert b"partner-b" not in (home / atrest.APP_STATE_FILE).read_bytes()
    assert TuiState(home / atrest.APP_STATE_FILE).load().partners == ["partner-b"]


def test_sealed_index_stores_ciphertext_and_answers_in_plaintext(key: HomeKey) -> None:
    inner = MemoryIndex()
    index = SealedIndex(inner, key)
    meta = {
        "entry_id": "e1",
        "kind": "action",
        "partner": "partner-a",
        "themes": "budget|worry",
        "owner": "partner-b",
        "due": "by Friday",
        "done": False,
        "created_ts": 100,
    }
    index.add([Chunk("e1:action:0:0", SECRET, meta)], [[1.0, 0.0]])
    stored, _ = inner.store["e1:action:0:0"]
    held = json.dumps([stored.text, stored.metadata])
    for plain in (SECRET, "partner-a", "budget", "partner-b", "Friday"):
        assert plain not in held
    for hits in (
        index.query([1.0, 0.0], 3, {"partner": "partner-a"}),
        index.rows({"partner": {"$in": ["partner-a"]}, "done": False}),
    ):
        assert [h.text for h in hits] == [SECRET]
        assert {k: hits[0].metadata[k] for k in meta} == meta
        assert "partner_sealed" not in hits[0].metadata
    assert index.rows({"partner": "partner-b"}) == []
    assert index.entry_ids() == {"e1"}


def test_plaintext_home_never_imports_cryptography(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path;"
        "from reflect.storage.journal import Journal;"
        "from reflect.storage.drafts import DraftStore;"
        "from reflect.entry import Entry;"
        "j = Journal(Path(sys.argv[1]) / 'journal').open(); e = Entry.new('quick');"
        "j.get(j.save(e).stem); DraftStore(Path(sys.argv[1]) / 'drafts').save('d', {});"
        "print(any(m.startswith('cryptography') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
