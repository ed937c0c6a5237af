"""Small terminal charts for the Insights screen: bar lines, a column chart, a done bar.

Sparklines per theme use Textual's `Sparkline`; these cover what it cannot: several
series on one shared scale (opened vs done), a labelled monthly column chart, and a
proportion bar. All render to Rich `Text`; labels are passed through `shown()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ..safe import shown

EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar_line(values: Sequence[int], maximum: int, style: str = "") -> Text:
    """One row of bars on a shared scale (0..maximum); a zero is a faint dot."""
    text = Text()
    for value in values:
        if value <= 0 or maximum <= 0:
            text.append("·", style="dim")
        else:
            text.append(EIGHTHS[max(1, round(8 * min(value, maximum) / maximum))], style=style)
    return text


def column_rows(values: Sequence[int], labels: Sequence[str], height: int = 4) -> Text:
    """A column chart: counts on top, `height` rows of bars, a label under each column."""
    width = max([3, *(len(label) for label in labels)])
    maximum = max(values, default=0)
    text = Text()
    text.append(" ".join(f"{v or '':>{width}}" for v in values), style="dim")
    for row in range(height - 1, -1, -1):
        text.append("\n")
        cells = []
        for value in values:
            eighths = round(8 * height * value / maximum) if maximum else 0
            level = max(0, min(8, eighths - 8 * row))
            if value and row == 0:
                level = max(level, 1)  # a month with any entry shows at least a sliver
            cells.append(EIGHTHS[level] * width)
        text.append(" ".join(cells), style="bold")
    text.append("\n")
    text.append_text(shown(" ".join(f"{label:>{width}}" for label in labels), style="dim"))
    return text


def done_bar(done: int, total: int, width: int = 30) -> Text:
    """█████░░░ — the share of action items done."""
    filled = round(width * done / total) if total else 0
    text = Text()
    text.append("█" * filled, style="bold")
    text.append("░" * (width - filled), style="dim")
    share = f"{round(100 * done / total)}%" if total else "—"
    text.append(f"  {done} of {total} done ({share})")
    return text


class ColumnChart(Static):
    """A labelled column chart (e.g. reflections per month)."""

    def __init__(
        self,
        values: Sequence[int],
        labels: Sequence[str],
        height: int = 4,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(column_rows(values, labels, height), id=id, classes=classes)
        self.values = tuple(values)
        self.labels = tuple(labels)
