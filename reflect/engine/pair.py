"""Pair prep: mentor and mentee take turns through `pair-prep`, then one joint agenda.

`PairSession(template, runner="mentor", partner="partner-a")` walks every stage twice,
once per role (`first` answers first): `current` is the next (stage, role, question),
`answer(text)` records it. Each answer is a `Turn` whose `source` is `pair:mentor` or
`pair:mentee` and whose question starts with the role ("Mentor: …"), so the entry's
Markdown says who answered and reads back (`pair_answers(entry)`) unchanged.

`session.joint_agenda(embedder, index)` (`reflect.surfacing.pair_agenda`) compares the two
answers of each stage by embedding similarity — at or above `AGREE_THRESHOLD` they
agree — lists the open commitments of each (`actions.tracked_items` for the partner)
and proposes 3-5 agenda items. `session.to_entry(agenda)` is the one entry saved to the
runner's journal; `agenda.to_markdown()` the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..entry import Entry, Summary, Turn
from ..errors import InputError
from ..llm.embedder import Embedder
from ..storage.index import Index
from ..surfacing.pair_agenda import AGREE_THRESHOLD, JointAgenda, StageSides, joint_agenda
from ..templates import Stage, Template

PAIR_TEMPLATE = "pair-prep"
PAIR_ROLES = ("mentee", "mentor")
AGENDA_STAGE = "joint-agenda"  # the extra turn holding the agreed agenda in the entry


def other(role: str) -> str:
    return "mentor" if role == "mentee" else "mentee"


def source_of(role: str) -> str:
    """The turn source that marks who answered: `pair:mentor` | `pair:mentee`."""
    return f"pair:{role}"


def role_of(turn: Turn) -> str | None:
    """Who answered a pair turn (from its source), or None for any other turn."""
    prefix, _, role = turn.source.partition(":")
    return role if prefix == "pair" and role in PAIR_ROLES else None


@dataclass(frozen=True)
class PairTurn:
    """Whose turn it is, on which stage, and the question they are asked."""

    stage: Stage
    role: str
    question: str

    @property
    def label(self) -> str:
        return self.role.capitalize()


class PairSession:
    """Mentor and mentee answering one template stage by stage, turn by turn."""

    def __init__(
        self, template: Template, runner: str, partner: str, first: str = "mentee"
    ) -> None:
        if runner not in PAIR_ROLES or first not in PAIR_ROLES:
            raise InputError("Pair mode is for a mentor and a mentee; choose one of them.")
        partner = " ".join(partner.split())
        if not partner:
            raise InputError("Pair mode needs your partner's name, e.g. partner-a.")
        self.template = template
        self.entry = Entry.new(template.id, runner, partner)
        self.entry.title = template.title
        self._order = [(s, r) for s in template.stages for r in (first, other(first))]
        self.position = 0

    @property
    def runner(self) -> str:
        return self.entry.role

    @property
    def partner(self) -> str:
        return self.entry.partner or ""

    @property
    def current(self) -> PairTurn | None:
        """The next question to answer, or None when both have answered every stage."""
        if self.position >= len(self._order):
            return None
        stage, role = self._order[self.position]
        return PairTurn(stage, role, stage.prompt_for(role))

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def progress(self) -> tuple[int, int]:
        """(turns answered, turns in all)."""
        return self.position, len(self._order)

    def answer(self, text: str) -> PairTurn | None:
        """Record the current person's answer (empty = passed); returns the next turn."""
        turn = self.current
        if turn is None:
            raise InputError("Both of you have answered every stage; build the joint agenda.")
        question = f"{turn.label}: {turn.question}"
        self.entry.turns.append(Turn(turn.stage.id, question, text.strip(), source_of(turn.role)))
        self.position += 1
        return self.current

    def answers(self) -> dict[str, dict[str, str]]:
        """Stage id → role → answer, so far."""
        return pair_answers(self.entry)

    def joint_agenda(
        self, embedder: Embedder, index: Index | None = None, now: datetime | None = None
    ) -> JointAgenda:
        """Both sides compared, open commitments of each (from `index`), agenda items."""
        return joint_agenda(
            self.template,
            self.answers(),
            embedder,
            runner=self.runner,
            partner=self.partner,
            index=index,
            now=now,
        )

    def to_entry(self, agenda: JointAgenda) -> Entry:
        """The one entry to save: both sides' turns, then the agenda as a last turn."""
        entry = self.entry
        entry.turns = [t for t in entry.turns if t.stage != AGENDA_STAGE]
        items = "\n".join(f"{n}. {item}" for n, item in enumerate(agenda.items, start=1))
        entry.turns.append(Turn(AGENDA_STAGE, "Joint agenda", items, source="pair:agenda"))
        entry.summary = Summary(insight=agenda.headline(), themes=["pair prep"])
        return entry

    # -- drafts: a crash loses at most the answer being typed ----------------------------

    def draft_state(self) -> dict[str, Any]:
        return {"kind": "pair", "position": self.position, "entry": self.entry.to_dict()}

    @classmethod
    def from_draft(cls, template: Template, state: dict[str, Any]) -> PairSession:
        entry = Entry.from_dict(state["entry"])
        first = role_of(entry.turns[0]) if entry.turns else None
        session = cls(template, entry.role, entry.partner or "partner", first or "mentee")
        session.entry = entry
        session.position = min(int(state.get("position", len(entry.turns))), len(session._order))
        return session


def pair_answers(entry: Entry) -> dict[str, dict[str, str]]:
    """Stage id → role → answer, read from a pair entry's labelled turns."""
    found: dict[str, dict[str, str]] = {}
    for turn in entry.turns:
        role = role_of(turn)
        if role is not None:
            found.setdefault(turn.stage, {})[role] = turn.answer
    return found


__all__ = [
    "AGREE_THRESHOLD",
    "JointAgenda",
    "PairSession",
    "PairTurn",
    "StageSides",
    "joint_agenda",
    "pair_answers",
]
