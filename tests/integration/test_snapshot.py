"""The index's snapshot: reading commands rank from it exactly as the store would, see what
was added since, and never trust one that no longer agrees with the index."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reflect.storage import snapshot
from reflect.storage.chunks import Chunk
from reflect.storage.index import MANIFEST, ChromaIndex

REPO = Path(__file__).resolve().parents[2]
PARTNERS = ["partner-a", "partner-b", "partner-c"]
KINDS = ["answer", "insight", "action", "goal", "theme"]


def _rows(count: int, seed: int) -> tuple[list[Chunk], list[list[float]]]:
    rng = random.Random(seed)
    chunks, vectors = [], []
    for n in range(count):
        entry = f"2026{n // 5:04d}-entry"
        meta: dict[str, object] = {
            "entry_id": entry,
            "kind": rng.choice(KINDS),
            "role": rng.choice(["mentee", "mentor"]),
            "created_ts": 1_700_000_000 + 3600 * (n // 5),
            "author": "user",
            "themes": "ünïcode, quotes \" and 'marks'",
        }
        if n % 7:  # some rows have no partner, as entries written alone
            meta["partner"] = rng.choice(PARTNERS)
        if meta["kind"] == "action":
            meta["done"] = bool(n % 2)
        chunks.append(Chunk(f"{entry}:{n}", f"text {n} — {rng.random():.6f}", meta))
        vec = [rng.gauss(0, 1) for _ in range(16)]
        norm = sum(v * v for v in vec) ** 0.5
        vectors.append([v / norm for v in vec])
    return chunks, vectors


def _exact(
    chunks: list[Chunk], vectors: list[list[float]], query: list[float], where: dict
) -> list[str]:
    """Ids by exact cosine among the rows `where` keeps (the reference ranking)."""

    def keeps(meta: dict) -> bool:
        for key, cond in where.items():
            value = meta.get(key)
            if isinstance(cond, dict):
                if value is None:
                    return False
                if "$gte" in cond and not value >= cond["$gte"]:
                    return False
                if "$in" in cond and value not in cond["$in"]:
                    return False
            elif value != cond:
                return False
        return True

    scored = [
        (float(np.dot(v, query)), c.id)
        for c, v in zip(chunks, vectors, strict=True)
        if keeps(c.metadata)
    ]
    return [row_id for _, row_id in sorted(scored, reverse=True)]


def _filled(folder: Path, count: int = 400) -> tuple[list[Chunk], list[list[float]]]:
    chunks, vectors = _rows(count, seed=7)
    index = snapshot.Recorded(ChromaIndex.persistent(folder))
    index.record_model("test-model")
    index.add(chunks, vectors)
    (folder / MANIFEST).write_text('{"a.md": [1, 2, "x"]}')
    index.close()  # writes the snapshot
    return chunks, vectors


WHERES = [
    {},
    {"partner": "partner-b"},
    {"kind": {"$in": ["insight", "action"]}},
    {"partner": "partner-a", "kind": "action", "done": False},
    {"created_ts": {"$gte": 1_700_000_000 + 3600 * 40}, "role": "mentor"},
    {"partner": "nobody"},
]


@pytest.mark.parametrize("where", WHERES, ids=[json.dumps(w) for w in WHERES])
def test_the_snapshot_ranks_and_filters_exactly(tmp_path: Path, where: dict) -> None:
    folder = tmp_path / "index"
    chunks, vectors = _filled(folder)
    loaded = snapshot.load(folder, snapshot.manifest_stamp(folder / MANIFEST))
    assert loaded is not None and loaded.model == "test-model"
    flat = snapshot.FlatIndex(loaded)
    query = vectors[3]
    expected = _exact(chunks, vectors, query, where)
    hits = flat.query(query, 25, where or None)
    assert [h.id for h in hits] == expected[:25]
    by_id = {c.id: c for c in chunks}
    for hit in hits:  # text and metadata come back as they were added
        assert hit.text == by_id[hit.id].text and hit.metadata == by_id[hit.id].metadata
    assert {h.id for h in flat.rows(where)} == set(expected)


def test_changes_since_are_carried_and_a_stale_snapshot_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    chunks, vectors = _filled(folder)
    index = snapshot.Recorded(ChromaIndex.persistent(folder))
    gone = chunks[0].metadata["entry_id"]
    index.remove_entry(gone)
    fresh = Chunk("new:1", "a new thought", {"entry_id": "new", "kind": "answer", "author": "user"})
    index.add([fresh], [vectors[0]])
    (folder / MANIFEST).write_text('{"a.md": [1, 3, "x"]}')
    index.close()

    loaded = snapshot.load(folder, snapshot.manifest_stamp(folder / MANIFEST))
    assert loaded is not None
    flat = snapshot.FlatIndex(loaded)
    assert gone not in flat.entry_ids() and "new" in flat.entry_ids()
    assert flat.count() == len(chunks) - sum(c.metadata["entry_id"] == gone for c in chunks) + 1
    assert flat.query(vectors[0], 1)[0].id == "new:1"

    # The manifest moved on without the snapshot (a writer killed before closing).
    (folder / MANIFEST).write_text('{"a.md": [1, 4, "x"]}')
    assert snapshot.load(folder, snapshot.manifest_stamp(folder / MANIFEST)) is None


def test_a_damaged_snapshot_is_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    _filled(folder)
    stamp = snapshot.manifest_stamp(folder / MANIFEST)
    path = folder / snapshot.SNAPSHOT
    path.write_bytes(path.read_bytes()[:5000])  # cut short, stamp intact
    assert snapshot.load(folder, stamp) is None


# -- as people use it: the CLI --------------------------------------------------------

# Runs the CLI and reports whether chromadb was imported.
_CLI = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("CHROMADB %s\\n" % ("chromadb" in sys.modules)))
from reflect.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _reflect(home: Path, *argv: str, stdin: str | None = None) -> tuple[str, bool]:
    from embedding_copy import prepared_cache

    env = {**os.environ, "REFLECT_HOME": str(home), "REFLECT_CACHE": str(prepared_cache())}
    done = subprocess.run(
        [sys.executable, "-c", _CLI, "--no-model", *argv],
        input=stdin, capture_output=True, text=True, env=env, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout, "CHROMADB True" in done.stderr


def _add(home: Path, text: str, summary: bool = False) -> str:
    out, chroma = _reflect(
        home, "add", "--template", "quick", "--with", "partner-a", "--answers", "-",
        *([] if summary else ["--no-summary"]), stdin=json.dumps({"learned": text}),
    )  # fmt: skip
    assert not chroma  # the entry is the record; the index takes it in later
    return out.strip()


def test_search_after_add_finds_the_new_entry_without_starting_the_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _add(home, "Pairing with the on-call engineer made the outage review calm.")
    out, chroma = _reflect(home, "search", "outage review", "--json")
    assert chroma  # the first open builds the index and its snapshot
    manifest = (home / "index" / MANIFEST).read_bytes()

    second = _add(home, "Writing the rota on the whiteboard settled who covers Fridays.")
    _add(home, "The rota worked. Next week I will ask the ops lead to check it by Friday.", True)
    out, chroma = _reflect(home, "search", "who covers the weekend shifts", "--json", "-k", "1")
    assert not chroma and json.loads(out)[0]["entry_id"] == second
    brief, chroma = _reflect(home, "prep", "--with", "partner-a", "--format", "json")
    assert not chroma and "ask the ops lead" in brief  # the new entry's action item
    # Reading changed nothing: the next writer indexes the new entry for good.
    assert (home / "index" / MANIFEST).read_bytes() == manifest

    out, chroma = _reflect(home, "reindex")
    assert chroma
    out, chroma = _reflect(home, "search", "who covers the weekend shifts", "--json", "-k", "1")
    assert not chroma and json.loads(out)[0]["entry_id"] == second
    (home / "index" / snapshot.SNAPSHOT).unlink()
    from_store, chroma = _reflect(home, "prep", "--with", "partner-a", "--format", "json")
    assert chroma and from_store == brief  # the same brief either way


def test_search_falls_back_to_the_store_when_the_snapshot_is_damaged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _add(home, "Pairing with the on-call engineer made the outage review calm.")
    expected, _ = _reflect(home, "search", "outage review", "--json")
    path = home / "index" / snapshot.SNAPSHOT
    path.write_bytes(path.read_bytes()[:200])

    out, chroma = _reflect(home, "search", "outage review", "--json")
    assert chroma and json.loads(out)[0]["entry_id"] == first and out == expected
    out, chroma = _reflect(home, "search", "outage review", "--json")
    assert not chroma and out == expected  # written afresh by the command that fell back
