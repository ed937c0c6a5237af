"""The sealed files of an encrypted home, and re-encrypting them under a new data key.

What a home seals as whole files: journal entries, quarantined files (moved there
unchanged, so sealed if they were), drafts (the pair subfolder too) and the app's
remembered choices. The index seals its text per value and is rebuilt instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fsutil import atomic_write
from ..settings import Settings
from .atrest import APP_STATE_CONTEXT, APP_STATE_FILE, DecryptError, HomeKey, is_sealed
from .drafts import DRAFT_CONTEXT
from .journal import JOURNAL_CONTEXT, QUARANTINE_DIR

CONTEXTS = (JOURNAL_CONTEXT, DRAFT_CONTEXT, APP_STATE_CONTEXT)


def home_files(settings: Settings) -> list[tuple[Path, str]]:
    """Every file a home seals whole, with the context it is sealed under."""
    targets: list[tuple[Path, str]] = []
    if settings.journal_dir.is_dir():
        targets += [(p, JOURNAL_CONTEXT) for p in sorted(settings.journal_dir.glob("*/*/*.md"))]
    quarantine = settings.home / QUARANTINE_DIR
    if quarantine.is_dir():
        targets += [(p, JOURNAL_CONTEXT) for p in sorted(quarantine.iterdir()) if p.is_file()]
    if settings.drafts_dir.is_dir():
        targets += [(p, DRAFT_CONTEXT) for p in sorted(settings.drafts_dir.rglob("*.json"))]
    state = settings.home / APP_STATE_FILE
    if state.is_file():
        targets.append((state, APP_STATE_CONTEXT))
    return targets


def open_any(key: HomeKey, blob: bytes, contexts: tuple[str, ...] = CONTEXTS) -> bytes:
    """The plaintext of a sealed file whatever it was (journal, draft, app state)."""
    found = _opens(key, blob, contexts)
    if found is None:
        raise DecryptError("damaged, or encrypted with another key")
    return found[0]


@dataclass
class Rekeyed:
    """What re-encrypting a home's files did."""

    rewritten: int = 0
    already: int = 0  # re-encrypted by an earlier, interrupted run
    left: list[Path] = field(default_factory=list)  # opened with neither key: kept as they are


def reseal(settings: Settings, old: HomeKey, new: HomeKey) -> Rekeyed:
    """Re-encrypt every sealed file under `new`, each with one atomic write (resumable)."""
    done = Rekeyed()
    for path, context in home_files(settings):
        raw = path.read_bytes()
        if not is_sealed(raw):
            continue  # plaintext left by an unfinished conversion: `init --encrypt` seals it
        order = (context, *(c for c in CONTEXTS if c != context))
        if _opens(new, raw, order) is not None:
            done.already += 1
            continue
        found = _opens(old, raw, order)
        if found is None:
            done.left.append(path)
            continue
        plain, used = found
        atomic_write(path, new.seal(plain, used))  # ciphertext only, temp file included
        done.rewritten += 1
    return done


def _opens(key: HomeKey, blob: bytes, contexts: tuple[str, ...]) -> tuple[bytes, str] | None:
    for context in contexts:
        try:
            return key.open(blob, context), context
        except DecryptError:
            continue
    return None
