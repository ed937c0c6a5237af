"""Counts as people read them: "1 entry", "2 entries", "open 3 days", and the words the
CLI and the app both say.

Every count a person sees (CLI lines, screens, exports) goes through `count`, so a
plural is fixed once for everywhere.
"""

from __future__ import annotations

# An insight when no sentence of the text states a lesson (`reflect summarize`, the
# summary screen's insight field).
NO_LESSON = "no lesson stated yet"

_IRREGULAR = {"entry": "entries", "match": "matches", "day": "days"}


def plural(noun: str) -> str:
    """The plural of `noun` (its last word): entry → entries, match → matches, file → files."""
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        word = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def count(n: int, noun: str) -> str:
    """ "1 entry", "2 entries", "0 unreadable files": `n` and the noun in the right number."""
    return f"{n} {noun if n == 1 else plural(noun)}"


def entries(n: int) -> str:
    """ "1 entry", "2 entries": how every screen and export counts journal entries."""
    return count(n, "entry")


def days_open(age: int) -> str:
    """How long an action item has been open: "opened today", "open 1 day", "open 5 days"."""
    return "opened today" if age <= 0 else f"open {count(age, 'day')}"
