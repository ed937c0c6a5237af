"""Prep briefs: what to bring to the next session with one partner.

`Prep(index, embedder, model).brief(partner, topic=None)` returns a `Brief` holding:
open action items (oldest first, with age), goals with the answers that gave evidence
for them, the most relevant recent insights (`ranking.rank`, the same ranking as
`reflect search`), recurring themes, and 3-5 suggested agenda questions. Every line
cites its entry (date, id); lines from entries a partner shared carry `shared=True`.

Everything comes from the index (`Index.rows` / `rank`): no entry file is parsed, so a
brief costs a handful of store queries and one query embedding, at any journal size.
The dataclasses live in `reflect.surfacing.brief` (re-exported here); `Brief.to_json()` is the
stable shape of `reflect prep --format json`;
`reflect.surfacing.brief_export.brief_markdown(brief)` renders the Markdown export.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from ..llm.base import LanguageModel
from ..llm.embedder import Embedder
from ..reading.passages import sentences
from ..storage.chunks import row_themes
from ..storage.index import Hit, Index
from .actions import items_from_rows
from .agenda import AgendaNotes, suggest_agenda
from .brief import Brief, BriefAction, BriefGoal, BriefInsight, BriefTheme, Evidence
from .ranking import rank
from .themes import by_theme

INSIGHT_COUNT = 5
GOAL_COUNT = 5
THEME_COUNT = 6
EVIDENCE_PER_GOAL = 2
RECENT_ENTRIES = 6  # whose themes make the query when no topic is given
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class _EntryRow:
    """What the index knows about one entry, gathered from its chunks."""

    entry_id: str
    date: str
    created_ts: int
    shared: bool
    themes: tuple[str, ...]


class Prep:
    """Builds prep briefs from the index; the service the CLI and the Prepare screen call."""

    def __init__(
        self, index: Index, embedder: Embedder, model: LanguageModel | None = None
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.model = model

    def brief(
        self,
        partner: str,
        topic: str | None = None,
        *,
        now: datetime | None = None,
        cancel: threading.Event | None = None,
    ) -> Brief:
        """The brief for `partner` (matched exactly), focused on `topic` if given."""
        topic = " ".join((topic or "").split())
        now_ts = now.timestamp() if now else time.time()
        prepared = (now or datetime.now().astimezone()).date().isoformat()
        brief = Brief(partner=partner, topic=topic, prepared=prepared)
        # Only the summary lines, and of the action items only the open ones: chroma
        # spends ~0.1 ms on each row it returns, and a long partnership has thousands
        # of done items (`done` is set on action rows only). Each read is one `slot`
        # lookup in the store (see reflect/storage/index.py).
        rows: list[Hit] = []
        open_rows: list[Hit] = []
        if partner:
            rows = self.index.rows({"partner": partner, "kind": {"$in": ["insight", "goal"]}})
            open_rows = self.index.rows({"partner": partner, "done": False})
        open_items = items_from_rows(open_rows, open_only=True, now_ts=now_ts)
        entries = _entries(rows)
        seen = set(entries) | {i.entry_id for i in open_items}
        if not seen and not (partner and self._has_entries(partner)):
            return brief
        brief.found = True
        brief.entry_count = len(seen)
        brief.shared_count = len(
            {e.entry_id for e in entries.values() if e.shared}
            | {i.entry_id for i in open_items if i.shared}
        )
        brief.action_items = [
            BriefAction(i.text, i.owner, i.due, i.entry_id, i.date, i.age_days, i.shared, i.quote)
            for i in open_items
        ]
        brief.themes = _themes(entries)
        brief.goals = self._goals(rows, entries)
        insights = {h.metadata["entry_id"]: h.text for h in rows if _kind(h) == "insight"}
        query = topic or _recent_query(entries, insights)
        brief.insights = self._insights(partner, query, insights, entries, now_ts)
        notes = AgendaNotes(
            partner=partner,
            topic=topic,
            actions=[(a.text, a.date, a.entry_id) for a in brief.action_items],
            goals=[(g.text, g.entry_id) for g in brief.goals if not g.achieved],
            themes=[t.name for t in brief.themes],
            insights=[i.text for i in brief.insights],
        )
        brief.agenda = suggest_agenda(self.model, self.embedder, notes, cancel=cancel)
        return brief

    def _has_entries(self, partner: str) -> bool:
        """Whether any chunk names `partner` (entries saved without a summary have no lines)."""
        probe = self.embedder.embed([partner])[0]
        return bool(self.index.query(probe, 1, {"partner": partner}))

    def _goals(self, rows: list[Hit], entries: dict[str, _EntryRow]) -> list[BriefGoal]:
        """The latest goals, each with the answers it cites (one store query for all)."""
        groups = _goal_groups(rows)
        cited = {str(h.metadata["entry_id"]) for g in groups for h in g[-EVIDENCE_PER_GOAL:]}
        answers: dict[tuple[str, int], list[str]] = defaultdict(list)
        if cited:
            # By entry id alone, the kind judged here: a second condition would make the
            # store list every answer row of the journal first (~0.1 s at 100k chunks).
            for hit in self.index.rows({"entry_id": {"$in": sorted(cited)}}):
                if _kind(hit) != "answer":
                    continue
                key = (str(hit.metadata["entry_id"]), int(hit.metadata.get("turn", -1)))
                answers[key].append(hit.text)
        insights = {str(h.metadata["entry_id"]): h.text for h in rows if _kind(h) == "insight"}
        found = []
        for hits in groups:
            latest = hits[-1].metadata
            evidence = []
            for hit in reversed(hits[-EVIDENCE_PER_GOAL:]):
                entry_id = str(hit.metadata["entry_id"])
                text = " ".join(answers.get((entry_id, int(hit.metadata.get("turn", -1))), []))
                text = _excerpt(text, hit.text) if text else insights.get(entry_id, "")
                if text:
                    entry = entries.get(entry_id)
                    shared = bool(entry and entry.shared)
                    evidence.append(Evidence(text, entry_id, str(hit.metadata["date"]), shared))
            found.append(
                BriefGoal(
                    text=hits[-1].text,
                    entries=len({h.metadata["entry_id"] for h in hits}),
                    first_date=str(hits[0].metadata.get("date", "")),
                    entry_id=str(latest["entry_id"]),
                    date=str(latest.get("date", "")),
                    achieved=bool(latest.get("achieved")),
                    evidence=tuple(evidence),
                    shared=any(e.shared for e in evidence),
                )
            )
        return found

    def _insights(
        self,
        partner: str,
        query: str,
        insights: dict[str, str],
        entries: dict[str, _EntryRow],
        now_ts: float,
    ) -> list[BriefInsight]:
        results = rank(
            self.index,
            self.embedder,
            query,
            INSIGHT_COUNT,
            partner=partner,
            kinds=("insight", "answer", "goal"),
            now_ts=now_ts,
        )
        found = []
        for r in results:
            insight = insights.get(r.entry_id, "")
            quote = _excerpt(r.text, query) if r.kind == "answer" else r.text
            entry = entries.get(r.entry_id)
            shared = bool(entry and entry.shared)
            if not insight:
                found.append(BriefInsight(quote, r.entry_id, r.date, "", shared))
            else:
                # The insight is the person's own sentence: quoting another passage that
                # matched the query under it would cite the wrong words as its source.
                found.append(BriefInsight(insight, r.entry_id, r.date, "", shared))
        return found


def _kind(hit: Hit) -> str:
    return str(hit.metadata.get("kind", ""))


def _entries(rows: list[Hit]) -> dict[str, _EntryRow]:
    found: dict[str, _EntryRow] = {}
    for hit in rows:
        meta = hit.metadata
        entry_id = str(meta.get("entry_id", ""))
        if entry_id and entry_id not in found:
            found[entry_id] = _EntryRow(
                entry_id,
                str(meta.get("date", "")),
                int(meta.get("created_ts", 0)),
                bool(meta.get("shared")),
                row_themes(meta),
            )
    return found


def _themes(entries: dict[str, _EntryRow]) -> list[BriefTheme]:
    """Themes named in two or more entries, most frequent (then most recent) first."""
    groups, names = by_theme(entries.values(), lambda e: e.themes)
    found = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda e: (e.created_ts, e.entry_id))
        latest = members[-1]
        ids = tuple(e.entry_id for e in members)
        found.append(BriefTheme(names[key], len(members), latest.entry_id, latest.date, ids))
    found.sort(key=lambda t: (-t.count, -entries[t.entry_id].created_ts))
    return found[:THEME_COUNT]


def _goal_groups(rows: list[Hit]) -> list[list[Hit]]:
    """Goal lines grouped by wording, each oldest first; most recently named first."""
    named: dict[str, list[Hit]] = defaultdict(list)
    for hit in rows:
        if _kind(hit) == "goal":
            named[" ".join(hit.text.lower().split())].append(hit)
    groups = []
    for hits in named.values():
        hits.sort(key=lambda h: (int(h.metadata.get("created_ts", 0)), h.metadata["entry_id"]))
        groups.append(hits)
    groups.sort(key=lambda g: (g[-1].metadata.get("date", ""), g[-1].metadata["entry_id"]))
    groups.reverse()
    groups.sort(key=lambda g: bool(g[-1].metadata.get("achieved")))  # open goals first
    return groups[:GOAL_COUNT]


def _recent_query(entries: dict[str, _EntryRow], insights: dict[str, str]) -> str:
    """Without a topic: the themes of the latest entries, else their insights."""
    recent = sorted(entries.values(), key=lambda e: (e.created_ts, e.entry_id))[-RECENT_ENTRIES:]
    counts = Counter(t.lower() for e in recent for t in e.themes)
    if counts:
        return ", ".join(t for t, _ in counts.most_common(5))
    return " ".join(insights.get(e.entry_id, "") for e in recent[-3:]).strip()


def _excerpt(text: str, about: str, max_words: int = 40) -> str:
    """The sentence of `text` sharing most words with `about`, cut to `max_words`."""
    want = set(_WORD.findall(about.lower()))
    found = sentences(text, plain=True)
    if not found:
        return ""
    best = max(found, key=lambda s: len(want & set(_WORD.findall(s.lower()))))
    words = best.split()
    return " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")


__all__ = [
    "Brief",
    "BriefAction",
    "BriefGoal",
    "BriefInsight",
    "BriefTheme",
    "Evidence",
    "Prep",
]
