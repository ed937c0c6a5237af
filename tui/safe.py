"""Stored text on screen: always as plain text, never as markup or terminal escapes.

Anything a person (or a model) wrote goes through `shown()` before a widget sees it:
a Rich `Text` is never parsed for markup, and `clean()` strips control sequences.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text

from reflect.textsafe import clean, short

__all__ = ["clean", "line", "markup_safe", "short", "shown"]


def shown(text: str | None, style: str = "") -> Text:
    """Stored text as a `Text` renderable: no markup parsing, no control sequences."""
    return Text(clean(text or ""), style=style)


def line(*parts: tuple[str | None, str] | str) -> Text:
    """Join (text, style) pieces into one `Text`; bare strings are trusted UI labels."""
    out = Text()
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            text, style = part
            out.append(clean(text or ""), style=style)
    return out


def markup_safe(text: str | None) -> str:
    """Stored text for the few places that take a markup string (notifications)."""
    return escape(clean(text or ""))
