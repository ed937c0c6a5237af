"""`reflect passphrase --rotate-key` and `reflect decrypt FILE`.

Rotating the key gives the home a fresh random data key: every sealed file is
re-encrypted under it (one atomic write each), the index is rebuilt with its text sealed
under it, and only then does the key file change. A marker holding the new key (wrapped
under the passphrase) makes an interrupted run resumable: running the command again
carries on with the same new key. Afterwards an old copy of `encryption.json` opens
nothing, whatever passphrase it was wrapped under.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..storage import atrest
from ..wording import count, entries
from . import settings_from
from .output import say, warn


def passphrase(args: argparse.Namespace) -> int:
    """`reflect passphrase [--rotate-key]`."""
    if getattr(args, "rotate_key", False):
        return rotate(args)
    home = settings_from(args).home
    if atrest.rotating(home):
        raise InputError(
            f"Changing the key of the journal in {home} was interrupted; run "
            "`reflect passphrase --rotate-key` to finish it, then change the passphrase."
        )
    from .home_cmd import passphrase as change_passphrase

    return int(change_passphrase(args))


def rotate(args: argparse.Namespace) -> int:
    from ..storage.rekey import reseal
    from .journal_cmd import rebuild_index
    from .opening import open_services

    with open_services(args) as services:
        services.open_home()  # one writer: nothing else may seal with the old key meanwhile
        settings = services.settings
        home = settings.home
        if not atrest.is_encrypted(home):
            raise InputError(
                f"The journal in {home} is not encrypted; `reflect init --encrypt` encrypts it."
            )
        if (home / atrest.CONVERTING_MARKER).exists():
            raise InputError(
                f"Encrypting the journal in {home} was interrupted; run `reflect init "
                "--encrypt` to finish it first, then rotate the key."
            )
        resuming = atrest.rotating(home)
        old, new = atrest.begin_rotation(home, atrest.read_passphrase(home, "Passphrase"))
        if resuming:
            say("Finishing the key change that was interrupted.")
        services.use_key(new)
        done = reseal(settings, old, new)
        for path in done.left:
            warn(f"left {path} as it was: it opens with neither the old nor the new key")
        journal = services.journal.open()
        indexed = 0
        if journal.files() or settings.index_dir.exists() or settings.store_url:
            indexed = rebuild_index(services, journal).indexed
        atrest.finish_rotation(home, new)
    say(
        f"Re-encrypted {count(done.rewritten + done.already, 'file')} and the search index "
        f"({entries(indexed)}) of the journal in {home} under a new key; copies of the old "
        "encryption.json no longer open anything. Back up the new one with your journal."
    )
    return 0


def decrypt(args: argparse.Namespace) -> int:
    """Print a sealed file of the home (a quarantined one, a draft, an entry) to stdout."""
    from ..storage.rekey import open_any

    home = settings_from(args).home
    path = Path(args.file).expanduser()
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"No file at {path}; check the path.") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror}); check the path.") from exc
    if atrest.is_sealed(raw):
        if not atrest.is_encrypted(home):
            raise InputError(
                f"{path} is encrypted, but the journal in {home} is not; pass the --home "
                "it belongs to."
            )
        key = atrest.key_for(home)
        assert key is not None
        try:
            raw = open_any(key, raw)
        except atrest.DecryptError as exc:
            raise InputError(
                f"{path} does not open with the key of the journal in {home} ({exc}); pass "
                "the --home it belongs to."
            ) from exc
    if sys.stdout.isatty():  # shown as text: never as terminal escapes
        from ..textsafe import clean

        sys.stdout.write(clean(raw.decode("utf-8", "replace")))
        sys.stdout.flush()
    else:
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    return 0
