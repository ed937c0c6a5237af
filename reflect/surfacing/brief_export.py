"""A prep brief as Markdown: the `reflect prep` output and the Prepare screen's export.

Every bullet ends with its citation `(date · entry id)`, marked `shared` when the entry
came from a partner's share file. Stored text is flattened to one line per bullet so
that nothing a person wrote can break the list or start a heading.
"""

from __future__ import annotations

from ..wording import days_open, entries
from .brief import Brief


def _line(text: str) -> str:
    return " ".join(text.split()).replace("<!--", "<\\!--")


def _cite(date: str, entry_id: str, shared: bool = False) -> str:
    return f"({date} · {entry_id}{' · shared' if shared else ''})"


def brief_markdown(brief: Brief) -> str:
    """The whole brief as a Markdown document."""
    topic = f" · topic: {_line(brief.topic)}" if brief.topic else ""
    shared = f", {brief.shared_count} shared" if brief.shared_count else ""
    lines = [
        f"# Prep brief · {_line(brief.partner)}",
        "",
        f"Prepared {brief.prepared}{topic} · from {entries(brief.entry_count)}{shared}",
        "",
        "## Open action items",
        "",
    ]
    for a in brief.action_items:
        who = f"{a.owner}, " if a.owner else ""
        due = f", due {_line(a.due)}" if a.due else ""
        lines.append(
            f"- [ ] {_line(a.text)} — {who}{days_open(a.age_days)}{due} "
            f"{_cite(a.date, a.entry_id, a.shared)}"
        )
        if a.quote and a.quote != a.text:
            lines.append(f"  - from: “{_line(a.quote)}”")
    if not brief.action_items:
        lines.append("- Nothing open.")
    lines += ["", "## Goals and their evidence", ""]
    for g in brief.goals:
        state = "achieved" if g.achieved else f"in {entries(g.entries)} since {g.first_date}"
        lines.append(f"- **{_line(g.text)}** — {state} {_cite(g.date, g.entry_id, g.shared)}")
        for e in g.evidence:
            lines.append(f"  - “{_line(e.text)}” {_cite(e.date, e.entry_id, e.shared)}")
    if not brief.goals:
        lines.append("- No goals named yet.")
    lines += ["", "## Relevant past insights", ""]
    for i in brief.insights:
        lines.append(f"- {_line(i.text)} {_cite(i.date, i.entry_id, i.shared)}")
        if i.quote:
            lines.append(f"  - from: “{_line(i.quote)}”")
    if not brief.insights:
        lines.append("- None yet.")
    lines += ["", "## Recurring themes", ""]
    for t in brief.themes:
        lines.append(f"- {_line(t.name)} — {entries(t.count)}, latest {_cite(t.date, t.entry_id)}")
    if not brief.themes:
        lines.append("- None recur yet.")
    lines += ["", "## Suggested agenda", ""]
    lines += [f"{n}. {_line(q.text)}" for n, q in enumerate(brief.agenda, 1)]
    return "\n".join(lines) + "\n"
