"""An editable summary: insight, action items (owner, due), goals, themes and mood."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from reflect.entry import OWNERS, ActionItem, Goal, Summary
from reflect.textsafe import clean
from reflect.wording import NO_LESSON

MOODS = [(Text(f"{n} — {w}"), n) for n, w in enumerate(("low", "meh", "okay", "good", "great"), 1)]


def _value(select: Select[str] | Select[int]) -> str | int | None:
    value = select.value
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def quoted(words: str) -> Text:
    """'from: "…"' under an item: the person's own words it came from, shown as text."""
    return Text.assemble(("from: ", "dim"), (f"“{clean(words)}”", "dim italic"))


class ActionRow(Vertical):
    """One action item: text, owner, due, and the words it came from."""

    def __init__(self, item: ActionItem) -> None:
        super().__init__(classes="action-item")
        self.item = item

    def compose(self) -> ComposeResult:
        with Horizontal(classes="action-row"):
            yield from self._fields()
        if self.item.quote:
            yield Static(quoted(self.item.quote), classes="item-quote")

    def _fields(self) -> ComposeResult:
        yield Input(
            clean(self.item.text),
            placeholder="What will be done",
            classes="action-text",
            compact=True,
        )
        yield Select(
            [(Text(o), o) for o in OWNERS],
            value=self.item.owner if self.item.owner in OWNERS else Select.NULL,
            prompt="owner",
            classes="action-owner",
            compact=True,
        )
        yield Input(
            clean(self.item.due or ""), placeholder="due", classes="action-due", compact=True
        )
        yield Button("✕", classes="remove", tooltip="Remove this action item", compact=True)

    def read(self) -> ActionItem | None:
        text = " ".join(self.query_one(".action-text", Input).value.split())
        if not text:
            return None
        owner = _value(self.query_one(".action-owner", Select))
        due = self.query_one(".action-due", Input).value.strip() or None
        return ActionItem(
            text,
            str(owner) if owner else None,
            due,
            self.item.done,
            self.item.source,
            self.item.quote,  # an edited item still came from the same words
        )


class GoalRow(Horizontal):
    """One learning goal."""

    def __init__(self, goal: Goal) -> None:
        super().__init__(classes="goal-row")
        self.goal = goal

    def compose(self) -> ComposeResult:
        yield Input(
            clean(self.goal.text), placeholder="A learning goal", classes="goal-text", compact=True
        )
        yield Button("✕", classes="remove", tooltip="Remove this goal", compact=True)

    def read(self) -> Goal | None:
        text = " ".join(self.query_one(".goal-text", Input).value.split())
        return Goal(text, self.goal.source, self.goal.achieved) if text else None


class SummaryForm(Vertical):
    """Every summary field, editable; `read()` gives the edited Summary."""

    def __init__(self, summary: Summary, id: str | None = None) -> None:
        super().__init__(id=id)
        self.original = summary

    def compose(self) -> ComposeResult:
        s = self.original
        yield Label("Insight — the one thing to remember", classes="field-label")
        yield Input(
            clean(s.insight),
            placeholder=f"{NO_LESSON.capitalize()} — what would you take from this?",
            id="insight",
            compact=True,
        )
        if s.insight_quote and s.insight_quote != s.insight:
            yield Static(quoted(s.insight_quote), classes="item-quote", id="insight-quote")
        yield Label("Action items — what, who, by when", classes="field-label")
        with Vertical(id="actions"):
            for item in s.action_items:
                yield ActionRow(item)
        yield Button("+ Action item", id="add-action", classes="add", compact=True)
        yield Label("Learning goals", classes="field-label")
        with Vertical(id="goals"):
            for goal in s.goals:
                yield GoalRow(goal)
        yield Button("+ Goal", id="add-goal", classes="add", compact=True)
        yield Label("Themes — separated by commas", classes="field-label")
        yield Input(", ".join(clean(t) for t in s.themes), id="themes", compact=True)
        yield Label("Mood", classes="field-label")
        yield Select(
            MOODS,
            value=s.mood if s.mood in range(1, 6) else Select.NULL,
            prompt="no mood given",
            id="mood",
            compact=True,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button
        if button.id == "add-action":
            row = ActionRow(ActionItem(""))
            self.query_one("#actions").mount(row)
            self.call_after_refresh(lambda: row.query_one(Input).focus())
        elif button.id == "add-goal":
            goal_row = GoalRow(Goal(""))
            self.query_one("#goals").mount(goal_row)
            self.call_after_refresh(lambda: goal_row.query_one(Input).focus())
        elif button.has_class("remove") and isinstance(button.parent, GoalRow):
            button.parent.remove()
        elif button.has_class("remove") and button.parent is not None:
            action = button.parent.parent
            if isinstance(action, ActionRow):
                action.remove()
        else:
            return
        event.stop()

    def read(self) -> Summary:
        actions = [a for a in (r.read() for r in self.query(ActionRow)) if a is not None]
        goals = [g for g in (r.read() for r in self.query(GoalRow)) if g is not None]
        themes = [t.strip() for t in self.query_one("#themes", Input).value.split(",")]
        mood = _value(self.query_one("#mood", Select))
        insight = " ".join(self.query_one("#insight", Input).value.split())
        return Summary(
            insight=insight,
            # an edited insight still came from the same words: keep the link
            insight_source=self.original.insight_source if insight else None,
            insight_quote=self.original.insight_quote if insight else "",
            action_items=actions,
            goals=goals,
            themes=[t for t in themes if t],
            mood=int(mood) if isinstance(mood, int) else None,
        )
