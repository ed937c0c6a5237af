"""Rebuilding an index folder beside the live one and swapping it in by rename.

The old folder stays in place until the new one is complete, so a killed rebuild leaves
the old index (or none, which the next open rebuilds) — never a half-built one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ..fsutil import ensure_private_dir


def rebuild_folder(index_dir: Path, build: Callable[[Path], None]) -> None:
    """Build a fresh index in a sibling folder, then swap it in by rename.

    The old index stays in place until the new one is complete, so a killed rebuild
    leaves the old index (or none, which the next open rebuilds) — never a half one.
    """
    parent = index_dir.parent
    ensure_private_dir(parent)
    fresh = parent / f".index.new-{os.getpid()}"
    old = parent / f".index.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    ensure_private_dir(fresh)
    try:
        build(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if index_dir.exists():
        os.replace(index_dir, old)
    os.replace(fresh, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftover_rebuilds(home: Path) -> None:
    """Delete half-built index folders a killed `reindex` left behind."""
    for path in home.glob(".index.*-*"):
        shutil.rmtree(path, ignore_errors=True)
