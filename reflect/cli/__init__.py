"""The `reflect` command line, a stable contract for scripts.

Exit codes: 0 ok, 1 user error, 2 usage.

Parsing is cheap; each command imports what it needs when it runs, so `reflect --help`
stays fast. The TUI is launched through a callback the `tui` package passes in, so
this package never imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from ..errors import ReflectError

Launcher = Callable[[argparse.Namespace], int]

DESCRIPTION = """Reflect: an offline reflection companion for mentoring.
Run without a command to open the app. Nothing you write leaves this machine."""


def _globals(parser: argparse.ArgumentParser, suppress: bool) -> None:
    d: Any = argparse.SUPPRESS if suppress else None
    g = parser.add_argument_group("global options")
    g.add_argument(
        "--home",
        metavar="PATH",
        default=d,
        help="journal folder (default: $REFLECT_HOME or your user data folder)",
    )
    g.add_argument(
        "--model",
        metavar="ID|NAME|PATH",
        default=d,
        help="catalog model id, a model `reflect models list` found (Ollama, LM Studio, HF) "
        "or a .gguf file (default: the catalog's default)",
    )
    g.add_argument(
        "--llm-url",
        metavar="URL",
        default=d,
        help="use an OpenAI-compatible server instead of a local model",
    )
    g.add_argument(
        "--no-model",
        action="store_true",
        default=d,
        help="no language model: follow-ups from your own words, extractive summaries",
    )
    g.add_argument(
        "--store",
        metavar="URL",
        default=d,
        help="keep the index on a chroma server (http://HOST:PORT)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflect",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reflect {__version__}")
    _globals(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _globals(p, suppress=True)
        return p

    p = cmd("init", "create Reflect's home; --encrypt encrypts it (an existing one in place)")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt journal, drafts and index text with a passphrase "
        "($REFLECT_PASSPHRASE, or asked twice on the terminal)",
    )
    p = cmd(
        "passphrase",
        "change the passphrase of an encrypted home "
        "(current: $REFLECT_PASSPHRASE or asked; new: $REFLECT_NEW_PASSPHRASE or asked)",
    )
    p.add_argument(
        "--rotate-key",
        action="store_true",
        help="instead, re-encrypt everything under a fresh key (same passphrase), so old "
        "copies of encryption.json open nothing; run again to finish an interrupted one",
    )
    p = cmd("decrypt", "print an encrypted file of the home (a quarantined one, a draft…)")
    p.add_argument("file", metavar="FILE", help="the file to print to stdout")

    p = cmd("doctor", "check the model, embedder, store, lock, disk and threads")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")

    p = cmd("templates", "list, show or validate reflection templates")
    tsub = p.add_subparsers(dest="action", metavar="ACTION")
    tl = tsub.add_parser("list", help="list template ids")
    tl.add_argument("--json", action="store_true")
    ts = tsub.add_parser("show", help="show one template's stages and questions")
    ts.add_argument("id")
    tv = tsub.add_parser("validate", help="check a template file and explain every problem")
    tv.add_argument("path")

    p = cmd("followup", "propose one follow-up question for an answer")
    p.add_argument("--template", required=True, metavar="ID")
    p.add_argument("--stage", required=True, metavar="STAGE")
    p.add_argument("--role", default="mentee", choices=["mentee", "mentor", "peer"])
    p.add_argument("--json", action="store_true")
    p.add_argument("text", help="the answer (use - to read it from stdin)")

    p = cmd("summarize", "propose an insight, action items, goals and themes for a text")
    p.add_argument("file", nargs="?", default="-", help="a text or entry file, or - for stdin")
    p.add_argument("--role", default="mentee", choices=["mentee", "mentor", "peer"])
    p.add_argument("--json", action="store_true")

    p = cmd("add", "save an entry from JSON answers, without the app")
    p.add_argument("--template", required=True, metavar="ID")
    p.add_argument("--role", default="mentee", choices=["mentee", "mentor", "peer"])
    p.add_argument("--with", dest="partner", metavar="NAME")
    p.add_argument(
        "--answers",
        required=True,
        metavar="FILE|-",
        help='JSON {"stage": "answer"} or a list of answers in stage order',
    )
    p.add_argument("--no-summary", action="store_true", help="save without a summary")

    p = cmd("search", "find past writing by meaning")
    p.add_argument("query")
    p.add_argument("--with", dest="partner", metavar="NAME")
    p.add_argument("--role", choices=["mentee", "mentor", "peer"])
    p.add_argument("--since", metavar="DATE", help="only entries on or after YYYY-MM-DD")
    p.add_argument("-k", type=int, default=10, metavar="N", help="how many results (default 10)")
    p.add_argument("--json", action="store_true")

    p = cmd("prep", "a brief for your next session with a partner")
    p.add_argument("--with", dest="partner", required=True, metavar="NAME")
    p.add_argument("--topic", metavar="TEXT", help="focus the insights and agenda on this")
    p.add_argument("--format", choices=["md", "json"], default="md")
    p.add_argument("--out", metavar="PATH", help="write the brief to this file")

    p = cmd("insights", "recurring themes, reflections per week, actions and goals")
    p.add_argument("--with", dest="partner", metavar="NAME", help="only this partner")
    p.add_argument("--json", action="store_true")

    p = cmd("export", "export the journal")
    p.add_argument("--format", choices=["json", "md"], default="json")
    p.add_argument("--out", metavar="PATH", help="file (json) or folder (md); default stdout")

    p = cmd(
        "import",
        "import a Reflect export or share file, a jrnl or Day One export, or a folder of notes",
    )
    p.add_argument("path")
    _passphrase_options(p, "for a passphrase-protected share file: ")

    p = cmd("share", "write chosen entries to a file for a partner (you see a preview first)")
    p.add_argument("entry_ids", nargs="+", metavar="ENTRY_ID", help="the entries to share")
    p.add_argument("--out", required=True, metavar="FILE", help="the share file to write")
    p.add_argument(
        "--only",
        choices=["insights"],
        help="share only each entry's insight and action items, not the answers",
    )
    p.add_argument(
        "--as", dest="as_name", metavar="NAME", help="your name as your partner knows it"
    )
    p.add_argument("--yes", action="store_true", help="write without asking (after the preview)")
    _passphrase_options(p, "protect the file: ")

    p = cmd("reindex", "rebuild the search index from the journal files")
    p = cmd("models", "list, verify or prepare the language models")
    p.add_argument("action", nargs="?", default="list", choices=["list", "verify", "prepare"])
    p.add_argument("--json", action="store_true")

    p = cmd("eval", "score follow-ups and summaries per model on Reflect's evaluation set")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=0, help="use only the first N items")
    p.add_argument(
        "--split",
        choices=("heldout", "dev", "all"),
        default="heldout",
        help="which texts to score: heldout (default; the rules were tuned on dev), dev or all",
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="ID",
        help="score only this model id ('none' for no model); repeatable",
    )

    p = cmd("demo", "open the app on an in-memory demo journal; nothing is written")
    p.add_argument("--template", metavar="PATH", help="also offer this template file")
    return parser


def _passphrase_options(parser: argparse.ArgumentParser, lead: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--passphrase-file", metavar="FILE", help=lead + "read the passphrase from FILE"
    )
    group.add_argument(
        "--ask-passphrase", action="store_true", help=lead + "type the passphrase (not echoed)"
    )


HANDLERS = {
    "init": "home_cmd:init",
    "passphrase": "key_cmd:passphrase",
    "decrypt": "key_cmd:decrypt",
    "doctor": "doctor:run",
    "templates": "templates_cmd:run",
    "followup": "engine:followup",
    "summarize": "engine:summarize",
    "eval": "engine:evaluate",
    "add": "journal_cmd:add",
    "search": "journal_cmd:search",
    "prep": "prep_cmd:prep",
    "insights": "prep_cmd:insights",
    "export": "journal_cmd:export",
    "import": "journal_cmd:import_",
    "share": "share_cmd:share",
    "reindex": "journal_cmd:reindex",
    "models": "models_cmd:run",
}


def main(argv: Sequence[str] | None = None, launch: Launcher | None = None) -> int:
    """Run the CLI; `launch` opens the TUI (given by the `tui` package)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from ..lifetime import closing_opened  # the standard library only

        if args.command in (None, "demo"):
            if launch is None:
                raise ReflectError("The app is not installed here; use a command (see --help).")
            with closing_opened():  # the app closes its services; this also if it crashes
                return launch(args)
        module_name, func_name = HANDLERS[args.command].split(":")
        from importlib import import_module

        module = import_module(f".{module_name}", __name__)
        with closing_opened():  # the index closes cleanly even if the command fails half-way
            return int(getattr(module, func_name)(args) or 0)
    except ReflectError as exc:
        sys.stderr.write(f"reflect: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("reflect: interrupted; nothing you saved was lost.\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line; REFLECT_DEBUG=1 shows the traceback
        import os

        if os.environ.get("REFLECT_DEBUG"):
            raise
        sys.stderr.write(
            f"reflect: internal error ({type(exc).__name__}: {exc}); nothing saved was lost. "
            "Run again with REFLECT_DEBUG=1 for details and report it.\n"
        )
        return 1


def settings_from(args: argparse.Namespace, **extra: Any) -> Any:
    """Settings from the global flags (and `extra`), for every command."""
    from ..settings import load_settings

    return load_settings(
        getattr(args, "home", None),
        model=getattr(args, "model", None),
        llm_url=getattr(args, "llm_url", None),
        no_model=True if getattr(args, "no_model", None) else None,
        store_url=getattr(args, "store", None),
        **extra,
    )
