"""The command palette's Reflect commands: every main action, searchable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .context import context_of

# (title, help, app action)
COMMANDS = [
    ("Start a reflection", "Answer a template's questions, with follow-ups", "start"),
    ("Prepare for a session", "A brief from past entries with one partner", "prepare"),
    ("Prepare together", "Mentor and mentee take turns, then a joint agenda", "pair"),
    ("Journal", "Browse, filter and search your entries", "journal"),
    ("Goals & actions", "Open and done action items, and your goals", "goals"),
    ("Insights", "Themes over time and reflections per week", "insights"),
    ("Home", "Back to the home screen", "home"),
    ("Help", "Every key Reflect uses", "help"),
    ("Toggle high contrast", "Switch between the normal and high-contrast theme", "contrast"),
]
DEMO_COMMANDS = [
    ("Reset the demo", "Clear this group's answers for the next group (F5)", "demo_reset"),
    ("Start / pause the stage timer", "The facilitator's countdown (F6)", "timer_toggle"),
]


class ReflectCommands(Provider):
    """Offers Reflect's main actions in the command palette (ctrl+p)."""

    @property
    def commands(self) -> list[tuple[str, str, str]]:
        return COMMANDS + DEMO_COMMANDS if context_of(self.app).demo else COMMANDS

    async def discover(self) -> Hits:
        for title, help_text, action in self.commands:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self.commands:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
