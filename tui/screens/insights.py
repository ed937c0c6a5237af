"""Insights: recurring themes over time, reflections per week and month, action items
opened vs done, and goal progress — as charts, for the whole journal or one partner.

The numbers come from `reflect.surfacing.insights.journal_insights`, computed in a thread worker
that only posts the report; the charts are built from it on the UI side.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Select, Sparkline, Static

from reflect.surfacing.insights import InsightsReport
from reflect.wording import entries

from ..errors import describe_error
from ..safe import markup_safe, shown
from ..widgets.charts import ColumnChart, bar_line, done_bar
from ..widgets.status import StatusLine, TopBar
from .base import ReflectScreen

EMPTY = (
    "No reflections to chart yet.\n\n"
    "Once a few entries are saved, this screen shows your recurring themes over time, "
    "how many reflections you write each week, the action items you opened and finished, "
    "and how your goals are going.\n\n"
    "Press escape, then s to start a reflection."
)


def _month_label(month: str) -> str:
    """'2026-03' → 'Mar'."""
    try:
        return f"{date.fromisoformat(month + '-01'):%b}"
    except ValueError:
        return month[-2:]


def _title(text: str, note: str = "") -> Static:
    line = Text(text, style="bold")
    if note:
        line.append(f"  {note}", style="dim")
    return Static(line, classes="chart-title")


def _row(label: Text, chart: Widget, info: Text, kind: str) -> Horizontal:
    return Horizontal(
        Static(label, classes="chart-label"),
        chart,
        Static(info, classes="chart-info"),
        classes=f"chart-row {kind}",
    )


def report_widgets(report: InsightsReport) -> list[Widget]:
    """Every chart of the report, top to bottom."""
    if not report.entry_count:
        return [Static(Text(EMPTY), id="insights-empty")]
    weekly = report.reflections_per_week
    found: list[Widget] = [
        _title("Reflections per week", f"last {len(weekly)} weeks, from {report.weeks[0]}"),
        _row(
            Text("entries"),
            Sparkline(weekly, id="week-spark", classes="spark"),
            Text(f"{sum(weekly)} in all · {weekly[-1]} this week"),
            "weeks",
        ),
        _title("Reflections per month"),
        ColumnChart(
            report.reflections_per_month,
            [_month_label(m) for m in report.months],
            id="month-chart",
        ),
        _title("Recurring themes", "entries a month, over the last 12 months"),
    ]
    for theme in report.themes:
        words = f" · {', '.join(theme.keywords)}" if theme.keywords else ""
        info = shown(f"{theme.count}× · last {theme.latest}{words}")
        spark = Sparkline(theme.monthly, classes="spark theme-spark")
        found.append(_row(shown(theme.name), spark, info, "theme"))
    if not report.themes:
        found.append(Static(Text("No theme recurs yet.", style="dim")))
    actions = report.actions
    scale = max([*actions.opened, *actions.done, 1])
    found += [
        _title("Action items, opened vs done", "a week per column, same scale"),
        _row(
            Text("opened"),
            Static(bar_line(actions.opened, scale), classes="bars"),
            Text(f"{actions.total_opened} opened · {actions.open} still open"),
            "actions",
        ),
        _row(
            Text("done"),
            Static(bar_line(actions.done, scale, style="bold"), classes="bars"),
            Text(f"{actions.total_done} done"),
            "actions",
        ),
        Static(done_bar(actions.total_done, actions.total_opened), id="done-bar"),
        _title("Goal progress", "entries naming each goal, a month per bar"),
    ]
    for goal in report.goals:
        mark = Text("✓ achieved  " if goal.achieved else "○ ", style="bold")
        found.append(Static(mark + shown(goal.text), classes="goal-text"))
        info = shown(f"{goal.entries}× · {goal.first_date} → {goal.last_date}")
        spark = Sparkline(goal.monthly, classes="spark goal-spark")
        found.append(_row(Text(""), spark, info, "goal"))
    if not report.goals:
        found.append(Static(Text("No goals named yet.", style="dim")))
    return found


class InsightsScreen(ReflectScreen):
    """Charts of the journal: themes over time, reflections per week, actions, goals."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    class Reported(Message):
        def __init__(
            self, request: int, report: InsightsReport, partners: list[tuple[str, int]]
        ) -> None:
            super().__init__()
            self.request = request
            self.report = report
            self.partners = partners

    class Failed(Message):
        def __init__(self, request: int, text: str) -> None:
            super().__init__()
            self.request = request
            self.text = text

    def __init__(self, now: datetime | None = None) -> None:
        super().__init__()
        self.now = now  # fixed in tests; None means the clock
        self.report: InsightsReport | None = None
        self.request = 0

    def compose(self) -> ComposeResult:
        yield TopBar("Insights")
        with Horizontal(id="insights-form"):
            yield Select([], prompt="all partners", id="insights-partner", compact=True)
            yield Static("", id="insights-summary")
        with VerticalScroll(id="insights-body"):
            yield Static(Text("Opening your journal…", style="dim"))
        yield StatusLine(classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#insights-body", VerticalScroll).focus()
        self.reload()

    def partner(self) -> str | None:
        value = self.query_one("#insights-partner", Select).value
        return value if isinstance(value, str) else None

    def reload(self) -> None:
        self.request += 1
        self._report(self.request, self.partner())

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "insights-partner":
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="insights-report")
    def _report(self, request: int, partner: str | None) -> None:
        from reflect.surfacing.insights import journal_insights
        from reflect.surfacing.partners import journal_partners

        try:
            index = self.context.wait_library().index
            report = journal_insights(index, partner=partner, now=self.now)
            partners = journal_partners(index)
        except Exception as exc:
            self.post_message(self.Failed(request, describe_error(exc)))
            return
        self.post_message(self.Reported(request, report, partners))

    async def on_insights_screen_reported(self, message: Reported) -> None:
        if message.request != self.request:
            return  # a report for an earlier choice of partner
        self.report = report = message.report
        select = self.query_one("#insights-partner", Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options([(shown(p), p) for p, _ in message.partners])
            if current in {p for p, _ in message.partners}:
                select.value = current
        who = f" with {report.partner}" if report.partner else ""
        self.query_one("#insights-summary", Static).update(
            shown(f"{entries(report.entry_count)}{who}", style="dim")
        )
        body = self.query_one("#insights-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(report_widgets(report))

    def on_insights_screen_failed(self, message: Failed) -> None:
        if message.request == self.request:
            self.notify(markup_safe(message.text), title="Problem", severity="error")
