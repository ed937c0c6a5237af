"""Keeping entries: the Markdown journal of record, drafts, the vector index and its
layouts, encryption at rest, and the home's lock."""
