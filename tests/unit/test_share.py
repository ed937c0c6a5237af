"""Share files: only what was picked goes in, the preview shows all of it, the partner's
copy is kept apart, passphrase protection holds, and prep briefs include shared entries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fakes import HashingEmbedder, MemoryIndex

from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.errors import ImportFormatError, InputError
from reflect.exchange.importers import read_any, save_found
from reflect.exchange.share import build_share, decode, encode, preview, received_entries
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.storage.crypto import ShareError
from reflect.surfacing.prep import Prep

PASSPHRASE = "correct horse battery"
WHEN = datetime.fromisoformat("2026-03-02T18:30:00").astimezone()


def entry(n: int, answer: str, insight: str, action: str, **extra: object) -> Entry:
    made = Entry(
        id=f"20260302-18300{n}-ab0{n}",
        created=WHEN.replace(second=n),
        template="quick",
        role="mentee",
        partner="mentor-b",
        title="Quick reflection",
        turns=[
            Turn("learned", "What did you learn?", answer),
            Turn("worked", "What made it work?", "", source="curated", rejected=["yes/no"]),
        ],
        summary=Summary(
            insight=insight,
            action_items=[ActionItem(action, owner="mentee", due="by Friday")],
            goals=[Goal("delegate with confidence")],
            themes=["delegation"],
            mood=2,
        ),
        tags=["private-tag-canary"],
    )
    for key, value in extra.items():
        setattr(made, key, value)
    return made


@pytest.fixture
def picked() -> list[Entry]:
    return [
        entry(1, "Pausing after a question drew out quiet people.", "Silence invites answers.",
              "try the pause in planning"),
        entry(2, "Examples made my feedback land.", "Specific beats general.",
              "prepare two examples"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("only", "present", "absent"),
    [
        (
            "entries",
            ["Pausing after a question", "Silence invites answers.", "delegate with confidence"],
            ["mentor-b", "private-tag-canary", "yes/no", '"mood"'],
        ),
        (
            "insights",
            ["Silence invites answers.", "try the pause in planning", "by Friday"],
            ["Pausing after a question", "delegate with confidence", "delegation", "mentor-b"],
        ),
    ],
)
def test_share_file_holds_only_the_whitelisted_fields_of_picked_entries(
    picked: list[Entry], only: str, present: list[str], absent: list[str]
) -> None:
    shared = build_share(picked, "mentee-a", only)
    data = encode(shared)
    shown = preview(shared)
    for text in present:
        assert text.encode() in data and text in shown
    for text in absent:
        assert text.encode() not in data
    assert json.loads(data)["shared_by"] == "mentee-a"


def test_every_answer_and_summary_line_in_the_file_is_in_the_preview(
    picked: list[Entry],
) -> None:
    shared = build_share(picked, "mentee-a")
    shown = preview(shared)
    for item in json.loads(encode(shared))["entries"]:
        for turn in item["turns"]:
            assert turn["question"] in shown and turn["answer"] in shown
        assert item["insight"] in shown
        assert all(a["text"] in shown for a in item["action_items"])
        assert item["ref"] in shown


@pytest.mark.parametrize(
    ("name", "problem"),
    [(None, "--as NAME"), ("me", "--as NAME"), ("   ", "--as NAME"), ("x" * 61, "longer")],
)
def test_a_share_needs_the_sharers_real_name(
    picked: list[Entry], name: str | None, problem: str
) -> None:
    with pytest.raises(InputError, match=problem):
        build_share(picked, name)  # type: ignore[arg-type]


def test_entries_shared_with_you_cannot_be_shared_onwards(picked: list[Entry]) -> None:
    picked[0].origin, picked[0].shared_by = "shared", "partner-c"
    with pytest.raises(InputError, match="shared with you by partner-c"):
        build_share(picked, "mentee-a")


def test_insights_only_refuses_an_entry_without_a_summary(picked: list[Entry]) -> None:
    picked[1].summary = Summary()
    with pytest.raises(InputError, match="no insight or action items"):
        build_share(picked, "mentee-a", "insights")


def test_passphrase_protected_file_hides_every_word_and_opens_with_the_passphrase(
    picked: list[Entry],
) -> None:
    data = encode(build_share(picked, "mentee-a"), PASSPHRASE)
    for word in ("Pausing", "Silence", "pause", "mentee-a", "delegate"):
        assert word.encode() not in data
    envelope = json.loads(data)
    assert envelope["format"] == "reflect-share-encrypted" and envelope["kdf"]["name"] == "scrypt"
    opened = decode(envelope, "share.json", lambda: PASSPHRASE)
    assert opened.shared_by == "mentee-a" and len(opened.entries) == 2


def test_two_protected_files_of_the_same_share_differ(picked: list[Entry]) -> None:
    shared = build_share(picked, "mentee-a")
    first, second = json.loads(encode(shared, PASSPHRASE)), json.loads(encode(shared, PASSPHRASE))
    assert first["kdf"]["salt"] != second["kdf"]["salt"] and first["nonce"] != second["nonce"]


def test_protected_file_without_passphrase_says_how_to_give_one(picked: list[Entry]) -> None:
    envelope = json.loads(encode(build_share(picked, "mentee-a"), PASSPHRASE))
    with pytest.raises(ShareError, match="--ask-passphrase or --passphrase-file"):
        decode(envelope, "share.json")


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda env: None, "passphrase for share.json is wrong"),
        (lambda env: env["kdf"].update(n=2**14), "passphrase for share.json is wrong"),
        (lambda env: env.update(nonce="!!"), "damaged share file"),
        (lambda env: env.update(version=2), "version 2"),
    ],
)
def test_wrong_passphrase_or_tampered_file_gives_one_clear_sentence(
    picked: list[Entry], tamper: object, message: str
) -> None:
    envelope = json.loads(encode(build_share(picked, "mentee-a"), PASSPHRASE))
    tamper(envelope)  # type: ignore[operator]
    passphrase = "wrong horse battery" if "wrong" in message else PASSPHRASE
    with pytest.raises(ShareError, match=message):
        decode(envelope, "share.json", lambda: passphrase)


@pytest.mark.parametrize("passphrase", ["", "short"])
def test_a_short_passphrase_is_refused(picked: list[Entry], passphrase: str) -> None:
    with pytest.raises(InputError, match="at least 8 characters"):
        encode(build_share(picked, "mentee-a"), passphrase)


def test_received_entries_are_labelled_apart_with_ids_of_their_own(picked: list[Entry]) -> None:
    shared = decode(json.loads(encode(build_share(picked, "mentee-a"))), "share.json")
    received = received_entries(shared, "share.json")
    assert [e.shared_by for e in received] == ["mentee-a", "mentee-a"]
    assert {e.partner for e in received} == {"mentee-a"}
    assert {e.origin for e in received} == {"shared"}
    assert not {e.id for e in received} & {e.id for e in picked}
    assert [e.created for e in received] == [e.created for e in picked]
    assert [e.id for e in received_entries(shared, "again")] == [e.id for e in received]
    text = received[0].to_markdown()
    assert Entry.from_markdown(text).shared_by == "mentee-a"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=3), "version 3 share file"),
        (lambda d: d.update(entries="nope"), "'entries' is not a list"),
        (lambda d: d.update(shared_by=""), "does not say who shared it"),
        (lambda d: d["entries"][0].pop("created"), "shared entry 1 is malformed"),
        (lambda d: d["entries"][0].update(insight=["x"]), "shared entry 1 is malformed"),
    ],
)
def test_a_malformed_share_file_is_refused_with_one_sentence(
    picked: list[Entry], change: object, message: str
) -> None:
    data = json.loads(encode(build_share(picked, "mentee-a")))
    change(data)  # type: ignore[operator]
    with pytest.raises(ImportFormatError, match=message):
        received_entries(decode(data, "share.json"), "share.json")


@pytest.fixture
def mentor(tmp_path: Path) -> Iterator[Services]:
    built = build_services(
        load_settings(tmp_path / "mentor", no_model=True),
        embedder=HashingEmbedder(),
        index=MemoryIndex(),
        model=NoModel(),
    )
    yield built
    built.close()


def test_importing_a_share_twice_adds_nothing_and_keeps_own_entries_apart(
    picked: list[Entry], mentor: Services, tmp_path: Path
) -> None:
    own = entry(5, "My own note on the mentee.", "Own insight.", "send the article")
    own.role, own.partner = "mentor", "mentee-a"
    mentor.library.save(own)
    path = tmp_path / "share.json"
    path.write_bytes(encode(build_share(picked, "mentee-a", "insights"), PASSPHRASE))
    first = save_found(read_any(path, lambda: PASSPHRASE), mentor.library)
    second = save_found(read_any(path, lambda: PASSPHRASE), mentor.library)
    assert (first.imported, second.imported, second.skipped) == (2, 0, 2)
    entries = list(mentor.journal.entries())
    assert sorted(e.origin for e in entries) == ["reflect", "shared", "shared"]
    assert mentor.journal.get(own.id).summary.insight == "Own insight."


def test_prep_brief_includes_and_marks_shared_entries(
    picked: list[Entry], mentor: Services, tmp_path: Path
) -> None:
    path = tmp_path / "share.json"
    path.write_bytes(encode(build_share(picked, "mentee-a", "insights")))
    save_found(read_any(path), mentor.library)
    brief = Prep(mentor.library.index, mentor.embedder, NoModel()).brief("mentee-a", "silence")
    assert brief.shared_count == 2
    assert {i.text for i in brief.insights} == {
        "Silence invites answers.",
        "Specific beats general.",
    }
    assert all(i.shared for i in brief.insights)
    assert {a.text for a in brief.action_items if a.shared} == {
        "try the pause in planning",
        "prepare two examples",
    }
