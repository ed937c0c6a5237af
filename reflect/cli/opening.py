"""What every command that reads the journal does first: build the services from the
global flags, and open the library reconciled with the journal files."""

from __future__ import annotations

import argparse
from typing import Any

from ..services import Services, build_services
from ..storage.library import Library
from . import settings_from
from .output import progress, warn


def open_services(args: argparse.Namespace, **extra: Any) -> Services:
    return build_services(settings_from(args, **extra), on_notice=warn)


# A reading command embeds up to this many new or changed entries in memory rather than
# start chromadb to index them (~1 s); past it, indexing them for good pays off.
MOST_BEHIND = 20


def open_library(services: Services, embeds: bool = True, reads_only: bool = False) -> Library:
    """The library, reconciled with the journal files (with a progress bar if there is work).

    `embeds`: the command will embed (search, prep, add), so the embedder starts loading
    now, beside the index's imports. `reads_only`: the command changes nothing, so the
    index's snapshot serves it when there is one (reflect/storage/snapshot.py)."""
    if embeds:
        services.embedder.load_soon()
    reader = services.reading_library(MOST_BEHIND) if reads_only else None
    library = reader or services.library
    for notice in services.notices:
        warn(notice)
    with progress("Indexing journal", "chunks") as update:
        library.reconcile(update)
    for problem in library.journal.problems:
        warn(f"skipped {problem.message}")
    return library
