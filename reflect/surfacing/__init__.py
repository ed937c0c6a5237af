"""Bringing past entries back: ranking, open action items, prep briefs and their
export, agendas and journal insights."""
