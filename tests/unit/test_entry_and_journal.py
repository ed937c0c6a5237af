"""The journal of record: Markdown round trips, atomic private files, bad files reported."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.errors import EntryFileError, EntryNotFoundError
from reflect.storage.journal import Journal


def make_entry(answer: str = "I ran the meeting and asked for views first.") -> Entry:
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns = [
        Turn("what", "What happened?", answer),
        Turn(
            "what",
            "What stood out?",
            "People joined in.",
            source="model",
            rejected=["yes/no question: Did it go well?"],
        ),
    ]
    entry.summary = Summary(
        insight="Asking first brings people in.",
        insight_source=0,
        action_items=[ActionItem("ask for views first", "mentee", "next week", source=0)],
        goals=[Goal("run meetings well", source=1)],
        themes=["meetings"],
        mood=4,
    )
    return entry


def test_entry_survives_markdown_round_trip() -> None:
    entry = make_entry()
    again = Entry.from_markdown(entry.to_markdown())
    assert again.to_dict() == entry.to_dict()


@pytest.mark.parametrize(
    "answer",
    [
        'line one\n<!-- turn {"stage": "x"} -->\nline three',
        "---\nnot front matter\n---",
        "### looks like a heading",
        "[bold]rich markup[/bold] and \x1b[31mred\x1b[0m",
    ],
)
def test_answers_that_look_like_structure_survive_unchanged(answer: str) -> None:
    entry = make_entry(answer)
    again = Entry.from_markdown(entry.to_markdown())
    assert again.turns[0].answer == answer


def test_saved_entry_is_private_and_found_by_id(reflect_home: Path) -> None:
    journal = Journal(reflect_home / "journal").open()
    entry = make_entry()
    path = journal.save(entry)
    assert path == reflect_home / "journal" / entry.created.strftime("%Y/%m") / f"{entry.id}.md"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((reflect_home / "journal").stat().st_mode) == 0o700
    assert journal.get(entry.id).turns[0].answer == entry.turns[0].answer
    assert not list(path.parent.glob(".*.tmp"))


def test_a_malformed_file_is_reported_and_left_untouched(reflect_home: Path) -> None:
    journal = Journal(reflect_home / "journal").open()
    journal.save(make_entry())
    bad = reflect_home / "journal" / "2026" / "01" / "broken.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\nid: [unclosed\n---\nbody")
    before = bad.read_bytes()
    entries = list(journal.entries())
    assert len(entries) == 1
    assert [p.path for p in journal.problems] == [bad]
    assert "broken.md" in journal.problems[0].message
    assert bad.read_bytes() == before


def test_invalid_utf8_file_gives_a_clear_error(reflect_home: Path) -> None:
    journal = Journal(reflect_home / "journal").open()
    bad = reflect_home / "journal" / "2026" / "02" / "latin1.md"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"---\nid: x\n---\n\xff\xfe caf\xe9")
    with pytest.raises(EntryFileError, match="not valid UTF-8"):
        journal.load(bad)


def test_leftover_temp_files_are_cleared_on_open(reflect_home: Path) -> None:
    folder = reflect_home / "journal" / "2026" / "03"
    folder.mkdir(parents=True)
    (folder / ".x.md.abc.tmp").write_text("half")
    Journal(reflect_home / "journal").open()
    assert not list(folder.glob(".*.tmp"))


def test_delete_removes_the_file_and_unknown_ids_are_clear(reflect_home: Path) -> None:
    journal = Journal(reflect_home / "journal").open()
    entry = make_entry()
    path = journal.save(entry)
    journal.delete(entry.id)
    assert not path.exists()
    with pytest.raises(EntryNotFoundError, match="No entry with id"):
        journal.get(entry.id)
