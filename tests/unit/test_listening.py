"""Follow-ups that listen: phrases picked from the person's words, fitted to coaching frames."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reflect.reading.listening import _base, grounded_questions, phrases, second_person
from reflect.reading.passages import segments

if TYPE_CHECKING:
    from reflect.engine.followups import FollowUpWriter
    from reflect.templates import TemplateBook


def _no_model_writer() -> tuple[FollowUpWriter, TemplateBook]:
    """The follow-up writer as `--no-model` runs it, and the shipped templates."""
    from fakes import HashingEmbedder

    from reflect.engine.followups import FollowUpWriter
    from reflect.llm.nomodel import NoModel
    from reflect.templates import TemplateBook

    return FollowUpWriter(NoModel(), HashingEmbedder()), TemplateBook()


def kinds(answer: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in phrases(answer):
        found.setdefault(p.kind, []).append(p.words)
    return found


def test_a_cause_is_picked_from_what_made_it_work() -> None:
    found = kinds("Asking her which comments were useful made it work; I stopped guessing.")
    assert found["cause"] == ["Asking her which comments were useful"]


def test_a_named_feeling_and_the_moment_are_picked() -> None:
    found = kinds(
        "When the patient in bay 4 started deteriorating I froze and I felt out of my depth."
    )
    assert "out of my depth" in found["feeling"]
    assert found["moment"] == ["When the patient in bay 4 started deteriorating"]


def test_a_lesson_is_picked_after_i_learned() -> None:
    found = kinds("Honestly I learned that being direct is kinder than hinting.")
    assert found["lesson"] == ["being direct is kinder than hinting"]


def test_quoted_words_are_kept_as_written() -> None:
    found = kinds('My lead said "we ship when it is boring" and it stuck with me.')
    assert found["said"] == ["your lead|we ship when it is boring"]
    question = grounded_questions('My lead said "we ship when it is boring".', "meaning")[0]
    assert (
        question == 'What went through your mind when your lead said "we ship when it is boring"?'
    )


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        # a long report is said back up to where its clause ends, not cut at a word limit
        (
            "She said she doesn't know if the clients will be honest about it but it's "
            "better than nothing.",
            ["she|she doesn't know if the clients will be honest about it"],
        ),
        # no clause end within reach: not said back at all
        (
            "She said the line check is the thing you do especially when you're late not "
            "when you've got time.",
            [],
        ),
    ],
)
def test_reported_words_end_where_their_clause_ends(answer: str, said: list[str]) -> None:
    assert kinds(answer).get("said_that", []) == said


def test_words_without_a_speaker_are_not_asked_about() -> None:
    # "muttered" names no one who said it: asking "when you heard…" would misread it
    assert "said" not in kinds('Someone at the back muttered "not this again".')


@pytest.mark.parametrize(
    ("mine", "yours"),
    [
        ("I stopped guessing", "you stopped guessing"),
        ("my mentor asked me", "your mentor asked you"),
        ("I'm not sure I was ready", "you're not sure you were ready"),
    ],
)
def test_words_are_said_back_in_the_second_person(mine: str, yours: str) -> None:
    assert second_person(mine) == yours


@pytest.mark.parametrize(
    ("answer", "depth", "must_contain"),
    [
        (
            "Asking her which comments were useful made it work; I stopped guessing.",
            "meaning",
            "asking her which comments were useful",
        ),
        ("Next time I'd write the obs on the board before handover.", "action", "write the obs"),
        ("I left twenty comments and felt awful about it afterwards.", "describe", "awful"),
    ],
)
def test_the_question_is_built_from_the_answers_own_words(
    answer: str, depth: str, must_contain: str
) -> None:
    first = grounded_questions(answer, depth)[0]
    assert must_contain in first
    assert first.endswith("?") and first.count("?") == 1
    assert 5 <= len(first.split()) <= 30


@pytest.mark.parametrize(
    "answer",
    [
        "ok",
        "Fine.",
        "- one\n- two\n- three",
        "Es war gut, aber ich war müde.",
        "",
    ],
)
def test_tricky_answers_never_give_a_broken_question(answer: str) -> None:
    for question in grounded_questions(answer, "meaning"):
        assert question.endswith("?") and question.count("?") == 1
        assert '""' not in question and "  " not in question


def test_a_question_already_asked_is_not_asked_again() -> None:
    answer = "Asking her which comments were useful made it work."
    first = grounded_questions(answer, "meaning")[0]
    assert first not in grounded_questions(answer, "meaning", earlier=[first])


def test_headings_and_lists_are_read_as_sections_and_items() -> None:
    parts = segments(
        "Description: the handover ran late.\nAction plan:\n"
        "- Ask for a debrief\n- Read the guideline"
    )
    assert [(p.section, p.text, p.item) for p in parts] == [
        ("describe", "the handover ran late.", False),
        ("plan", "Ask for a debrief", True),
        ("plan", "Read the guideline", True),
    ]


def test_a_feeling_is_asked_about_with_what_brought_it_on() -> None:
    answer = "Honestly I felt sick when she asked me why I hadn't said anything. It was awful."
    kinds = {p.kind: p.words for p in phrases(answer)}
    assert kinds["felt_when"] == "sick|she asked me why I hadn't said anything"
    question = grounded_questions(answer, "meaning")[0]
    assert question == (
        "What was going on for you when she asked you why you hadn't said anything "
        "and you felt sick?"
    )


def test_a_feeling_alone_comes_after_anything_more_specific() -> None:
    answer = "I was so nervous. Next time I'll ask the charge nurse to check my first round."
    question = grounded_questions(answer, "meaning")[0]
    assert "charge nurse" in question and "nervous" not in question


def test_what_helped_and_what_was_learned_are_asked_about() -> None:
    helped = "First two weeks were slow. What helped me finally was the reading group, honestly."
    assert grounded_questions(helped, "meaning")[0] == (
        "What was it about the reading group that made the difference?"
    )
    skill = "This month I learned to do the mixed models in R, which I had avoided for years."
    assert grounded_questions(skill, "meaning")[0] == (
        "What helped you learn to do the mixed models in R?"
    )


def test_a_plan_keeps_its_when_and_reads_whole() -> None:
    answer = "It went badly. I'll send her my STAR answers by Sunday morning."
    assert grounded_questions(answer, "action")[0] == (
        "What might make it hard to send her your STAR answers by Sunday morning?"
    )


def test_a_diary_headline_is_what_a_description_is_asked_about() -> None:
    answer = "Long night on call. Three admissions, and the bleep never stopped."
    assert grounded_questions(answer, "describe")[0] == (
        "What stands out most for you from that long night on call?"
    )
    assert not [
        p for p in phrases("Nothing much to say this week. Still waiting.") if p.kind == "topic"
    ]


def test_a_slip_of_the_pen_is_not_said_back() -> None:
    answer = "It worked in the first minute. I will do same with the first two minutes of class."
    assert not any("do same" in q for q in grounded_questions(answer, "action"))


def test_an_answer_to_what_next_is_asked_about_its_plan() -> None:
    answer = "Book the practice slot before Friday and actually turn up. Also print the sheet."
    assert grounded_questions(answer, "action", (), "next")[0] == (
        "What might make it hard to book the practice slot before Friday?"
    )


def test_a_preposition_a_plan_ends_on_is_kept() -> None:
    answer = "I'm going to try writing down the first thing she says she's stuck on and wait."
    assert grounded_questions(answer, "action")[0] == (
        "What might make it hard to try writing down the first thing she says she's stuck on?"
    )


@pytest.mark.parametrize(
    "answer",
    [
        "It went fine. I'll do that more.",
        "Next week I'll take over.",
        "I've decided to raise d with my manager this week.",
        "From now on:\n- never at the front desk during clinic\n- one patient at a time",
    ],
)
def test_a_plan_that_points_at_nothing_is_not_said_back(answer: str) -> None:
    assert not [p for p in phrases(answer) if p.kind == "plan"]


def test_a_lesson_stated_without_i_learned_is_asked_about_in_its_own_words() -> None:
    answer = (
        "Man at the desk livid about being cut off mid-application. I started explaining the "
        "booking system, he got louder. Stopped, let him finish, sorted in two minutes. Turns "
        "out letting him finish took less time than arguing did."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        'You wrote "letting him finish took less time than arguing did" — what will that '
        "change for you next time?"
    )


@pytest.mark.parametrize(
    "answer",
    [
        "My supervisor said that the score is there for a reason, and I think I agree.",
        "I think the problem is that being tired is just what nursing is, for everyone I know.",
        "What I learn is that if you are silent, they think you understand.",
        # a list, or no subject of its own: said back, it reads as a pasted fragment
        "Long day. What I learned: it isn't optional, that's literally why she's here.",
        "Court today. I learned that felt like a kid in her mum's work clothes.",
    ],
)
def test_a_lesson_that_would_read_badly_said_back_is_not_said_back(answer: str) -> None:
    lesson_frames = ("become clear", "matter that", "now that you know", "notice that", "fact that")
    assert not [
        q for q in grounded_questions(answer, "meaning") if any(f in q for f in lesson_frames)
    ]


def test_what_they_wish_they_could_do_is_asked_about() -> None:
    answer = (
        "The coordinator asked me to come Wednesday and Saturday again and I said yes. "
        "I wish I could just say no without feeling like a bad person."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "What would it take for you to just say no without feeling like a bad person?"
    )


def test_the_readers_you_in_their_words_is_not_said_back() -> None:
    answer = "Pushing the dashboard to next sprint. I will send you the revised list tonight."
    assert not any("send you" in q for q in grounded_questions(answer, "action", (), "next"))


def test_a_kind_of_thing_that_went_well_is_not_their_verdict() -> None:
    answer = "From now on the debrief is three things: one thing that went well, one to fix."
    assert not [p for p in phrases(answer) if p.kind == "verdict"]


def test_words_written_down_are_not_asked_about_as_said() -> None:
    answer = 'I wrote "20 min" on a post-it and stuck it on the monitor, then ignored it.'
    assert not [p for p in phrases(answer) if p.kind == "said"]


def test_a_plan_in_a_so_what_stage_is_asked_what_stands_in_its_way() -> None:
    # what a step is for, people have usually just said (blind judges: "answer obvious")
    answer = "Long week. I'll ring the director tomorrow before I promise the client anything."
    assert grounded_questions(answer, "meaning")[0] == (
        "What might make it hard to ring the director tomorrow before you promise the client "
        "anything?"
    )
    routine = "Long week. I'll book a two-hour block every other Thursday for the regression."
    assert grounded_questions(routine, "meaning")[0] == (
        "What might make it hard to book a two-hour block every other Thursday for the regression?"
    )


@pytest.mark.parametrize("depth", ["meaning", "action"])
def test_a_step_is_not_asked_how_they_will_know_it_is_working(depth: str) -> None:
    # blind reviewers read it as a generic success check, even for a routine
    answer = (
        "Long week. I'll book a two-hour block every other Thursday for the regression. "
        "And I'll ring the director tomorrow before I promise the client anything."
    )
    asked: list[str] = []
    for _ in range(4):
        found = grounded_questions(answer, depth, asked)
        if not found:
            break
        asked.append(found[0])
    assert len(asked) >= 3
    assert not any("know it is working" in q for q in asked)
    if depth == "action":  # the one-off step, from the side of what they expect
        assert "What do you expect to happen when you ring the director?" in asked


def test_a_lesson_is_asked_about_after_the_plan_that_already_says_what_it_changes() -> None:
    # "what will that change for you next time?" beside a plan reads as already answered
    lesson = (
        "Handover ran late again. The real lesson is that tired me is not a reliable narrator "
        "of my own day."
    )
    assert "tired me is not a reliable narrator" in grounded_questions(lesson, "meaning")[0]
    planned = lesson + " Tomorrow I'll hand over the patient I'm most worried about first."
    first = grounded_questions(planned, "meaning")[0]
    assert first == (
        "What might make it hard to hand over the patient you're most worried about first?"
    )


def test_a_lesson_is_not_cut_where_it_turns_to_say_the_opposite() -> None:
    answer = (
        "I rewrote her chapter again on Sunday. Conclusion for now: the rewriting feels like "
        "help to both of us in the moment, but it's the opposite of what a supervisor is for."
    )
    assert not any("feels like help" in q for q in grounded_questions(answer, "meaning"))


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (
            "We covered her first month (she says 'fine', then listed four things that weren't).",
            'What went through your mind when she said "fine"?',
        ),
        (
            "The HCA calmed him in five minutes. She told me after 'you join him where he is'.",
            'What went through your mind when she said "you join him where he is"?',
        ),
        (
            "Thursday the boss left me to do a radiator bleed, first time on my own in "
            "someone's house.",
            "What was that first time on your own in someone's house like for you?",
        ),
    ],
)
def test_single_words_said_and_first_times_are_asked_about(answer: str, question: str) -> None:
    assert grounded_questions(answer, "describe")[0] == question


def test_a_little_bit_angry_is_a_feeling_they_named() -> None:
    assert "angry" in kinds("In the beginning I was a little bit angry with her.")["feeling"][0]


def test_what_they_are_still_waiting_on_is_asked_about() -> None:
    answer = "Nothing much this week. Same as last week, still waiting on the ethics approval."
    assert grounded_questions(answer, "describe")[0] == (
        "What is waiting on the ethics approval costing you at the moment?"
    )
    assert not [p for p in phrases("I'm waiting to hear back from them.") if p.kind == "waiting"]


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (
            "The alarm kept going and I didn't escalate to the secondary until 02:50.",
            "What made it hard, in that moment, to escalate to the secondary?",
        ),
        (
            "The numbers were off all week. I should have flagged the difference on Monday.",
            "What made it hard to flag the difference back then?",
        ),
    ],
)
def test_what_they_held_back_from_is_asked_about(answer: str, question: str) -> None:
    assert grounded_questions(answer, "meaning")[0] == question


def test_a_held_back_quote_is_not_turned_round() -> None:
    answer = 'I didn\'t say "I think this is me" in the channel for twenty minutes.'
    assert not [p for p in phrases(answer) if p.kind == "held_back"]


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (
            "Another viva prep session. I realised I've been treating not knowing as evidence "
            "about me.",
            "Where else do you notice that you've been treating not knowing as evidence about you?",
        ),
        (
            "The match went badly. I realised I wanted to be seen to be in charge in front of the "
            "parents.",
            "What do you make now of the fact that you wanted to be seen to be in charge in "
            "front of the parents?",
        ),
    ],
)
def test_what_they_noticed_about_themselves_is_asked_about_as_theirs(
    answer: str, question: str
) -> None:
    assert grounded_questions(answer, "meaning")[0] == question


def test_a_statement_in_a_plan_list_is_not_asked_about_as_a_plan() -> None:
    answer = "For me to do:\n- Pick rate on his shift is actually down since he started."
    assert not any("pick rate" in q.lower() for q in grounded_questions(answer, "action"))


@pytest.mark.parametrize(
    ("answer", "depth", "question"),
    [
        (
            "Long shift. I'll cost out option two properly before our next session.",
            "action",
            "What might make it hard to cost out option two properly before your next session?",
        ),
        (
            "My editor said accuracy is the floor, not the ceiling. I've been chewing on it.",
            "describe",
            "What went through your mind when your editor said accuracy is the floor?",
        ),
        (
            "so I just talked about the weather because I didn't really know what to say",
            "describe",
            "What made it hard, in that moment, to know what to say?",
        ),
        (
            "The general thing I'm taking from this: my discomfort isn't a clinical reason.",
            "meaning",
            'You wrote "my discomfort isn\'t a clinical reason" — when might that be hardest to '
            "remember?",
        ),
    ],
)
def test_verbs_no_list_knows_and_reported_words_are_heard(
    answer: str, depth: str, question: str
) -> None:
    assert grounded_questions(answer, depth)[0] == question


def test_a_noun_phrase_in_a_plan_list_is_not_said_back_as_a_plan() -> None:
    answer = "Will:\n- budget draft to the head by 14 March\n- one afternoon a week blocked"
    assert not [p for p in phrases(answer, plan=True) if p.kind == "plan"]


@pytest.mark.parametrize(
    ("answer", "depth", "question"),
    [
        (
            "Quiet week. I'll send the revised quote to the dental group by Thursday 5pm.",
            "meaning",
            "What might make it hard to send the revised quote to the dental group by Thursday "
            "5pm?",
        ),
        # the old habit a plan replaces: what pulls them towards it is the question under it
        (
            "Bad news day. Next time I'll say the main message first and then stop, instead of "
            "cushioning it in advance.",
            "meaning",
            "What usually pulls you towards cushioning it in advance?",
        ),
        (
            "@me note: I did the pick myself again. tomorrow I let him do the whole order. no "
            "more grabbing the scanner 🙃",
            "action",
            "What usually pulls you towards grabbing the scanner?",
        ),
        # a habit they caught themselves in
        (
            "Observed lesson. I think I was performing a lesson instead of teaching one.",
            "meaning",
            "What do you think pulled you towards performing a lesson?",
        ),
        # they said what it is for: asked what might make it hard instead
        (
            "Long shift. I'll let him shadow me on the landing so he hears how boring the no "
            "sounds.",
            "meaning",
            "What might make it hard to let him shadow you on the landing?",
        ),
        # a lesson about someone else is asked about as theirs
        (
            "Coffee with partner-d. I realised that she does hers by system rather than by "
            "patient story.",
            "meaning",
            "What do you make of the fact that she does hers by system rather than by patient "
            "story?",
        ),
    ],
)
def test_plans_and_lessons_are_asked_about_in_the_frame_that_fits(
    answer: str, depth: str, question: str
) -> None:
    assert grounded_questions(answer, depth)[0] == question


def test_a_debt_and_a_dated_note_are_not_said_back() -> None:
    assert not [p for p in phrases("Sorry! I owe her the synthesis template by fri.")]
    assert not [p for p in phrases("Tues. Two admissions and a fall.") if p.kind == "topic"]


def test_a_voice_notes_filler_opening_is_not_a_headline() -> None:
    answer = "ok so um, recording this in the car. The funder's call went badly."
    assert not [p for p in phrases(answer) if p.kind == "topic"]


def test_with_nothing_else_to_hold_on_to_it_asks_how_it_looked_to_the_person_in_the_scene() -> None:
    answer = (
        "Saturday rush, two off sick and head office picked today for an audit. The area "
        "manager walked the floor with a clipboard. My mentor says it happens. The area "
        "manager left without a word."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "How do you think it looked from the area manager's side?"
    )
    # the mentor they talked it over with afterwards is not the person in the scene
    mentor_only = grounded_questions("My mentor and my mentor again.", "meaning")
    assert not any("mentor's side" in q for q in mentor_only)


def test_quotes_left_open_are_not_said_back() -> None:
    answer = "Reviser notes. She says my Polish is 'too literal, sounds translated', ouch."
    assert not any("'too literal?" in q for q in grounded_questions(answer, "meaning"))


def test_silence_that_lasted_days_is_not_asked_about_as_one_moment() -> None:
    answer = "Audit prep. I noticed the wrong figure and I didn't say anything for three days."
    questions = grounded_questions(answer, "meaning")
    assert "What made it hard to say anything for three days?" in questions
    assert not any("in that moment" in q and "three days" in q for q in questions)


def test_a_role_named_without_its_article_is_still_the_speaker() -> None:
    answer = (
        "Dropped a sterile bur on the floor mid-prep and said so straight away. Dentist just "
        "said 'thanks, grab another'."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        'What went through your mind when the dentist said "thanks, grab another"?'
    )


def test_what_they_held_back_and_why_is_asked_what_would_have_helped() -> None:
    # they said why: "what made it hard" would ask what they just told
    told = "Handover. I didn't say anything because I thought she'd think I was slow."
    assert (
        grounded_questions(told, "meaning")[0] == "What would have helped you say something then?"
    )
    untold = "Handover. I didn't say anything about the bloods."
    assert grounded_questions(untold, "meaning")[0] == (
        "What made it hard, in that moment, to say anything about the bloods?"
    )


# -- a sentence said back whole: after the model, before the curated bank -----------------

STUCK = (
    "The new hire and me paired on the flaky test. He didn't know the helpers and I had to "
    "bite my tongue maybe twenty times. Then he spotted the fixture order."
)


def test_a_weighty_sentence_about_themselves_is_said_back_when_nothing_else_was_found() -> None:
    writer, book = _no_model_writer()
    follow = writer.write(book.get("quick").stage("worked"), "mentee", STUCK)
    assert follow.source == "listening"
    assert follow.question == (
        "When you had to bite your tongue maybe twenty times, what did you need right then?"
    )


def test_something_they_did_is_asked_about_before_a_routine_step_of_their_plan() -> None:
    """What went through their mind when they did it reads as a mentor's question; what
    might make printing a sheet hard does not."""
    answer = (
        "Yesterday I ran the whole handover from the notes without looking at the screen. "
        "It felt slow. I'll print a handover sheet for the next block of nights."
    )
    questions = grounded_questions(answer, "meaning", stage_id="learned")
    assert questions[0] == (
        "What was going through your mind when you ran the whole handover from the notes "
        "without looking at the screen?"
    )


def test_the_same_deed_is_asked_about_from_another_side_when_asked_again() -> None:
    answer = "Yesterday I presented our prototype to the clients from the UK on my own."
    writer, book = _no_model_writer()
    first = writer.write(book.get("quick").stage("worked"), "mentee", answer)
    second = writer.write(book.get("quick").stage("learned"), "mentee", answer, [first.question])
    assert first.question == (
        "What was going through your mind when you presented your prototype to the clients "
        "from the UK on your own?"
    )
    assert second.source == "listening"
    assert second.question.endswith("what did you notice about yourself?")


def test_a_lesson_said_as_a_rule_is_asked_about_what_they_believed_before() -> None:
    answer = "Learned that calling the reg early isn't weakness. Will keep doing it."
    first = grounded_questions(answer, "meaning", stage_id="learned")[0]
    again = grounded_questions(answer, "meaning", [first], stage_id="worked", again=True)
    assert again[0] == (
        "Before you saw that calling the reg early isn't weakness, what had you been telling "
        "yourself?"
    )


def test_a_model_question_that_passes_the_gate_comes_before_a_sentence_said_back() -> None:
    from fakes import HashingEmbedder, ScriptedModel

    from reflect.engine.followups import FollowUpWriter
    from reflect.templates import TemplateBook

    proposed = "What did the new hire do once he spotted the fixture order?"
    stage = TemplateBook().get("quick").stage("worked")
    model = ScriptedModel([proposed])
    follow = FollowUpWriter(model, HashingEmbedder()).write(stage, "mentee", STUCK)
    assert (follow.source, follow.question) == ("model", proposed)


@pytest.mark.parametrize(
    "answer",
    [
        "I think it went fine overall and nobody was upset.",  # a hedge, not an experience
        "I will ask the reg earlier next time, on my own if I have to.",  # a plan
        "I didn't even ask him to write it up, he just did.",  # someone else's doing
        "Honestly I ran the meeting and we finished on time.",  # nothing weighty in it
    ],
)
def test_hedges_plans_and_plain_reports_are_not_said_back(answer: str) -> None:
    assert "echo" not in kinds(answer)


def test_a_present_state_is_asked_in_the_present_and_a_second_echo_changes_frame() -> None:
    answer = (
        "Nobody else turned up again. I'm just tired of being the one who cares. "
        "I had to write the whole analysis on my own."
    )
    questions = grounded_questions(answer, "meaning", echo=True)
    first = "When you had to write the whole analysis on your own, what did you need right then?"
    assert questions[0] == first
    # said as a complaint, it asks what they would like to happen
    assert (
        "When you say you're just tired of being the one who cares, what would you like to have"
        " happen?" in questions
    )
    # a state that is no complaint asks what it is like
    state = "Everyone asks me. I'm the one who orders the tips and the ethanol for the whole lab."
    assert grounded_questions(state, "meaning", echo=True)[0].endswith("what is that like for you?")
    again = grounded_questions(answer, "meaning", earlier=[first], echo=True)
    assert again and not again[0].startswith("When you had")


def test_a_diary_sentence_without_its_i_is_said_back_as_theirs() -> None:
    answer = (
        "Sprint demo went ok. Spoke slower on purpose and paused after each screen, "
        "nobody seemed bored."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "What was going through your mind when you spoke slower on purpose and paused after each"
        " screen?"
    )
    # what they realised is a lesson, not an experience to be asked what it was like
    assert (
        grounded_questions(
            "Learned that calling the reg early isn't weakness, she was glad I rang.",
            "meaning",
            echo=True,
        )
        == []
    )


def test_an_echo_keeps_one_whole_clause() -> None:
    answer = "I had to hand over at 8.15, left at 8.50 because of the notes."
    questions = grounded_questions(answer, "meaning", echo=True)
    assert questions and all("8.50" not in q for q in questions)


def test_a_one_word_feeling_waits_for_a_sentence_of_theirs() -> None:
    """Judges found "When you felt worried, what was going on for you?" fits any text: a
    sentence of theirs said back comes first when there is one."""
    answer = "I felt worried. I'm worried the churn dashboard will rot once I hand it over."
    assert grounded_questions(answer, "meaning", echo=False) == []
    assert grounded_questions(answer, "meaning", echo=True)[0] == (
        "When you say you're worried the churn dashboard will rot once you hand it over, what "
        "would you like to have happen?"
    )


def test_a_phrase_is_never_cut_inside_a_word_or_a_clause() -> None:
    answer = (
        "The audit call went on and on. Afterwards I was annoyed at myself because it looked "
        "like I didn't understand my own figures, and that stayed with me all evening haha"
    )
    for question in grounded_questions(answer, "meaning"):
        said = question.lower()
        assert "didn't, " not in said and "understand my own fig " not in said
        assert not said.rstrip("?").endswith(("haha", "because", "like you didn't"))
    # (a sentence said back whole is in their words already turned to "you")
    words = {
        w for p in phrases(answer) if p.kind != "echo" for w in p.words.replace("|", " ").split()
    }
    assert words <= set(answer.replace(",", " ").replace(".", " ").split()) | {"I"}


def test_a_deed_said_back_asks_what_went_through_their_mind_a_state_what_it_was_like() -> None:
    did = "Took on the laptop rollout AND the printer migration. Underwater."
    assert grounded_questions(did, "meaning")[0] == (
        "What was going through your mind when you took on the laptop rollout and the printer"
        " migration?"
    )
    # a state ("I was…"), or what they did not do, is not a deed to ask their thoughts about
    state = "I was on my own checking from two because he went home ill, again."
    assert grounded_questions(state, "meaning", echo=True)[0].startswith(
        "When you were on your own"
    )
    held = "I did not answer her messages for one whole day and nobody said a thing."
    assert all(
        "going through your mind" not in q for q in grounded_questions(held, "meaning", echo=True)
    )
    # a feeling is not said back as a sentence: "what was happening when you felt better?"
    assert (
        grounded_questions("I felt better after the walk home, a bit.", "meaning", echo=True) == []
    )


def test_written_emphasis_is_not_said_back() -> None:
    answer = "I had literally checked the level and the creatinine twenty minutes before, again."
    question = grounded_questions(answer, "meaning", echo=True)[0]
    assert "literally" not in question and "checked the level and the creatinine" in question


def test_a_second_question_on_the_same_words_asks_from_another_side() -> None:
    answer = 'He said "are you still there" and I\'d gone quiet for ages.'
    first = grounded_questions(answer, "meaning", echo=False)[0]
    assert first == 'What went through your mind when he said "are you still there"?'
    again = grounded_questions(answer, "meaning", earlier=[first], echo=False, again=True)
    assert again[0] == 'What do you make now of him saying "are you still there"?'
    # a plan: what they will say first, not the same question in other words
    plan = "Next: tell Karen on Monday which one I'm giving back."
    asked = grounded_questions(plan, "action", stage_id="next", echo=False)[0]
    assert asked == "What might make it hard to tell Karen on Monday which one you're giving back?"
    other = grounded_questions(
        plan, "action", earlier=[asked], stage_id="next", echo=False, again=True
    )
    assert (
        other[0]
        == "What will you say first when you tell Karen on Monday which one you're giving back?"
    )
    assert not any(q.startswith("What could get in the way") for q in other)
    # nothing asked before: nothing to ask again
    assert grounded_questions(plan, "action", stage_id="next", echo=False, again=True) == []


def test_a_word_that_contains_a_tense_label_does_not_break_a_sentence_said_back() -> None:
    # "pasta" holds "past", "presentation" holds "present": the echo's tense label is not
    # words of theirs, so it must never be trimmed as if a length limit had cut it
    answer = (
        "Tuesday was the pasta night. I had to remake the whole pasta station twice because "
        "I forgot the salt again."
    )
    questions = grounded_questions(answer, "meaning", echo=True)
    assert questions and "remake the whole pasta station" in questions[0]
    talk = "The presentation ran over. I'm still annoyed that nobody stopped me at ten minutes."
    assert any("annoyed" in q for q in grounded_questions(talk, "meaning", echo=True))


def test_what_they_did_instead_of_the_old_habit_is_asked_what_made_it_possible() -> None:
    answer = (
        "Asked the charge nurse to walk me through the pump instead of pretending I remembered "
        "it from training. She didn't mind at all."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "What made it possible this time to ask the charge nurse to walk you through the pump"
        " instead of pretending you remembered it?"
    )
    # someone else's choice is theirs to be asked about, not the writer's
    other = "She told them to wait rather than rushing in, which I thought was smart of her."
    assert not any(
        q.startswith("What made it possible this time")
        for q in grounded_questions(other, "meaning")
    )


def test_quoted_words_are_theirs_only_when_someone_said_them() -> None:
    # two short quotes are two quotes, not one that runs from the first to the second
    mixed = "I literally said 'oh no' and then 'sorry about that' and remade it."
    assert not any("oh no' and then" in q for q in grounded_questions(mixed, "meaning"))
    # the speaker is who stands next to the verb: "I was the same, my old foreman told me…"
    told = "When I started I was the same, my old foreman told me 'the wood doesn't wait'."
    assert grounded_questions(told, "meaning")[0] == (
        'What went through your mind when your old foreman said "the wood doesn\'t wait"?'
    )
    # words no one said: the kind of person they wish they were
    wished = (
        "I wish I could be the kind of person who says 'let me check and get back to you' like she"
        " does."
    )
    assert not any("when you said" in q for q in grounded_questions(wished, "meaning"))


def test_a_lesson_is_said_back_without_its_lead_in_and_with_its_contrast() -> None:
    diary = "Learned that ringing the reg early isn't weakness, she was glad I rang so soon."
    assert grounded_questions(diary, "meaning")[0] == (
        'You wrote "ringing the reg early isn\'t weakness" — when might that be hardest to'
        " remember?"
    )
    contrast = "Learned: kids this age copy my energy, not my counts. If I'm flat they're flat."
    assert grounded_questions(contrast, "meaning")[0] == (
        'You wrote "kids this age copy my energy, not my counts" — when might that be hardest to'
        " remember?"
    )


def test_an_errand_in_a_plan_waits_behind_the_step_that_means_facing_someone() -> None:
    plan = "I'll print a handover sheet for the trial, and I'll speak to the team leader on Friday."
    assert grounded_questions(plan, "action", stage_id="next")[0] == (
        "What might make it hard to speak to the team leader on Friday?"
    )


@pytest.mark.parametrize(
    "errand",
    [
        "I'll write the doses on a post-it",
        "I'll look out the escalation contacts list",
        "I'll compare the old chart with the new one",
    ],
)
def test_a_step_of_paperwork_waits_behind_a_change_in_what_they_do(errand: str) -> None:
    # what might make it hard to write something down: "trivial admin step" to reviewers
    plan = f"{errand}, and I'll start the round with the sickest patient."
    assert grounded_questions(plan, "action", stage_id="next")[0] == (
        "What might make it hard to start the round with the sickest patient?"
    )
    to_someone = "I'll print the handover sheet, and I'll write to the ward manager."
    assert "write to the ward manager" in grounded_questions(to_someone, "action")[0]


def test_calling_the_orders_is_not_a_conversation_to_rehearse() -> None:
    # "call the orders" is not a conversation to rehearse
    orders = "Tomorrow I stand beside him for the first hour. I'll call the orders."
    asked = grounded_questions(orders, "action", stage_id="next")
    assert not any(q.startswith("What will you say first when you call the orders") for q in asked)


def test_a_name_next_to_the_verb_is_who_said_it() -> None:
    named = "Irina stopped us and said to the whole section 'second desk, you are under the note'."
    assert grounded_questions(named, "meaning")[0] == (
        'What went through your mind when Irina said "second desk, you are under the note"?'
    )
    # a role at the start of a sentence is a role; a sentence's first word may be no name
    assert grounded_questions("Judge said 'take your time' and I went blank.", "meaning")[0] == (
        'What do you make now of the judge saying "take your time"?'
    )
    assert not any(
        "Then said" in q for q in grounded_questions("Then said 'fine' and left.", "meaning")
    )


def test_what_they_wish_someone_else_would_do_is_asked_what_it_would_mean() -> None:
    answer = "I wish someone would just say thanks, or even just notice. Anyway."
    assert grounded_questions(answer, "meaning")[0] == (
        "What would it mean to you if someone did say thanks?"
    )


def test_what_worked_is_said_back_up_to_a_dash() -> None:
    answer = (
        "What worked was asking her to talk me through 3 of them - turns out it's the style guide."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "What was it about asking her to talk you through 3 of them that made the difference?"
    )


def test_a_lesson_said_back_is_never_a_scrap_or_a_question_tag() -> None:
    answer = "The boxes look the same. Which is backwards isnt it. Anyway that's done now."
    assert not any(q.startswith("You wrote") for q in grounded_questions(answer, "meaning"))


def test_a_hard_feeling_asks_what_they_needed_and_a_good_one_what_it_was() -> None:
    assert grounded_questions("Long shift. I felt flat.", "meaning")[0] == (
        "When you felt flat, what did you need right then?"
    )
    assert grounded_questions("Long shift. I felt flat.", "action")[0] == (
        "Next time you start to feel flat, what would you like to have happen?"
    )
    assert grounded_questions("Long shift. I felt proud.", "meaning")[0] == (
        "When you felt proud, what was going on for you?"
    )
    # a feeling they did not have is not asked about
    assert not any(
        "unsafe" in q for q in grounded_questions("He shouted but I didn't feel unsafe.", "meaning")
    )


@pytest.mark.parametrize(
    ("past", "base"),
    [("asked", "ask"), ("told", "tell"), ("agreed", "agree"), ("stopped", "stop"),
     ("decided", "decide"), ("called", "call"), ("noted", "note"), ("tried", "try"),
     ("pressed", "press"), ("visited", "visit"), ("handled", "handle"), ("added", "add")],
)  # fmt: skip
def test_the_base_form_of_what_they_did(past: str, base: str) -> None:
    assert _base(past) == base


def test_a_long_lesson_is_quoted_whole_not_pasted_into_a_sentence() -> None:
    answer = (
        "Learned that preparing the first two minutes word for word is what gets me through "
        "the rest."
    )
    questions = grounded_questions(answer, "meaning", stage_id="learned")
    assert questions[0] == (
        'You wrote "preparing the first two minutes word for word is what gets me through the '
        'rest" — when might that be hardest to remember?'
    )
    assert all("now that you know" not in q for q in questions)


def test_a_lesson_cut_before_its_main_clause_is_not_said_back() -> None:
    answer = "I'm fairly sure the bit I'm taking from it is that when I stop hovering, he relaxes."
    assert not any("hovering" in q for q in grounded_questions(answer, "meaning"))


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (
            "Stocktake overran again. The regional lead, who I'd never met before, talked over "
            "me in front of the new starters. I said nothing.",
            "What was going through your mind when the regional lead talked over you in front "
            "of the new starters?",
        ),
        (
            "Partner-c stopped me halfway through the handover and asked for the short version.",
            "What was going through your mind when partner-c stopped you halfway through the "
            "handover and asked for the short version?",
        ),
    ],
)
def test_something_someone_did_to_them_is_asked_about_as_their_moment(
    answer: str, question: str
) -> None:
    assert grounded_questions(answer, "meaning")[0] == question


@pytest.mark.parametrize(
    "answer",
    [
        "My mentor helped me with the rota template, which was kind.",  # help, not a moment
        "She asked me to cover Friday.",  # what was said is asked about as that
        "They put me on nights again.",  # a verb that makes no moment of it
    ],
)
def test_ordinary_things_others_did_for_them_are_not_said_back(answer: str) -> None:
    assert not any(" you " in q and "mind" in q for q in grounded_questions(answer, "meaning"))


def test_a_lesson_told_as_a_story_is_quoted_not_pasted_after_now_that_you_know() -> None:
    answer = "The thing I learned is that the foreman showed me to check the level twice."
    questions = grounded_questions(answer, "action", stage_id="learned")
    assert questions and all("now that you know" not in q for q in questions)
    rule = "The thing I learned is that praise works better when it names what they did."
    assert any("now that you know" in q for q in grounded_questions(rule, "action"))


@pytest.mark.parametrize("heading", ["Reflecting on the audit yesterday.", "Will.", "Options."])
def test_a_notes_own_heading_is_not_asked_about_as_the_day(heading: str) -> None:
    answer = f"{heading} The client called twice before nine and I had nothing ready for her."
    assert not any("Looking back on that" in q for q in grounded_questions(answer, "meaning"))


def test_a_rule_written_under_a_lesson_label_is_quoted_back() -> None:
    answer = (
        "Spent an hour on the wrong valve. Lesson: test the cheap parts before the expensive "
        "guesses. Annoying but fine."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        'You wrote "test the cheap parts before the expensive guesses" — what will that change '
        "for you next time?"
    )


def test_what_worked_is_said_back_up_to_its_first_step() -> None:
    answer = (
        "What worked was marking it with a pencil line then trimming to the line in small "
        "passes and checking the fit each time."
    )
    assert grounded_questions(answer, "meaning")[0] == (
        "What was it about marking it with a pencil line that made the difference?"
    )


def test_what_they_saw_someone_do_is_asked_about_before_the_days_headline_or_the_bank() -> None:
    answer = "Match day. The other two coaches rolled in at 9.50 with coffees. Again."
    writer, book = _no_model_writer()
    follow = writer.write(book.get("after-session").stage("how-it-went"), "mentor", answer)
    assert follow.source == "listening"
    assert follow.question == (
        "What was going through your mind when the other two coaches rolled in at 9.50 with "
        "coffees?"
    )
    # a capital that only a sentence's start gave is not a person; nor is a thing that happened
    for told in ("Security came in the end and took him out.", "The review missed it too."):
        assert grounded_questions(told, "meaning", echo=True) == []


def test_feel_like_and_a_feeling_word_is_said_back_as_the_feeling() -> None:
    # a second language's "I feel like small" would read "when you felt like small"
    found = kinds("It is correct by the rules, but inside I feel like small.")["feeling"]
    assert found[0] == "small"
    assert "like a fraud" in kinds("I felt like a fraud in that meeting.")["feeling"][0]


@pytest.mark.parametrize(
    "answer",
    [
        "Ricardo showed me the splice again. When he explain second time he was already more "
        "slow and I could follow it. I felt stupid for asking twice but he did not mind.",
        "My mentor said maybe the coordinator don't know how much I already do. When she "
        "asked me to take the rota as well I said yes straight away, again.",
    ],
)
def test_a_verb_that_does_not_agree_is_not_said_back_as_the_questions_own(answer: str) -> None:
    # their slip is fine in their writing; said back unquoted it reads as Reflect's grammar
    asked = " ".join(
        q for depth in ("describe", "meaning", "action") for q in grounded_questions(answer, depth)
    ).lower()
    assert asked  # something else of theirs is still asked about
    assert "he explain " not in asked
    assert "coordinator don't" not in asked


def test_words_they_said_how_they_took_are_asked_about_now_not_then() -> None:
    answer = (
        "Irina stopped us and said 'second desk, you are flat on the A, every time' in "
        "front of the whole section. I nodded and played it again, I couldn't hear anything "
        "over my own heartbeat. Mateo said later she only corrects people who can fix it."
    )
    for depth in ("describe", "meaning"):
        first = grounded_questions(answer, depth)[0]
        assert first.startswith("What do you make now of Irina saying")
    told_nothing = "Irina stopped us and said 'second desk, you are flat on the A, every time'."
    assert grounded_questions(told_nothing, "meaning")[0].startswith(
        "What went through your mind when Irina said"
    )


def _all_questions(answer: str) -> str:
    return " ".join(
        q for depth in ("describe", "meaning", "action") for q in grounded_questions(answer, depth)
    )


@pytest.mark.parametrize(
    ("answer", "broken"),
    [
        # a moment whose words ran past what a question can hold: never cut mid-phrase
        (
            "Things changed when the consultant asked the whole team about the missing "
            "results from the night before the big audit on ward nine and nobody answered her.",
            "results from?",
        ),
        # a particle ends the phrase ("with her coat still on")
        (
            "I had the words ready, but when she came into the corridor with her coat still "
            "on, they all went out of my head.",
            "coat still?",
        ),
        # a state is not a moment ("when the door's locked")
        ("Everything is decided for him, the meals, when the door's locked, the lights.", "door's"),
        # said what? the words were in the next clause
        (
            "I didn't ask because when I'd said in my interview I was confident with the "
            "software, I thought they would remember.",
            "when you'd said in your interview?",
        ),
        # the feeling's trigger in the present tense clashes with the frame's past
        ("After, I felt ashamed, because I know my role, I explained it a hundred times.", "know"),
        # what made the difference must be a thing: not "just to ask", not "the bit"
        ("So what worked was just to ask, simple. I wish I had weeks ago.", "about just to ask"),
        (
            "What I learned: the bit that made it survivable was turning up with a plan.",
            "about the bit ",
        ),
    ],
)
def test_a_phrase_is_never_said_back_broken(answer: str, broken: str) -> None:
    assert broken not in _all_questions(answer).lower()


def test_words_someone_said_keep_their_subject() -> None:
    answer = "I changed my view in the room. The chair said afterwards that was the right thing."
    assert any(
        "the chair said that was the right thing" in q
        for q in grounded_questions(answer, "meaning")
    )


def test_a_step_ending_on_what_they_can_is_said_back_as_the_step() -> None:
    answer = "I'll make a one-page list of what I can and can't request, by Friday."
    first = grounded_questions(answer, "meaning")[0]
    assert first == "What might make it hard to make a one-page list?"
    asked = _all_questions(answer)
    assert "what you can?" not in asked


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        (
            "He was in a hurry, not angry. What I learn is that I can fix it after, when it "
            "is quiet.",
            "What do you make of the fact that you can fix it after?",
        ),
        (
            "The banksman was on the other side. What I learned is that I saw it and I did "
            "not stop it the first time.",
            "What do you make now of the fact that you saw it and you did not stop it the "
            "first time?",
        ),
    ],
)
def test_what_they_noticed_once_is_not_asked_as_a_habit(answer: str, question: str) -> None:
    assert question in grounded_questions(answer, "meaning")


def test_their_own_words_are_asked_about_as_theirs_even_after_your() -> None:
    # "you" is in "your evidence": the speaker is still the writer, not dropped
    answer = (
        'The consultant asked, "And what is your evidence for that?" I said "it is in the '
        'guideline" and he asked which one. I could not answer for some seconds.'
    )
    asked = _all_questions(answer)
    assert 'you said "it is in the guideline"' in asked
    assert 'when said "' not in asked


def test_who_said_it_is_a_person_not_the_words_before() -> None:
    answer = (
        "My hands were shaking when I folded the towels. The guest left a comment card the "
        "next day that said 'cabin steward was rude'. I cried in the linen room."
    )
    asked = _all_questions(answer)
    assert "the next day that said" not in asked
    assert "the guest said" in asked


@pytest.mark.parametrize(
    ("answer", "broken"),
    [
        (
            "Now what. She is doing exactly what I did at her age, keeping it all in her head.",
            "now what",
        ),
        ("I made the stencil and put it on, and she checked in the mirror and said ok.", "put it?"),
    ],
)
def test_a_phrase_is_never_said_back_as_something_else(answer: str, broken: str) -> None:
    assert broken not in _all_questions(answer).lower()


@pytest.mark.parametrize(
    ("answer", "broken"),
    [
        (
            "Lead's review comments on my PR still stinging tbh. I'm going to ask him for "
            "fifteen minutes to go through them properly.",
            "hard to lead's",
        ),
        (
            "Action plan\n- Brief the team before service on Saturday\n- Name the gap instead "
            "of filling it — say it to a person first, then help if needed",
            "person first",
        ),
    ],
)
def test_a_plan_is_said_back_as_its_step(answer: str, broken: str) -> None:
    asked = " ".join(
        q
        for stage in ("next", "action-plan")
        for depth in ("meaning", "action")
        for q in grounded_questions(answer, depth, stage_id=stage)
    )
    assert asked
    assert broken not in asked.lower()


@pytest.mark.parametrize(
    ("answer", "unwanted"),
    [
        # a filler is theirs in a quote; in a question of ours it reads as pasted in
        (
            "I was honestly shocked when she walked out of the session. I did not know what to do.",
            "honestly",
        ),
        # a headline's aside is not part of what the day was
        ("Sports day debrief, sort of. The kids ran in the wrong order and I laughed.", "sort of"),
        # a feeling that lasted weeks had no one moment to need something in
        (
            "I felt angry for weeks about something nobody knew. Then I asked and it was "
            "sorted in a minute.",
            "for weeks",
        ),
        # a step cut before its last word is said back without the dangling "from"
        ("From Monday I'll switch the phone to do not disturb from.", "disturb from"),
        # what she said was in the next sentence
        ("Jo was on monitors and afterwards she said. I went quiet.", "she said?"),
        ("I was so tired I just said to Bea. She looked at me.", "said to bea,"),
    ],
)
def test_what_is_said_back_carries_nothing_that_is_not_the_point(
    answer: str, unwanted: str
) -> None:
    assert unwanted not in _all_questions(answer).lower()


def test_a_moment_looked_ahead_from_keeps_its_tense() -> None:
    answer = (
        "When the younger daughter started crying halfway through choosing the hymns, I "
        "stopped talking and just waited. It felt like the longest minute."
    )
    asked = grounded_questions(answer, "action")
    assert "If that happens again" not in " ".join(asked)
    assert (
        "Thinking of the moment the younger daughter started crying halfway through choosing "
        "the hymns, what would you like to be different next time?" in asked
    )


def test_a_headline_naming_a_place_keeps_its_capitals() -> None:
    assert "that Kestrel Close" in _all_questions("Kestrel Close, again. The boiler job overran.")


@pytest.mark.parametrize(
    ("answer", "clash"),
    [
        (
            "Halfway through I felt like I'd lost control of the session. Two of them were "
            "on their phones.",
            "start to feel like you'd lost control",
        ),
        (
            "I was angry at myself, because it looks like I don't know my own project. "
            "Then I answered properly.",
            "it looks like you don't know your own project and you felt",
        ),
        (
            "I think the lesson is that waiting never made it easier, it only made the news "
            "land harder when he heard.",
            "What made the lesson is",
        ),
    ],
)
def test_no_clash_of_tenses_or_frames_in_what_is_said_back(answer: str, clash: str) -> None:
    assert clash not in _all_questions(answer)


@pytest.mark.parametrize(
    ("answer", "lead_in", "lesson"),
    [
        (
            "I kept softening the feedback. What I learned is that the bit that matters is "
            "that softening it doesn't protect anyone.",
            "the bit that matters",
            "softening it doesn't protect anyone",
        ),
        (
            "Third review this month. What I learned is that what I keep noticing is that I "
            "soften the message until there is no message left.",
            "what you keep noticing is",
            "you soften the message until there is no message left",
        ),
        (
            "Long shift. What I'm clearer on after writing this is that she doesn't lack trust "
            "in the team.",
            "clearer on",
            "she doesn't lack trust in the team",
        ),
    ],
)
def test_a_lesson_is_said_back_without_the_words_that_lead_into_it(
    answer: str, lead_in: str, lesson: str
) -> None:
    asked = _all_questions(answer)
    assert lesson in asked
    assert lead_in not in asked


def test_what_they_held_back_is_asked_as_what_would_have_helped_them_do_it() -> None:
    # "what would help you tell anyone…" reads as pasted from the negative sentence
    answer = "Honestly I didn't tell anyone I was behind until Friday, and by then it was late."
    assert grounded_questions(answer, "action")[0] == (
        "Next time, what would help you tell someone you were behind sooner?"
    )


def test_a_step_to_stop_doing_something_is_not_asked_about_when_they_come_to_it() -> None:
    answer = "Decision made. I will stop giving vendors my personal mobile from Monday."
    asked = [grounded_questions(answer, "action")[0]]
    asked += grounded_questions(answer, "action", asked)[:1]
    assert (
        asked[0]
        == "What might make it hard to stop giving vendors your personal mobile from Monday?"
    )
    assert asked[1:] and not any("come to stop" in q for q in asked)


def test_a_lesson_told_as_a_story_is_not_asked_when_it_will_be_hardest_to_remember() -> None:
    # "when might that be hardest to remember?" after a story reads as incoherent
    story = "The thing I learned was he pulled up my calls and split them out by type."
    assert all("hardest to remember" not in q for q in grounded_questions(story, "meaning"))


def test_a_frame_s_tail_is_said_once_a_session() -> None:
    # after every lesson of a long session the same tail read as a form being filled in
    first = "Learned that ringing the reg early isn't weakness."
    second = "What I learned: kids this age copy my energy, not my counts."
    asked = [grounded_questions(first, "meaning")[0]]
    asked.append(grounded_questions(second, "meaning", asked)[0])
    assert [q.partition(" — ")[2] for q in asked] == [
        "when might that be hardest to remember?",
        "what will that change for you next time?",
    ]


@pytest.mark.parametrize(
    "after",
    ["but I feel very small.", "and I realised that's exactly what we've trained her to say."],
)
def test_words_whose_effect_they_told_are_not_asked_what_went_through_their_mind(
    after: str,
) -> None:
    answer = f"Court went badly. The judge said 'take your time' very politely {after}"
    questions = grounded_questions(answer, "meaning")
    assert not any("went through your mind" in q for q in questions)
    assert any("the judge saying" in q for q in questions)


def test_a_step_not_to_take_is_asked_what_might_make_it_hard_not_to() -> None:
    plan = "I won't tell her that just yet, she's still finding her feet."
    asked = grounded_questions(plan, "action", stage_id="next")
    assert asked[0] == "What might make it hard not to tell her that just yet?"
    assert not any("to don't" in q or "come to don't" in q for q in asked)


def test_a_rule_of_theirs_at_a_what_next_stage_is_asked_when_it_will_be_hardest_to_remember() -> (
    None
):
    # "what will you do differently now that you know…?": answered by the plan, reviewers said
    answer = "Learned that ringing the reg early isn't weakness."
    assert grounded_questions(answer, "action")[0] == (
        'You wrote "ringing the reg early isn\'t weakness" — when might that be hardest to '
        "remember?"
    )


@pytest.mark.parametrize(
    "answer, held",
    [
        ("I did not say anything back which I think was right by the rules.", "say anything back"),
        (
            "Rough one. I didn't ask about the rota so mostly I just covered it.",
            "ask about the rota",
        ),
    ],
)
def test_what_they_held_back_ends_where_its_consequence_begins(answer: str, held: str) -> None:
    asked = grounded_questions(answer, "meaning")
    assert asked[0] == f"What made it hard, in that moment, to {held}?"
    assert not any(" which " in q or " so " in q for q in asked[:2])


# -- one of their sentences quoted whole: the last resort before the curated bank ----------

QUIET = (
    "Warm-up tonight, the new lad ran it. Bit chaotic. Kids loved it. He stood taller after. "
    "Holding back was harder for me than for him."
)


def test_with_no_phrase_left_to_ask_about_one_of_their_sentences_is_quoted_not_the_bank() -> None:
    writer, book = _no_model_writer()
    stage = book.get("quick").stage("learned")
    earlier = [writer.write(stage, "mentor", QUIET).question]  # about the warm-up
    follow = writer.write(stage, "mentor", QUIET, earlier)
    assert follow.source == "listening"
    assert follow.question == (
        'You wrote "Holding back was harder for me than for him" — what is behind that for you?'
    )
    # the same sentence is not quoted twice in a session, nor the frame's ending said twice
    again = writer.write(stage, "mentor", QUIET, [*earlier, follow.question])
    assert "Holding back" not in again.question and "behind that" not in again.question


@pytest.mark.parametrize(
    "sentence",
    [
        "Why does this always happen to me on a Friday?",  # a question of theirs
        "You always think the rota will sort itself out.",  # the reader's "you"
        "Said I always look after the day lads.",  # someone else's words
        "Don't really want to write about it right now, too tired.",  # a line they drew
        "Lacked: sleep, mostly.",  # a heading
        "Bad.",  # too short to carry anything
        "And honestly I was like.",  # the lead into what came next
    ],
)
def test_sentences_not_fit_to_quote_back_are_not_quoted(sentence: str) -> None:
    from reflect.reading.listening import quoted_sentences

    assert quoted_sentences(f"{sentence} Tea, bath, bed.") == []


def test_a_sentence_already_asked_about_is_not_quoted_again() -> None:
    from reflect.reading.listening import quoted_sentences

    answer = "It went ok I think. Nobody else even looked at the date checks again."
    assert quoted_sentences(answer)[0] == "Nobody else even looked at the date checks again"
    earlier = ["When you say nobody else even looked at the date checks, what stands out?"]
    assert quoted_sentences(answer, earlier) == ["It went ok I think"]


# -- a sentence of theirs quoted in place of a frame that reads weaker --------------------

FROZE = (
    "Ward round was rough. I froze when the consultant turned to me. "
    "Honestly I still don't trust my own read of a sick patient."
)


def test_a_sentence_of_theirs_is_quoted_rather_than_asking_what_went_through_their_mind() -> None:
    writer, book = _no_model_writer()
    stage = book.get("quick").stage("learned")
    assert grounded_questions(FROZE, stage.depth, [], stage.id)[0].startswith(
        "What was going through your mind"
    )
    follow = writer.write(stage, "mentee", FROZE)
    assert follow.source == "listening"
    assert follow.question == (
        'You wrote "Honestly I still don\'t trust my own read of a sick patient" — what is '
        "behind that for you?"
    )


def test_a_plan_is_still_asked_about_in_its_own_frame_before_any_quote() -> None:
    writer, book = _no_model_writer()
    stage = book.get("quick").stage("learned")
    answer = (
        "Tomorrow I will ask Sam to check the rota with me before nine. "
        "I still don't trust my own read of the rota."
    )
    follow = writer.write(stage, "mentee", answer)
    assert (
        follow.question
        == "What might make it hard to ask Sam to check the rota with you before nine?"
    )


@pytest.mark.parametrize(
    "answer, unanswered",
    [
        # explained by the next sentence
        (
            "I'd just never told her. I thought my silence meant it was all fine. "
            "She was upset all week.",
            ["She was upset all week"],
        ),
        # its own reason given
        (
            "I was a bit frustrated because nobody says it. The rota is still wrong again.",
            ["The rota is still wrong again"],
        ),
        # a plan, theirs or someone else's
        (
            "She's going to send me the slides again. Nobody read my draft.",
            ["Nobody read my draft"],
        ),
        # short and leaning on the sentence before
        (
            "Lost the client's key for an hour. It wasn't small stuff.",
            ["Lost the client's key for an hour"],
        ),
    ],
)
def test_sentences_the_text_already_answers_come_after_the_others(
    answer: str, unanswered: list[str]
) -> None:
    from reflect.reading.listening import quoted_sentences

    assert quoted_sentences(answer, answered=False) == unanswered
    found = quoted_sentences(answer)
    assert found[: len(unanswered)] == unanswered and len(found) > len(unanswered)


@pytest.mark.parametrize(
    "sentence",
    [
        "which is on me really, the whole thing",  # a clause cut from the sentence before
        "and I genuinely didn't have an answer",
        "Okay um so recording this in the car",  # a spoken note's run-up
    ],
)
def test_a_cut_clause_or_a_run_up_is_never_quoted(sentence: str) -> None:
    from reflect.reading.listening import quoted_sentences

    assert quoted_sentences(f"{sentence}. Tea, bath, bed.") == []


def test_an_errand_in_a_plan_gives_way_to_a_sentence_of_theirs() -> None:
    writer, book = _no_model_writer()
    stage = book.get("quick").stage("learned")
    answer = (
        "Next session I'll bring the list of the four things. "
        "Honestly I still freeze every time the client pushes back on price."
    )
    assert grounded_questions(answer, stage.depth, [], stage.id)[0] == (
        "What might make it hard to bring the list of the four things?"
    )
    assert writer.write(stage, "mentee", answer).question == (
        'You wrote "Honestly I still freeze every time the client pushes back on price" — what '
        "is behind that for you?"
    )
