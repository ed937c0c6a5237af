"""Reflect's themes: the default, and a high-contrast one for projectors and low vision."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="reflect-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff8c00",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

DEFAULT_THEME = "textual-dark"
