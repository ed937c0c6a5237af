"""`reflect share ENTRY_ID... --out FILE`.

The person sees a preview of every word the file will hold, then confirms on a terminal
(or passes `--yes`); without a terminal and without `--yes` nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from ..exchange.share import (
    build_share,
    encode,
    preview,
    write_private_file,
)
from ..storage.crypto import check_passphrase
from ..wording import entries
from .opening import open_services
from .output import say
from .passphrase import ask_passphrase, passphrase_from_file


def share(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise InputError(f"{out} is a folder; give --out a file name, e.g. {out / 'share.json'}.")
    if args.ask_passphrase and not sys.stdin.isatty():
        raise InputError("--ask-passphrase needs a terminal; use --passphrase-file FILE instead.")
    passphrase = passphrase_from_file(args.passphrase_file) if args.passphrase_file else None
    if passphrase is not None:
        check_passphrase(passphrase)
    with open_services(args) as services:
        # Reading entry files needs neither the index nor the writer lock.
        chosen = [services.journal.get(entry_id) for entry_id in dict.fromkeys(args.entry_ids)]
        shared = build_share(
            chosen, args.as_name or services.settings.author, args.only or "entries"
        )
    say(preview(shared).rstrip("\n"))
    say("")
    if not args.yes:
        _confirm(out)
    if args.ask_passphrase:
        passphrase = ask_passphrase(confirm=True)
    write_private_file(out, encode(shared, passphrase))
    count = len(shared.entries)
    what = entries(count)
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
