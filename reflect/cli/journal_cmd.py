"""`reflect add | search | export | import | reindex`."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from ..entry import Entry, Turn
from ..errors import InputError, StoreError
from ..services import Services, manifest_path
from ..storage.index import MANIFEST
from ..storage.journal import Journal
from ..storage.library import Library, ReconcileReport
from ..textsafe import short
from ..wording import count, entries
from .opening import open_library, open_services
from .output import emit_json, progress, say, warn

Progress = Callable[[int, int], None]


def read_input(source: str, what: str) -> str:
    """Text from a file path, or stdin for '-'."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENAMETOOLONG:
            # the text itself may have been typed where its file goes: not echoed back whole
            raise InputError(
                f"No {what} file at {short(str(path))!r}; check the path, or pass - and pipe "
                f"the {what} in."
            ) from exc
        raise InputError(f"The {what} file {path} cannot be read ({exc.strerror}).") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"The {what} file {path} is not UTF-8 text.") from exc


def parse_answers(raw: str, stage_ids: list[str], template_id: str) -> dict[str, str]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"--answers is not valid JSON (line {exc.lineno}); give an object "
            '{"stage": "answer"} or a list of answers.'
        ) from exc
    if isinstance(data, list):
        if len(data) > len(stage_ids):
            raise InputError(
                f"--answers has {len(data)} answers but template '{template_id}' has "
                f"{count(len(stage_ids), 'stage')} ({', '.join(stage_ids)})."
            )
        data = dict(zip(stage_ids, data, strict=False))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError('--answers must be a JSON object {"stage": "answer"} or a list of texts.')
    unknown = [k for k in data if k not in stage_ids]
    if unknown:
        raise InputError(
            f"Template '{template_id}' has no stage '{unknown[0]}'; its stages: "
            f"{', '.join(stage_ids)}."
        )
    answers = {k: v for k, v in data.items() if v.strip()}
    if not answers:
        raise InputError("--answers has no non-empty answer; nothing to save.")
    return answers


def add(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        services.open_home()  # a held journal is reported before seconds of summarising
        services.unlock()  # and so is a wrong passphrase
        template = services.templates.get(args.template)
        if args.role not in template.roles:
            raise InputError(
                f"Template '{template.id}' is for {', '.join(template.roles)}, not {args.role}."
            )
        answers = parse_answers(
            read_input(args.answers, "answers"), [s.id for s in template.stages], template.id
        )
        entry = Entry.new(template.id, args.role, args.partner)
        entry.title = template.title
        for stage in template.stages:
            if stage.id in answers:
                entry.turns.append(Turn(stage.id, stage.prompt_for(args.role), answers[stage.id]))
        if not args.no_summary:
            from ..engine.summary import Summarizer

            summarizer = Summarizer(services.model, services.reader)
            entry.summary = summarizer.summarize_entry(entry)
            entry.summary_reviewed = False
        services.open_home()
        services.journal.open().save(entry)  # the record first: an unreachable index loses nothing
        if services.settings.store_url:
            try:
                open_library(services)  # reconcile indexes the new file with any other changes
            except StoreError as exc:
                raise StoreError(
                    f"Entry {entry.id} is saved in your journal, but the chroma server at "
                    f"{services.settings.store_url} cannot be reached; it is indexed the next "
                    "time Reflect runs with the server up."
                ) from exc
        # The local index takes the file in when it is next opened for writing (the app,
        # `reindex`); until then reading commands embed it from the journal (MOST_BEHIND),
        # so `add` never waits for chromadb to start.
    print(entry.id)
    return 0


def _since(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(datetime.fromisoformat(value).astimezone().timestamp())
    except ValueError as exc:
        raise InputError(f"--since '{value}' is not a date; use YYYY-MM-DD.") from exc


def search(args: argparse.Namespace) -> int:
    from ..surfacing.ranking import rank

    if args.k < 1:
        raise InputError("-k must be at least 1.")
    with open_services(args) as services:
        library = open_library(services, reads_only=True)
        results = rank(
            library.index,
            library.embedder,
            args.query,
            args.k,
            partner=args.partner,
            role=args.role,
            since_ts=_since(args.since),
        )
    if args.json:
        emit_json([r.to_json() for r in results])
        return 0
    if not results:
        say("No matching entries.")
    for r in results:
        who = f" · {r.partner}" if r.partner else ""
        say(f"{r.date}  {r.entry_id}  ({r.role}{who}, {r.kind}, {r.score:.2f})")
        say(f"    {r.text[:300]}")
    return 0


def export(args: argparse.Namespace) -> int:
    from ..exchange.reflect_json import export_json
    from ..fsutil import atomic_write

    with open_services(args) as services:
        services.open_home()
        journal = services.journal
        if args.format == "md" and not args.out:
            raise InputError("--format md writes a folder; give it with --out PATH.")
        total = len(journal.files())
        listed: list[Entry] = []
        with progress("Exporting", "entries", summary=True) as update:
            reading = counted(journal.entries(), total, update)
            if args.format == "md":
                from ..exchange.vault import export_vault

                # each file is written as it is read: an interrupted export keeps what it wrote
                written = export_vault(reading, Path(args.out).expanduser())
            else:
                listed = list(reading)
                written = len(listed)
        for problem in journal.problems:
            warn(f"not exported: {problem.message}")
        if args.format == "md":
            say(f"Exported {entries(written)} as Markdown to {args.out}")
        else:
            text = export_json(listed)
            if args.out:
                atomic_write(Path(args.out).expanduser(), text)
                say(f"Exported {entries(written)} to {args.out}")
            else:
                sys.stdout.write(text)
    return 0


def counted(items: Iterable[Entry], total: int, update: Progress) -> Iterator[Entry]:
    """`items`, reporting (done, total) to `update` as each one is read."""
    for done, item in enumerate(items, start=1):
        yield item
        update(done, total)


def import_(args: argparse.Namespace) -> int:
    from ..exchange.importers import read_any, save_found
    from .passphrase import passphrase_source

    # Read first: a share file's passphrase is asked before the index loads.
    found = read_any(Path(args.path).expanduser(), passphrase_source(args))
    with open_services(args) as services:
        library = open_library(services)
        with progress("Importing", "entries", summary=True) as update:
            report = save_found(found, library, update)
    say(report.line())
    return 0


def reindex(args: argparse.Namespace) -> int:
    with open_services(args) as services:
        services.bulk = True
        services.open_home()
        journal = services.journal.open()
        report = rebuild_index(services, journal)
    for problem in journal.problems:
        warn(f"skipped {problem.message}")
    say(
        f"Reindexed {entries(report.indexed)} "
        f"({count(report.problems, 'unreadable file')} skipped)."
    )
    return 0


def rebuild_index(services: Services, journal: Journal) -> ReconcileReport:
    """Index the journal afresh: a new folder swapped in by rename (or a server emptied).

    The old index folder is deleted whole, with every document chromadb kept in it."""
    from ..storage.index import ChromaIndex
    from ..storage.rebuild import rebuild_folder
    from ..storage.snapshot import Recorded

    settings = services.settings
    if settings.store_url:
        library = open_library(services)
        for entry_id in library.index.entry_ids():
            library.index.remove_entry(entry_id)
        manifest = manifest_path(settings)
        manifest.unlink(missing_ok=True)
        with progress("Reindexing", "chunks", summary=True) as update:
            return Library(journal, library.index, services.embedder, manifest).reconcile(update)
    box: dict[str, ReconcileReport] = {}

    def build(folder: Path) -> None:
        index = services.sealed(Recorded(ChromaIndex.persistent(folder)))
        with progress("Reindexing", "chunks", summary=True) as update:
            box["report"] = Library(journal, index, services.embedder, folder / MANIFEST).reconcile(
                update
            )
        index.close()
        _forget_chroma_clients()

    rebuild_folder(settings.index_dir, build)
    return box["report"]


def _forget_chroma_clients() -> None:
    """chromadb caches one client per path; a renamed folder needs a fresh one."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
