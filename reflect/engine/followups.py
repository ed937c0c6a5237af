"""Follow-up questions: the model proposes, the gate decides, listening backs it up.

A question comes from the model when its proposal passes the gate; otherwise from
`listening` (the person's own words in a coaching frame); the curated bank is the last
resort, for answers with nothing to hold on to. Each FollowUp records where it came
from (`model`, `listening` or `curated`) and why any proposal was refused, so
`reflect eval` and the entry file can show it. Nothing reaches `on_token` before it has
passed the gate: a proposal that may still be refused is never shown.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..llm.base import LanguageModel, collect
from ..llm.embedder import Embedder, cosine
from ..llm.prompting import example_questions, example_texts, followup_request
from ..reading.gate import ECHO_THRESHOLD, REPEAT_THRESHOLD, judge, question_complete, tidy
from ..reading.listening import (
    QUOTE_OPENING,
    grounded_questions,
    last_resort,
    phrases,
    quoted_questions,
    weaker_than_a_quote,
)
from ..reading.short_answers import Little, capital_i, questions_for, said_little
from ..reading.short_statements import short_questions
from ..templates import Stage

OnToken = Callable[[str], None]
ATTEMPTS = 2
# A follow-up should be on screen within a second, and a second proposal costs about
# what the first did: it runs only if the first took at most half of that.
DEADLINE_S = 0.5
# A question from another side of a phrase already asked about ("what were you expecting
# when you decided to…" after "what made it possible to…") carries the same words, so it
# sits closer to the earlier question than two questions about different things; only a
# near copy is refused.
AGAIN_REPEAT_THRESHOLD = 0.95


@dataclass
class FollowUp:
    """A follow-up question and its provenance."""

    question: str
    source: str  # model | listening | curated
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
        asked: str | None = None,
        context: str = "",
    ) -> FollowUp:
        """The next follow-up to `answer`, which replied to `asked` (the stage's prompt
        when None); `context` is what the person wrote earlier in the stage, used when a
        short reply gives nothing to build on."""
        # the stage's own questions, and the worked example the model is shown: a
        # proposal close to either is said back, not written for this answer
        prompts = [*dict.fromkeys(stage.prompts.values()), *example_questions()]
        # "i kept quiet" typed on a phone reads as "I kept quiet": the frames find the
        # writer by their capital I, and a question says them back as a sentence would
        answer, context = capital_i(answer), capital_i(context)
        little = said_little(answer)
        if little is not None:
            # a shrug, "same as above" or one word: nothing of theirs to build a frame on,
            # and a question that presumes what they did not say reads as not listening
            follow = self._for_little(little, stage, answer, earlier, prompts)
            if follow is not None:
                self._stream(follow, on_token, cancel)
                return follow
        # The person's own words in a coaching frame come first; measured on the evaluation
        # set, the bundled models mostly say the stage's question back. The model proposes
        # when no phrase of the answer makes a question that passes the gate.
        # A sentence of theirs quoted whole comes before the frames it was judged better
        # than, and otherwise after the model, before the bank.
        listening, refused = self._from_listening(stage, answer, earlier, context, prompts)
        if listening is not None and weaker_than_a_quote(listening.question):
            # some frames read less like a mentor's question than their own sentence quoted
            # (another sentence than the one the frame says back: counted as asked already)
            said = [*earlier, listening.question]
            listening = self._quoted(answer, said, prompts, answered=False) or listening
        if listening is None or listening.question.startswith(QUOTE_OPENING):
            # a short answer quoted back whole reads as pasted: ask about its key word
            listening = self._short(answer, earlier, prompts) or listening
        rejected: list[str] = []
        follow = (
            listening
            or self._from_model(
                stage, role, answer, earlier, past_insight, cancel, asked, prompts, rejected
            )
            or self._from_listening(stage, answer, earlier, context, prompts, echo=True)[0]
            or self._from_listening(stage, answer, earlier, context, prompts, again=True)[0]
            or self._quoted(answer, earlier, prompts)
            or FollowUp(self.curated(stage, answer, earlier), "curated", [*rejected, *refused])
        )
        self._stream(follow, on_token, cancel)
        return follow

    @staticmethod
    def _stream(follow: FollowUp, on_token: OnToken | None, cancel: threading.Event | None) -> None:
        if on_token is not None and not (cancel is not None and cancel.is_set()):
            for n, word in enumerate(follow.question.split(" ")):
                on_token(word if n == 0 else " " + word)

    def _first_passing(
        self,
        questions: Sequence[str],
        answer: str,
        earlier: Sequence[str],
        prompts: list[str],
        worded: bool = True,
    ) -> FollowUp | None:
        """The first of `questions` built from the answer that passes the gate."""
        for question in questions:
            verdict = judge(
                question, answer, earlier, self.embedder, prompts, grounded=True, worded=worded
            )
            if verdict.ok:
                return FollowUp(question, "listening", [])
        return None

    def _short(self, answer: str, earlier: Sequence[str], prompts: list[str]) -> FollowUp | None:
        # the answer's shape chose the frame, so it need not carry the answer's words
        return self._first_passing(short_questions(answer), answer, earlier, prompts, worded=False)

    def _for_little(
        self,
        little: Little,
        stage: Stage,
        answer: str,
        earlier: Sequence[str],
        prompts: list[str],
    ) -> FollowUp | None:
        """An open question for an answer that said little: in their words when it has
        some ("better than fine?"), else one that accepts the shrug; none asked before."""
        asked = {e.lower() for e in earlier}
        for question in questions_for(little, stage):
            if little.words and little.words in question:
                said_back = self._first_passing([question], answer, earlier, prompts)
                if said_back is not None:
                    return said_back
            elif question.lower() not in asked:
                return FollowUp(question, "curated", [])
        return None

    def _from_model(
        self,
        stage: Stage,
        role: str,
        answer: str,
        earlier: Sequence[str],
        past_insight: str | None,
        cancel: threading.Event | None,
        asked: str | None,
        prompts: list[str],
        rejected: list[str],
    ) -> FollowUp | None:
        start = time.perf_counter()
        for attempt in range(ATTEMPTS):
            if cancel is not None and cancel.is_set():
                break
            if attempt and time.perf_counter() - start > DEADLINE_S:
                break
            request = followup_request(
                self.model.prompt_mode,
                role,
                asked or stage.prompt_for(role),
                answer,
                past_insight,
                seed=7 + attempt,
            )
            # the gate reads nothing after the question: don't wait for max_tokens
            raw = collect(self.model, request, cancel, until=question_complete)
            if not raw.strip():
                break  # no model (or it said nothing): no point asking again
            question = tidy(raw)
            verdict = judge(
                question,
                answer,
                earlier,
                self.embedder,
                prompts,
                examples=example_texts(self.model.prompt_mode),
            )
            if verdict.ok:
                return FollowUp(question, "model", rejected)
            rejected.append(f"{verdict.reason}: {question[:120]}")
        return None

    def _from_listening(
        self,
        stage: Stage,
        answer: str,
        earlier: Sequence[str],
        context: str,
        prompts: list[str],
        echo: bool = False,
        again: bool = False,
    ) -> tuple[FollowUp | None, list[str]]:
        """A question in the person's words that passes the gate, and the ones it refused."""
        refused: list[str] = []
        sources = [answer]
        told = [p for p in phrases(answer) if not last_resort(p)]
        if context.strip() and (len(answer.split()) < 12 or not told):
            sources.append(context)  # a short reply: build on what they wrote before it
        for source in sources:
            found = grounded_questions(
                source, stage.depth, earlier, stage.id, echo=echo, again=again
            )
            for question in found[:6]:
                verdict = judge(
                    question,
                    source,
                    earlier,
                    self.embedder,
                    prompts,
                    grounded=True,
                    # another side of a phrase already asked about says its words again
                    repeat_threshold=AGAIN_REPEAT_THRESHOLD if again else REPEAT_THRESHOLD,
                )
                if verdict.ok:
                    return FollowUp(question, "listening", []), refused
                refused.append(f"{verdict.reason}: {question[:120]}")
        return None, refused

    def _quoted(
        self, answer: str, earlier: Sequence[str], prompts: list[str], answered: bool = True
    ) -> FollowUp | None:
        """One of their sentences quoted back whole: when nothing else in the answer made a
        question, or (not `answered` by the text) in place of a frame that reads weaker."""
        quoted = quoted_questions(answer, earlier, answered=answered)[:3]
        return self._first_passing(quoted, answer, earlier, prompts)

    def curated(self, stage: Stage, answer: str, earlier: Sequence[str] = ()) -> str:
        """The stage's curated follow-up closest in meaning to the answer, not yet asked."""
        asked = {e.lower() for e in earlier}
        options = [q for q in stage.followups if q.lower() not in asked] or list(stage.followups)
        if not options:
            return "What else stands out to you about that?"
        prompts = list(stage.prompts.values())
        vectors = self.embedder.embed([answer, *options, *prompts])
        said, found, asking = vectors[0], vectors[1 : len(options) + 1], vectors[len(options) + 1 :]
        scores = [cosine(said, v) for v in found]
        # a question that says the stage's own prompt again is the last of the last resorts
        scores = [
            s - 2.0 if any(cosine(v, p) >= ECHO_THRESHOLD for p in asking) else s
            for s, v in zip(scores, found, strict=True)
        ]
        return options[max(range(len(options)), key=scores.__getitem__)]
