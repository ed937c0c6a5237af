"""Themes and habits over time: the data behind `reflect insights` and the Insights screen.

Plain frozen dataclasses of numbers and strings, ready to chart (sparklines, bars):

    report = journal_insights(index, partner=None, weeks=26, months=12, now=None)

    report.weeks                   tuple[str]  ISO date of each week's Monday, oldest first
    report.months                  tuple[str]  "YYYY-MM", oldest first
    report.reflections_per_week    tuple[int]  aligned with report.weeks   (a Sparkline)
    report.reflections_per_month   tuple[int]  aligned with report.months  (a bar chart)
    report.themes                  tuple[ThemeTrend], most entries first (2 or more each):
        .name       the theme (summaries pick themes from prompts/themes.txt)
        .keywords   its most typical words, from the insights of its entries
        .count      entries with the theme (all time); .latest its newest entry's date
        .weekly / .monthly   entries per period, aligned with report.weeks / .months
        .entry_ids  its entries, oldest first (open one with journal.get)
    report.actions                 ActionTally: .opened / .done per week (aligned with
                                   report.weeks; "done" counts items opened that week and
                                   now done), .total_opened, .total_done, .open
    report.goals                   tuple[GoalProgress], open goals first, newest first:
        .text, .partner, .entries (how many name it), .first_date, .last_date,
        .achieved, .monthly (mentions per month, aligned with report.months)
    report.entry_count, report.partner, report.to_json()   (`reflect insights --json`)

Themes are grouped by the summary's theme labels and named by them, with keywords for
flavour (from the insights, goals and action items of their entries). Cost: one
`Index.rows` over the summary lines (insight, goal, action item chunks); no entry file
is parsed, and entries saved without a summary are not counted. Call it from a worker
thread: chromadb hydrates metadata at roughly 0.2-1 ms a row.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..storage.chunks import row_themes
from ..storage.index import Index
from .themes import by_theme

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
# Words too common to name a theme by.
_STOP_WORDS = """
the and for that this with what when then than they them their there were have has had
was are but not you your our out about into over after before just only more most much
very really also can could would should will been being from who whom which while where
how why all any each every some one two its it's i'm i've i'd i'll we're don't didn't
doesn't isn't myself itself make makes made like feel felt said says thing things
time way get got lot instead rather because even still already next last first
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class ThemeTrend:
    name: str
    keywords: tuple[str, ...]
    count: int
    latest: str
    weekly: tuple[int, ...]
    monthly: tuple[int, ...]
    entry_ids: tuple[str, ...]


@dataclass(frozen=True)
class ActionTally:
    opened: tuple[int, ...]
    done: tuple[int, ...]
    total_opened: int
    total_done: int

    @property
    def open(self) -> int:
        return self.total_opened - self.total_done


@dataclass(frozen=True)
class GoalProgress:
    text: str
    partner: str
    entries: int
    first_date: str
    last_date: str
    achieved: bool
    monthly: tuple[int, ...]


@dataclass(frozen=True)
class InsightsReport:
    partner: str
    entry_count: int
    weeks: tuple[str, ...]
    months: tuple[str, ...]
    reflections_per_week: tuple[int, ...]
    reflections_per_month: tuple[int, ...]
    themes: tuple[ThemeTrend, ...]
    actions: ActionTally
    goals: tuple[GoalProgress, ...]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["partner"] = self.partner or None
        data["actions"]["open"] = self.actions.open
        return data


@dataclass(frozen=True)
class _Entry:
    entry_id: str
    day: date
    themes: tuple[str, ...]


def _day(meta: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(str(meta.get("date")))
    except ValueError:
        return datetime.fromtimestamp(int(meta.get("created_ts", 0))).date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def _months_back(end: date, count: int) -> list[str]:
    year, month, found = end.year, end.month, []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def journal_insights(
    index: Index,
    *,
    partner: str | None = None,
    weeks: int = 26,
    months: int = 12,
    max_themes: int = 10,
    max_goals: int = 10,
    now: datetime | None = None,
) -> InsightsReport:
    """Themes, reflections, action items and goals over time, for one partner or all."""
    # Summary lines only: every row returned costs the store ~0.1 ms, and every
    # entry with a summary has at least one of these (entries saved without one are not
    # counted here).
    where: dict[str, Any] = {"kind": {"$in": ["insight", "goal", "action"]}}
    if partner:
        where["partner"] = partner
    rows = index.rows(where)
    entries: dict[str, _Entry] = {}
    texts: dict[str, list[str]] = defaultdict(list)  # what the person wrote, per entry
    handles: set[str] = set()
    for hit in rows:
        meta = hit.metadata
        entry_id = str(meta.get("entry_id", ""))
        if entry_id not in entries:
            entries[entry_id] = _Entry(entry_id, _day(meta), row_themes(meta))
            handles.add(str(meta.get("partner") or "").lower())
        texts[entry_id].append(hit.text)
    today = (now or datetime.now().astimezone()).date()
    end = max([today, *(e.day for e in entries.values())])
    week_keys = [(_monday(end) - timedelta(weeks=n)).isoformat() for n in range(weeks)][::-1]
    month_keys = _months_back(end, months)

    def per_week(days: list[date]) -> tuple[int, ...]:
        counts = Counter(_monday(d).isoformat() for d in days)
        return tuple(counts.get(k, 0) for k in week_keys)

    def per_month(days: list[date]) -> tuple[int, ...]:
        counts = Counter(_month(d) for d in days)
        return tuple(counts.get(k, 0) for k in month_keys)

    all_days = [e.day for e in entries.values()]
    opened: list[date] = []
    done: list[date] = []
    goals: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for hit in rows:
        meta = hit.metadata
        if meta.get("kind") == "action":
            opened.append(_day(meta))
            if meta.get("done"):
                done.append(_day(meta))
        elif meta.get("kind") == "goal":
            key = (str(meta.get("partner", "")), " ".join(hit.text.lower().split()))
            goals[key].append({**meta, "text": hit.text})
    return InsightsReport(
        partner=partner or "",
        entry_count=len(entries),
        weeks=tuple(week_keys),
        months=tuple(month_keys),
        reflections_per_week=per_week(all_days),
        reflections_per_month=per_month(all_days),
        themes=tuple(
            ThemeTrend(
                name=name,
                keywords=keywords,
                count=len(members),
                latest=max(m.day for m in members).isoformat(),
                weekly=per_week([m.day for m in members]),
                monthly=per_month([m.day for m in members]),
                entry_ids=tuple(m.entry_id for m in members),
            )
            for name, keywords, members in _theme_groups(entries, texts, handles)[:max_themes]
        ),
        actions=ActionTally(per_week(opened), per_week(done), len(opened), len(done)),
        goals=tuple(_goal_progress(goals, per_month)[:max_goals]),
    )


def _theme_groups(
    entries: dict[str, _Entry],
    texts: dict[str, list[str]],
    handles: set[str],
    min_count: int = 2,
) -> list[tuple[str, tuple[str, ...], list[_Entry]]]:
    """(name, keywords, entries oldest first) for themes in `min_count`+ entries.

    Keywords are the group's most typical words: in two or more of its entries and
    rare elsewhere (document-frequency weighting), never a partner's handle.
    """
    groups, names = by_theme(entries.values(), lambda e: e.themes)
    words = {
        e: set(_WORD.findall(" ".join(texts.get(e, [])).lower())) - _STOP - handles for e in entries
    }
    spread = Counter(w for ws in words.values() for w in ws)
    found = []
    for key, members in groups.items():
        if len(members) < min_count:
            continue
        members.sort(key=lambda e: (e.day, e.entry_id))
        own = Counter(w for m in members for w in words[m.entry_id] if w not in key.split())
        typical = sorted(
            (w for w, n in own.items() if n >= 2),
            key=lambda w: (-own[w] * math.log((1 + len(entries)) / spread[w]), w),
        )
        found.append((names[key], tuple(typical[:3]), members))
    found.sort(key=lambda g: (-len(g[2]), -g[2][-1].day.toordinal(), g[0]))
    return found


def _goal_progress(
    goals: dict[tuple[str, str], list[dict[str, Any]]], per_month: Any
) -> list[GoalProgress]:
    found = []
    for (partner, _), metas in goals.items():
        metas.sort(key=lambda m: (int(m.get("created_ts", 0)), str(m.get("entry_id"))))
        days = [_day(m) for m in metas]
        found.append(
            GoalProgress(
                text=str(metas[-1]["text"]),
                partner=partner,
                entries=len({m.get("entry_id") for m in metas}),
                first_date=days[0].isoformat(),
                last_date=days[-1].isoformat(),
                achieved=bool(metas[-1].get("achieved")),
                monthly=per_month(days),
            )
        )
    found.sort(key=lambda g: (g.last_date, g.text), reverse=True)
    found.sort(key=lambda g: g.achieved)
    return found
