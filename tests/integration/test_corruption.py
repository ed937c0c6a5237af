"""A damaged index is found by a probe in a child process and rebuilt; damaged entries are
quarantined byte for byte, never dropped or rewritten.

The store is a real chromadb. The embedder is the hashing one: these tests are about the
store's files, not about meaning, and the HNSW segment is only written to disk once a
collection holds ~1000 chunks, which the real model would take minutes to embed here.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from reflect.entry import Entry, Turn
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.storage.probe import IndexState, probe_index

pytestmark = pytest.mark.slow


def open_home(home: Path) -> Services:
    return build_services(load_settings(home, no_model=True), embedder=HashingEmbedder())


@pytest.fixture(scope="module")
def healthy_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home of 110 entries x 10 answers: enough chunks that chromadb writes its HNSW files."""
    home = tmp_path_factory.mktemp("healthy") / "home"
    services = open_home(home)
    library = services.library
    library.reconcile()
    for n in range(110):
        entry = Entry.new("quick", "mentee", "partner-a")
        entry.id = f"{entry.id}-{n:03d}"
        entry.turns = [
            Turn("learned", f"Question {t}?", f"Entry {n} answer {t}: feedback on pairing {n * t}.")
            for t in range(10)
        ]
        library.journal.save(entry)
    library.reconcile()
    services.close()
    assert any(home.glob("index/*/data_level0.bin")), "chromadb did not write its HNSW segment"
    return home


def segment(home: Path) -> Path:
    return next(p for p in (home / "index").iterdir() if p.is_dir())


def overwrite(path: Path, data: bytes, at: int = 0) -> None:
    with path.open("r+b") as handle:
        handle.seek(at)
        handle.write(data)


def truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage in chroma.sqlite3": lambda h: overwrite(
        h / "index/chroma.sqlite3", b"\x07junk" * 5000
    ),
    "chroma.sqlite3 truncated": lambda h: truncate(h / "index/chroma.sqlite3", 4096),
    "HNSW data truncated": lambda h: truncate(segment(h) / "data_level0.bin", 1000),
    "HNSW header overwritten": lambda h: overwrite(segment(h) / "header.bin", b"\xff" * 100),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_index_is_detected_in_a_child_and_rebuilt_from_the_journal(
    healthy_home: Path, reflect_home: Path, damage: str
) -> None:
    shutil.copytree(healthy_home, reflect_home)
    DAMAGE[damage](reflect_home)
    assert not probe_index(reflect_home / "index").ok

    services = open_home(reflect_home)
    library = services.library
    library.reconcile()
    journal_ids = {e.id for e in library.journal.entries()}
    assert len(journal_ids) == 110
    assert library.index.entry_ids() == journal_ids
    assert any("search index was damaged" in n for n in services.notices)
    assert library.index.query(HashingEmbedder().embed(["feedback on pairing"])[0], 3)
    services.close()
    assert probe_index(reflect_home / "index").ok


def test_unclean_close_probes_a_healthy_index_and_keeps_it(
    healthy_home: Path, reflect_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(healthy_home, reflect_home)
    IndexState(reflect_home, reflect_home / "index").mark_open()  # as a killed process leaves it
    kept = sorted(p.name for p in (reflect_home / "index").iterdir())

    result = probe_index(reflect_home / "index")
    services = open_home(reflect_home)
    assert services.library.index.count() >= 1100
    assert services.notices == []
    services.close()
    assert sorted(p.name for p in (reflect_home / "index").iterdir()) == kept
    with capsys.disabled():
        sys.stdout.write(
            f"\nindex probe on 1100 chunks: {result.seconds:.2f} s ({result.detail})\n"
        )


def test_a_clean_open_does_not_pay_for_a_probe(
    healthy_home: Path, reflect_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(healthy_home, reflect_home)

    def no_probe(*_: object) -> None:
        raise AssertionError("a cleanly closed index was probed")

    monkeypatch.setattr("reflect.storage.probe.probe_index", no_probe)
    services = open_home(reflect_home)
    services.library.reconcile()
    services.close()
    services = open_home(reflect_home)
    assert services.library.index.count() >= 1100
    services.close()


DAMAGED_FILES = {
    "truncated front matter": b"---\nid: 20260101-090000-abcd\ncreated: 2026-01-01T09:",
    "invalid UTF-8": b"---\nid: x\ncreated: 2026-01-01T09:00:00+00:00\n---\n\xff\xfe\xc3(",
    "no front matter": b"Just some notes I typed in another editor.\n",
    "front matter is a list": b"---\n- a\n- b\n---\nbody\n",
}


@pytest.mark.parametrize("name", list(DAMAGED_FILES), ids=list(DAMAGED_FILES))
def test_damaged_journal_file_is_quarantined_byte_for_byte_with_a_message(
    reflect_home: Path, name: str
) -> None:
    services = open_home(reflect_home)
    library = services.library
    good = Entry.new("quick", "mentee")
    good.turns = [Turn("learned", "What did you learn?", "Ask for the review early.")]
    library.save(good)
    damaged = library.journal.root / "2026" / "01" / "20260101-090000-dead.md"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(DAMAGED_FILES[name])

    library.reconcile()
    services.close()

    quarantined = reflect_home / "quarantine" / damaged.name
    assert quarantined.read_bytes() == DAMAGED_FILES[name]
    assert not damaged.exists()
    [problem] = library.journal.problems
    assert str(quarantined) in problem.message
    assert "\n" not in problem.message
    assert library.journal.get(good.id).turns[0].answer == "Ask for the review early."
    services = open_home(reflect_home)
    assert services.library.index.entry_ids() == {good.id}
    services.close()
