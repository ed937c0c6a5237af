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


def open_library(services: Services, embeds: bool = True) -> Library:
    """The library, reconciled with the journal files (with a progress bar if there is work).

    `embeds`: the command will embed (search, prep, add), so the embedder starts loading
    now, beside the index's imports."""
    if embeds:
        services.embedder.load_soon()
    library = services.library
    for notice in services.notices:
        warn(notice)
    with progress("Indexing journal", "chunks") as update:
        library.reconcile(update)
    for problem in library.journal.problems:
        warn(f"skipped {problem.message}")
    return library
