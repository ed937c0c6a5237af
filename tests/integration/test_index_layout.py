"""How rows sit in chromadb: every filter Reflect uses answers exactly as the reference
index does, in today's layout (packed metadata, `slot`) and in indexes written before it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import HashingEmbedder, MemoryIndex
from seed import seed_entry, seed_records

from reflect.cli import main
from reflect.entry import Entry
from reflect.llm.nomodel import NoModel
from reflect.services import build_services
from reflect.settings import load_settings
from reflect.storage.chunks import Chunk, chunk_entry
from reflect.storage.index import COLLECTION, LAYOUT, ChromaIndex, Hit, Index, _client

EMBEDDER = HashingEmbedder()


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    home = tmp_path_factory.mktemp("layout") / "home"
    services = build_services(
        load_settings(home, no_model=True), embedder=EMBEDDER, index=MemoryIndex(), model=NoModel()
    )
    records = seed_records()
    private = {**records[0], "id": "seed-private", "partner": None}  # no partner: a private one
    try:
        return [seed_entry(record, services) for record in [*records, private]]
    finally:
        services.close()


def fill(index: Index, entries: list[Entry]) -> None:
    chunks = [c for e in entries for c in chunk_entry(e)]
    index.add(chunks, EMBEDDER.embed([c.text for c in chunks]))


def old_layout(folder: Path, entries: list[Entry]) -> ChromaIndex:
    """An index as Reflect wrote it before layout 2: every key plain chroma metadata."""
    client = _client("persistent", path=str(folder))
    collection = client.get_or_create_collection(
        COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    chunks = [c for e in entries for c in chunk_entry(e)]
    collection.add(
        ids=[c.id for c in chunks],
        documents=[c.text for c in chunks],
        metadatas=[c.metadata for c in chunks],
        embeddings=EMBEDDER.embed([c.text for c in chunks]),
    )
    return ChromaIndex(client, str(folder), folder)


@pytest.fixture
def reference(entries: list[Entry]) -> MemoryIndex:
    index = MemoryIndex()
    fill(index, entries)
    return index


@pytest.fixture
def chroma(tmp_path: Path, entries: list[Entry]) -> Iterator[ChromaIndex]:
    index = ChromaIndex.persistent(tmp_path / "index")
    fill(index, entries)
    yield index
    index.close()


def filters(entries: list[Entry]) -> list[dict[str, Any]]:
    """The filters Reflect's readers send (prep, actions, insights, ranking, goals), and
    the corners of the ones the store rewrites."""
    first = entries[len(entries) // 2]
    ids = sorted({entries[1].id, entries[-1].id})
    return [
        {"partner": "partner-a", "kind": {"$in": ["insight", "goal"]}},
        {"partner": "partner-a", "done": False},
        {"partner": "partner-b", "done": True},
        {"partner": "partner-a", "kind": "action"},
        {"partner": "partner-c", "kind": "action", "done": False},
        {"partner": "partner-a", "kind": {"$in": ["insight", "goal", "action"]}},
        {"partner": "partner-a", "kind": "goal", "done": False},
        {"partner": "", "kind": "insight"},
        {"partner": "partner-b"},
        {"partner": "partner-a", "role": first.role, "kind": "answer"},
        {"partner": "partner-b", "kind": "answer", "created_ts": {"$gte": first_ts(first)}},
        {"partner": {"$in": ["partner-a", "partner-c"]}, "done": False},
        {"done": False},
        {"kind": "goal"},
        {"kind": {"$in": ["insight", "goal", "action"]}},
        {"entry_id": {"$in": ids}},
        {"entry_id": first.id},
    ]


def first_ts(entry: Entry) -> int:
    return int(entry.created.timestamp())


def rows_of(hits: list[Hit]) -> set[tuple[str, str, tuple[tuple[str, Any], ...]]]:
    return {(h.id, h.text, tuple(sorted(h.metadata.items()))) for h in hits}


def test_every_filter_answers_as_the_reference_index(
    chroma: ChromaIndex, reference: MemoryIndex, entries: list[Entry]
) -> None:
    assert chroma.layout == LAYOUT == 2
    for where in filters(entries):
        assert rows_of(chroma.rows(where)) == rows_of(reference.rows(where)), where
    assert {h.metadata["partner"] for h in chroma.rows({"partner": "", "kind": "insight"})} == {""}
    open_a = chroma.rows({"partner": "partner-a", "done": False})
    assert open_a and all(h.metadata["kind"] == "action" and not h.metadata["done"] for h in open_a)


def test_queries_with_filters_find_what_the_reference_finds(
    chroma: ChromaIndex, reference: MemoryIndex, entries: list[Entry]
) -> None:
    vector = EMBEDDER.embed(["asking for feedback early"])[0]
    for where in filters(entries):
        want = {h.id for h in reference.query(vector, 500, where)}
        got = chroma.query(vector, 500, where)
        assert {h.id for h in got} == want, where
        assert all(h.metadata.keys() >= {"entry_id", "date", "themes", "author"} for h in got)


def test_an_index_written_before_layout_2_still_answers_and_stays_as_it_is(
    tmp_path: Path, reference: MemoryIndex, entries: list[Entry]
) -> None:
    index = old_layout(tmp_path / "index", entries[:-1])
    try:
        assert index.layout == 1
        fill(index, entries[-1:])  # written the way its other rows are
        for where in filters(entries):
            assert rows_of(index.rows(where)) == rows_of(reference.rows(where)), where
    finally:
        index.close()


def test_an_old_index_copied_into_a_fresh_folder_takes_the_new_layout(
    tmp_path: Path, reference: MemoryIndex, entries: list[Entry]
) -> None:
    index = old_layout(tmp_path / "index", entries)
    try:
        index.scrub()  # copies every row into a fresh folder, as after a forget
        assert index.layout == LAYOUT
        for where in filters(entries):
            assert rows_of(index.rows(where)) == rows_of(reference.rows(where)), where
    finally:
        index.close()


def test_filters_on_keys_the_store_keeps_packed_are_refused(chroma: ChromaIndex) -> None:
    for index in (chroma, MemoryIndex()):
        with pytest.raises(ValueError, match="cannot filter on"):
            index.rows({"themes": "feedback"})


def test_reading_more_rows_than_sqlite_can_name_at_once_returns_them_all(tmp_path: Path) -> None:
    # chromadb names every row of a result in one SQL statement; past 32,766 it fails.
    # A 10k-entry journal has ~35,000 summary lines (the Prepare screen's partner list).
    index = ChromaIndex.persistent(tmp_path / "index")
    try:
        total = 33_000
        for start in range(0, total, 5_000):
            chunks = [
                Chunk(
                    f"e{n}:insight:0:0",
                    f"line {n}",
                    {"entry_id": f"e{n}", "partner": f"partner-{'ab'[n % 2]}", "kind": "insight"},
                )
                for n in range(start, min(start + 5_000, total))
            ]
            index.add(chunks, [[1.0, n / total] for n in range(len(chunks))])
        found = index.rows({"kind": "insight"})
        assert len(found) == len({h.id for h in found}) == total
        assert len(index.rows({"partner": "partner-a", "kind": "insight"})) == total // 2
    finally:
        index.close()


def test_doctor_says_when_an_older_index_would_be_faster_rebuilt(
    reflect_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    entries: list[Entry],
) -> None:
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: EMBEDDER)
    reflect_home.mkdir(mode=0o700)
    old_layout(reflect_home / "index", entries[:3]).close()

    def store_check() -> str:
        main(["--no-model", "doctor", "--json"])
        checks = {c["check"]: c for c in json.loads(capsys.readouterr().out)}
        return str(checks["store"]["detail"])

    assert "`reflect reindex` makes prep faster" in store_check()
    main(["--no-model", "reindex"])
    capsys.readouterr()
    assert "reindex" not in store_check()
