"""The optional all-mpnet-base-v2 (`make embedder-mpnet`), run as a person would switch to it.

Skipped where its packages are not installed (CI installs only the default models).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from reflect.llm import onnx_embedder
from reflect.llm.embedder import SentenceEmbedder, load_sentence_transformer
from reflect.llm.embedders import MPNET, prepare_source
from reflect.settings import load_settings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MPNET.installed, reason="all-mpnet-base-v2 is not installed"),
]

REFLECT = [sys.executable, "-m", "reflect.tui.entry"]


@pytest.fixture(scope="module")
def cache() -> object:
    """The user cache if `reflect models prepare` made the copy there, else one made here."""
    shared = load_settings().cache_dir
    try:
        if onnx_embedder.is_current(MPNET.source_dir(shared), shared, MPNET):
            yield shared
            return
    except Exception:  # not prepared there: prepare a private copy
        pass
    folder = Path(tempfile.mkdtemp(prefix="reflect-mpnet-"))
    try:
        onnx_embedder.export(prepare_source(MPNET, folder), folder, MPNET)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_its_onnx_copy_gives_sentence_transformers_vectors(cache: Path) -> None:
    texts = [
        "times I struggled to give feedback",
        "I told her the plan was late and she only nodded, which felt worse than shouting. " * 6,
        "ok",
        "Mi inglés no es perfecto but I tried to explain the handover in my own words.",
    ]
    fast = SentenceEmbedder(threads=2, cache_dir=cache, spec=MPNET).load()
    assert (fast.backend, fast.fallback) == ("onnx", None)
    got = np.array(fast.embed(texts))
    reference = load_sentence_transformer(MPNET.source_dir(cache), 2).encode(
        texts, normalize_embeddings=True
    )
    assert got.shape == (4, 768)
    assert min(float(a @ b) for a, b in zip(got, reference, strict=True)) >= 0.9999


def run(
    home: Path, cache: Path, *args: str, embedder: str | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update(REFLECT_HOME=str(home), REFLECT_CACHE=str(cache))
    if embedder:
        env["REFLECT_EMBEDDER"] = embedder
    return subprocess.run(
        [*REFLECT, "--no-model", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_switching_to_it_asks_for_a_reindex_and_then_searches_with_it(
    tmp_path: Path, cache: Path
) -> None:
    from embedding_copy import prepared_cache

    both = tmp_path / "cache"  # the MiniLM copy and the mpnet files side by side
    (both / "models").mkdir(parents=True)
    for folder in (prepared_cache(), cache):
        for item in (folder / "models").iterdir():
            link = both / "models" / item.name
            if not link.exists():
                link.symlink_to(item)
    home = tmp_path / "home"
    answers = json.dumps(
        [
            "I rewrote the board deck four times because I was scared they would see I did "
            "not understand the numbers. Next time I will ask finance to walk me through it."
        ]
    )
    for text in (answers, json.dumps(["We moved the sprint review to Thursdays."])):
        subprocess.run(
            [*REFLECT, "--no-model", "add", "--template", "quick", "--answers", "-"],
            input=text,
            env={**os.environ, "REFLECT_HOME": str(home), "REFLECT_CACHE": str(both)},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    assert run(home, both, "reindex").returncode == 0  # an index of MiniLM's vectors
    refused = run(home, both, "search", "afraid of looking incompetent", embedder="mpnet")
    assert refused.returncode == 1
    assert "built with the embedding model all-MiniLM-L6-v2" in refused.stderr
    assert "run `reflect reindex`" in refused.stderr
    assert run(home, both, "reindex", embedder="mpnet").returncode == 0
    found = run(home, both, "search", "afraid of looking incompetent", "--json", embedder="mpnet")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert "board deck" in hits[0]["text"]
    back = run(home, both, "search", "anything")  # the default model again
    assert "built with the embedding model all-mpnet-base-v2" in back.stderr
