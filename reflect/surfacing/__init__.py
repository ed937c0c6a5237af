"""Bringing past entries back: ranking, open action items, partners, the journal list's
filters, prep briefs and their export, agendas, journal insights and recurring themes."""
