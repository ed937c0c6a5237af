"""The ONNX copy gives sentence-transformers' vectors; a missing or damaged copy falls back.

Existing indexes were built with sentence-transformers, so the fast path must give the
same vectors (cosine >= 0.9999) or search would drift until a reindex.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from embedding_copy import prepared_cache

from reflect.llm import onnx_embedder
from reflect.llm.embedder import SentenceEmbedder, load_sentence_transformer
from reflect.llm.embedders import model_dir

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

WORDS = [
    "mentor",
    "mentee",
    "feedback",
    "nervous",
    "presenting",
    "team",
    "code",
    "review",
    "deadline",
    "calm",
    "asked",
    "listened",
    "learned",
    "practised",
    "handed",
    "over",
    "delegated",
    "agenda",
    "stakeholder",
    "conflict",
    "I",
    "we",
    "they",
    "she",
    "he",
    "because",
    "but",
    "so",
    "then",
    "next",
    "time",
    "will",
    "should",
    "could",
    "might",
    "never",
    "always",
    "sprint",
    "retro",
    "one-to-one",
    "promotion",
    "interview",
    "salary",
    "burnout",
    "confidence",
    "café",
    "naïve",
    "résumé",
    "Zürich",
    "東京",
    "会議",
    "😊",
    "🚀",
    "—",
    "–",
    "…",
    "42",
    "3.14",
    "2026-05-01",
    "e-mail",
    "C++",
    "#tag",
    "@someone",
    "(aside)",
    "[note]",
    "{brace}",
    "'quoted'",
    '"double"',
    "x86_64",
    "https://example.org",
]


def varied_texts(count: int, seed: int = 14) -> list[str]:
    """Texts from empty to far past the 256-word-piece limit, in every style people type."""
    rng = random.Random(seed)
    texts = ["", " ", "ok", "?", "\n\n", "A."]
    while len(texts) < count:
        n = rng.choice([1, 2, 3, 5, 8, 13, 21, 34, 60, 120, 200, 300, 500])
        words = [rng.choice(WORDS) for _ in range(n)]
        style = rng.randrange(5)
        if style == 0:
            text = " ".join(words)
        elif style == 1:
            text = " ".join(words).capitalize() + "."
        elif style == 2:
            text = "  " + "\n".join(" ".join(words[i : i + 7]) for i in range(0, n, 7)) + "\t "
        elif style == 3:
            text = " ".join(w.upper() for w in words) + "!"
        else:
            text = ", ".join(words) + "?"
        texts.append(text)
    return texts


def eval_texts() -> list[str]:
    texts = []
    for line in (REPO / "prompts/eval/reflections.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["answer"])
    queries = json.loads((REPO / "prompts/eval/search_queries.json").read_text("utf-8"))
    texts += [q["query"] for q in queries]
    return texts


def test_onnx_copy_gives_sentence_transformers_vectors_on_varied_texts() -> None:
    texts = varied_texts(520) + eval_texts()
    assert len(texts) >= 500
    reference = load_sentence_transformer(model_dir(), 2).encode(
        texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True
    )
    fast = SentenceEmbedder(threads=2, cache_dir=prepared_cache())
    vectors = fast.encode(texts)
    assert fast.backend == "onnx" and fast.fallback is None
    cosines = np.sum(reference * vectors, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.9999, (cosines[worst], texts[worst][:80])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_texts_past_the_limit_are_cut_at_256_word_pieces_as_sentence_transformers_does() -> None:
    fast = SentenceEmbedder(threads=1, cache_dir=prepared_cache())
    head = " ".join(["feedback"] * 254)  # 254 word pieces + [CLS] + [SEP] = the limit
    a, b = fast.encode([head + " alpha beta gamma", head + " totally different words"])
    assert float(np.dot(a, b)) > 0.99999  # the tails are cut off alike
    short = " ".join(["feedback"] * 200)  # within the limit: the tails still count
    c, d = fast.encode([short + " alpha beta gamma", short + " totally different words"])
    assert float(np.dot(c, d)) < 0.9999


@pytest.fixture
def copy_in(tmp_path: Path) -> Path:
    source = onnx_embedder.onnx_path(prepared_cache())
    target = onnx_embedder.onnx_path(tmp_path)
    target.parent.mkdir(parents=True)
    shutil.copy(source, target)
    shutil.copy(onnx_embedder.record_path(source), onnx_embedder.record_path(target))
    return tmp_path


def _damage_keeping_size(cache: Path) -> None:
    path = onnx_embedder.onnx_path(cache)
    size = path.stat().st_size
    path.write_bytes(b"\0" * size)


def _truncate(cache: Path) -> None:
    path = onnx_embedder.onnx_path(cache)
    path.write_bytes(path.read_bytes()[:1000])


def _remove(cache: Path) -> None:
    onnx_embedder.onnx_path(cache).unlink()


@pytest.mark.parametrize(
    ("damage", "says"),
    [(_remove, "not prepared"), (_truncate, "damaged"), (_damage_keeping_size, "failed to load")],
)
def test_missing_or_damaged_copy_falls_back_to_sentence_transformers_and_says_so_once(
    copy_in: Path, damage, says: str
) -> None:
    damage(copy_in)
    heard: list[str] = []
    embedder = SentenceEmbedder(threads=1, cache_dir=copy_in, warn=heard.append)
    vectors = embedder.embed(["asking for help early", "asking for help early"])
    embedder.embed(["another text"])
    assert embedder.backend == "sentence-transformers"
    assert len(heard) == 1 and says in heard[0] and "reflect models prepare" in heard[0]
    reference = SentenceEmbedder(threads=1, cache_dir=prepared_cache()).embed(
        ["asking for help early"]
    )
    assert float(np.dot(vectors[0], reference[0])) >= 0.9999


def test_verify_reports_a_damaged_copy(copy_in: Path) -> None:
    ok, _ = onnx_embedder.verify(model_dir(), copy_in)
    assert ok
    _damage_keeping_size(copy_in)
    ok, detail = onnx_embedder.verify(model_dir(), copy_in)
    assert not ok and "reflect models prepare" in detail
