"""The Insights screen: charts of themes over time, reflections, action items and goals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import journal_opened, until
from seed import load_seed
from textual.widgets import Select, Sparkline, Static

from reflect.llm.nomodel import NoModel
from reflect.services import Services
from reflect.surfacing.insights import journal_insights
from reflect.tui.app import ReflectApp
from reflect.tui.screens.insights import InsightsScreen
from reflect.tui.widgets.charts import ColumnChart, bar_line, column_rows, done_bar

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def seeded_app(make_services: Callable[..., Services]) -> ReflectApp:
    services = make_services(model=NoModel())
    load_seed(services)
    return ReflectApp(services)


async def open_insights(pilot: Any) -> InsightsScreen:
    await journal_opened(pilot)  # no reload later
    screen = InsightsScreen(now=NOW)
    await pilot.app.push_screen(screen)

    def charted() -> bool:
        """the report is charted"""
        return screen.report is not None and bool(screen.query(".chart-title, #insights-empty"))

    await until(pilot, charted)
    return screen


async def test_every_recurring_theme_gets_a_sparkline_of_its_months(
    seeded_app: ReflectApp,
) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        expected = journal_insights(seeded_app.services.library.index, now=NOW)
        assert expected.themes, "the seed has recurring themes"
        sparks = list(screen.query(".theme-spark").results(Sparkline))
        assert [tuple(s.data or ()) for s in sparks] == [t.monthly for t in expected.themes]
        labels = " ".join(str(s.render()) for s in screen.query(".theme .chart-label"))
        for theme in expected.themes:
            assert theme.name in labels
        week = screen.query_one("#week-spark", Sparkline)
        assert tuple(week.data or ()) == expected.reflections_per_week
        months = screen.query_one("#month-chart", ColumnChart)
        assert months.values == expected.reflections_per_month
        done = str(screen.query_one("#done-bar", Static).render())
        assert f"{expected.actions.total_done} of {expected.actions.total_opened} done" in done
        assert len(screen.query(".goal-spark")) == len(expected.goals)


async def test_choosing_a_partner_charts_only_their_entries(seeded_app: ReflectApp) -> None:
    async with seeded_app.run_test(size=(100, 30)) as pilot:
        screen = await open_insights(pilot)
        assert screen.report is not None and screen.report.entry_count == 36
        screen.query_one("#insights-partner", Select).value = "partner-a"
        await until(pilot, lambda: screen.report is not None and screen.report.partner != "")
        assert screen.report.entry_count == 12
        assert "12 entries with partner-a" in str(
            screen.query_one("#insights-summary", Static).render()
        )


async def test_an_empty_journal_gets_a_friendly_empty_state(
    make_app: Callable[..., ReflectApp],
) -> None:
    app = make_app(model=NoModel())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        text = str(screen.query_one("#insights-empty", Static).render())
        assert "No reflections to chart yet" in text
        assert not screen.query(Sparkline)


@pytest.mark.parametrize(
    ("values", "maximum", "expected"),
    [
        ((0, 1, 2, 4), 4, "·▂▄█"),
        ((0, 0), 0, "··"),
        ((1, 100), 100, "▁█"),  # any item at all shows, however small
    ],
)
def test_bar_lines_share_one_scale(values: tuple[int, ...], maximum: int, expected: str) -> None:
    assert bar_line(values, maximum).plain == expected


def test_column_chart_labels_every_column_and_shows_a_month_with_one_entry() -> None:
    rows = column_rows([0, 1, 8], ["Jan", "Feb", "Mar"], height=2).plain.split("\n")
    assert rows[0].split() == ["1", "8"]
    assert rows[-1] == "Jan Feb Mar"
    assert rows[-2][4] != " " and rows[-2][0] == " "  # Feb's sliver; Jan stays empty


def test_done_bar_says_how_many_of_how_many() -> None:
    assert done_bar(3, 4, width=8).plain == "██████░░  3 of 4 done (75%)"
    assert done_bar(0, 0, width=4).plain.endswith("0 of 0 done (—)")


async def _at_insights(pilot: Any) -> None:
    await until(pilot, lambda: "loading" not in pilot.app.status)
    await open_insights(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_insights_screen_looks_right_at_80x24(
    snap_compare: Callable[..., bool], seeded_app: ReflectApp
) -> None:
    assert snap_compare(seeded_app, terminal_size=(80, 24), run_before=_at_insights)
