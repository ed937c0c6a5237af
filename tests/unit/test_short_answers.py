"""Answers that say little: a shrug gets a question that accepts it, a refusal is respected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from reflect.engine.followups import FollowUpWriter
from reflect.engine.session import Session
from reflect.engine.summary import Summarizer
from reflect.llm.nomodel import NoModel
from reflect.reading.short_answers import said_little
from reflect.reading.short_statements import short_questions
from reflect.templates import TemplateBook


def _writer() -> FollowUpWriter:
    return FollowUpWriter(NoModel(), HashingEmbedder())


@pytest.mark.parametrize(
    ("answer", "kind", "words"),
    [
        ("not much honestly", "none", ""),
        ("nothing tbh", "none", ""),
        ("nothing, no time", "busy", ""),
        ("dunno", "unsure", ""),
        ("idk, maybe patience", "unsure", "patience"),
        ("same as above", "same", ""),
        ("it was fine", "fine", "fine"),
        ("meh", "fine", "meh"),
        ("nothing really, it was a normal shift", "routine", "a normal shift"),
        ("not so much, was normal day in ward", "routine", "a normal day"),
        ("communication", "topic", "communication"),
        ("time management tbh", "topic", "time management"),
        ("the coffee", "topic", "the coffee"),
        ("rather not go into it today", "declined", ""),
        ("do I have to write something here", "declined", ""),
    ],
)
def test_what_kind_of_little_an_answer_says(answer: str, kind: str, words: str) -> None:
    little = said_little(answer)
    assert little is not None and (little.kind, little.words) == (kind, words)


@pytest.mark.parametrize(
    "answer",
    [
        "nothing much, the till broke again and the queue went out the door",
        "idk, that im slow at first fix lol",
        "same handover mess as usual",
        "it was fine, we finished early",
        "Match day. The other two coaches rolled in at 9.50 with coffees. Again.",
        "people r rude lol",
        "Asking her which comments were useful made it work; I stopped guessing.",
    ],
)
def test_an_answer_that_says_something_is_not_read_as_a_shrug(answer: str) -> None:
    assert said_little(answer) is None


def test_a_shrug_at_what_did_you_learn_is_not_asked_about_the_lesson_it_did_not_have() -> None:
    stage = TemplateBook().get("quick").stage("learned")
    follow = _writer().write(stage, "mentee", "not much honestly")
    # the bank's questions presume a lesson ("What feelings come up when you think about
    # what you learned?"); the question for a shrug leaves the door open instead
    assert follow.question not in stage.followups
    assert "learned" not in follow.question and follow.question.endswith("?")


@pytest.mark.parametrize(
    ("template", "stage", "answer", "said_back"),
    [
        ("quick", "worked", "it was fine", "better than fine"),
        ("quick", "next", "time management tbh", '"time management"'),
        ("start-stop-continue", "stop", "scrolling lol", '"scrolling"'),
        ("quick", "what", "nothing really, it was a normal shift", "a normal shift"),
        ("kolb", "conceptualisation", "listen first", '"listen first"'),
    ],
)
def test_a_short_answer_is_said_back_whole_in_a_question_that_reads_right(
    template: str, stage: str, answer: str, said_back: str
) -> None:
    follow = _writer().write(TemplateBook().get(template).stage(stage), "mentee", answer)
    assert said_back in follow.question
    assert follow.source == "listening"
    # not the frames built for a clause: "What might make it hard to time management?"
    assert "hard to time" not in follow.question and "hard to scrolling" not in follow.question


def test_same_as_above_is_asked_about_what_they_wrote_before() -> None:
    stage = TemplateBook().get("quick").stage("learned")
    follow = _writer().write(stage, "mentee", "same as above")
    assert "what you wrote before" in follow.question


def test_a_second_shrug_question_is_not_the_first_again() -> None:
    stage = TemplateBook().get("quick").stage("learned")
    writer = _writer()
    first = writer.write(stage, "mentee", "nothing")
    second = writer.write(stage, "mentee", "nothing", earlier=[first.question])
    assert second.question != first.question


def _session() -> Session:
    writer = FollowUpWriter(NoModel(), HashingEmbedder())
    return Session.start(TemplateBook().get("quick"), "mentee", "partner-a", writer)


def test_someone_who_would_rather_not_is_taken_to_the_next_prompt() -> None:
    session = _session()
    session.answer("rather not go into it today")
    turn = session.next()
    assert turn is not None and turn.source == "template" and turn.stage == "learned"


def test_a_shrug_gets_one_gentle_question_and_a_second_shrug_moves_on() -> None:
    session = _session()
    session.advance()  # on to 'learned', which allows two follow-ups
    session.answer("not much honestly")
    asked = session.next()
    assert asked is not None and asked.source in ("curated", "listening")
    session.answer("dunno")
    turn = session.next()
    assert turn is not None and turn.source == "template" and turn.stage == "worked"


def test_a_step_written_as_a_step_at_what_next_is_not_nudged_deeper() -> None:
    session = _session()
    for _ in range(3):
        session.advance()  # on to 'next'
    session.answer("block the first hour for the rota before anyone grabs me, starting Monday")
    turn = session.next()
    assert turn is None or turn.source != "nudge"


def test_a_topic_named_at_what_next_is_not_an_action_item_but_the_step_after_it_is() -> None:
    session = _session()
    for _ in range(3):
        session.advance()
    session.answer("time management tbh")
    session.next()  # 'You wrote "time management" — what would a first small step be?'
    session.answer("block the first hour for the rota before anyone grabs me")
    summary = session.summarize(Summarizer(NoModel(), HashingEmbedder()))
    items = [a.text for a in summary.action_items]
    assert not any("time management" in i for i in items)
    assert any("block the first hour" in i for i in items)


EVAL = Path(__file__).resolve().parents[2] / "prompts" / "eval"


def _short_answers(split: str) -> list[dict]:
    """The labelled short answers (set a is dev, b held out; see tests/judge/pack_short.py)."""
    name = {"dev": "short_answers_a.jsonl", "heldout": "short_answers_b.jsonl"}[split]
    lines = (EVAL / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _dev_short_answers() -> list[dict]:
    return _short_answers("dev")


def test_the_short_answer_sets_are_labelled_and_answer_real_stages() -> None:
    book = TemplateBook()
    for split in ("dev", "heldout"):
        items = _short_answers(split)
        assert len(items) == 40 and len({i["id"] for i in items}) == 40
        for item in items:
            stage = book.get(item["template"]).stage(item["stage"])
            assert item["split"] == split and len(item["mentor_questions"]) == 2
            assert item["prompt"] in stage.prompts.values()


def test_no_shrug_in_the_dev_set_gets_a_bank_question_that_presumes_what_was_not_said() -> None:
    book, writer, shrugs = TemplateBook(), _writer(), 0
    for item in _dev_short_answers():
        little = said_little(item["answer"])
        if little is None or little.kind not in ("none", "unsure", "same", "fine", "busy"):
            continue
        shrugs += 1
        stage = book.get(item["template"]).stage(item["stage"])
        question = writer.write(stage, item["role"], item["answer"]).question
        assert question not in stage.followups, item["id"]
    assert shrugs >= 8  # the set has shrugs to read


@pytest.mark.parametrize("answer", ["idk. means i need more practise", "meh. it means nothing"])
def test_a_shrug_that_opens_an_answer_is_not_said_back_as_its_headline(answer: str) -> None:
    stage = TemplateBook().get("driscoll").stage("so-what")
    question = _writer().write(stage, "mentee", answer).question
    assert "that idk" not in question and "that meh" not in question


def test_a_lower_case_i_is_read_as_the_writer() -> None:
    stage = TemplateBook().get("quick").stage("learned")
    lower = _writer().write(stage, "mentee", "i kept quiet in the retro because i wasnt sure")
    upper = _writer().write(stage, "mentee", "I kept quiet in the retro because I wasnt sure")
    assert lower.question == upper.question


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        ("she was patient, that helped", "What did she do that came across as patient?"),
        ("people r rude lol", "What did people do that came across as rude?"),
        ("ok but she was late so it was rushed", "What made it feel rushed?"),
        ("observed my trainee, went fine, bit flat", "What made it feel flat?"),
        ("meh it sort of worked", "Which part of it worked, even a little?"),
        ("we just did the standup", "What, if anything, caught your attention in the standup?"),
        (
            "talked about my portfolio mostly",
            "What about your portfolio felt most worth talking through?",
        ),
        (
            "same handover mess as usual",
            "What, if anything, was different about the handover mess this time?",
        ),
        ("that hes more ready than he thinks", "What have you seen in him that tells you that?"),
    ],
)
def test_a_short_answer_is_asked_about_the_word_that_carries_it(answer: str, question: str) -> None:
    assert short_questions(answer)[0] == question


@pytest.mark.parametrize(
    "answer",
    [
        "idk, that im slow at first fix lol",  # slow is the writer, not how it felt
        "how to change trap, is not so hard like i thought",  # said not to be hard
        "Asking her which comments were useful made it work, and then the rest of the review "
        "felt easy because we both knew what mattered",  # long enough to be read whole
    ],
)
def test_no_word_is_taken_for_how_it_felt_when_it_was_not(answer: str) -> None:
    assert not any(q.startswith("What made it feel") for q in short_questions(answer))


def test_no_time_is_asked_what_takes_the_time() -> None:
    stage = TemplateBook().get("driscoll").stage("now-what")
    assert _writer().write(stage, "mentee", "nothing, no time").question == (
        "What's taking up your time right now?"
    )


@pytest.mark.parametrize(
    ("template", "stage", "answer", "question"),
    [
        ("quick", "worked", "meh it sort of worked", "Which part of it worked, even a little?"),
        (
            "after-session",
            "takeaway",
            "that hes more ready than he thinks",
            "What have you seen in him that tells you that?",
        ),
        ("gibbs", "action-plan", "check it twice. thats it", None),
    ],
)
def test_the_app_asks_the_short_answer_question_and_never_a_pasted_headline(
    template: str, stage: str, answer: str, question: str | None
) -> None:
    asked = _writer().write(TemplateBook().get(template).stage(stage), "mentee", answer)
    if question is not None:
        assert asked.question == question
    assert "that check it twice" not in asked.question


@pytest.mark.parametrize(
    ("template", "stage", "answer", "question"),
    [
        (
            "quick",
            "learned",
            "how to change trap, is not so hard like i thought",
            "What were you expecting it to be like before you tried it?",
        ),
        (
            "4ls",
            "longed-for",
            "someone to actually tell me what was wrong with it",
            "Who would you most want that from?",
        ),
        (
            "gibbs",
            "analysis",
            "maybe because he speak very fast and i dont ask again",
            "What stopped you asking again?",
        ),
        (
            "driscoll",
            "so-what",
            "idk. means i need more practise",
            "Which part needs the most practise, do you think?",
        ),
    ],
)
def test_a_short_answer_is_asked_about_its_turn_not_quoted_back_whole(
    template: str, stage: str, answer: str, question: str
) -> None:
    asked = _writer().write(TemplateBook().get(template).stage(stage), "mentee", answer)
    assert asked.question == question
