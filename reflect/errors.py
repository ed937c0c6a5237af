"""Errors a person can cause, each one clear sentence that says what to do.

The CLI prints `str(error)` on one line and exits 1; the TUI shows it as a notice.
"""

from __future__ import annotations


class ReflectError(Exception):
    """Base of every user-facing error: the message is the whole story."""


class HomeError(ReflectError):
    """The home folder is missing, unreadable or not writable."""


class JournalLockedError(ReflectError):
    """Another Reflect process holds the journal."""

    def __init__(self, home: str, holder: str) -> None:
        super().__init__(
            f"The journal in {home} is in use by another Reflect process ({holder}); "
            "close it first, or wait for it to finish."
        )
        self.holder = holder


class EntryFileError(ReflectError):
    """A journal file could not be read."""


class EntryNotFoundError(ReflectError):
    """No entry has the given id."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            f"No entry with id '{entry_id}'; `reflect search` or the Journal screen lists ids."
        )


class TemplateError(ReflectError):
    """A template file is malformed; the message names file, line and field."""


class UnknownTemplateError(ReflectError):
    """No template has the given id."""


class ModelError(ReflectError):
    """A language model is missing, damaged or failed to load."""


class EmbedderError(ReflectError):
    """The embedding model could not be loaded."""


class StoreError(ReflectError):
    """The vector index could not be opened or reached."""


class InputError(ReflectError):
    """A file or value given on the command line is not usable."""


class ImportFormatError(InputError):
    """A file to import is not in a format Reflect understands."""
