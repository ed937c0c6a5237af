"""A reflection in progress: walks a template's stages, asks follow-ups, autosaves.

The engine has no UI. A caller shows `session.current.question`, passes the person's
text to `answer()`, then asks `next()` for the following question (a follow-up, a
depth nudge, or the next stage's prompt) until it returns None; then `summarize()`
and `save()`. Every answer is autosaved as a draft before anything else happens.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from ..entry import ActionItem, Entry, Summary, Turn
from ..llm.prompting import fill, prompt_texts
from ..reading.commitments import find_commitments
from ..reading.listening import phrases
from ..reading.short_answers import said_little
from ..storage.drafts import DraftStore
from ..templates import Stage, Template
from .followups import FollowUpWriter, OnToken
from .summary import Summarizer

RelatedInsight = Callable[[str], str | None]

_REFLECTIVE = re.compile(
    r"\b(learn\w*|realis\w*|realiz\w*|felt|feel\w*|think|thought|because|mean\w*|notic\w*|"
    r"understand\w*|next time|will|I'll|going to|should|lesson|important|why|helped|worked|"
    r"surpris\w*|wish|want|hope|glad|proud|worried|frustrat\w*|confiden\w*|nervous|"
    r"so that|means|insight|clear|valu\w*|made (?:it|this|that|the difference|a difference)|"
    r"the key|the reason|turned out|taught|showed me|reminded me|which is why|that's why|"
    r"instead of|rather than|the difference|mattered|matters|stopped|started|anymore|"
    r"no longer|works? better|better|easier|harder)\b",
    re.IGNORECASE,
)


def only_describes(answer: str, plan: bool = False) -> bool:
    """True when an answer tells what happened without any reflection on it: no feeling,
    cause, lesson or plan. An answer that says what made it work is reflection; so is, at
    a "what next?" stage (`plan`), a step said as a step ("block the first hour for the
    rota before anyone grabs me")."""
    if len(answer.split()) < 6 or _REFLECTIVE.search(answer):
        return False
    if plan and find_commitments(answer, plan=True):
        return False
    return not any(
        p.kind in ("feeling", "felt_when", "cause", "lesson", "plan") for p in phrases(answer)
    )


class Session:
    """One reflection, from the first prompt to the saved entry."""

    def __init__(
        self,
        template: Template,
        entry: Entry,
        writer: FollowUpWriter,
        drafts: DraftStore | None = None,
        related: RelatedInsight | None = None,
    ) -> None:
        self.template = template
        self.entry = entry
        self.writer = writer
        self.drafts = drafts
        self.related = related
        self.stage_index = 0
        self.followups_in_stage = 0
        self.nudged_in_stage = False
        self.depth_checked = False
        self.pending_commitments: list[str] = []

    # -- starting ---------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        template: Template,
        role: str,
        partner: str | None,
        writer: FollowUpWriter,
        drafts: DraftStore | None = None,
        open_items: list[ActionItem] | None = None,
        related: RelatedInsight | None = None,
    ) -> Session:
        """A new session; opens with last time's open commitments when there are any."""
        entry = Entry.new(template.id, role, partner)
        entry.title = template.title
        session = cls(template, entry, writer, drafts, related)
        texts = prompt_texts("session")
        session.pending_commitments = [
            fill(texts["commitment"], item=item.text) for item in (open_items or [])[:3]
        ]
        session._ask_commitment_or_stage()
        return session

    @classmethod
    def resume(
        cls,
        state: dict[str, Any],
        template: Template,
        writer: FollowUpWriter,
        drafts: DraftStore | None = None,
        related: RelatedInsight | None = None,
    ) -> Session:
        session = cls(template, Entry.from_dict(state["entry"]), writer, drafts, related)
        session.stage_index = int(state.get("stage_index", 0))
        session.followups_in_stage = int(state.get("followups_in_stage", 0))
        session.nudged_in_stage = bool(state.get("nudged_in_stage", False))
        session.pending_commitments = list(state.get("pending_commitments", []))
        return session

    def state(self) -> dict[str, Any]:
        return {
            "entry": self.entry.to_dict(),
            "stage_index": self.stage_index,
            "followups_in_stage": self.followups_in_stage,
            "nudged_in_stage": self.nudged_in_stage,
            "pending_commitments": self.pending_commitments,
        }

    # -- where we are -----------------------------------------------------------------

    @property
    def current(self) -> Turn:
        return self.entry.turns[-1]

    @property
    def stage(self) -> Stage | None:
        if self.current.stage == "commitments":
            return None
        return self.template.stages[min(self.stage_index, len(self.template.stages) - 1)]

    @property
    def finished(self) -> bool:
        return self.stage_index >= len(self.template.stages)

    def progress(self) -> str:
        """e.g. 'Gibbs · 3/6 Evaluation'."""
        total = len(self.template.stages)
        if self.current.stage == "commitments":
            return f"{self.template.title} · last time's plans"
        n = min(self.stage_index, total - 1)
        return f"{self.template.title} · {n + 1}/{total} {self.template.stages[n].title}"

    # -- moving on --------------------------------------------------------------------

    def answer(self, text: str) -> None:
        """Record the answer to the current question and autosave the draft."""
        self.current.answer = text.strip()
        self.autosave()

    def next(
        self, on_token: OnToken | None = None, cancel: threading.Event | None = None
    ) -> Turn | None:
        """The next question after the current answer, or None when the template is done."""
        turn = self.current
        if turn.source == "commitment":
            return self._ask_commitment_or_stage()
        stage = self.stage
        if stage is None or not turn.answer:
            return self.advance()
        little = said_little(turn.answer)
        if little is not None and (little.declined or turn.source != "template"):
            # they would rather not, or a follow-up drew a shrug too: asking again is
            # pressing, not listening
            return self.advance()
        if (
            stage.depth != "describe"
            and stage.nudge
            and not self.nudged_in_stage
            and only_describes(turn.answer, plan=stage.depth == "action")
        ):
            self.nudged_in_stage = True
            return self._push(Turn(stage.id, stage.nudge, source="nudge"))
        if self.followups_in_stage < stage.max_followups:
            earlier = [t.question for t in self.entry.turns]
            past = self.related(turn.answer) if self.related else None
            before = [t.answer for t in self.entry.turns[:-1] if t.stage == stage.id and t.answer]
            # the stage's first answer and the last reply: what a short reply builds on, and
            # no more to read on the tenth turn of a long stage than on the second
            before = before[:1] + before[-1:] if len(before) > 2 else before
            follow = self.writer.write(
                stage,
                self.entry.role,
                turn.answer,
                earlier,
                past,
                on_token,
                cancel,
                asked=turn.question,
                context="\n".join(before),
            )
            if cancel is not None and cancel.is_set():
                return None
            self.followups_in_stage += 1
            return self._push(
                Turn(stage.id, follow.question, source=follow.source, rejected=follow.rejected)
            )
        return self.advance()

    def advance(self) -> Turn | None:
        """Skip to the next stage's prompt (dropping an unanswered follow-up)."""
        if self.current.source == "commitment":
            self.pending_commitments = []
            return self._ask_stage()
        if not self.current.answer and self.current.source != "template":
            self.entry.turns.pop()  # an unanswered follow-up is not kept
        # an unanswered stage prompt stays in the draft and is dropped by finalize()
        self.stage_index += 1
        self.followups_in_stage = 0
        self.nudged_in_stage = False
        if self.finished:
            self.autosave()
            return None
        return self._ask_stage()

    def depth_nudge(self) -> Turn | None:
        """Before saving: if every answer only describes events, ask what it meant (once)."""
        if self.depth_checked:
            return None
        self.depth_checked = True
        answers = [t.answer for t in self.entry.turns if t.answer and t.source != "commitment"]
        if answers and all(only_describes(a) for a in answers):
            stage_id = self.entry.turns[-1].stage
            return self._push(
                Turn(stage_id, prompt_texts("session")["depth_nudge"], source="nudge")
            )
        return None

    def retract(self) -> str:
        """Undo the last answer (Esc during a follow-up): returns the text to put back."""
        text = self.current.answer
        self.current.answer = ""
        self.autosave()
        return text

    # -- finishing --------------------------------------------------------------------

    def summarize(self, summarizer: Summarizer, cancel: threading.Event | None = None) -> Summary:
        return summarizer.summarize_entry(self.entry, cancel)

    def finalize(self, summary: Summary) -> Entry:
        """The entry to save: unanswered questions dropped, the reviewed summary attached."""
        self.entry.turns = [t for t in self.entry.turns if t.answer.strip()]
        self.entry.summary = summary
        self.entry.summary_reviewed = True
        return self.entry

    def discard_draft(self) -> None:
        if self.drafts is not None:
            self.drafts.discard(self.entry.id)

    def autosave(self) -> None:
        if self.drafts is not None:
            self.drafts.save(self.entry.id, self.state())

    # -- internals --------------------------------------------------------------------

    def _ask_commitment_or_stage(self) -> Turn:
        if self.pending_commitments:
            question = self.pending_commitments.pop(0)
            return self._push(Turn("commitments", question, source="commitment"))
        return self._ask_stage()

    def _ask_stage(self) -> Turn:
        stage = self.template.stages[self.stage_index]
        return self._push(Turn(stage.id, stage.prompt_for(self.entry.role)))

    def _push(self, turn: Turn) -> Turn:
        self.entry.turns.append(turn)
        return turn
