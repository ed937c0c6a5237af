"""The journal with a real chromadb index and the real embedding model."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reflect.entry import Entry, Turn
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.ranking import rank


def entry(text: str, partner: str = "partner-a") -> Entry:
    e = Entry.new("quick", "mentee", partner)
    e.turns = [Turn("learned", "What did you learn?", text)]
    return e


@pytest.fixture
def services(reflect_home: Path, real_embedder: object):
    s = build_services(load_settings(reflect_home, no_model=True), embedder=real_embedder)
    yield s
    s.close()


def test_search_finds_an_entry_by_meaning_not_shared_words(services: Services) -> None:
    library = services.library
    library.reconcile()
    library.save(entry("Rehearsing out loud the evening before calmed my shaking hands."))
    library.save(entry("We argued about the database schema and nobody changed their mind."))
    [best, *_] = rank(library.index, library.embedder, "stage fright before presenting", k=2)
    assert "Rehearsing" in best.text
    assert not {"stage", "fright", "presenting"} & set(best.text.lower().split())


def test_reconcile_follows_files_edited_or_removed_by_hand(services: Services) -> None:
    library = services.library
    library.reconcile()
    kept = entry("I learned to ask for help early on the migration.")
    gone = entry("The fire drill went smoothly and everyone left quickly.")
    kept_path = library.save(kept)
    gone_path = library.save(gone)
    gone_path.unlink()
    text = kept_path.read_text().replace("ask for help early", "pair with a colleague daily")
    kept_path.write_text(text)
    os.utime(kept_path, (time.time() + 5, time.time() + 5))
    report = library.reconcile()
    assert (report.indexed, report.removed) == (1, 1)
    assert library.index.entry_ids() == {kept.id}
    [hit] = rank(library.index, library.embedder, "working side by side with someone", k=1)
    assert "pair with a colleague daily" in hit.text


def test_reconcile_with_nothing_changed_parses_nothing(services: Services) -> None:
    library = services.library
    library.reconcile()
    library.save(entry("I noticed I talk less when I ask the first question."))
    report = library.reconcile()
    assert (report.indexed, report.removed, report.unchanged) == (0, 0, 1)


def test_lost_manifest_is_rebuilt_from_the_index_and_journal(
    services: Services, reflect_home: Path
) -> None:
    library = services.library
    library.reconcile()
    saved = entry("Writing the summary first made the report easier.")
    library.save(saved)
    (reflect_home / "index" / "manifest.json").unlink()
    library.reconcile()
    assert library.index.entry_ids() == {saved.id}
