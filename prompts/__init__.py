"""Reflection templates and language-model prompt texts (data, not code)."""
