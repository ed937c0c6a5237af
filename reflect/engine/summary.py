"""The end-of-reflection summary: insight, action items, goals, themes, mood.

The model proposes under a JSON grammar; every field is validated. Action items are
kept only when grounded in a commitment the text states (model items that are not are
dropped), and commitments the model missed are added from the rule-based finder; each
item keeps the person's exact words that state it (`quote`). The insight is the
person's own sentence that states the lesson (`lessons.pick_lesson`), or none when no
sentence does; the model's proposal only breaks ties. If the model fails twice, the
summary is wholly extractive. Each line cites its turn.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

from ..entry import ActionItem, Entry, Goal, Summary
from ..llm.base import LanguageModel, collect
from ..llm.embedder import Embedder, cosine
from ..llm.prompting import summary_request, theme_vocabulary
from ..reading.commitments import (
    OPTION_STAGES,
    PLAN_STAGES,
    TOPIC_STAGES,
    Commitment,
    find_commitments,
    once,
)
from ..reading.lessons import LESSON_STAGES, pick_lesson
from ..reading.passages import overlap as overlap
from ..reading.passages import stems
from ..reading.short_answers import said_little

SUMMARY_BUDGET_S = 6.0
THEME_THRESHOLD = 0.22
GROUNDED_OVERLAP = 0.5
# Choosing the insight across a session's answers (tuned on the dev sessions, ar and as):
# an answer to a lesson stage ("learned", "worked"…) counts for more; so does a reply to a
# follow-up question, where people often say what they realised; and with several answers
# the best must clear a floor, or the session states no lesson yet ("dunno, it was just a
# shift" answering "what did you learn?" is not one).
LATE_CREDIT = 0.5
REPLY_CREDIT = 0.25
SESSION_FLOOR = 0.25
# A plan from another answer holding this share of one's content words is said again.
SAID_AGAIN = 0.5
# Turns whose question was a follow-up about the answer before, not the stage's prompt.
FOLLOW_UP_SOURCES = frozenset({"listening", "model", "curated"})
_GOAL_CUE = re.compile(
    r"\b(?:my (?:learning )?goal is to|I want to (?:get better at|learn|improve|become|be able to)|"
    r"I(?:'d| would) like to (?:get better at|improve|learn|become)|"
    r"I need to get better at|I'm working on)\b[^.!?]*",
    re.IGNORECASE,
)

# A goal is something to get better at, not a retelling of what happened.
_GOAL_SHAPE = re.compile(
    r"^(?:to )?(?:improve|learn|get better|become|build|develop|practi[cs]e|be (?:more|better)|"
    r"grow|understand|work on|strengthen|gain)\b",
    re.IGNORECASE,
)


def first_json_object(raw: str) -> dict | None:
    """The first JSON object in `raw`, ignoring anything a model wrote after it."""
    start = raw.find("{")
    if start < 0:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(raw[start:])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


class _Budget:
    """A cancel flag that also trips when time runs out (models only ask `is_set`/`wait`)."""

    def __init__(self, seconds: float, outer: threading.Event | None) -> None:
        self._own = threading.Event()
        self._outer = outer
        self._timer = threading.Timer(seconds, self._own.set)
        self._timer.daemon = True
        self._timer.start()

    def is_set(self) -> bool:
        return self._own.is_set() or (self._outer is not None and self._outer.is_set())

    def wait(self, timeout: float | None = None) -> bool:
        return self._own.wait(timeout)

    def stop(self) -> None:
        self._timer.cancel()


@dataclass
class _Source:
    """A turn's answer, its index (for citing), the stage it answered, and whether it
    replied to a follow-up question rather than the stage's own prompt."""

    index: int | None
    text: str
    stage: str = ""
    reply: bool = False


class Summarizer:
    """Proposes a Summary for an entry or a text."""

    def __init__(self, model: LanguageModel, embedder: Embedder) -> None:
        self.model = model
        self.embedder = embedder

    def summarize_entry(self, entry: Entry, cancel: threading.Event | None = None) -> Summary:
        sources = [
            _Source(i, t.answer, t.stage, t.source in FOLLOW_UP_SOURCES) for i, t in entry.answers()
        ]
        return self._summarize(sources, entry.role, cancel)

    def summarize_text(self, text: str, role: str = "mentee", stage: str = "") -> Summary:
        return self._summarize([_Source(None, text, stage)], role, None)

    # -- the pipeline -----------------------------------------------------------------

    def _summarize(
        self, sources: list[_Source], role: str, cancel: threading.Event | None
    ) -> Summary:
        text = "\n".join(s.text.strip() for s in sources if s.text.strip())
        if not text:
            return Summary()
        commitments = [(c, self._cite(sources, c.sentence)) for c in _commitments(sources, role)]
        proposal = self._ask_model(text, role, cancel)
        summary = Summary()
        summary.action_items = self._action_items(proposal, commitments, role)
        summary.insight, summary.insight_source = self._insight(proposal, sources)
        summary.insight_quote = summary.insight
        summary.goals = self._goals(proposal, sources, text)
        summary.themes = self.themes(text)
        mood = proposal.get("mood") if proposal else None
        summary.mood = mood if isinstance(mood, int) and 1 <= mood <= 5 else None
        return summary

    def _ask_model(self, text: str, role: str, cancel: threading.Event | None) -> dict:
        """The model's JSON proposal, within SUMMARY_BUDGET_S; {} if it fails or runs out.

        One retry when the first reply is not JSON and time is left. The budget matters:
        a grammar-constrained reply from a small CPU model can take tens of seconds on a
        busy machine, and the person is waiting for their summary.
        """
        budget = _Budget(SUMMARY_BUDGET_S, cancel)
        try:
            for attempt in range(2):
                raw = collect(
                    self.model,
                    summary_request(self.model.prompt_mode, role, text, seed=7 + attempt),
                    budget,  # type: ignore[arg-type]
                )
                if not raw.strip() or budget.is_set():
                    return {}
                data = first_json_object(raw)
                if data is not None:
                    return data
            return {}
        finally:
            budget.stop()

    def _action_items(
        self, proposal: dict, commitments: list[tuple[Commitment, int | None]], role: str
    ) -> list[ActionItem]:
        items: list[ActionItem] = []
        covered: set[int] = set()
        for raw in proposal.get("action_items") or []:
            if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
                continue
            for n, (c, turn) in enumerate(commitments):
                if n not in covered and overlap(raw["text"], c.sentence) >= GROUNDED_OVERLAP:
                    covered.add(n)
                    items.append(ActionItem(c.text, c.owner, c.due, source=turn, quote=c.span))
                    break  # grounded: keep the stated words, not the model's paraphrase
        for n, (c, turn) in enumerate(commitments):
            if n not in covered:
                items.append(ActionItem(c.text, c.owner, c.due, source=turn, quote=c.span))
        order = {c.text: n for n, (c, _) in enumerate(commitments)}
        return sorted(items, key=lambda item: order.get(item.text, 0))

    def _insight(self, proposal: dict, sources: list[_Source]) -> tuple[str, int | None]:
        """The person's own sentence that states the lesson, or ("", None) when none does.

        Each answer is read on its own (a heading or a late position means something
        within one answer), answers to lesson stages ("learned", "worked"…) and replies to
        follow-ups first. A reply is read as text of its own, not as an answer to the
        stage's prompt: "what happened next?" asked under "learned" does not make a short
        reply the lesson. The model's proposal never replaces the person's words: it only
        breaks a near tie, towards the sentence closest to what it proposed.
        """
        candidates = []
        for source in sources:
            stages = [source.stage] if source.stage and not source.reply else []
            found = pick_lesson(source.text, stages, self.embedder)
            if found:
                credit = LATE_CREDIT if source.stage in LESSON_STAGES else 0.0
                credit += REPLY_CREDIT if source.reply else 0.0
                candidates.append((found.score + credit, found.text, source))
        if not candidates:
            return "", None
        candidates.sort(key=lambda c: c[0], reverse=True)
        if len(sources) > 1 and candidates[0][0] < SESSION_FLOOR:
            return "", None
        proposed = proposal.get("insight") if proposal else None
        if isinstance(proposed, str) and proposed.strip() and len(candidates) > 1:
            close = [c for c in candidates if c[0] >= candidates[0][0] - 0.5]
            if len(close) > 1:
                vectors = self.embedder.embed([proposed, *(c[1] for c in close)])
                best = max(range(len(close)), key=lambda n: cosine(vectors[0], vectors[n + 1]))
                return close[best][1], close[best][2].index
        return candidates[0][1], candidates[0][2].index

    def _goals(self, proposal: dict, sources: list[_Source], text: str) -> list[Goal]:
        goals = [
            Goal(m.group(0).strip(), self._cite(sources, m.group(0)))
            for m in _GOAL_CUE.finditer(text)
        ]
        for raw in proposal.get("goals") or [] if proposal else []:
            if (
                isinstance(raw, str)
                and _GOAL_SHAPE.match(raw.strip())
                and len(raw.split()) <= 12
                and overlap(raw, text) >= 0.5
                and not any(overlap(raw, g.text) > 0.6 for g in goals)
            ):
                goals.append(Goal(raw.strip(), self._best_source(sources, raw)))
        return goals[:3]

    def themes(self, text: str, limit: int = 3) -> list[str]:
        """The closest themes from the shared vocabulary, so themes count across entries."""
        vocabulary = list(theme_vocabulary())
        vectors = self.embedder.embed([text, *vocabulary])
        scored = sorted(
            ((cosine(vectors[0], v), t) for v, t in zip(vectors[1:], vocabulary, strict=True)),
            reverse=True,
        )
        return [t for score, t in scored[:limit] if score >= THEME_THRESHOLD][:limit] or (
            [scored[0][1]] if scored else []
        )

    @staticmethod
    def _cite(sources: list[_Source], sentence: str) -> int | None:
        flat = " ".join(sentence.split())
        for source in sources:
            if flat and flat in " ".join(source.text.split()):
                return source.index
        return Summarizer._best_source(sources, sentence)

    @staticmethod
    def _best_source(sources: list[_Source], text: str) -> int | None:
        if not sources:
            return None
        return max(sources, key=lambda s: overlap(text, s.text)).index


def _commitments(sources: list[_Source], role: str) -> list[Commitment]:
    """Each answer read on its own (an answer to "what will you do?" is a plan), the same
    commitment stated in two answers kept once: said again in another answer, a plan is
    usually said in other words ("get the price from Steve before I speak to the customer",
    later "Get the figures off Steve before talking to customers"), so there one holding
    half of the other's content words (three or more) is the same plan, kept as first said."""
    kept: list[tuple[Commitment, int]] = []
    for n, s in enumerate(sources):
        if not s.text.strip() or said_little(s.text):
            continue  # "time management tbh" at "what will you do?" names a topic, no step
        found = find_commitments(
            s.text,
            role,
            plan=s.stage in PLAN_STAGES,
            options=s.stage in OPTION_STAGES,
            topics=s.stage in TOPIC_STAGES,
        )
        for c in found:
            if not any(m != n and _said_again(k, c) for k, m in kept):
                kept.append((c, n))
    return once([c for c, _ in kept])


def _said_again(first: Commitment, later: Commitment) -> bool:
    """Is `later`, from another answer, `first` said again in other words?"""
    if first.owner != later.owner or min(len(stems(first.text)), len(stems(later.text))) < 3:
        return False
    return max(overlap(first.text, later.text), overlap(later.text, first.text)) >= SAID_AGAIN
