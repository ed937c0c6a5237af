"""The summary of a whole session (several answers and follow-up replies), with the real
embedder: the realisation said in a reply to a follow-up is the lesson, a session whose
only lesson-stage answers shrug ("dunno, just a shift") has none yet, and a plan said again
in other words in a later answer is one action item."""

from __future__ import annotations

from reflect.engine.summary import Summarizer
from reflect.entry import Entry, Turn
from reflect.llm.nomodel import NoModel


def session(*turns: tuple[str, str, str]) -> Entry:
    entry = Entry.new("quick")
    entry.turns = [Turn(stage, "…", answer, source=source) for stage, source, answer in turns]
    return entry


def test_a_shrug_at_every_lesson_stage_is_no_lesson_yet(real_embedder: object) -> None:
    entry = session(
        (
            "what",
            "template",
            "Did the stock count on aisle 12 with Bev. The scanner kept missing the top "
            "shelf labels so we did half of it by hand and finished forty minutes late. "
            "Manager wasn't around so nobody said anything about it either way.",
        ),
        ("learned", "template", "not much, it was just a shift"),
        (
            "learned",
            "listening",
            "fine I guess, the count got done in the end and Bev was alright about it.",
        ),
        ("worked", "template", "Bev knowing the aisle."),
    )
    summary = Summarizer(NoModel(), real_embedder).summarize_entry(entry)  # type: ignore[arg-type]
    assert summary.insight == ""


def test_the_realisation_in_a_reply_to_a_follow_up_is_the_insight(
    real_embedder: object,
) -> None:
    realisation = (
        "I think the problem is I never decide up front how long each one gets, so the first "
        "few take all my energy."
    )
    entry = session(
        (
            "what",
            "template",
            "Marked thirty lab reports over the weekend. The first ten got a page of comments "
            "each, the last ones got two lines because I was exhausted by Sunday night.",
        ),
        ("learned", "template", "I'm slow at marking."),
        ("learned", "listening", f"Honestly the order decided it. {realisation}"),
        ("worked", "template", "The long comments got in the way."),
    )
    summary = Summarizer(NoModel(), real_embedder).summarize_entry(entry)  # type: ignore[arg-type]
    assert realisation in summary.insight
    assert summary.insight_source == 2


def test_a_plan_said_again_in_other_words_is_one_item_and_two_plans_stay_two(
    real_embedder: object,
) -> None:
    entry = session(
        (
            "what",
            "template",
            "The customer rang about the new price on the bathroom job and I had nothing to "
            "tell her, I just said I'd find out.",
        ),
        (
            "what",
            "listening",
            "Next time there's a change on a job I'm going to get the price and the reason "
            "from Steve before I speak to the customer.",
        ),
        (
            "next",
            "template",
            "Get the figures off Steve before talking to customers. Also I'll ask Steve if I "
            "can sit in when he does the next quote.",
        ),
    )
    summary = Summarizer(NoModel(), real_embedder).summarize_entry(entry)  # type: ignore[arg-type]
    assert [(a.source, a.quote) for a in summary.action_items] == [
        (
            1,
            "Next time there's a change on a job I'm going to get the price and the reason "
            "from Steve before I speak to the customer",
        ),
        (2, "I'll ask Steve if I can sit in when he does the next quote"),
    ]
