"""`reflect init [--encrypt]` and `reflect passphrase`: create, encrypt and re-key a home.

Encrypting an existing home seals every journal file, quarantined file and draft in
place (each replaced by its ciphertext with an atomic write), then rebuilds the index
into a fresh folder so the old one, with its plaintext documents, is deleted whole. A
marker file makes an interrupted run resumable: `reflect init --encrypt` again finishes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import InputError
from ..fsutil import atomic_write
from ..services import Services
from ..storage import atrest
from ..storage.crypto import check_passphrase
from ..storage.rekey import home_files
from ..wording import count, entries
from .journal_cmd import rebuild_index
from .opening import open_services
from .output import progress, say, warn

NEW_PASSPHRASE_ENV = "REFLECT_NEW_PASSPHRASE"


def init(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        services.open_home()  # creates the home (0700) and takes the writer lock
        home = services.settings.home
        if args.encrypt:
            _encrypt(services)
        elif atrest.is_encrypted(home):
            say(f"Reflect's home at {home} is ready and encrypted.")
        else:
            say(
                f"Reflect's home at {home} is ready (not encrypted; "
                "`reflect init --encrypt` encrypts it)."
            )
    return 0


def _encrypt(services: Services) -> None:
    home = services.settings.home
    marker = home / atrest.CONVERTING_MARKER
    if atrest.is_encrypted(home):
        key = atrest.key_for(home)
        assert key is not None
        resuming = marker.exists()
    else:
        passphrase = atrest.read_passphrase(home, "New passphrase", confirm=True)
        check_passphrase(passphrase)
        atomic_write(marker, b"")  # before the key file: a kill from here on is resumable
        key = atrest.create(home, passphrase)
        resuming = True
    sealed = seal_leftovers(services, key)
    journal = services.journal.open()
    rebuilt = False
    if (resuming or sealed) and (
        journal.files() or services.settings.index_dir.exists() or services.settings.store_url
    ):
        report = rebuild_index(services, journal)
        for problem in journal.problems:
            warn(f"skipped {problem.message}")
        say(f"Rebuilt the search index ({entries(report.indexed)}) with its text encrypted.")
        rebuilt = True
    marker.unlink(missing_ok=True)
    if not (resuming or sealed):
        say(f"Reflect's home at {home} is already encrypted.")
        return
    if sealed or rebuilt:
        say(
            f"Encrypted {count(sealed, 'file')} in {home}. Disk blocks the old plaintext files "
            "used may still hold it until the file system reuses them."
        )
    say(
        f"Reflect's home at {home} is encrypted. Keep your passphrase safe: without it "
        "nothing in this journal can be read."
    )


def seal_leftovers(services: Services, key: atrest.HomeKey) -> int:
    """Seal every plaintext journal file, quarantined file, draft and the app's remembered
    choices; returns how many."""
    targets = home_files(services.settings)
    count = 0
    with progress("Encrypting files", "files", summary=True) as update:
        for done, (path, context) in enumerate(targets, start=1):
            raw = path.read_bytes()
            if not atrest.is_sealed(raw):
                atomic_write(path, key.seal(raw, context))  # ciphertext only, temp file too
                count += 1
            update(done, len(targets))
    return count


def passphrase(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        services.open_home()  # one writer re-keys the home
        home = services.settings.home
        if not atrest.is_encrypted(home):
            raise InputError(
                f"The journal in {home} is not encrypted; `reflect init --encrypt` encrypts it."
            )
        old = atrest.read_passphrase(home, "Current passphrase")
        atrest.unlock(home, old)  # a wrong one is reported before the new one is asked
        new = os.environ.get(NEW_PASSPHRASE_ENV) or _ask_new(home)
        atrest.change_passphrase(home, old, new)
    say(f"Changed the passphrase of the journal in {home}; the old one no longer opens it.")
    return 0


def _ask_new(home: Path) -> str:
    if not sys.stdin.isatty():
        raise atrest.PassphraseError(
            f"There is no terminal to ask for the new passphrase; set ${NEW_PASSPHRASE_ENV}."
        )
    return atrest.ask_passphrase(home, "New passphrase", confirm=True)
