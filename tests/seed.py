"""The seeded journal (tests/fixtures/journal_seed/entries.json) as real Reflect entries.

`load_seed(services)` turns every fixture record into an `Entry` (the fixture id kept as
`Entry.id`, created at 09:00 local time on the fixture date) and saves it through the
services' Library, so the journal files, the index and its embeddings are all real.

A record holds `id`, `date`, `partner`, `role`, `template`, `answers` ({stage: text}),
`insight`, `action_items` ([{text, owner, due, done}]), `goals` ([text]) and `themes`;
optional `shared_by`, `summary_reviewed` and `time` ("HH:MM"). Summary lines cite the
answer they share most words with, as the summariser does.

Embedding the seed with the real model takes a while on a busy machine, so
`copy_seeded_home(home, embedder)` builds it once per test process (per embedder) and
copies the finished home (journal, index, manifest) into `home` for each caller.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.engine.summary import overlap
from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.errors import ReflectError
from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings

SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "journal_seed" / "entries.json"


def seed_records(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    """The raw fixture records."""
    return list(json.loads(path.read_text("utf-8")))


def _question(services: Services, template: str, stage: str, role: str) -> str:
    try:
        return services.templates.get(template).stage(stage).prompt_for(role)
    except (ReflectError, KeyError):
        return stage


def _cite(turns: list[Turn], text: str) -> int | None:
    if not turns or not text:
        return None
    return max(range(len(turns)), key=lambda i: overlap(text, turns[i].answer))


def seed_entry(record: dict[str, Any], services: Services) -> Entry:
    """One fixture record as an Entry (not saved)."""
    role = record.get("role", "mentee")
    template = record.get("template", "quick")
    created = datetime.fromisoformat(f"{record['date']}T{record.get('time', '09:00')}")
    turns = [
        Turn(stage, _question(services, template, stage, role), answer)
        for stage, answer in record.get("answers", {}).items()
    ]
    insight = record.get("insight", "")
    summary = Summary(
        insight=insight,
        insight_source=_cite(turns, insight),
        action_items=[
            ActionItem(
                a["text"],
                a.get("owner"),
                a.get("due"),
                bool(a.get("done")),
                _cite(turns, a["text"]),
            )
            for a in record.get("action_items", [])
        ],
        goals=[Goal(g, _cite(turns, g)) for g in record.get("goals", [])],
        themes=list(record.get("themes", [])),
    )
    return Entry(
        id=record["id"],
        created=created.astimezone(),
        template=template,
        role=role,
        partner=record.get("partner") or None,
        turns=turns,
        summary=summary,
        title=record.get("title", ""),
        origin="shared" if record.get("shared_by") else "reflect",
        shared_by=record.get("shared_by"),
        summary_reviewed=bool(record.get("summary_reviewed", True)),
    )


def load_seed(services: Services, path: Path = SEED_FILE) -> list[Entry]:
    """Save every seeded entry through the services' Library; returns them oldest first."""
    library = services.library
    entries = [seed_entry(record, services) for record in seed_records(path)]
    for entry in entries:
        library.journal.save(entry, touch=False)
    library.reconcile()  # one batched embedding pass for the whole seed
    return entries


_BUILT: dict[str, Path] = {}


def copy_seeded_home(home: Path, embedder: Embedder) -> Path:
    """Make `home` a Reflect home holding the seeded journal, indexed with `embedder`."""
    if embedder.name not in _BUILT:
        scratch = Path(tempfile.mkdtemp(prefix="reflect-seed-"))
        atexit.register(shutil.rmtree, scratch, True)
        built = scratch / "home"
        services = build_services(
            load_settings(built, no_model=True), embedder=embedder, model=NoModel()
        )
        try:
            load_seed(services)
        finally:
            services.close()
        _BUILT[embedder.name] = built
    # copytree keeps mtimes, so the manifest still matches and opening re-indexes nothing
    shutil.copytree(_BUILT[embedder.name], home, dirs_exist_ok=True)
    (home / ".lock").unlink(missing_ok=True)
    return home
