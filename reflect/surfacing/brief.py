"""What a prep brief holds: plain dataclasses, and the stable JSON of `reflect prep`.

`reflect.surfacing.prep.Prep` builds a `Brief`;
`reflect.surfacing.brief_export.brief_markdown` renders it.
Every line carries the entry it came from (`entry_id`, `date`) and whether that entry
was shared by a partner (`shared`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .agenda import AgendaQuestion


@dataclass(frozen=True)
class BriefAction:
    text: str
    owner: str
    due: str
    entry_id: str
    date: str
    age_days: int
    shared: bool = False
    quote: str = ""  # the words of the entry that state it


@dataclass(frozen=True)
class BriefInsight:
    text: str  # the entry's insight (or, without one, the passage that matched)
    entry_id: str
    date: str
    quote: str = ""  # the passage that matched, when it is not the insight itself
    shared: bool = False


@dataclass(frozen=True)
class Evidence:
    text: str  # the sentence of the cited answer that bears on the goal
    entry_id: str
    date: str
    shared: bool = False


@dataclass(frozen=True)
class BriefGoal:
    text: str
    entries: int  # how many entries name this goal
    first_date: str
    entry_id: str  # the latest entry naming it
    date: str
    achieved: bool = False
    evidence: tuple[Evidence, ...] = ()
    shared: bool = False


@dataclass(frozen=True)
class BriefTheme:
    name: str
    count: int  # entries with this theme
    entry_id: str  # the latest of them
    date: str
    entry_ids: tuple[str, ...] = ()


@dataclass
class Brief:
    """A prep brief for one partner; every line cites its entry."""

    partner: str
    topic: str
    prepared: str
    entry_count: int = 0
    shared_count: int = 0
    action_items: list[BriefAction] = field(default_factory=list)
    insights: list[BriefInsight] = field(default_factory=list)
    goals: list[BriefGoal] = field(default_factory=list)
    themes: list[BriefTheme] = field(default_factory=list)
    agenda: list[AgendaQuestion] = field(default_factory=list)
    found: bool = False  # whether the journal holds any entry with this partner

    @property
    def is_empty(self) -> bool:
        return not self.found

    def to_json(self) -> dict[str, Any]:
        """The `prep --format json` shape: the stable keys scripts rely on, and extra ones."""
        return {
            "partner": self.partner,
            "topic": self.topic or None,
            "prepared": self.prepared,
            "entries": self.entry_count,
            "action_items": [
                {
                    "text": a.text,
                    "owner": a.owner or None,
                    "due": a.due or None,
                    "entry_id": a.entry_id,
                    "date": a.date,
                    "age_days": a.age_days,
                    "shared": a.shared,
                    "quote": a.quote or None,
                }
                for a in self.action_items
            ],
            "insights": [
                {
                    "text": i.text,
                    "entry_id": i.entry_id,
                    "date": i.date,
                    "quote": i.quote or None,
                    "shared": i.shared,
                }
                for i in self.insights
            ],
            "goals": [
                {
                    "text": g.text,
                    "achieved": g.achieved,
                    "entries": g.entries,
                    "first_date": g.first_date,
                    "entry_id": g.entry_id,
                    "date": g.date,
                    "evidence": [
                        {"text": e.text, "entry_id": e.entry_id, "date": e.date} for e in g.evidence
                    ],
                }
                for g in self.goals
            ],
            "themes": [
                {
                    "theme": t.name,
                    "count": t.count,
                    "entry_id": t.entry_id,
                    "date": t.date,
                    "entry_ids": list(t.entry_ids),
                }
                for t in self.themes
            ],
            "agenda": [q.text for q in self.agenda],
            "agenda_sources": [q.source for q in self.agenda],
        }
