"""Demo mode for facilitators: services on an in-memory journal seeded with a demo persona.

`build_demo_services(settings, template_path)` returns ephemeral `Services` (chromadb's
in-memory client, a `MemoryJournal`, drafts kept by the caller in a `DraftStore(None)`)
whose journal holds the ten entries of `prompts/demo/persona.json`, plus an optional
custom template from `--template PATH`. The home is a path that can never be created
(under the null device), so a write anywhere in the home would fail loudly rather than
leave a trace; models are only read from the cache. `reset(services, drafts)` clears the
room's answers — entries saved or edited during the demo, drafts in memory — back to
the seeded journal, for the next group.

Building is cheap (no model, no store): the seed is indexed when `services.library` is
first built, which the app already does in a worker. The TUI gives its `DraftStore(None)`
to `reset`, and calls it from a worker too (it re-embeds the restored entries).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, datetime, time
from importlib.resources import files
from pathlib import Path
from typing import Any

from .entry import ActionItem, Entry, Goal, Summary, Turn
from .llm.base import LanguageModel
from .llm.embedder import Embedder
from .services import Services, build_services
from .settings import Settings
from .storage.drafts import DraftStore
from .storage.index import Index
from .storage.memory import MemoryJournal
from .templates import TemplateBook, load_template_file

DEMO_HOME = Path(os.devnull) / "reflect-demo"
"""Demo mode's home: a folder inside the null device cannot be created, by anyone."""
PERSONA = "demo/persona.json"
SESSION_HOUR = time(18, 0)


def demo_settings(settings: Settings | None = None) -> Settings:
    """`settings` (model choice, threads…) made ephemeral, with the never-created home."""
    base = settings if settings is not None else Settings(home=DEMO_HOME)
    return replace(base, ephemeral=True, home=DEMO_HOME)


def build_demo_services(
    settings: Settings | None = None,
    template_path: str | Path | None = None,
    *,
    embedder: Embedder | None = None,
    index: Index | None = None,
    model: LanguageModel | None = None,
) -> Services:
    """Ephemeral services seeded with the demo persona (and `template_path`, validated)."""
    extra = load_template_file(Path(template_path).expanduser()) if template_path else None
    services = build_services(demo_settings(settings), embedder=embedder, index=index, model=model)
    if extra is not None:
        services.templates.add(extra)
    journal = services.journal
    assert isinstance(journal, MemoryJournal)  # ephemeral services keep entries in memory
    for entry in persona_entries(services.templates):
        journal.save(entry, touch=False)
    journal.mark_seed()
    return services


def reset(services: Services, drafts: DraftStore | None = None) -> int:
    """Back to the seeded journal and no drafts; returns how many entries were undone.

    Re-indexes the restored entries (an embedding call): run it off the UI thread.
    """
    journal = services.journal
    if not isinstance(journal, MemoryJournal):
        raise TypeError("reset() is for demo services only; it would undo a real journal")
    undone = journal.restore_seed()
    if drafts is not None:
        for draft in drafts.list():
            drafts.discard(draft.id)
    services.library.reconcile()
    return undone


def persona_entries(templates: TemplateBook) -> list[Entry]:
    """The demo persona's entries, questions worded by their templates."""
    raw = json.loads(files("reflect.prompts").joinpath(PERSONA).read_text("utf-8"))
    return [_persona_entry(item, templates) for item in raw]


def _persona_entry(item: dict[str, Any], templates: TemplateBook) -> Entry:
    template = templates.get(item["template"])
    role = item["role"]
    created = datetime.combine(date.fromisoformat(item["date"]), SESSION_HOUR).astimezone()
    number = int(str(item["id"]).rsplit("-", 1)[-1])
    entry = Entry(
        id=f"{created:%Y%m%d-%H%M%S}-d{number:03d}",
        created=created,
        updated=created,
        template=template.id,
        role=role,
        partner=item.get("partner"),
        title=template.title,
    )
    for stage_id, answer in item["answers"].items():
        entry.turns.append(Turn(stage_id, template.stage(stage_id).prompt_for(role), answer))
    entry.summary = Summary(
        insight=item.get("insight", ""),
        action_items=[ActionItem(**a) for a in item.get("action_items", [])],
        goals=[Goal(g) for g in item.get("goals", [])],
        themes=list(item.get("themes", [])),
    )
    return entry
