"""Suggested agenda questions for a prep brief: the model proposes, the gate decides.

A model's question is kept only if it passes the follow-up quality gate (one open
question, short, no advice, about the notes). The rest come from the curated questions
in `prompts/agenda.toml`, grounded in the brief's oldest open items, goals, themes and
topic. Without a model (or when it says nothing) every question is curated.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..llm.base import Generation, LanguageModel, collect
from ..llm.embedder import Embedder
from ..llm.prompting import fill, prompt_texts, trim
from ..reading.gate import judge, question_complete, tidy

MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
MODEL_ATTEMPTS = 3
MODEL_KEEP = 2  # at most this many model questions; curated ones keep the brief grounded
DEADLINE_S = 4.0


@dataclass(frozen=True)
class AgendaQuestion:
    """One suggested question and where it came from (`model` | `curated`)."""

    text: str
    source: str
    entry_id: str = ""  # the entry it follows up, when it follows one up


@dataclass(frozen=True)
class AgendaNotes:
    """What the agenda may draw on, most important first."""

    partner: str
    topic: str = ""
    actions: Sequence[tuple[str, str, str]] = ()  # (text, date, entry_id), oldest first
    goals: Sequence[tuple[str, str]] = ()  # (text, entry_id)
    themes: Sequence[str] = ()
    insights: Sequence[str] = ()

    def text(self) -> str:
        """The notes as one short paragraph, for the prompt and the relevance check."""
        parts = [f"Topic: {self.topic}."] if self.topic else []
        parts += [f"Planned to {a[0]}." for a in self.actions[:3]]
        parts += [f"Goal: {g[0]}." for g in self.goals[:2]]
        parts += [f"Insight: {i}" for i in self.insights[:2]]
        if self.themes:
            parts.append(f"Themes: {', '.join(self.themes[:3])}.")
        return trim(" ".join(parts), 110)


def agenda_request(model: LanguageModel, notes: AgendaNotes, seed: int) -> Generation:
    texts = prompt_texts("agenda")
    if model.prompt_mode == "chat":
        chat = texts["chat"]
        user = fill(chat["user"], partner=notes.partner, notes=notes.text())
        return Generation(
            messages=[
                {"role": "system", "content": chat["system"]},
                {"role": "user", "content": user},
            ],
            max_tokens=40,
            temperature=0.5,
            stop=["\n\n"],
            seed=seed,
        )
    comp = texts["completion"]
    return Generation(
        prompt=comp["prefix"] + fill(comp["item"], notes=notes.text()),
        max_tokens=40,
        temperature=0.5,
        stop=list(comp["stop"]),
        seed=seed,
    )


def curated_questions(notes: AgendaNotes) -> list[AgendaQuestion]:
    """Grounded curated questions, most pressing first, then the general ones."""
    bank = prompt_texts("agenda")["curated"]
    found: list[AgendaQuestion] = []
    if notes.topic:
        found.append(AgendaQuestion(fill(bank["topic"], topic=notes.topic), "curated"))
    for text, date, entry_id in notes.actions[:2]:
        found.append(
            AgendaQuestion(fill(bank["action"], item=text, date=date), "curated", entry_id)
        )
    for text, entry_id in notes.goals[:1]:
        found.append(AgendaQuestion(fill(bank["goal"], goal=text), "curated", entry_id))
    for theme in notes.themes[:1]:
        found.append(AgendaQuestion(fill(bank["theme"], theme=theme), "curated"))
    found += [AgendaQuestion(q, "curated") for q in bank["general"]]
    return found


def suggest_agenda(
    model: LanguageModel | None,
    embedder: Embedder,
    notes: AgendaNotes,
    count: int = 4,
    cancel: threading.Event | None = None,
) -> list[AgendaQuestion]:
    """`count` (3-5) agenda questions: gated model proposals first, curated ones after."""
    count = max(MIN_QUESTIONS, min(MAX_QUESTIONS, count))
    chosen: list[AgendaQuestion] = []
    if model is not None:
        chosen = _from_model(model, embedder, notes, cancel)
    seen = {q.text.lower() for q in chosen}
    for question in curated_questions(notes):
        if len(chosen) >= count:
            break
        if question.text.lower() not in seen:
            seen.add(question.text.lower())
            chosen.append(question)
    return chosen[:count]


def _from_model(
    model: LanguageModel,
    embedder: Embedder,
    notes: AgendaNotes,
    cancel: threading.Event | None,
) -> list[AgendaQuestion]:
    kept: list[AgendaQuestion] = []
    context = notes.text()
    start = time.perf_counter()
    for attempt in range(MODEL_ATTEMPTS):
        if len(kept) >= MODEL_KEEP or (cancel is not None and cancel.is_set()):
            break
        if attempt and time.perf_counter() - start > DEADLINE_S:
            break
        request = agenda_request(model, notes, seed=11 + attempt)
        raw = collect(model, request, cancel, until=question_complete)
        if not raw.strip():
            break  # no model, or it has nothing to say: the curated questions answer
        question = tidy(raw)
        if judge(question, context, [q.text for q in kept], embedder).ok:
            kept.append(AgendaQuestion(question, "model"))
    return kept
