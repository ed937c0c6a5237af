"""The quality gate decides which model questions a person sees."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reflect.reading.gate import judge, question_complete, tidy

ANSWER = (
    "I ran the team meeting on my own for the first time. I was nervous, but once I "
    "asked for their views people joined in and the meeting felt lively."
)


@pytest.mark.parametrize(
    ("question", "ok", "reason"),
    [
        ("What did you notice about the meeting once people joined in?", True, ""),
        ("How did asking for their views change the team meeting?", True, ""),
        ("Did the meeting go well?", False, "yes/no question"),
        ("Were you nervous in the meeting?", False, "yes/no question"),
        ("Why?", False, "words"),
        (
            "What did you notice about the meeting? And how did the team react?",
            False,
            "not exactly one question",
        ),
        (
            "You should prepare an agenda for the meeting next time.",
            False,
            "not exactly one question",
        ),
        ("What agenda could you try to prepare for the meeting next time?", False, "gives advice"),
        ("How did Priyanka react when the team meeting began?", False, "names someone"),
        (
            "What is your favourite recipe for banana bread and pancakes?",
            False,
            "shares nothing with the answer",
        ),
        (
            "How did the person feel about the team meeting they described?",
            False,
            "talks about the conversation",
        ),
        ("What " + "very " * 30 + "long question is this about the meeting?", False, "words"),
    ],
)
def test_gate_cases(question: str, ok: bool, reason: str, hashing_embedder: object) -> None:
    verdict = judge(question, ANSWER, [], hashing_embedder)  # type: ignore[arg-type]
    assert verdict.ok is ok
    assert reason in verdict.reason


def test_gate_refuses_a_repeat_of_an_earlier_question(hashing_embedder: object) -> None:
    earlier = ["What did you notice about the meeting once people joined in?"]
    verdict = judge(earlier[0], ANSWER, earlier, hashing_embedder)  # type: ignore[arg-type]
    assert not verdict.ok and "repeats" in verdict.reason


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Question: What helped you?\nAnswer: ...", "What helped you?"),
        ('"What helped you stay calm?"', "What helped you stay calm?"),
        ("  Follow-up: How  did it   feel? ", "How did it feel?"),
        (
            'The person was asked: "What did you learn about asking first?',
            "What did you learn about asking first?",
        ),
        ("Great answer. How did the team react? Tell me more.", "How did the team react?"),
    ],
)
def test_tidy_strips_labels_quotes_and_extra_lines(raw: str, clean: str) -> None:
    assert tidy(raw) == clean


@given(st.lists(st.text(alphabet="ab Q:?\n\".*'", max_size=6), max_size=12))
@example(["Question: What ", "changed?", " And why", "?"])
@example(["\n\n", 'The person was asked: "What ', 'helped?" ', "More?"])
@example(["What helped", "\n", "Why?"])
def test_stopping_at_the_question_keeps_the_same_question(tokens: list[str]) -> None:
    """Reading stops once `question_complete` holds; the gate must see the same question."""
    read = ""
    for token in tokens:
        read += token
        if question_complete(read):
            break
    assert tidy(read) == tidy("".join(tokens))


def test_the_last_resort_never_says_the_stage_prompt_again() -> None:
    from dataclasses import replace

    from fakes import HashingEmbedder

    from reflect.engine.followups import FollowUpWriter
    from reflect.llm.nomodel import NoModel
    from reflect.templates import TemplateBook

    stage = TemplateBook().get("quick").stage("worked")
    echo = stage.prompt_for("mentee").rstrip("?") + " this time?"
    other = "Who else noticed the change, and what did they say?"
    stage = replace(stage, followups=(echo, other))
    writer = FollowUpWriter(NoModel(), HashingEmbedder())
    # the answer is nearest the echo in words; the bank must still not say the prompt again
    answer = stage.prompt_for("mentee")
    assert writer.curated(stage, answer) == other


def test_a_said_back_phrase_may_name_the_user_when_the_person_wrote_about_users() -> None:
    from fakes import HashingEmbedder

    answer = "Next time I'll separate what the user needs from how I imagined it looking."
    question = "What might make it hard to separate what the user needs from how you imagined it?"
    embedder = HashingEmbedder()
    assert judge(question, answer, [], embedder, grounded=True).ok
    assert not judge(
        "What did the user say about it?", "I shipped the board view.", [], embedder
    ).ok
