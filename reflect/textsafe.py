"""Showing stored text safely: never as markup, never as terminal control sequences."""

from __future__ import annotations

import re

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Remove terminal escape sequences and control characters (keeps tabs and newlines)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def short(text: str | None, width: int = 60) -> str:
    """One cleaned line of at most `width` characters."""
    flat = " ".join(clean(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
