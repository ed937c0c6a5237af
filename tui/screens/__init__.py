"""Reflect's screens, one per file. `open_screen` builds one by class name (lazy imports)."""

from __future__ import annotations

from importlib import import_module

from textual.screen import Screen

_WHERE = {
    "HomeScreen": "home",
    "JournalScreen": "journal",
    "GoalsScreen": "goals",
    "HelpScreen": "help",
    "PrepareScreen": "prepare",
    "InsightsScreen": "insights",
}


def open_screen(name: str) -> Screen[None]:
    module = import_module(f".{_WHERE[name]}", __name__)
    screen: Screen[None] = getattr(module, name)()
    return screen
