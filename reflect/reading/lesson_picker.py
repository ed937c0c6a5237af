"""The lesson picker fitted on the evaluation set's dev texts.

A logistic model over each sentence's features (`lessons.FEATURES`, then the sentence's
embedding): the chance that the sentence states the writer's lesson. Its weights are in
`lesson_weights.py`, written by `python -m tests.train_lessons` from the dev split only; it
is used with the embedder it was fitted for and no other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from . import lesson_weights


@dataclass(frozen=True)
class LearnedPicker:
    embedder: str
    weights: tuple[float, ...]
    bias: float
    threshold: float  # the best sentence's chance below which the text states no lesson
    short_threshold: float  # … for a short answer at a lesson stage
    join_threshold: float  # a second sentence's chance to join the best

    def chance(self, row: Sequence[float]) -> float:
        z = self.bias + math.fsum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def _fitted() -> LearnedPicker:
    return LearnedPicker(
        embedder=lesson_weights.EMBEDDER,
        weights=tuple(lesson_weights.WEIGHTS),
        bias=lesson_weights.BIAS,
        threshold=lesson_weights.THRESHOLD,
        short_threshold=lesson_weights.SHORT_THRESHOLD,
        join_threshold=lesson_weights.JOIN_THRESHOLD,
    )


def picker_for(embedder: str, width: int) -> LearnedPicker | None:
    """The fitted picker when it was fitted for this embedder and this row width (the
    features and the embedding's size), else None."""
    fitted = _fitted()
    if fitted.embedder != embedder or len(fitted.weights) != width:
        return None
    return fitted
