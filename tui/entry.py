"""The `reflect` console script: the CLI, with the app as its no-command default.

Textual is imported only when the app actually opens, so `reflect --help` and every
CLI command stay fast.
"""

from __future__ import annotations

import argparse
import sys

from reflect.cli import main as cli_main
from reflect.cli import settings_from


def launch(args: argparse.Namespace) -> int:
    """Open the TUI (or demo mode) for the parsed command line."""
    demo = args.command == "demo"
    settings = settings_from(args, ephemeral=True if demo else None)
    if not demo:
        from reflect.services import open_key

        # An encrypted home's passphrase is asked here, on the plain terminal, before the
        # app takes the screen; the key stays in this process for the app's services.
        open_key(settings)
    from .app import ReflectApp  # textual: ~0.3 s, only when the app opens

    app = ReflectApp.from_settings(
        settings, demo=demo, extra_template=getattr(args, "template", None)
    )
    app.run()
    return int(app.return_code or 0)


def main() -> None:
    sys.exit(cli_main(sys.argv[1:], launch=launch))


if __name__ == "__main__":
    main()
