"""Private, crash-safe file writes: 0700 folders, 0600 files, atomic replace."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import HomeError

DIR_MODE = 0o700
FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700 folders; tighten an existing one."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if (path.stat().st_mode & 0o777) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries so a rename survives power loss."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def join_files(
    sources: Sequence[Path], target: Path, progress: Callable[[int, int], None] | None = None
) -> str:
    """Write `sources` one after another into `target` (0600, fsynced); the sha256 of
    what was written. `progress(done, total)` hears the bytes as they go."""
    total = sum(source.stat().st_size for source in sources)
    digest = hashlib.sha256()
    done = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        for source in sources:
            with source.open("rb") as handle:
                while block := handle.read(4 << 20):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def atomic_write(path: Path, data: bytes | str, *, exclusive: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    Temp file in the same folder, fsync, os.replace, fsync of the folder. The file is 0600.
    A missing folder is created 0700; an existing one keeps its permissions (an export
    into the person's own folder must not change that folder). `exclusive` links the
    finished file into place instead: FileExistsError if `path` exists, so of two
    processes creating the same file only one wins.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise write_error(path, exc) from exc
        raise
    fsync_dir(folder)


def write_error(path: Path, exc: OSError) -> Exception:
    """The one-sentence error for a write that failed; other OS errors pass through."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return HomeError(
            f"No space left to save {path.name} in {path.parent}; free some disk space and "
            "try again (nothing already saved was changed)."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return HomeError(
            f"Cannot write to {path.parent} (read-only or not permitted); fix its "
            "permissions or pass another --home."
        )
    return exc


def remove_stale_temp_files(folder: Path, recursive: bool = True) -> int:
    """Delete temp files a killed writer left behind; returns how many."""
    count = 0
    if not folder.is_dir():
        return 0
    for tmp in folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            count += 1
    return count
