"""Passphrases for share files: from a file (`--passphrase-file`) or asked on a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..exchange.share import PassphraseSource
from ..storage.crypto import check_passphrase


def passphrase_source(args: argparse.Namespace) -> PassphraseSource | None:
    """How `reflect import` gets a passphrase, asked only if the file turns out to need one."""
    if getattr(args, "passphrase_file", None):
        path = args.passphrase_file
        return lambda: passphrase_from_file(path)
    if getattr(args, "ask_passphrase", False) or sys.stdin.isatty():
        return lambda: ask_passphrase(confirm=False)
    return None


def passphrase_from_file(name: str) -> str:
    path = Path(name).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"No passphrase file at {path}; check the path.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The passphrase file {path} cannot be read as text.") from exc
    passphrase = text.rstrip("\r\n")  # an editor's final newline is not part of it
    if not passphrase:
        raise InputError(f"The passphrase file {path} is empty; put the passphrase in it.")
    return passphrase


def ask_passphrase(confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise InputError("--ask-passphrase needs a terminal; use --passphrase-file FILE instead.")
    from getpass import getpass

    passphrase = getpass("Passphrase: ")
    if confirm:
        check_passphrase(passphrase)
        if getpass("Same passphrase again: ") != passphrase:
            raise InputError("The two passphrases differ; nothing was written, try again.")
    return passphrase
