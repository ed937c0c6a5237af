"""Themes over time (`reflect insights`, the Insights screen) on the seeded journal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fakes import HashingEmbedder, MemoryIndex
from seed import load_seed, seed_records

from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.insights import InsightsReport, journal_insights

NOW = datetime.fromisoformat("2026-11-20T12:00:00").astimezone()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    built = build_services(
        load_settings(tmp_path_factory.mktemp("seeded") / "home", no_model=True),
        embedder=HashingEmbedder(),
        index=MemoryIndex(),
        model=NoModel(),
    )
    load_seed(built)
    yield built
    built.close()


@pytest.fixture(scope="module")
def report(services: Services) -> InsightsReport:
    return journal_insights(services.library.index, now=NOW)


@pytest.mark.parametrize(
    ("theme", "entries"),
    [
        ("presenting", ["seed-01", "seed-04", "seed-16", "seed-28"]),
        ("delegation", ["seed-02", "seed-11", "seed-20", "seed-29"]),
        ("code review", ["seed-03", "seed-12", "seed-24", "seed-30"]),
        ("boundaries", ["seed-08", "seed-17", "seed-26", "seed-35"]),
        ("career change", ["seed-06", "seed-18", "seed-27", "seed-36"]),
    ],
)
def test_related_entries_group_under_one_theme(
    report: InsightsReport, theme: str, entries: list[str]
) -> None:
    trend = next(t for t in report.themes if t.name == theme)
    assert list(trend.entry_ids) == entries
    assert trend.count == 4 and sum(trend.monthly) == 4


def test_themes_are_named_with_typical_words_not_partner_handles(report: InsightsReport) -> None:
    for trend in report.themes:
        assert trend.keywords, trend.name
        assert not any(w.startswith("partner") for w in trend.keywords)
    delegation = next(t for t in report.themes if t.name == "delegation")
    assert {"delegate", "ownership", "handover"} & set(delegation.keywords)


def test_most_recurring_themes_come_first(report: InsightsReport) -> None:
    counts = [t.count for t in report.themes]
    assert counts == sorted(counts, reverse=True)
    assert all(c >= 2 for c in counts)


def test_periods_are_aligned_and_count_every_entry(report: InsightsReport) -> None:
    assert len(report.weeks) == len(report.reflections_per_week) == 26
    assert len(report.months) == len(report.reflections_per_month) == 12
    assert report.months[-1] == "2026-11" and report.weeks[-1] == "2026-11-16"
    assert sum(report.reflections_per_month) == report.entry_count == 36
    november = sum(r["date"].startswith("2026-11") for r in seed_records())
    assert report.reflections_per_month[-1] == november
    for trend in report.themes:
        assert len(trend.weekly) == len(report.weeks)


def test_action_items_opened_versus_done(report: InsightsReport) -> None:
    items = [a for r in seed_records() for a in r["action_items"]]
    tally = report.actions
    assert (tally.total_opened, tally.total_done) == (len(items), sum(a["done"] for a in items))
    assert tally.open == sum(not a["done"] for a in items)
    assert all(d <= o for o, d in zip(tally.opened, tally.done, strict=True))


def test_goal_progress_counts_each_goal_across_entries(report: InsightsReport) -> None:
    goal = next(g for g in report.goals if g.text == "present to large groups without freezing")
    assert (goal.partner, goal.entries, goal.first_date, goal.last_date) == (
        "partner-a",
        4,
        "2026-03-03",
        "2026-09-10",
    )
    assert not goal.achieved


def test_one_partners_insights_hold_only_their_entries(services: Services) -> None:
    report = journal_insights(services.library.index, partner="partner-b", now=NOW)
    assert report.entry_count == 12
    assert {t.name for t in report.themes} == {"delegation", "boundaries", "time"}


def test_json_form_is_plain_data(report: InsightsReport) -> None:
    import json

    data = json.loads(json.dumps(report.to_json()))
    assert set(data) >= {"weeks", "months", "reflections_per_week", "themes", "actions", "goals"}
    assert data["actions"]["open"] == report.actions.open


def test_empty_journal_gives_an_empty_report(reflect_home: Path) -> None:
    report = journal_insights(MemoryIndex(), now=NOW)
    assert report.entry_count == 0 and report.themes == () and sum(report.reflections_per_week) == 0
