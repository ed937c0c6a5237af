"""The joint agenda of a pair prep: both perspectives side by side, and what to talk about.

`joint_agenda(template, answers, embedder, ...)` compares the mentor's and the mentee's
answer to each stage. Their cosine similarity (all-MiniLM-L6-v2, normalised vectors)
at or above `AGREE_THRESHOLD` = 0.35 counts as agreeing: on calibration pairs, answers
about the same thing in different words scored 0.39-0.76 ("Delegation." against
"Delegating the reporting." 0.39; two ways of asking to practise a promotion interview
0.76) and answers about different things 0.05-0.21. Open commitments of each come from
`actions.tracked_items` for the partner, split by owner (an item without an owner
belongs to whoever wrote the entry). 3-5 agenda items follow from where they differ, the
agenda topics they named, the oldest open commitments and any concern.
`JointAgenda.to_markdown()` is the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..llm.embedder import Embedder, cosine
from ..reading.passages import sentences
from ..storage.index import Index
from ..templates import Template
from ..textsafe import clean
from .actions import tracked_items

AGREE_THRESHOLD = 0.35
MIN_ITEMS = 3
MAX_ITEMS = 5
EXCERPT_WORDS = 16
ROLES = ("mentor", "mentee")
FALLBACK_ITEMS = (
    "Agree the next steps before you finish, and who owns each.",
    "Decide together what to leave for another session.",
    "Say what each of you will do before you next meet.",
)


@dataclass(frozen=True)
class StageSides:
    """One stage's two answers and how close they are."""

    stage: str
    title: str
    mentor: str
    mentee: str
    similarity: float | None  # None unless both answered

    @property
    def verdict(self) -> str:
        """`agree` | `differ` | `mentor only` | `mentee only` | `unanswered`."""
        if self.similarity is not None:
            return "agree" if self.similarity >= AGREE_THRESHOLD else "differ"
        if self.mentor:
            return "mentor only"
        return "mentee only" if self.mentee else "unanswered"


@dataclass(frozen=True)
class Commitment:
    """An open action item of one side, with the entry it came from."""

    text: str
    entry_id: str
    date: str
    shared: bool = False


@dataclass
class JointAgenda:
    """What the pair brings to the session: sides per stage, commitments, agenda items."""

    runner: str
    partner: str
    prepared: str
    stages: list[StageSides]
    commitments: dict[str, list[Commitment]] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)

    def agreed(self) -> list[StageSides]:
        return [s for s in self.stages if s.verdict == "agree"]

    def differing(self) -> list[StageSides]:
        return [s for s in self.stages if s.verdict == "differ"]

    def headline(self) -> str:
        """One sentence for the saved entry's insight."""
        agree = ", ".join(s.title.lower() for s in self.agreed())
        differ = ", ".join(s.title.lower() for s in self.differing())
        parts = [f"agreed on {agree}" if agree else "", f"differed on {differ}" if differ else ""]
        said = " and ".join(p for p in parts if p)
        return (
            f"Prepared together with {self.partner}: {said}."
            if said
            else (f"Prepared together with {self.partner}.")
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "runner": self.runner,
            "partner": self.partner,
            "prepared": self.prepared,
            "stages": [
                {
                    "stage": s.stage,
                    "title": s.title,
                    "mentor": s.mentor,
                    "mentee": s.mentee,
                    "similarity": None if s.similarity is None else round(s.similarity, 3),
                    "verdict": s.verdict,
                }
                for s in self.stages
            ],
            "commitments": {
                role: [c.__dict__ for c in items] for role, items in self.commitments.items()
            },
            "agenda": list(self.items),
        }

    def to_markdown(self) -> str:
        """The joint agenda as Markdown: agenda, then both sides of each stage."""
        you = {self.runner: " (you)", _other(self.runner): f" ({self.partner})"}
        lines = [f"# Joint agenda · {self.partner} · {self.prepared}", "", "## Agenda", ""]
        lines += [f"{n}. {_one_line(item)}" for n, item in enumerate(self.items, start=1)]
        for sides in self.stages:
            lines += ["", f"## {sides.title} — {sides.verdict}", ""]
            for role in ROLES:
                text = getattr(sides, role) or "(no answer)"
                lines.append(f"**{role.capitalize()}{you[role]}:** {_one_line(text)}")
                lines.append("")
            if lines[-1] == "":
                lines.pop()
        lines += ["", "## Open commitments"]
        for role in ROLES:
            lines += ["", f"### {role.capitalize()}{you[role]}", ""]
            items = self.commitments.get(role, [])
            lines += [
                f"- [ ] {_one_line(c.text)} ({c.date} · {c.entry_id}"
                + (" · shared" if c.shared else "")
                + ")"
                for c in items
            ] or ["- None open."]
        return clean("\n".join(lines)) + "\n"


def joint_agenda(
    template: Template,
    answers: dict[str, dict[str, str]],
    embedder: Embedder,
    *,
    runner: str,
    partner: str,
    index: Index | None = None,
    now: datetime | None = None,
) -> JointAgenda:
    """Compare both sides stage by stage and propose the agenda (one embedding call)."""
    stages = [s for s in template.stages if s.id in answers]
    both = [s for s in stages if all(answers[s.id].get(r, "").strip() for r in ROLES)]
    texts = [answers[s.id][r] for s in both for r in ROLES]
    vectors = embedder.embed(texts) if texts else []
    similarity = {s.id: cosine(vectors[2 * n], vectors[2 * n + 1]) for n, s in enumerate(both)}
    sides = [
        StageSides(
            s.id,
            s.title,
            answers[s.id].get("mentor", "").strip(),
            answers[s.id].get("mentee", "").strip(),
            similarity.get(s.id),
        )
        for s in stages
    ]
    when = now or datetime.now().astimezone()
    agenda = JointAgenda(runner, partner, when.date().isoformat(), sides)
    if index is not None:
        agenda.commitments = _commitments(index, partner, when.timestamp())
    agenda.items = _items(agenda)
    return agenda


def _commitments(index: Index, partner: str, now_ts: float) -> dict[str, list[Commitment]]:
    found: dict[str, list[Commitment]] = {role: [] for role in ROLES}
    for item in tracked_items(index, partner, open_only=True, now_ts=now_ts):
        owners = ROLES if item.owner == "both" else (item.owner or item.role,)
        for owner in owners:
            if owner in found:
                found[owner].append(Commitment(item.text, item.entry_id, item.date, item.shared))
    return found


def _items(agenda: JointAgenda) -> list[str]:
    items: list[str] = []
    by_stage = {s.stage: s for s in agenda.stages}
    for sides in agenda.differing():
        items.append(
            f"{sides.title}: you see it differently — mentor: “{_excerpt(sides.mentor)}”; "
            f"mentee: “{_excerpt(sides.mentee)}”."
        )
    topics = by_stage.get("agenda")
    if topics is not None and topics.verdict != "differ":
        named = topics.mentee or topics.mentor
        if named:
            items.append(f"Agreed topic: {_excerpt(named)}")
    for role in ROLES:
        open_items = agenda.commitments.get(role, [])
        if open_items:
            oldest = open_items[0]
            items.append(
                f"Check in on the {role}'s commitment “{oldest.text}” (since {oldest.date})."
            )
    concerns = by_stage.get("concerns")
    if concerns is not None and concerns.verdict != "differ":
        concern = concerns.mentee or concerns.mentor
        if concern:
            items.append(f"Name the concern early: {_excerpt(concern)}")
    for fallback in FALLBACK_ITEMS:
        if len(items) >= MIN_ITEMS:
            break
        items.append(fallback)
    return items[:MAX_ITEMS]


def _excerpt(text: str) -> str:
    """The first sentence, cut to `EXCERPT_WORDS` words."""
    first = next(iter(sentences(text, plain=True)), "")
    words = first.split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _other(role: str) -> str:
    return "mentor" if role == "mentee" else "mentee"
