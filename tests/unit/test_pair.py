"""Pair prep: turns alternate and are labelled, the joint agenda shows both sides, where
they agree and differ, each side's open commitments, and exports as Markdown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fakes import HashingEmbedder, MemoryIndex

from reflect.engine.pair import AGREE_THRESHOLD, PairSession, pair_answers
from reflect.entry import ActionItem, Entry, Summary, Turn
from reflect.errors import InputError
from reflect.llm.embedder import Embedder
from reflect.storage.journal import Journal
from reflect.storage.library import Library
from reflect.templates import Template, TemplateBook

NOW = datetime.fromisoformat("2026-04-01T09:00:00").astimezone()
# (stage, mentee's answer, mentor's answer, verdict with all-MiniLM-L6-v2)
ANSWERS = [
    (
        "since-last",
        "I kept my commitment to hold weekly one-to-ones with the team.",
        "She said she would start weekly one-to-ones; I want to hear how they went.",
        "agree",
    ),
    (
        "hopes",
        "I want help preparing for my promotion interview next month.",
        "I'd like us to practise for the promotion interview.",
        "agree",
    ),
    (
        "concerns",
        "I'm unsure whether I should raise my workload at all.",
        "I hope we can celebrate the launch that went well.",
        "differ",
    ),
    (
        "agenda",
        "I want to talk about my conflict with a colleague in design.",
        "I'd like to look at her career plan for the next year.",
        "differ",
    ),
]


@pytest.fixture(scope="module")
def template() -> Template:
    return TemplateBook(None).get("pair-prep")


def filled(template: Template, runner: str = "mentor") -> PairSession:
    session = PairSession(template, runner=runner, partner="partner-a")
    for _, mentee, mentor, _ in ANSWERS:
        assert session.current is not None and session.current.role == "mentee"
        session.answer(mentee)
        assert session.current is not None and session.current.role == "mentor"
        session.answer(mentor)
    return session


def test_both_answer_every_stage_in_turn_then_the_session_is_done(template: Template) -> None:
    session = PairSession(template, runner="mentee", partner="partner-a", first="mentor")
    seen = []
    while session.current is not None:
        turn = session.current
        seen.append((turn.stage.id, turn.role))
        session.answer(f"{turn.role} on {turn.stage.id}")
    stages = [s.id for s in template.stages]
    assert seen == [(s, r) for s in stages for r in ("mentor", "mentee")]
    assert session.done and session.progress == (8, 8)
    with pytest.raises(InputError, match="answered every stage"):
        session.answer("one more")


@pytest.mark.parametrize(
    ("runner", "partner", "message"),
    [("peer", "partner-a", "mentor and a mentee"), ("mentor", "  ", "partner's name")],
)
def test_pair_mode_needs_both_roles_and_a_partner(
    template: Template, runner: str, partner: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        PairSession(template, runner=runner, partner=partner)


def test_turns_say_who_answered_and_read_back_from_the_entry_markdown(
    template: Template,
) -> None:
    session = filled(template)
    agenda = session.joint_agenda(HashingEmbedder(), now=NOW)
    entry = session.to_entry(agenda)
    assert entry.template == "pair-prep" and entry.role == "mentor"
    assert entry.partner == "partner-a"
    assert entry.turns[0].question.startswith("Mentee: ")
    assert entry.turns[1].question.startswith("Mentor: ")
    again = Entry.from_markdown(entry.to_markdown())
    assert pair_answers(again) == {s: {"mentee": a, "mentor": b} for s, a, b, _ in ANSWERS}
    assert again.turns[-1].stage == "joint-agenda"
    assert all(item in again.turns[-1].answer for item in agenda.items)
    assert "Mentor: " in entry.to_markdown() and "pair:mentee" in entry.to_markdown()


def test_joint_agenda_finds_where_they_agree_and_differ(
    template: Template, real_embedder: Embedder
) -> None:
    agenda = filled(template).joint_agenda(real_embedder, now=NOW)
    verdicts = {s.stage: s.verdict for s in agenda.stages}
    assert verdicts == {stage: verdict for stage, _, _, verdict in ANSWERS}
    for sides in agenda.stages:
        assert sides.similarity is not None
        assert (sides.similarity >= AGREE_THRESHOLD) == (sides.verdict == "agree")
    assert "agreed on since last time, hopes" in agenda.headline()
    differ = [i for i in agenda.items if "see it differently" in i]
    assert len(differ) == 2 and "workload" in differ[0] and "celebrate" in differ[0]


@pytest.mark.parametrize(
    ("mentee", "mentor", "verdict"),
    [("", "", "unanswered"), ("only me", "", "mentee only"), ("", "only me", "mentor only")],
)
def test_a_stage_only_one_side_answered_is_shown_as_one_sided(
    template: Template, mentee: str, mentor: str, verdict: str
) -> None:
    session = PairSession(template, runner="mentor", partner="partner-a")
    session.answer(mentee)
    session.answer(mentor)
    agenda = session.joint_agenda(HashingEmbedder(), now=NOW)
    assert agenda.stages[0].verdict == verdict and agenda.stages[0].similarity is None
    assert 3 <= len(agenda.items) <= 5


def journal_with_commitments(home: Path) -> Library:
    library = Library(Journal(home / "journal").open(), MemoryIndex(), HashingEmbedder(), None)
    items = [
        ("draft the team charter", "mentee", "mentee", False),
        ("send the interview article", "mentor", "mentee", False),
        ("book a room for the offsite", None, "mentor", False),  # no owner: the writer's
        ("agree the review date", "both", "mentee", False),
        ("read the old charter", "mentee", "mentee", True),  # done: not open
    ]
    for n, (text, owner, role, done) in enumerate(items):
        entry = Entry(
            id=f"2026030{n + 1}-090000-c0{n}",
            created=NOW.replace(month=3, day=n + 1),
            template="quick",
            role=role,
            partner="partner-a",
            turns=[Turn("next", "What next?", f"I will {text}.")],
            summary=Summary(action_items=[ActionItem(text, owner=owner, done=done)]),
        )
        library.save(entry)
    return library


def test_joint_agenda_lists_each_sides_open_commitments(template: Template, tmp_path: Path) -> None:
    library = journal_with_commitments(tmp_path)
    agenda = filled(template).joint_agenda(library.embedder, library.index, now=NOW)
    texts = {role: [c.text for c in items] for role, items in agenda.commitments.items()}
    assert texts == {
        "mentee": ["draft the team charter", "agree the review date"],
        "mentor": [
            "send the interview article",
            "book a room for the offsite",
            "agree the review date",
        ],
    }
    assert 3 <= len(agenda.items) <= 5
    assert any("draft the team charter" in item for item in agenda.items)


def test_joint_agenda_markdown_shows_both_sides_agenda_and_commitments(
    template: Template, tmp_path: Path
) -> None:
    library = journal_with_commitments(tmp_path)
    agenda = filled(template).joint_agenda(library.embedder, library.index, now=NOW)
    text = agenda.to_markdown()
    assert text.startswith("# Joint agenda · partner-a · 2026-04-01\n")
    assert "**Mentor (you):**" in text and "**Mentee (partner-a):**" in text
    for _, mentee, mentor, _ in ANSWERS:
        assert mentee in text and mentor in text
    for n, item in enumerate(agenda.items, start=1):
        assert f"{n}. {item}" in text
    assert "- [ ] send the interview article (2026-03-02 · 20260302-090000-c01)" in text
    assert "read the old charter" not in text
    assert agenda.to_json()["stages"][0]["verdict"] in ("agree", "differ")


def test_a_pair_draft_resumes_at_the_next_turn(template: Template) -> None:
    session = PairSession(template, runner="mentee", partner="partner-a")
    session.answer("mentee since last")
    session.answer("mentor since last")
    session.answer("mentee hopes")
    resumed = PairSession.from_draft(template, session.draft_state())
    assert resumed.current is not None
    assert (resumed.current.stage.id, resumed.current.role) == ("hopes", "mentor")
    assert resumed.runner == "mentee" and resumed.partner == "partner-a"
    assert resumed.answers() == session.answers()
