"""How passages vote for their entry, and what search says about another model's index."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest
from fakes import MemoryIndex

from reflect.entry import Entry, Summary, Turn
from reflect.storage.chunks import Chunk, chunk_entry
from reflect.storage.index import ChromaIndex, IndexModelError, check_model
from reflect.surfacing.ranking import entry_score, rank

DIMS = 8


class FixedEmbedder:
    """Every text embeds to the first axis: similarity is set by the stored vectors."""

    def __init__(self, name: str = "fixed-test") -> None:
        self.name = name

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[1.0] + [0.0] * (DIMS - 1) for _ in texts]


def at(similarity: float) -> list[float]:
    """A unit vector whose cosine with the first axis is `similarity`."""
    return [similarity, math.sqrt(1 - similarity**2)] + [0.0] * (DIMS - 2)


def chunk(entry_id: str, n: int, kind: str = "answer") -> Chunk:
    meta = {"entry_id": entry_id, "kind": kind, "author": "user", "created_ts": 0, "date": ""}
    return Chunk(f"{entry_id}:{n}", f"{entry_id} passage {n}", meta)


def test_an_entry_whose_every_chunk_is_weakly_related_does_not_outrank_a_strong_match() -> None:
    index = MemoryIndex()
    weak = [chunk("weak", n) for n in range(8)]
    strong = [chunk("strong", 0), *(chunk("strong", n) for n in range(1, 8))]
    index.add(weak, [at(0.35)] * len(weak))
    index.add(strong, [at(0.6)] + [at(0.05)] * 7)
    found = rank(index, FixedEmbedder(), "anything", 2, now_ts=0)
    assert [r.entry_id for r in found] == ["strong", "weak"]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([(0.5, "answer")], 0.5),
        ([(0.5, "answer"), (0.5, "answer")], 0.6),  # a second match edges it ahead
        ([(0.5, "answer")] * 10, 0.75),  # never more than 1.5 x the best
        ([(0.5, "action")], 0.35),  # summary lines count less
    ],
)
def test_entry_score_is_the_best_passage_plus_small_shares(
    scores: list[tuple[float, str]], expected: float
) -> None:
    assert entry_score(scores) == pytest.approx(expected)


def test_the_theme_piece_votes_but_the_persons_words_are_shown() -> None:
    entry = Entry.new("quick", "mentee", "sam")
    entry.turns.append(Turn("learned", "What did you learn?", "I waited too long to ask."))
    entry.summary = Summary(themes=["asking for help", "confidence"])
    chunks = chunk_entry(entry)
    assert [c.text for c in chunks if c.metadata["kind"] == "theme"] == [
        "asking for help; confidence"
    ]
    index = MemoryIndex()
    vectors = {"answer": at(0.4), "theme": at(0.7)}
    index.add(chunks, [vectors[c.metadata["kind"]] for c in chunks])
    (result,) = rank(index, FixedEmbedder(), "times I needed help", 1)
    assert result.kind == "answer"
    assert result.text == "I waited too long to ask."


def test_search_with_another_embedding_model_says_to_reindex() -> None:
    index = MemoryIndex()
    index.record_model("all-MiniLM-L6-v2")
    index.add([chunk("a", 0)], [at(0.9)])
    with pytest.raises(IndexModelError) as caught:
        rank(index, FixedEmbedder("all-mpnet-base-v2"), "anything", 5)
    message = str(caught.value)
    assert "all-MiniLM-L6-v2" in message and "all-mpnet-base-v2" in message
    assert "run `reflect reindex`" in message
    assert "\n" not in message  # one sentence on one line


def test_an_index_without_a_recorded_model_is_trusted_and_an_empty_one_never_refused() -> None:
    index = MemoryIndex()
    index.add([chunk("a", 0)], [at(0.9)])
    check_model(index, "any-model")  # written before models were recorded
    empty = MemoryIndex()
    empty.record_model("old-model")
    check_model(empty, "new-model")  # nothing in it to disagree


def test_the_recorded_model_survives_reopening_the_store(tmp_path: Path) -> None:
    from chromadb.api.client import SharedSystemClient

    index = ChromaIndex.persistent(tmp_path / "index")
    assert index.embedding_model() is None
    index.record_model("all-MiniLM-L6-v2")
    index.add([chunk("a", 0)], [at(0.9)])
    index.close()
    SharedSystemClient.clear_system_cache()
    reopened = ChromaIndex.persistent(tmp_path / "index")
    try:
        assert reopened.embedding_model() == "all-MiniLM-L6-v2"
        assert reopened.layout >= 2
        with pytest.raises(IndexModelError):
            check_model(reopened, "all-mpnet-base-v2")
    finally:
        reopened.close()
        SharedSystemClient.clear_system_cache()


def test_filling_an_empty_index_records_the_embedder(tmp_path: Path) -> None:
    from reflect.storage.journal import Journal
    from reflect.storage.library import Library

    index = MemoryIndex()
    library = Library(Journal(tmp_path / "journal"), index, FixedEmbedder("model-x"), None)
    entry = Entry.new("quick", "mentee", None)
    entry.created = datetime(2026, 1, 5).astimezone()
    entry.turns.append(Turn("learned", "What did you learn?", "Ask earlier."))
    library.save(entry)
    assert index.embedding_model() == "model-x"


def test_an_entry_saved_after_switching_models_is_kept_and_indexed_by_the_reindex(
    tmp_path: Path,
) -> None:
    """Another model's vectors would not fit beside the index's: the file is saved, the
    index is left alone, and the entry is still pending for the next reconcile."""
    from reflect.storage.journal import Journal
    from reflect.storage.library import Library

    def entry(text: str) -> Entry:
        made = Entry.new("quick", "mentee", None)
        made.turns.append(Turn("learned", "What did you learn?", text))
        return made

    journal = Journal(tmp_path / "journal")
    index = MemoryIndex()
    manifest = tmp_path / "manifest.json"
    Library(journal, index, FixedEmbedder("all-MiniLM-L6-v2"), manifest).save(entry("One."))
    rows = index.count()
    switched = Library(journal, index, FixedEmbedder("all-mpnet-base-v2"), manifest)
    second = entry("Written after the switch.")
    path = switched.save(second)
    assert journal.load(path).turns[0].answer == "Written after the switch."
    assert index.count() == rows  # nothing of the new model's stored beside the old
    assert second.id not in index.entry_ids()
    assert switched.outdated() == 1  # still to index, not marked as indexed
    fresh = MemoryIndex()  # what `reflect reindex` builds from the journal
    report = Library(journal, fresh, FixedEmbedder("all-mpnet-base-v2"), None).reconcile()
    assert report.indexed == 2
    assert second.id in fresh.entry_ids()
    assert fresh.embedding_model() == "all-mpnet-base-v2"
