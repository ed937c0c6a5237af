"""The ranking that search, prep briefs and the related-insights panel share."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import HashingEmbedder, MemoryIndex

from reflect.storage.chunks import Chunk
from reflect.surfacing.ranking import rank

DAY = 86400
NOW = 1_800_000_000


def journal(*rows: dict[str, Any]) -> MemoryIndex:
    """An index holding one chunk per row (entry id, text and any metadata overrides)."""
    index = MemoryIndex()
    embedder = HashingEmbedder()
    for n, row in enumerate(rows):
        meta = {
            "entry_id": row.get("entry_id", f"e{n}"),
            "kind": "answer",
            "author": "user",
            "partner": "partner-a",
            "role": "mentee",
            "created_ts": NOW - 10 * DAY,
            "date": "2027-01-05",
        }
        meta.update({k: v for k, v in row.items() if k != "text"})
        chunk = Chunk(f"c{n}", row["text"], meta)
        index.add([chunk], embedder.embed([chunk.text]))
    return index


def ids(index: MemoryIndex, query: str, **filters: Any) -> list[str]:
    results = rank(index, HashingEmbedder(), query, 10, now_ts=NOW, **filters)
    return [r.entry_id for r in results]


def test_what_the_person_wrote_outranks_the_assistant_at_equal_similarity() -> None:
    index = journal(
        {"entry_id": "assistant", "text": "rehearse the opening minute", "author": "assistant"},
        {"entry_id": "person", "text": "the opening minute rehearse", "author": "user"},
    )
    assert ids(index, "rehearse opening minute") == ["person", "assistant"]


def test_recency_breaks_ties() -> None:
    index = journal(
        {"entry_id": "older", "text": "delegate the billing tickets", "created_ts": NOW - 90 * DAY},
        {"entry_id": "newer", "text": "the billing tickets delegate", "created_ts": NOW - 3 * DAY},
    )
    assert ids(index, "delegate billing tickets") == ["newer", "older"]


@pytest.mark.parametrize("wanted", ["partner-a", "Partner-A", "partner-ab", "partner"])
def test_partner_filter_is_exact(wanted: str) -> None:
    index = journal(
        *(
            {"entry_id": name or "nobody", "text": "code review comments", "partner": name}
            for name in ("partner-a", "Partner-A", "partner-ab", "")
        )
    )
    expected = [wanted] if wanted != "partner" else []
    assert ids(index, "code review comments", partner=wanted) == expected


def test_open_action_items_get_a_boost_over_done_ones() -> None:
    index = journal(
        {"entry_id": "done", "text": "book coffees with the team", "kind": "action", "done": True},
        {"entry_id": "open", "text": "the team book coffees with", "kind": "action", "done": False},
    )
    assert ids(index, "book coffees with the team") == ["open", "done"]


def test_near_identical_texts_collapse_to_one_result() -> None:
    index = journal(
        {"entry_id": "first", "text": "Say no deliberately."},
        {"entry_id": "second", "text": "say  no deliberately."},
    )
    assert len(ids(index, "say no deliberately")) == 1


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"since_ts": NOW - 30 * DAY}, ["recent"]),
        ({"since_ts": NOW - 400 * DAY}, ["recent", "old"]),
        ({"role": "mentor"}, ["old"]),
        ({"kinds": ("insight",)}, ["old"]),
    ],
)
def test_filters_keep_only_what_they_name(filters: dict[str, Any], expected: list[str]) -> None:
    index = journal(
        {"entry_id": "recent", "text": "protect focus time", "created_ts": NOW - 5 * DAY},
        {
            "entry_id": "old",
            "text": "focus time protect",
            "created_ts": NOW - 200 * DAY,
            "role": "mentor",
            "kind": "insight",
        },
    )
    assert ids(index, "protect focus time", **filters) == expected


def test_a_single_kind_is_found_even_when_other_kinds_crowd_the_top() -> None:
    crowd = [{"entry_id": f"a{n}", "text": "career promotion case story"} for n in range(60)]
    index = journal(*crowd, {"entry_id": "lesson", "text": "promotion stories", "kind": "insight"})
    assert ids(index, "career promotion case story", kinds=("insight",)) == ["lesson"]


def test_every_result_cites_entry_date_and_sentence() -> None:
    index = journal({"entry_id": "e1", "text": "Naming the moment helps.", "date": "2027-01-05"})
    (result,) = rank(index, HashingEmbedder(), "naming the moment", now_ts=NOW)
    assert (result.entry_id, result.date, result.text) == (
        "e1",
        "2027-01-05",
        "Naming the moment helps.",
    )
