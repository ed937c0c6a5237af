"""`reflect share ENTRY_ID... --out FILE`, and reading passphrases for share files.

The person sees a preview of every word the file will hold, then confirms on a terminal
(or passes `--yes`); without a terminal and without `--yes` nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..exchange.share import (
    PassphraseSource,
    build_share,
    encode,
    preview,
    write_private_file,
)
from ..storage.crypto import check_passphrase
from .journal_cmd import open_services
from .output import say


def share(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise InputError(f"{out} is a folder; give --out a file name, e.g. {out / 'share.json'}.")
    if args.ask_passphrase and not sys.stdin.isatty():
        raise InputError("--ask-passphrase needs a terminal; use --passphrase-file FILE instead.")
    passphrase = _passphrase_from_file(args.passphrase_file) if args.passphrase_file else None
    if passphrase is not None:
        check_passphrase(passphrase)
    services = open_services(args)
    # Reading entry files needs neither the index nor the writer lock.
    entries = [services.journal.get(entry_id) for entry_id in dict.fromkeys(args.entry_ids)]
    shared = build_share(entries, args.as_name or services.settings.author, args.only or "entries")
    services.close()
    say(preview(shared).rstrip("\n"))
    say("")
    if not args.yes:
        _confirm(out)
    if args.ask_passphrase:
        passphrase = _ask_passphrase(confirm=True)
    write_private_file(out, encode(shared, passphrase))
    count = len(shared.entries)
    what = f"{count} {'entry' if count == 1 else 'entries'}"
    if shared.only == "insights":
        what = f"the insight and action items of {what}"
    lock = ", protected by your passphrase" if passphrase is not None else ""
    say(f"Wrote {what} to {out}{lock}.")
    return 0


def _confirm(out: Path) -> None:
    if not sys.stdin.isatty():
        raise InputError(
            "Nothing was written: check the preview above, then run again with --yes "
            "(or in a terminal to confirm)."
        )
    replaces = " (it replaces the file there)" if out.exists() else ""
    try:
        answer = input(f"Write exactly this to {out}{replaces}? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise InputError("Nothing was written; run the command again when you are ready.")


def passphrase_source(args: argparse.Namespace) -> PassphraseSource | None:
    """How `reflect import` gets a passphrase, asked only if the file turns out to need one."""
    if getattr(args, "passphrase_file", None):
        path = args.passphrase_file
        return lambda: _passphrase_from_file(path)
    if getattr(args, "ask_passphrase", False) or sys.stdin.isatty():
        return lambda: _ask_passphrase(confirm=False)
    return None


def _passphrase_from_file(name: str) -> str:
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


def _ask_passphrase(confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise InputError("--ask-passphrase needs a terminal; use --passphrase-file FILE instead.")
    from getpass import getpass

    passphrase = getpass("Passphrase: ")
    if confirm:
        check_passphrase(passphrase)
        if getpass("Same passphrase again: ") != passphrase:
            raise InputError("The two passphrases differ; nothing was written, try again.")
    return passphrase
