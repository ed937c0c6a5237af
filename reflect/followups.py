"""Follow-up questions: the model proposes, the gate decides, the curated bank backs up.

Each FollowUp records where it came from (`model` or `curated`) and why any model
proposal was refused, so `reflect eval` and the entry file can show it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .embedder import Embedder, cosine
from .gate import judge, question_complete, tidy
from .llm.base import LanguageModel, collect
from .prompting import followup_request
from .templates import Stage

OnToken = Callable[[str], None]
ATTEMPTS = 2
# A follow-up should be on screen within a second, and a second proposal costs about
# what the first did: it runs only if the first took at most half of that.
DEADLINE_S = 0.5


@dataclass
class FollowUp:
    """A follow-up question and its provenance."""

    question: str
    source: str  # model | curated
    rejected: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"question": self.question, "source": self.source, "rejected": self.rejected}


class FollowUpWriter:
    """Writes follow-up questions for answers, with the model when it passes the gate."""

    def __init__(self, model: LanguageModel, embedder: Embedder) -> None:
        self.model = model
        self.embedder = embedder

    def write(
        self,
        stage: Stage,
        role: str,
        answer: str,
        earlier: Sequence[str] = (),
        past_insight: str | None = None,
        on_token: OnToken | None = None,
        cancel: threading.Event | None = None,
    ) -> FollowUp:
        rejected: list[str] = []
        start = time.perf_counter()
        for attempt in range(ATTEMPTS):
            if cancel is not None and cancel.is_set():
                break
            if attempt and time.perf_counter() - start > DEADLINE_S:
                break
            request = followup_request(
                self.model.prompt_mode,
                role,
                stage.prompt_for(role),
                answer,
                past_insight,
                seed=7 + attempt,
            )
            # the gate reads nothing after the question: don't wait for max_tokens
            raw = collect(self.model, request, cancel, until=question_complete, on_token=on_token)
            if not raw.strip():
                break  # no model (or it said nothing): no point asking again
            question = tidy(raw)
            verdict = judge(question, answer, earlier, self.embedder)
            if verdict.ok:
                return FollowUp(question, "model", rejected)
            rejected.append(f"{verdict.reason}: {question[:120]}")
        return FollowUp(self.curated(stage, answer, earlier), "curated", rejected)

    def curated(self, stage: Stage, answer: str, earlier: Sequence[str] = ()) -> str:
        """The stage's curated follow-up closest in meaning to the answer, not yet asked."""
        asked = {e.lower() for e in earlier}
        options = [q for q in stage.followups if q.lower() not in asked] or list(stage.followups)
        if not options:
            return "What else stands out to you about that?"
        vectors = self.embedder.embed([answer, *options])
        scores = [cosine(vectors[0], v) for v in vectors[1:]]
        return options[max(range(len(options)), key=scores.__getitem__)]
