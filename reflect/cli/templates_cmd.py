"""`reflect templates list | show ID | validate PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from ..settings import load_settings
from ..templates import TemplateBook, load_template_file
from .output import emit_json, say, warn


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None) or "list"
    if action == "validate":
        path = Path(args.path).expanduser()
        if not path.is_file():
            raise InputError(f"No template file at {path}; check the path.")
        template = load_template_file(path)
        followups = sum(len(s.followups) for s in template.stages)
        say(
            f"{path}: ok — template '{template.id}', {len(template.stages)} stages, "
            f"{followups} curated follow-ups, roles {', '.join(template.roles)}."
        )
        return 0
    book = TemplateBook(load_settings(getattr(args, "home", None)).templates_dir)
    if action == "show":
        t = book.get(args.id)
        say(f"{t.id}: {t.title} ({t.kind}; roles {', '.join(t.roles)})")
        say(f"  {t.description}")
        for n, stage in enumerate(t.stages, start=1):
            say(f"\n{n}. {stage.title} [{stage.id}, {stage.depth}]")
            for role in t.roles:
                say(f"   {role}: {stage.prompt_for(role)}")
            say(f"   up to {stage.max_followups} follow-ups from {len(stage.followups)} curated")
        return 0
    templates = book.all()
    if getattr(args, "json", False):
        emit_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "kind": t.kind,
                    "roles": list(t.roles),
                    "stages": [s.id for s in t.stages],
                    "user": t.user,
                }
                for t in templates
            ]
        )
    else:
        width = max(len(t.id) for t in templates)
        for t in templates:
            mark = " (yours)" if t.user else ""
            say(f"{t.id:<{width}}  {t.title}{mark} — {', '.join(s.id for s in t.stages)}")
    for problem in book.problems:
        warn(problem)
    return 0
