"""The thread side of a reflection: opening a session from a `Plan`, streaming
follow-ups, related insights.

The functions run in worker threads and talk to the UI only through the callbacks they
are given (which post messages). Nothing here touches a widget or imports a screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reflect.engine.followups import FollowUpWriter
from reflect.engine.session import Session
from reflect.entry import Turn
from reflect.errors import ModelError
from reflect.llm.base import Generation, LanguageModel, PromptMode
from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.storage.library import Library
from reflect.surfacing.actions import open_items_for_next_session
from reflect.surfacing.ranking import Result, rank

if TYPE_CHECKING:
    from .context import AppContext

RELATED_KINDS = ("insight", "answer")


@dataclass
class Plan:
    """What the reflection screen opens: a new session, or a draft to resume."""

    template: str
    role: str = "mentee"
    partner: str = ""
    draft: dict[str, Any] | None = None


class AnnouncingModel:
    """Wraps a model to say when each generation starts (a retry resets the stream)."""

    def __init__(self, inner: LanguageModel, on_start: Callable[[], None]) -> None:
        self.inner = inner
        self.on_start = on_start
        self.name = inner.name
        self.prompt_mode: PromptMode = inner.prompt_mode

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        self.on_start()
        yield from self.inner.stream(request, cancel)

    def close(self) -> None:
        self.inner.close()

    def describe(self) -> str:
        return self.inner.describe()


def related_texts(
    library: Library, embedder: Embedder, text: str, exclude: str | None, k: int = 4
) -> list[Result]:
    """Past insights and answers close in meaning to `text` (for the side panel)."""
    return rank(library.index, embedder, text, k, kinds=RELATED_KINDS, exclude_entry=exclude)


def open_session(context: AppContext, plan: Plan) -> Session:
    """A new session (opening with last time's plans) or a resumed draft."""
    library = context.wait_library()
    embedder = library.embedder
    template = context.services.templates.get(plan.template)
    # answers are read with all-MiniLM-L6-v2; the real model is attached per follow-up
    writer = FollowUpWriter(NoModel(), context.services.reader)
    holder: dict[str, Session] = {}

    def past_insight(answer: str) -> str | None:
        exclude = holder["s"].entry.id if "s" in holder else None
        try:
            hits = rank(
                library.index, embedder, answer, 1, kinds=("insight",), exclude_entry=exclude
            )
        except Exception:  # a past insight is a nicety; never fail a follow-up over it
            return None
        return hits[0].text if hits and hits[0].similarity > 0.3 else None

    if plan.draft is not None:
        session = Session.resume(plan.draft, template, writer, context.drafts, past_insight)
    else:
        items = open_items_for_next_session(library.index, plan.partner or None)
        session = Session.start(
            template, plan.role, plan.partner or None, writer, context.drafts, items, past_insight
        )
    holder["s"] = session
    return session


def follow_up(
    context: AppContext,
    session: Session,
    text: str,
    cancel: threading.Event,
    on_attempt: Callable[[], None],
    on_token: Callable[[str], None],
) -> Turn | None:
    """Record the answer, then write the next question (streamed); None when done."""
    session.answer(text)
    if not context.model_ready.is_set():
        on_attempt()  # show "thinking" while the model finishes loading
    model = context.services.model  # waits (in this thread) if the model is still loading
    session.writer.model = AnnouncingModel(model, on_attempt)
    try:
        return session.next(on_token=on_token, cancel=cancel)
    except Exception as exc:
        if cancel.is_set():
            return None
        if isinstance(exc, ModelError) and context.services.settings.llm_url:
            context.server_model_failed(exc)  # a server that stopped answering: stop waiting on it
        session.writer.model = NoModel()  # a failing model still leaves the curated bank
        return session.next(cancel=cancel)


def undo_follow_up(session: Session, turn: Turn | None) -> str:
    """Esc during a follow-up: drop a question that arrived anyway, hand the answer back."""
    if turn is not None and session.entry.turns and session.entry.turns[-1] is turn:
        session.entry.turns.pop()
        if turn.source in ("model", "listening", "curated"):
            session.followups_in_stage = max(0, session.followups_in_stage - 1)
        elif turn.source == "nudge":
            session.nudged_in_stage = False
    return session.retract()
