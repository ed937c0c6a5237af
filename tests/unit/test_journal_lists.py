"""What the screens list from a journal: its partners, last session's open items, and
the journal narrowed by partner, role, template and date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import MemoryIndex

from reflect.entry import ActionItem, Entry, Summary, Turn
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.actions import latest_open_items, open_items_for_next_session
from reflect.surfacing.filtering import EntryFilter
from reflect.surfacing.partners import journal_partners

START = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


def entry(
    day: int,
    partner: str | None,
    *,
    role: str = "mentee",
    template: str = "quick",
    insight: str = "An insight worth keeping.",
    items: tuple[tuple[str, bool], ...] = (),
) -> Entry:
    """An entry `day` days after START; `items` are (text, done) action items."""
    return Entry(
        id=f"202503{day + 1:02d}-100000-{day:04d}",
        created=START + timedelta(days=day),
        template=template,
        role=role,
        partner=partner,
        turns=[Turn("what", "What happened?", "We talked about the plan.")],
        summary=Summary(
            insight=insight,
            action_items=[ActionItem(text, "mentee", done=done) for text, done in items],
        ),
    )


JOURNAL = [
    entry(0, "partner-a", items=(("draft the first slide", False), ("book a room", False))),
    entry(1, "partner-b", role="mentor", template="grow", items=(("send the budget", False),)),
    entry(2, "partner-b", items=(("read the paper", True), ("write the outline", False))),
    entry(3, "partner-a", items=(("ask for feedback", True),)),  # nothing left open
    entry(4, None, insight="A private note."),
    entry(5, "partner-c", insight=""),  # no summary: not a partner anyone prepares for
]


@pytest.fixture
def services(reflect_home: Path, hashing_embedder: object) -> Iterator[Services]:
    built = build_services(
        load_settings(reflect_home, no_model=True),
        embedder=hashing_embedder,  # type: ignore[arg-type]
        index=MemoryIndex(),
        model=NoModel(),
    )
    for e in JOURNAL:
        built.library.save(e, touch=False)
    yield built
    built.close()


def test_partners_are_listed_most_recent_first_with_their_entry_counts(
    services: Services,
) -> None:
    assert journal_partners(services.library.index) == [("partner-a", 2), ("partner-b", 2)]


def test_partners_seen_last_on_the_same_day_are_listed_by_name(services: Services) -> None:
    services.library.save(entry(9, "partner-z"), touch=False)
    same_time = entry(9, "partner-y")
    same_time.id = "20250310-100000-9999"
    services.library.save(same_time, touch=False)
    partners = [p for p, _ in journal_partners(services.library.index)]
    assert partners[:2] == ["partner-y", "partner-z"]


def test_last_sessions_open_items_come_from_the_latest_entry_that_has_any(
    services: Services,
) -> None:
    items = latest_open_items(services.library.index)
    assert [(i.entry_id, i.text) for i in items] == [(JOURNAL[2].id, "write the outline")]


def test_last_sessions_open_items_with_one_partner_skip_entries_with_nothing_open(
    services: Services,
) -> None:
    index = services.library.index
    assert [i.text for i in latest_open_items(index, "partner-a")] == [
        "draft the first slide",
        "book a room",
    ]
    assert open_items_for_next_session(index, "partner-a") == [
        ActionItem("draft the first slide", "mentee"),
        ActionItem("book a room", "mentee"),
    ]


@pytest.mark.parametrize("partner", [None, "", "partner-nobody"])
def test_no_partner_or_an_unknown_one_opens_with_no_items(
    services: Services, partner: str | None
) -> None:
    assert open_items_for_next_session(services.library.index, partner) == []


def test_an_empty_journal_has_no_partners_and_no_open_items(
    reflect_home: Path, hashing_embedder: object
) -> None:
    empty = build_services(
        load_settings(reflect_home, no_model=True),
        embedder=hashing_embedder,  # type: ignore[arg-type]
        index=MemoryIndex(),
        model=NoModel(),
    )
    assert journal_partners(empty.library.index) == []
    assert latest_open_items(empty.library.index) == []
    empty.close()


@pytest.mark.parametrize(
    ("wanted", "days"),
    [
        (EntryFilter(), [0, 1, 2, 3, 4, 5]),
        (EntryFilter(partner="PARTNER-A"), [0, 3]),  # a handle matches in any case
        (EntryFilter(partner="  partner-b "), [1, 2]),
        (EntryFilter(partner="partner"), []),  # the whole handle, not a part of it
        (EntryFilter(role="mentor"), [1]),
        (EntryFilter(template="grow"), [1]),
        (EntryFilter(since_ts=int((START + timedelta(days=3)).timestamp())), [3, 4, 5]),
        (EntryFilter(partner="partner-b", role="mentee"), [2]),
    ],
)
def test_the_journal_list_keeps_only_what_every_set_filter_names(
    wanted: EntryFilter, days: list[int]
) -> None:
    assert wanted.apply(JOURNAL) == [JOURNAL[d] for d in days]
