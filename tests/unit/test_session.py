"""The session engine: stages, follow-ups with provenance, nudges, commitments, drafts."""

from __future__ import annotations

from pathlib import Path

from fakes import ScriptedModel

from reflect.engine.followups import FollowUpWriter
from reflect.engine.session import Session, only_describes
from reflect.entry import ActionItem
from reflect.llm.nomodel import NoModel
from reflect.storage.drafts import DraftStore
from reflect.templates import TemplateBook

ANSWER = "I ran the team meeting alone and I learned that asking for views first brings people in."


def start(model: object, embedder: object, **kw: object) -> Session:
    template = TemplateBook().get("quick")
    writer = FollowUpWriter(model, embedder)  # type: ignore[arg-type]
    return Session.start(template, "mentee", "partner-a", writer, **kw)  # type: ignore[arg-type]


def test_model_follow_up_that_passes_the_gate_is_used_and_streamed(
    hashing_embedder: object,
) -> None:
    model = ScriptedModel(["What did asking for views first change about the team meeting?"])
    session = start(model, hashing_embedder)
    assert session.current.question.startswith("What happened")
    session.answer(ANSWER)
    tokens: list[str] = []
    turn = session.next(on_token=tokens.append)
    assert turn is not None and turn.source == "model"
    assert "".join(tokens) == turn.question
    assert ANSWER.split()[-1].strip(".") in model.history[0].messages[-1]["content"]


def test_reading_stops_once_the_question_is_written(hashing_embedder: object) -> None:
    question = "What did asking for views first change about the team meeting?"
    model = ScriptedModel([f"{question} Also, how did you feel when it ended and why?"])
    session = start(model, hashing_embedder)
    session.answer(ANSWER)
    tokens: list[str] = []
    turn = session.next(on_token=tokens.append)
    assert turn is not None and turn.source == "model" and turn.question == question
    assert "".join(tokens) == question  # nothing after the "?" is streamed or waited for


def test_rejected_proposal_falls_back_to_curated_and_says_why(hashing_embedder: object) -> None:
    model = ScriptedModel(["Did the team meeting go well for you?", "You should relax."])
    session = start(model, hashing_embedder)
    session.answer("We met at ten in the lab and went through the blots from last week.")
    turn = session.next()
    assert turn is not None and turn.source == "curated"
    assert turn.question in TemplateBook().get("quick").stage("what").followups
    assert turn.rejected and "yes/no" in turn.rejected[0]


def test_the_persons_own_words_come_before_the_model(hashing_embedder: object) -> None:
    model = ScriptedModel(["What did asking for views first change about the team meeting?"])
    session = start(model, hashing_embedder)
    session.advance()  # on to 'learned'
    session.answer("Asking for views first made the difference; people joined in.")
    turn = session.next()
    assert turn is not None and turn.source == "listening"
    assert "asking for views first" in turn.question.lower()
    assert model.history == []  # not asked: a question in their words was ready


def test_an_answer_with_nothing_to_hold_on_to_gets_a_curated_question(
    hashing_embedder: object,
) -> None:
    session = start(NoModel(), hashing_embedder)
    session.answer("Yes.")
    turn = session.next()
    assert turn is not None and turn.source == "curated"
    assert turn.question in TemplateBook().get("quick").stage("what").followups


def test_stages_advance_after_their_follow_up_budget(hashing_embedder: object) -> None:
    session = start(NoModel(), hashing_embedder)
    seen = [session.current.stage]
    for _ in range(20):
        session.answer(ANSWER)
        turn = session.next()
        if turn is None:
            break
        seen.append(turn.stage)
    assert session.finished
    assert [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s] == [
        "what",
        "learned",
        "worked",
        "next",
    ]
    assert seen.count("what") == 2  # prompt + 1 follow-up (describe stages allow one)


def test_descriptive_answer_in_a_meaning_stage_gets_the_nudge(hashing_embedder: object) -> None:
    session = start(NoModel(), hashing_embedder)
    session.answer("We met at ten in the lab and went through the blots from last week.")
    session.advance()  # on to 'learned' (meaning)
    session.answer("We checked the freezer log and then the notebook entries for those days.")
    turn = session.next()
    assert turn is not None and turn.source == "nudge"
    assert turn.question == TemplateBook().get("quick").stage("learned").nudge


def test_only_describes_tells_events_from_reflection() -> None:
    assert only_describes("We met at ten and went through the blots from last week.")
    assert not only_describes("I learned that asking early saves a lot of time.")


def test_open_commitments_open_the_next_session(hashing_embedder: object) -> None:
    items = [ActionItem("ask for feedback on the draft", "mentee")]
    session = start(NoModel(), hashing_embedder, open_items=items)
    assert session.current.source == "commitment"
    assert "ask for feedback on the draft" in session.current.question
    session.answer("I asked and got three useful comments.")
    turn = session.next()
    assert turn is not None and turn.stage == "what"


def test_every_answer_is_autosaved_and_a_session_resumes(
    tmp_path: Path, hashing_embedder: object
) -> None:
    drafts = DraftStore(tmp_path / "drafts")
    session = start(NoModel(), hashing_embedder, drafts=drafts)
    session.answer(ANSWER)
    session.next()
    session.answer("The quiet ones spoke first.")
    [info] = drafts.list()
    assert info.answered == 2
    template = TemplateBook().get("quick")
    writer = FollowUpWriter(NoModel(), hashing_embedder)  # type: ignore[arg-type]
    again = Session.resume(drafts.load(info.id), template, writer, drafts)
    assert again.entry.turns[-1].answer == "The quiet ones spoke first."
    assert again.next() is not None
    assert again.progress().startswith("Quick reflection · 2/4")


def test_retract_gives_back_the_answer(hashing_embedder: object) -> None:
    session = start(NoModel(), hashing_embedder)
    session.answer(ANSWER)
    assert session.retract() == ANSWER
    assert session.current.answer == ""


def test_an_answer_that_says_what_made_it_work_gets_no_depth_nudge(
    hashing_embedder: object,
) -> None:
    session = start(NoModel(), hashing_embedder)
    session.answer("I left twenty comments on her pull request and she went quiet for days.")
    session.advance()  # on to 'learned' (meaning)
    session.answer("Asking her which comments were useful made it work; I stopped guessing.")
    turn = session.next()
    assert turn is not None and turn.source != "nudge"
    assert "asking her which comments were useful" in turn.question.lower()


def test_a_model_question_that_asks_the_stage_prompt_again_is_refused(
    hashing_embedder: object,
) -> None:
    stage = TemplateBook().get("quick").stage("learned")
    model = ScriptedModel([stage.prompt_for("mentee"), stage.prompt_for("mentee")])
    writer = FollowUpWriter(model, hashing_embedder)  # type: ignore[arg-type]
    follow = writer.write(stage, "mentee", "We met and talked about the release for an hour.")
    assert follow.question != stage.prompt_for("mentee")
    assert any("restates the stage's question" in r for r in follow.rejected)


def test_the_second_follow_up_builds_on_the_reply_to_the_first(hashing_embedder: object) -> None:
    session = start(NoModel(), hashing_embedder)
    session.answer("I presented the roadmap to the directors on Friday.")
    session.advance()  # on to 'learned', which allows two follow-ups
    session.answer("Asking her which comments were useful made it work; I stopped guessing.")
    first = session.next()
    assert first is not None and first.source == "listening"
    session.answer('When my lead said "park it for now" I felt dismissed and went quiet.')
    second = session.next()
    assert second is not None and second.source == "listening"
    assert "park it for now" in second.question or "dismissed" in second.question
    assert second.question != first.question
