"""A prep brief on screen: sections of bullets, each ending with its (date · id) citation.

`brief_rows(brief)` gives (marker, line) pairs; `brief_view(brief)` lays them out in a
two-column grid so that wrapped bullets keep a hanging indent at any width. Everything
the person or a model wrote goes through `shown()` (never markup, never terminal
escapes); only section titles and labels are trusted text.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from reflect.surfacing.brief import Brief
from reflect.wording import days_open, entries

from ..safe import shown

Row = tuple[str, Text]


def _cite(text: Text, date: str, entry_id: str, shared: bool = False) -> Text:
    text.append_text(shown(f"  ({date} · {entry_id})", style="dim"))
    if shared:
        text.append(" [shared]", style="bold")
    return text


def _section(rows: list[Row], title: str, empty: str, count: int) -> None:
    rows.append(("", Text("")))
    rows.append(("", Text(title, style="bold underline")))
    if not count and empty:
        rows.append(("", Text(empty, style="dim")))


def _quote(text: str, style: str) -> Text:
    return Text("“", style=style) + shown(" ".join(text.split()), style) + Text("”", style=style)


def brief_rows(brief: Brief, agenda_pending: bool = False) -> list[Row]:
    """The brief as (marker, line) rows, top to bottom."""
    shared = f", {brief.shared_count} shared" if brief.shared_count else ""
    topic = f" · topic: {brief.topic}" if brief.topic else ""
    rows: list[Row] = [
        ("", shown(f"Prep brief · {brief.partner}{topic}", style="bold")),
        (
            "",
            shown(f"Prepared {brief.prepared} · from {entries(brief.entry_count)}{shared}", "dim"),
        ),
    ]
    _section(rows, "Open action items (oldest first)", "Nothing open.", len(brief.action_items))
    for a in brief.action_items:
        due = f"due {a.due}" if a.due else ""
        details = [d for d in (a.owner, days_open(a.age_days), due) if d]
        line = shown(a.text) + shown(" — " + ", ".join(details), style="dim")
        rows.append((" • ", _cite(line, a.date, a.entry_id, a.shared)))
        if a.quote and a.quote != a.text:
            rows.append(("", Text("  from: ", style="dim") + _quote(a.quote, "dim italic")))

    _section(rows, "Goals and their evidence", "No goals named yet.", len(brief.goals))
    for g in brief.goals:
        state = "achieved" if g.achieved else f"in {entries(g.entries)} since {g.first_date}"
        line = shown(g.text, style="bold") + shown(f" — {state}", style="dim")
        rows.append((" • ", _cite(line, g.date, g.entry_id, g.shared)))
        for e in g.evidence:
            rows.append(
                ("", _cite(Text("  ") + _quote(e.text, "italic"), e.date, e.entry_id, e.shared))
            )

    _section(rows, "Relevant past insights", "None yet.", len(brief.insights))
    for i in brief.insights:
        rows.append((" • ", _cite(shown(i.text), i.date, i.entry_id, i.shared)))
        if i.quote:
            rows.append(("", Text("  from: ", style="dim") + _quote(i.quote, "dim italic")))

    _section(rows, "Recurring themes", "None recur yet.", len(brief.themes))
    for t in brief.themes:
        line = shown(t.name) + Text(f" — {entries(t.count)}, latest", style="dim")
        rows.append((" • ", _cite(line, t.date, t.entry_id)))

    _section(rows, "Suggested agenda", "", len(brief.agenda))
    for n, q in enumerate(brief.agenda, 1):
        line = shown(q.text)
        if q.source == "model":
            line.append("  (suggested by the model)", style="dim")
        rows.append((f" {n}. ", line))
    if agenda_pending:
        rows.append(("", Text("The model is suggesting more questions…", style="dim italic")))
    return rows


def brief_plain(brief: Brief) -> str:
    """The rows as plain text (for tests and for reading without a terminal)."""
    return "\n".join(marker + line.plain for marker, line in brief_rows(brief))


def brief_view(brief: Brief, agenda_pending: bool = False) -> Table:
    """The brief laid out with hanging indents."""
    grid = Table.grid(expand=True)
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    for marker, line in brief_rows(brief, agenda_pending):
        grid.add_row(Text(marker), line)
    return grid
