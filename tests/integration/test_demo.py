"""Demo mode: a seeded in-memory journal that writes nothing, a custom template, and reset.

The no-trace test uses everything real — the embedder loaded fresh, chromadb's in-memory
client, the default language model — and compares every file under the home, the model
cache and the platform data and cache folders before and after, by listing and sha256.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fakes import HashingEmbedder, MemoryIndex
from platformdirs import user_cache_path, user_data_path

from reflect.demo import DEMO_HOME, build_demo_services, demo_settings, reset
from reflect.entry import Entry, Turn
from reflect.errors import TemplateError
from reflect.llm.nomodel import NoModel
from reflect.services import Services
from reflect.settings import Settings, default_cache
from reflect.storage.drafts import DraftStore
from reflect.surfacing.ranking import rank

CUSTOM = """\
id = "room-check"
title = "Room check-in"
description = "A two-question check-in for a workshop."
roles = ["mentee"]

[[stages]]
id = "arrive"
title = "Arriving"
depth = "describe"
followups = ["What is on your mind as you arrive?", "What would make today useful?"]
[stages.prompt]
mentee = "How are you arriving today?"

[[stages]]
id = "hope"
title = "Hope"
depth = "meaning"
followups = ["What would you like to leave with?", "What would make this time worth it?"]
[stages.prompt]
mentee = "What do you hope to take away?"
"""


def snapshot(*folders: Path) -> dict[str, str]:
    """Every path under the folders: a file's sha256 and mode, a folder's mode, or 'absent'."""
    state: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            state[str(folder)] = "absent"
            continue
        for path in sorted([folder, *folder.rglob("*")]):
            mode = oct(path.lstat().st_mode)
            if path.is_file() and not path.is_symlink():
                state[str(path)] = f"{mode} {hashlib.sha256(path.read_bytes()).hexdigest()}"
            else:
                state[str(path)] = mode
    cache_root = Path.home() / ".cache"  # a new tool cache (chroma, huggingface) would show
    if cache_root.is_dir():
        state["~/.cache"] = " ".join(sorted(os.listdir(cache_root)))
    return state


def watched(reflect_home: Path) -> list[Path]:
    return [
        reflect_home,
        DEMO_HOME,
        default_cache(),
        user_data_path("reflect", appauthor=False),
        user_cache_path("reflect", appauthor=False),
    ]


@pytest.mark.slow
@pytest.mark.model
def test_demo_leaves_home_and_caches_byte_for_byte_unchanged(
    reflect_home: Path, tmp_path: Path
) -> None:
    custom = tmp_path / "room-check.toml"
    custom.write_text(CUSTOM)
    before = snapshot(*watched(reflect_home))

    services = build_demo_services(Settings(), custom)
    library = services.library
    hits = rank(library.index, library.embedder, "being trusted as a new team lead", 3)
    assert hits and hits[0].partner == "mentor"
    entry = Entry.new("room-check", "mentee")
    entry.turns.append(Turn("arrive", "How are you arriving today?", "Curious and a bit tired."))
    library.save(entry)
    drafts = DraftStore(None)
    drafts.save("draft-1", {"entry": entry.to_dict()})
    assert rank(library.index, library.embedder, "curious and tired", 1)[0].entry_id == entry.id
    assert services.model is not None  # the default model is read, never written
    assert services.model_status is not None and services.model_status.mode == "model"
    reset(services, drafts)
    assert not services.journal.exists(entry.id)
    services.close()

    assert snapshot(*watched(reflect_home)) == before
    assert not DEMO_HOME.exists()


@pytest.fixture
def demo() -> Iterator[Services]:
    services = build_demo_services(embedder=HashingEmbedder(), index=MemoryIndex(), model=NoModel())
    yield services
    services.close()


def test_demo_journal_holds_the_ten_persona_entries_with_their_summaries(demo: Services) -> None:
    entries = list(demo.journal.entries())
    assert len(entries) == 10
    assert all(e.summary.insight and e.turns and e.partner == "mentor" for e in entries)
    assert entries[0].created < entries[-1].created
    first = entries[0]
    assert (
        first.turns[0].question
        == "What happened in your session or your learning that you want to think about?"
    )
    assert demo.library.index.entry_ids() == {e.id for e in entries}


def test_reset_clears_the_rooms_answers_back_to_the_seed(demo: Services) -> None:
    library = demo.library
    seeded = {e.id: e.to_markdown() for e in library.journal.entries()}
    rows_before = library.index.count()
    new = Entry.new("quick", "mentee", "partner-a")
    new.turns.append(Turn("what", "What happened?", "A room of twelve tried the quick template."))
    library.save(new)
    edited = library.journal.get(sorted(seeded)[0])
    edited.summary.insight = "Changed during the demo."
    library.save(edited)
    library.delete(sorted(seeded)[1])
    drafts = DraftStore(None)
    drafts.save("group-1", {"entry": new.to_dict()})

    assert reset(demo, drafts) == 3
    assert {e.id: e.to_markdown() for e in library.journal.entries()} == seeded
    assert library.index.count() == rows_before
    assert new.id not in library.index.entry_ids()
    assert drafts.list() == []
    hits = rank(library.index, library.embedder, "Changed during the demo", 10)
    assert all("Changed during the demo" not in h.text for h in hits)


def test_custom_template_is_offered_in_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "room-check.toml"
    path.write_text(CUSTOM)
    services = build_demo_services(None, path, embedder=HashingEmbedder(), index=MemoryIndex())
    assert services.templates.get("room-check").stages[0].id == "arrive"
    assert services.templates.get("quick")  # the shipped ones stay


def test_a_broken_custom_template_is_explained_before_the_demo_starts(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(CUSTOM.replace('depth = "meaning"', 'depth = "deep"'))
    with pytest.raises(TemplateError, match=r"broken.toml, line \d+.*depth"):
        build_demo_services(None, path)


def test_demo_settings_keep_the_model_choice_but_never_the_home(tmp_path: Path) -> None:
    settings = demo_settings(Settings(home=tmp_path / "real-home", threads=3))
    assert settings.ephemeral and settings.home == DEMO_HOME and settings.threads == 3


def test_demo_never_assembles_a_model_into_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    settings = replace(Settings(model="gemma-3-270m"), cache_dir=cache)
    services = build_demo_services(settings, embedder=HashingEmbedder(), index=MemoryIndex())
    assert isinstance(services.model, NoModel)
    assert services.model_status is not None and "prepare" in services.model_status.detail
    assert not cache.exists()
