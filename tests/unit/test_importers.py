"""`reflect import` of other journals: jrnl, Day One (zip and folder), Markdown notes."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from fakes import MemoryIndex

from reflect.entry import Entry, Summary, Turn
from reflect.errors import ImportFormatError
from reflect.exchange.importers import import_path, read_any
from reflect.exchange.reflect_json import export_json
from reflect.exchange.vault import export_vault
from reflect.services import build_services
from reflect.settings import load_settings
from reflect.storage.library import Library

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture
def library(hashing_embedder: object) -> Library:
    services = build_services(load_settings(no_model=True), embedder=hashing_embedder)  # type: ignore[arg-type]
    services._index = MemoryIndex()
    return services.library


@pytest.fixture
def dayone_zip(tmp_path: Path) -> Path:
    target = tmp_path / "Day One export.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(SAMPLES / "dayone" / "Journal.json", "Journal.json")
        archive.writestr("photos/photo-1.jpeg", b"\xff\xd8 not read")
    return target


def by_title(entries: list[Entry]) -> dict[str, Entry]:
    return {e.title: e for e in entries}


def test_jrnl_export_keeps_dates_tags_stars_and_text() -> None:
    found = read_any(SAMPLES / "jrnl" / "export.json")
    assert found.skipped == []
    first = by_title(found.entries)["First session with my new mentor."]
    assert first.created.strftime("%Y-%m-%d %H:%M") == "2026-01-05 09:30"
    assert first.tags == ["mentoring", "feedback", "starred"]
    assert first.origin == "import:jrnl" and first.template == "note"
    assert first.turns[0].answer == (
        "First session with my new mentor.\nWe agreed to meet every two weeks. I want to get "
        "better at giving @feedback\nwithout softening it until it means nothing."
    )
    short = by_title(found.entries)["Short one: asked for help before I was stuck for a day."]
    assert short.turns[0].answer == short.title  # a title-only entry keeps its one line


@pytest.mark.parametrize("source", ["folder", "json", "zip"])
def test_dayone_export_reads_from_zip_folder_or_file(source: str, dayone_zip: Path) -> None:
    path = {
        "folder": SAMPLES / "dayone",
        "json": SAMPLES / "dayone" / "Journal.json",
        "zip": dayone_zip,
    }[source]
    found = read_any(path)
    goals = by_title(found.entries)["Goals for this quarter"]
    assert goals.created.isoformat() == "2026-01-06T09:30:00+01:00"  # UTC shown in its zone
    assert goals.tags == ["mentoring", "goals"]
    assert goals.origin == "import:dayone"
    assert goals.turns[0].answer.endswith("Ask for feedback after every demo\\.")
    assert "starred" in by_title(found.entries)["The retrospective went better than I feared."].tags
    assert len(found.entries) == 2
    assert len(found.skipped) == 1
    assert found.skipped[0].endswith("Journal.json has no text (photos are not imported)")


def test_markdown_folder_reads_front_matter_inline_tags_and_mtime(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLES / "notes", notes)
    loose = notes / "loose-thought.md"
    written = datetime(2026, 3, 1, 7, 15).timestamp()
    os.utime(loose, (written, written))
    found = read_any(notes)
    entries = by_title(found.entries)
    assert set(entries) == {"Stand-up facilitation", "Code review with a peer", "Saying no kindly"}
    standup = entries["Stand-up facilitation"]
    assert standup.created.date().isoformat() == "2026-01-08"
    assert standup.tags == ["facilitation", "meetings", "habits"]
    review = entries["Code review with a peer"]
    assert review.tags == ["code-review", "feedback"]  # not the '#notatag' inside code
    assert review.created.isoformat() == "2026-01-15T14:20:00+01:00"
    saying_no = entries["Saying no kindly"]
    assert saying_no.tags == ["boundaries", "growth/self"]
    assert saying_no.created.strftime("%Y-%m-%d %H:%M") == "2026-03-01 07:15"
    assert saying_no.turns[0].answer == loose.read_text(encoding="utf-8").strip()
    assert sorted(found.skipped) == [
        "broken-front-matter.md has front matter that is not valid YAML (line 3).",
        "empty.md is empty",
    ]


@pytest.mark.parametrize(
    ("sample", "count"),
    [("jrnl/export.json", 3), ("dayone", 2), ("notes", 3)],
    ids=["jrnl", "dayone", "markdown"],
)
def test_importing_twice_adds_nothing(
    library: Library, tmp_path: Path, sample: str, count: int
) -> None:
    source = tmp_path / Path(sample).name
    copy = shutil.copytree if (SAMPLES / sample).is_dir() else shutil.copy
    copy(SAMPLES / sample, source)
    first = import_path(source, library)
    assert first.imported == count
    if sample == "notes":  # a note's fallback date moving does not make it new
        os.utime(source / "loose-thought.md", (1_700_000_000, 1_700_000_000))
    second = import_path(source, library)
    assert second.imported == 0
    assert f"{count} already in the journal" in second.line()
    assert len(library.journal.files()) == count


def test_import_report_says_what_was_skipped_and_why(library: Library) -> None:
    report = import_path(SAMPLES / "jrnl" / "partly_malformed.json", library)
    assert (report.imported, report.skipped) == (1, 3)
    line = report.line()
    assert "no valid date ('last tuesday 10:00')" in line
    assert "entry 3 in partly_malformed.json has no text" in line
    assert "entry 4 in partly_malformed.json is not an object" in line


def test_imported_text_survives_the_journal_file_exactly(library: Library) -> None:
    found = read_any(SAMPLES / "jrnl" / "export.json")
    import_path(SAMPLES / "jrnl" / "export.json", library)
    for entry in found.entries:
        stored = library.journal.get(entry.id)
        assert stored.turns[0].answer == entry.turns[0].answer
        assert (stored.created, stored.tags, stored.origin) == (
            entry.created,
            entry.tags,
            entry.origin,
        )


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("cut.json", SAMPLES.joinpath("jrnl", "truncated.json").read_text(), "not valid JSON"),
        ("other.json", SAMPLES.joinpath("unknown.json").read_text(), "not a format"),
        ("export.zip", "PK this is not really a zip", "not a readable zip"),
        ("notes.txt", "plain text", "not a format"),
        ("latin1.json", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("bad-front.md", "---\ntitle: [open\n---\ntext\n", "not valid YAML"),
    ],
)
def test_malformed_file_is_one_sentence_naming_it(
    tmp_path: Path, name: str, content: str | bytes, says: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        read_any(path)
    message = str(caught.value)
    assert name in message and says in message
    assert "\n" not in message


def test_missing_path_is_a_clear_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="No file or folder"):
        import_path(tmp_path / "nowhere.json", library)


def sample_entries() -> list[Entry]:
    reflection = Entry.new("quick", "mentee", "partner-a")
    reflection.title = "Quick reflection"
    reflection.turns = [
        Turn("learned", "What did you learn?", "Rehearsing twice calmed me.\n\nÉcrire aide."),
        Turn("next", "What next?", "I will rehearse with my mentor by Thursday.", "curated"),
    ]
    reflection.summary = Summary(insight="Rehearsal calms me.", themes=["preparation"])
    note = read_any(SAMPLES / "jrnl" / "export.json").entries[0]
    return [reflection, note]


def test_json_export_imports_back_identically(tmp_path: Path, hashing_embedder: object) -> None:
    entries = sample_entries()
    exported = tmp_path / "export.json"
    exported.write_text(export_json(entries), encoding="utf-8")
    services = build_services(
        load_settings(tmp_path / "other", no_model=True), embedder=hashing_embedder
    )  # type: ignore[arg-type]
    services._index = MemoryIndex()
    report = import_path(exported, services.library)
    assert report.imported == 2
    again = sorted(services.journal.entries(), key=lambda e: e.id)
    assert [e.to_dict() for e in again] == [
        e.to_dict() for e in sorted(entries, key=lambda e: e.id)
    ]


def test_markdown_vault_reads_back_as_the_same_entries(tmp_path: Path) -> None:
    entries = sample_entries()
    vault = tmp_path / "vault"
    assert export_vault(entries, vault) == 2
    back = sorted(read_any(vault).entries, key=lambda e: e.id)
    assert [e.to_dict() for e in back] == [e.to_dict() for e in sorted(entries, key=lambda e: e.id)]
