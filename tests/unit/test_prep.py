"""Prep briefs on the seeded journal, with the in-memory index and the hashing embedder."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fakes import HashingEmbedder, MemoryIndex, ScriptedModel
from seed import load_seed, seed_records

from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.actions import set_done
from reflect.surfacing.brief_export import brief_markdown
from reflect.surfacing.prep import Prep

NOW = datetime.fromisoformat("2026-11-20T12:00:00").astimezone()
SNAPSHOT = Path(__file__).parent / "snapshots" / "prep_brief_partner-a.md"
PARTNERS = ("partner-a", "partner-b", "partner-c")


def seeded(home: Path) -> Services:
    built = build_services(
        load_settings(home, no_model=True),
        embedder=HashingEmbedder(),
        index=MemoryIndex(),
        model=NoModel(),
    )
    load_seed(built)
    return built


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The seeded journal, shared by the tests that only read it."""
    built = seeded(tmp_path_factory.mktemp("seeded") / "home")
    yield built
    built.close()


@pytest.fixture
def own_services(reflect_home: Path) -> Iterator[Services]:
    """A seeded journal of this test's own, for tests that change it."""
    built = seeded(reflect_home)
    yield built
    built.close()


def prep_for(services: Services, model: object | None = None) -> Prep:
    return Prep(services.library.index, services.embedder, model or NoModel())  # type: ignore[arg-type]


def expected_open_items(partner: str) -> list[tuple[str, str]]:
    return [
        (item["text"], record["id"])
        for record in seed_records()
        if record["partner"] == partner
        for item in record["action_items"]
        if not item["done"]
    ]


@pytest.mark.parametrize("partner", PARTNERS)
def test_brief_lists_exactly_the_partners_open_items_oldest_first(
    services: Services, partner: str
) -> None:
    brief = prep_for(services).brief(partner, now=NOW)
    listed = [(a.text, a.entry_id) for a in brief.action_items]
    assert listed == expected_open_items(partner)  # seed records are in date order
    assert [a.date for a in brief.action_items] == sorted(a.date for a in brief.action_items)


def test_open_items_carry_owner_due_and_age(services: Services) -> None:
    first = prep_for(services).brief("partner-a", now=NOW).action_items[0]
    assert (first.entry_id, first.owner, first.due) == ("seed-04", "mentee", "next session")
    assert first.age_days == (NOW.date() - datetime(2026, 3, 26).date()).days


def test_item_marked_done_leaves_the_brief(own_services: Services) -> None:
    set_done(own_services.library, "seed-34", 0)
    texts = [a.text for a in prep_for(own_services).brief("partner-a", now=NOW).action_items]
    assert "ask my manager for a cross-team project" not in texts
    assert "record the next rehearsal and listen back" in texts


@pytest.mark.parametrize(
    ("name", "found"),
    [("partner-a", True), ("Partner-A", False), ("partner", False), ("partner-ab", False)],
)
def test_partner_name_must_match_exactly(services: Services, name: str, found: bool) -> None:
    assert prep_for(services).brief(name, now=NOW).is_empty is not found


def test_every_bullet_cites_an_entry_of_that_partner(services: Services) -> None:
    brief = prep_for(services).brief("partner-c", "code review comments", now=NOW)
    own = {r["id"]: r["date"] for r in seed_records() if r["partner"] == "partner-c"}
    cited = [
        *((a.entry_id, a.date) for a in brief.action_items),
        *((i.entry_id, i.date) for i in brief.insights),
        *((g.entry_id, g.date) for g in brief.goals),
        *((e.entry_id, e.date) for g in brief.goals for e in g.evidence),
        *((t.entry_id, t.date) for t in brief.themes),
    ]
    assert cited and all(own.get(entry_id) == date for entry_id, date in cited)


def test_goals_come_with_the_answer_that_gave_evidence(services: Services) -> None:
    goals = prep_for(services).brief("partner-a", now=NOW).goals
    promotion = next(g for g in goals if g.text.startswith("choose my career track"))
    assert (promotion.entries, promotion.first_date) == (4, "2026-05-07")
    assert [e.entry_id for e in promotion.evidence] == ["seed-34", "seed-25"]
    seed_34 = next(r for r in seed_records() if r["id"] == "seed-34")
    assert promotion.evidence[0].text in " ".join(seed_34["answers"].values())


def test_recurring_themes_count_only_that_partners_entries(services: Services) -> None:
    themes = {t.name: t for t in prep_for(services).brief("partner-a", now=NOW).themes}
    assert set(themes) == {"presenting", "stakeholders", "career", "promotion"}
    assert themes["presenting"].entry_ids == ("seed-01", "seed-04", "seed-16", "seed-28")
    assert "identity" not in themes  # two entries have it, but they are other partners'


def test_shared_entries_are_included_and_labelled(own_services: Services) -> None:
    shared = Entry(
        id="shared-01",
        created=datetime.fromisoformat("2026-11-18T10:00:00").astimezone(),
        template="quick",
        role="mentor",
        partner="partner-a",
        turns=[Turn("what", "What happened?", "We rehearsed the keynote opening twice.")],
        summary=Summary(
            insight="Rehearsing the opening twice settles the nerves.",
            action_items=[ActionItem("send partner-a the keynote timing notes", "mentor")],
            goals=[Goal("present to large groups without freezing", 0)],
            themes=["presenting"],
        ),
        origin="shared",
        shared_by="partner-a",
    )
    own_services.library.save(shared)
    brief = prep_for(own_services).brief("partner-a", "rehearsing the keynote opening", now=NOW)
    assert brief.shared_count == 1
    item = next(a for a in brief.action_items if a.entry_id == "shared-01")
    assert item.shared
    assert any(i.entry_id == "shared-01" and i.shared for i in brief.insights)
    assert "(2026-11-18 · shared-01 · shared)" in brief_markdown(brief)


def test_agenda_without_a_model_is_curated_and_grounded(services: Services) -> None:
    brief = prep_for(services).brief("partner-b", "saying no", now=NOW)
    assert 3 <= len(brief.agenda) <= 5
    assert {q.source for q in brief.agenda} == {"curated"}
    texts = [q.text for q in brief.agenda]
    assert "saying no" in texts[0]
    assert any("review the refund decision note together" in t for t in texts)


def test_agenda_keeps_model_questions_that_pass_the_gate(services: Services) -> None:
    model = ScriptedModel(
        [
            "You should block focus time every morning.",  # advice: refused
            "How did moving one-to-ones to mornings change partner-b's energy during the week?",
            "What happened?",  # too short: refused
        ]
    )
    brief = prep_for(services, model).brief("partner-b", "energy and one-to-ones", now=NOW)
    sources = [q.source for q in brief.agenda]
    assert sources[0] == "model" and sources.count("model") == 1
    assert brief.agenda[0].text.startswith("How did moving one-to-ones")
    assert 3 <= len(brief.agenda) <= 5


def test_json_shape_is_the_cli_contract(services: Services) -> None:
    data = prep_for(services).brief("partner-a", now=NOW).to_json()
    assert data["partner"] == "partner-a"
    for key in ("action_items", "insights", "goals", "themes", "agenda"):
        assert isinstance(data[key], list) and data[key], key
    assert set(data["action_items"][0]) >= {"text", "owner", "due", "entry_id", "date"}
    assert set(data["insights"][0]) >= {"text", "entry_id", "date"}
    assert all(isinstance(q, str) for q in data["agenda"])
    json.dumps(data)


def test_markdown_export_matches_snapshot(services: Services) -> None:
    text = brief_markdown(prep_for(services).brief("partner-a", "promotion case", now=NOW))
    if os.environ.get("REFLECT_UPDATE_SNAPSHOTS"):  # after a deliberate format change
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_markdown_keeps_stored_text_on_one_bullet(own_services: Services) -> None:
    entry = own_services.library.journal.get("seed-31")
    entry.summary.action_items[0].text = "line one\n## not a heading\n<!-- turn {} -->"
    own_services.library.save(entry)
    text = brief_markdown(prep_for(own_services).brief("partner-a", now=NOW))
    assert "\n## not a heading" not in text
    assert "line one ## not a heading <\\!-- turn {} -->" in text


def test_a_first_session_is_counted_as_one_entry(own_services: Services) -> None:
    entry = Entry.new("quick", "mentee", "partner-q")
    entry.turns = [Turn("what", "What happened?", "We planned the first review together.")]
    entry.summary = Summary(insight="Planning together made the review feel shared.")
    own_services.library.save(entry)
    text = brief_markdown(prep_for(own_services).brief("partner-q", now=NOW))
    assert "from 1 entry" in text and "1 entries" not in text
