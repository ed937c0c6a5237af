"""Entries grouped by the themes their summaries name: what prep briefs and journal
insights both count as recurring."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

E = TypeVar("E")


def by_theme(
    entries: Iterable[E], themes: Callable[[E], Sequence[str]]
) -> tuple[dict[str, list[E]], dict[str, str]]:
    """Entries grouped by theme, compared without case (an entry counts once per theme),
    and each theme's name as it was first written."""
    groups: dict[str, list[E]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in entries:
        own: dict[str, str] = {}
        for theme in themes(entry):
            own.setdefault(theme.lower(), theme)
        for key, name in own.items():
            groups[key].append(entry)
            names.setdefault(key, name)
    return groups, names
