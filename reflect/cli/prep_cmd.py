"""`reflect prep` (a brief for the next session) and `reflect insights` (themes over time)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..wording import entries
from .opening import open_library, open_services
from .output import emit_json, say


def prep(args: argparse.Namespace) -> int:
    from ..surfacing.brief_export import brief_markdown
    from ..surfacing.prep import Prep

    partner = " ".join((args.partner or "").split())
    if not partner:
        raise InputError("--with needs a partner name, e.g. --with partner-a.")
    with open_services(args) as services:
        library = open_library(services, reads_only=True)
        brief = Prep(library.index, library.embedder, services.model).brief(partner, args.topic)
    if brief.is_empty:
        raise InputError(
            f"No entries with partner '{partner}' yet; names must match exactly "
            "(see `reflect search QUERY --json` for the partners you have used)."
        )
    if args.format == "json":
        import json

        text = json.dumps(brief.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = brief_markdown(brief)
    if args.out:
        from ..fsutil import atomic_write

        out = Path(args.out).expanduser()
        atomic_write(out, text)
        say(f"Wrote the brief for {partner} to {out}")
    elif args.format == "json":
        sys.stdout.write(text)
    else:
        say(text.rstrip("\n"))
    return 0


def insights(args: argparse.Namespace) -> int:
    from ..surfacing.insights import journal_insights

    with open_services(args) as services:
        library = open_library(services, embeds=False, reads_only=True)
        report = journal_insights(library.index, partner=getattr(args, "partner", None))
    if args.json:
        emit_json(report.to_json())
        return 0
    if not report.entry_count:
        say("No entries yet; reflect first, then come back for themes over time.")
        return 0
    recent = report.reflections_per_week[-8:]
    say(f"{entries(report.entry_count)} · last 8 weeks: {' '.join(map(str, recent))}")
    a = report.actions
    say(f"Action items: {a.total_opened} opened, {a.total_done} done, {a.open} open")
    say("")
    say("Recurring themes")
    for t in report.themes:
        words = f" ({', '.join(t.keywords)})" if t.keywords else ""
        say(f"  {t.name}{words}: {entries(t.count)}, latest {t.latest}")
    if not report.themes:
        say("  none recur yet")
    say("")
    say("Goals")
    for g in report.goals:
        mark = "done" if g.achieved else entries(g.entries)
        who = f" · {g.partner}" if g.partner else ""
        say(f"  {g.text} — {mark}, {g.first_date} to {g.last_date}{who}")
    if not report.goals:
        say("  none named yet")
    return 0
