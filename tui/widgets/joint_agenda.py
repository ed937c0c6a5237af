"""The joint agenda on screen: both perspectives side by side, mentor | mentee.

`agenda_view(agenda)` is one renderable: the headline, the numbered agenda, then a
table with a row per stage (its title and whether they agree or differ, the mentor's
answer, the mentee's answer) and a last row with each side's open commitments. Every
answer and commitment is stored text, so it goes through `shown()`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reflect.surfacing.pair_agenda import Commitment, JointAgenda, StageSides
from reflect.wording import count

from ..safe import shown

MARKS = {
    "agree": ("✓ agree", "bold green"),
    "differ": ("≠ differ", "bold yellow"),
    "mentor only": ("mentor only", "dim"),
    "mentee only": ("mentee only", "dim"),
    "unanswered": ("unanswered", "dim"),
}


def side_title(agenda: JointAgenda, role: str) -> str:
    """`Mentor (you)` / `Mentee (partner-a)`: whose column is whose."""
    who = "you" if role == agenda.runner else agenda.partner
    return f"{role.capitalize()} ({who})"


def stage_cell(sides: StageSides) -> Text:
    label, style = MARKS.get(sides.verdict, (sides.verdict, ""))
    text = shown(sides.title, style="bold")
    text.append("\n")
    text.append(label, style=style)
    return text


def answer_cell(answer: str) -> Text:
    return shown(answer) if answer.strip() else Text("(no answer)", style="dim italic")


def commitments_cell(items: list[Commitment]) -> Text:
    if not items:
        return Text("None open.", style="dim")
    text = Text()
    for n, item in enumerate(items):
        text.append("\n" if n else "")
        text.append("☐ ")
        text.append_text(shown(item.text))
        text.append_text(shown(f" ({item.date})", style="dim"))
    return text


def sides_table(agenda: JointAgenda) -> Table:
    table = Table(expand=True, show_lines=True, header_style="bold", pad_edge=False)
    table.add_column("Stage", ratio=2, no_wrap=False)
    table.add_column(side_title(agenda, "mentor"), ratio=5)
    table.add_column(side_title(agenda, "mentee"), ratio=5)
    for sides in agenda.stages:
        table.add_row(stage_cell(sides), answer_cell(sides.mentor), answer_cell(sides.mentee))
    table.add_row(
        Text("Open\ncommitments", style="bold"),
        commitments_cell(agenda.commitments.get("mentor", [])),
        commitments_cell(agenda.commitments.get("mentee", [])),
    )
    return table


def agenda_view(agenda: JointAgenda) -> RenderableType:
    """The whole joint agenda as one renderable."""
    items = Text()
    for n, item in enumerate(agenda.items, start=1):
        items.append("\n" if n > 1 else "")
        items.append(f"{n}. ", style="bold")
        items.append_text(shown(item))
    agreed, differ = len(agenda.agreed()), len(agenda.differing())
    tally = Text(
        f"{count(agreed, 'stage')} where you agree · {differ} where you differ", style="dim"
    )
    return Group(
        shown(agenda.headline(), style="bold"),
        tally,
        Text(""),
        Text("Agenda", style="bold underline"),
        items,
        Text(""),
        sides_table(agenda),
    )
