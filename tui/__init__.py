"""Reflect's Textual app. Imports `reflect`; `reflect` never imports this package."""
