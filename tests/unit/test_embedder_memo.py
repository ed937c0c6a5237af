"""The embedder's memo: a long session or a big reindex fills it, and the call that
overflows it still gets every vector it asked for."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reflect.llm import embedder as embedder_module
from reflect.llm.embedder import SentenceEmbedder


class _Counting(SentenceEmbedder):
    """The real memo over a stand-in model: each text's vector is its length."""

    def __init__(self) -> None:
        super().__init__(threads=1)
        self._model = object()  # loaded
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> Any:
        self.encoded += texts
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_a_call_that_overflows_the_memo_returns_cached_and_new_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embedder_module, "MEMO_SIZE", 4)
    embedder = _Counting()
    embedder.embed(["a", "bb", "ccc"])
    # one text already known, two new: the memo overflows while this call is answered
    vectors = embedder.embed(["bb", "dddd", "eeeee"])
    assert [v[0] for v in vectors] == [2.0, 4.0, 5.0]
    assert embedder.encoded == ["a", "bb", "ccc", "dddd", "eeeee"]  # "bb" came from the memo
    # and the memo still answers for this call's texts afterwards
    assert [v[0] for v in embedder.embed(["bb", "eeeee"])] == [2.0, 5.0]
    assert embedder.encoded[-1] == "eeeee"
