"""Where the Prepare and joint-agenda screens export Markdown: a default file under the
home folder, and paths as a person types them."""

from __future__ import annotations

import re
from pathlib import Path

BRIEFS_FOLDER = "reflect-briefs"  # under the person's home folder


def default_export_path(kind: str, partner: str, prepared: str) -> Path:
    """`~/reflect-briefs/<kind>-<partner>-<date>.md`, the partner's handle reduced to
    lower-case letters, digits and dashes (so it cannot leave the folder)."""
    slug = re.sub(r"[^a-z0-9]+", "-", partner.lower()).strip("-") or "partner"
    return Path.home() / BRIEFS_FOLDER / f"{kind}-{slug}-{prepared}.md"


def as_typed(path: Path) -> str:
    """A path as the person would type it (~ for the home folder)."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def export_target(value: str) -> Path:
    """The typed export path: ~ expanded, relative paths under the home folder."""
    path = Path(value.strip()).expanduser()
    return path if path.is_absolute() else Path.home() / path
