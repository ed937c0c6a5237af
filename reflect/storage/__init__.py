"""Keeping entries: the Markdown journal of record, drafts, the vector index, its layouts
and the snapshot reading commands search, encryption at rest, and the home's lock."""
