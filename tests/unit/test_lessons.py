"""The insight is the lesson: not the scene, not the feeling, not the plan, or none at all."""

from __future__ import annotations

import pytest

from reflect.reading.lessons import pick_lesson


@pytest.mark.parametrize(
    ("text", "lesson"),
    [
        (
            "Let's say there are two people who are waiting for a third person. Nobody knows "
            "who is meant to call. That is what happened on the ward on Tuesday and the "
            "bloods were late. What I took from it is that you repeat the order back before "
            "moving on, every time.",
            "What I took from it is that you repeat the order back before moving on, every time.",
        ),
        (
            "We reworked the onboarding doc over two weeks. I'm feeling satisfied that we "
            "decided to put in the work. In the end I realised that new people need the why "
            "before the how.",
            "In the end I realised that new people need the why before the how.",
        ),
        (
            "Description:\nI taught year 9 on my own for the first time.\nFeelings:\nI was "
            "terrified.\nConclusion:\nThe class calmed down when I stopped talking over them, "
            "so silence works better than volume.\nAction plan:\n- Wait for quiet before I start",
            "The class calmed down when I stopped talking over them, so silence works better "
            "than volume.",
        ),
        (
            "Asking her which comments were useful made it work; I stopped guessing.",
            "Asking her which comments were useful made it work; I stopped guessing.",
        ),
    ],
)
def test_the_lesson_sentence_is_picked(text: str, lesson: str) -> None:
    assert pick_lesson(text).text == lesson


@pytest.mark.parametrize(
    "text",
    [
        "Long shift. Three admissions before ten, the printer broke, and the relatives in "
        "bay 2 wanted the consultant. We got through it and I went home.",
        "Stand-up ran over again. The PM talked for twenty minutes about the roadmap and "
        "then we all went back to our desks.",
    ],
)
def test_a_text_with_no_lesson_has_none(text: str) -> None:
    assert not pick_lesson(text)


def test_a_lead_in_that_names_the_lesson_points_at_the_line_after_it() -> None:
    text = (
        "Long week with the new cohort, lots of marking and not much else.\n"
        "What I'm taking from this:\n"
        "- questions go stale if I wait two weeks to ask them\n"
        "- book the room earlier"
    )
    assert pick_lesson(text, ["takeaway"]).text == (
        "questions go stale if I wait two weeks to ask them"
    )


def test_a_lesson_stated_in_two_sentences_is_kept_whole_in_the_order_written() -> None:
    text = (
        "Ward round on Tuesday went badly when the consultant asked what I'd suggest. "
        "I think the problem is I prepare to raise a concern but not to defend a "
        "recommendation. Those are different jobs. In the end I realised that spotting the "
        "problem is only half of it; the other half is having the alternative ready."
    )
    lesson = pick_lesson(text, ["learned"]).text
    assert lesson == (
        "I think the problem is I prepare to raise a concern but not to defend a "
        "recommendation. In the end I realised that spotting the problem is only half of it; "
        "the other half is having the alternative ready."
    )


def test_a_plan_in_a_list_is_not_the_lesson() -> None:
    text = "What I'm taking away:\n- book the room for the debrief earlier\n- send the notes"
    assert "book the room" not in pick_lesson(text, ["takeaway"]).text


def test_a_wish_is_not_the_lesson() -> None:
    text = (
        "Third week of covering the late shift and I'm shattered. The rota went up on Friday "
        "with my name on every Saturday again. I didn't say anything. I wish someone would "
        "just notice without me having to make a thing of it."
    )
    assert not pick_lesson(text, ["how-it-went"])


def test_a_learned_label_marks_the_lesson() -> None:
    text = (
        "Paired with partner-b on the checkout tests all afternoon, swapped every 25 mins. "
        "She found two bugs I'd have walked past. Learned: when I drive and she navigates, "
        "I test faster but narrower. Anyway, more of that next sprint probably."
    )
    assert pick_lesson(text, ["longed-for"]).text == (
        "when I drive and she navigates, I test faster but narrower."
    )


def test_a_short_contrast_after_the_story_is_the_lesson() -> None:
    text = (
        "Ladder drill, two storey, 6 min 20. Pitch was fine. We lost time at the window "
        "because we both went for the sill at once and then both stepped back. No clear call "
        "on who goes in. I think we'd assumed it, not said it."
    )
    assert pick_lesson(text, ["why"]).text == "I think we'd assumed it, not said it."


@pytest.mark.parametrize(
    "text",
    [
        "What happened: a caller shouted at me for ten minutes about a car alarm. I don't have "
        "a learning point for this. I just needed to write it down.",
        "Felt like a kid in her mum's work clothes. Not sure what I learned, other than that my "
        "voice still goes up when I'm nervous.",
        "I'm not going to pretend there's a learning here. Head office decides and the store "
        "takes the blame, that is how it is.",
    ],
)
def test_when_the_writer_says_there_is_no_lesson_the_insight_is_none(text: str) -> None:
    assert not pick_lesson(text, ["learned"])


def test_a_plain_lesson_still_stands_beside_a_doubt_about_another() -> None:
    text = (
        "Not sure there was a lesson in the first half. But I realised that the checklist only "
        "works if I read it out loud, not in my head."
    )
    assert "read it out loud" in pick_lesson(text, ["learned"]).text


def test_a_mentors_words_the_writer_took_on_are_the_lesson() -> None:
    text = (
        "Correction ran today on the council piece. I quoted him accurately, I have the "
        "recording. My editor said accuracy is the floor, not the ceiling, and I've been "
        "chewing on that all evening. I'm not sure yet what I do differently."
    )
    assert pick_lesson(text, ["so-what"]).text.startswith("My editor said accuracy is the floor")


def test_a_lone_generalisation_at_a_lesson_stage_is_the_lesson_and_is_asked_about() -> None:
    from reflect.reading.listening import grounded_questions

    answer = (
        "Letting the less experienced person drive is how they learn, and fresh eyes see "
        "what I skip."
    )
    assert pick_lesson(answer, ["learned"]).text == answer
    first = grounded_questions(answer, "meaning", stage_id="learned")[0]
    assert "letting the less experienced person drive is how they learn" in first.lower()


def test_a_lesson_stated_over_two_sentences_is_kept_whole() -> None:
    text = (
        "Night shift, the new starter kept asking me where things were and I kept just "
        "fetching them for her. By 3am she had stopped asking and was standing by the desk. "
        "I think what I learned is that fetching it for her taught her to wait for me. "
        "Showing someone the cupboard once saves you both the whole night."
    )
    lesson = pick_lesson(text, ["learned"]).text
    assert lesson.startswith("I think what I learned is that fetching it for her")
    assert lesson.endswith("Showing someone the cupboard once saves you both the whole night.")
    assert "3am" not in lesson


def test_a_diary_that_starts_with_learned_that_states_its_lesson() -> None:
    text = (
        "Long shift, two admissions before lunch. Learned that asking the reg early isn't "
        "weakness, she was glad I rang. Home by eight."
    )
    assert pick_lesson(text, ["what"]).text.startswith("Learned that asking the reg early")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "She said people forgive the mistake, its the wriggling they dont forgive, and I "
            "think thats the bit Im keeping. Anyway, long day.",
            "She said people forgive the mistake",
        ),
        (
            "Third time this month. lesson for me: test in the sandbox even when it's 'just a "
            "tweak'. Going home.",
            "lesson for me",
        ),
        (
            "Busy week. I think what I've sort of worked out is I keep saying yes because I'm "
            "scared the work will dry up.",
            "I think what I've sort of worked out",
        ),
    ],
)
def test_lessons_stated_in_a_hurry(text: str, start: str) -> None:
    assert pick_lesson(text, ["what"]).text.startswith(start)


def test_saying_you_dont_know_what_you_learned_is_no_lesson() -> None:
    text = "The tenant rang again about the boiler. I don't know what I learned from it, honestly."
    assert not pick_lesson(text, ["learned"])


def test_a_hedge_is_not_the_lesson() -> None:
    text = (
        "Had my first review with the new lead today. He went through the deck slide by slide "
        "and kept saying 'this is not how we do things here'. I nodded. Maybe I am too "
        "sensitive, dont know."
    )
    assert pick_lesson(text, ["concerns"]).text == ""


def test_why_it_worked_is_the_lesson_and_another_job_is_not() -> None:
    text = (
        "Ran the calibration with the new starter today. I let him talk me through his own "
        "call first before I said anything. I think it worked because he got to be the expert "
        "on his own call first. If I ran the training I'd put that in the handbook, but it's "
        "not my call."
    )
    assert pick_lesson(text, ["session"]).text == (
        "I think it worked because he got to be the expert on his own call first."
    )


def test_what_they_lacked_at_a_4ls_stage_is_not_a_lesson() -> None:
    text = (
        "I lacked also the words the pastry team is using, because they learned in Lyon and I "
        "learned in Porto, and I feel stupid to ask when I know what it is."
    )
    assert pick_lesson(text, ["lacked"]).text == ""


def test_the_fitted_weights_match_the_features_and_the_default_embedder() -> None:
    # a feature added without refitting (`python -m tests.train_lessons`) would silently
    # send every summary back to the hand-weighted rules
    from reflect.llm.embedders import MINILM
    from reflect.reading import lesson_weights
    from reflect.reading.lessons import FEATURES, picker_for

    assert MINILM.name == lesson_weights.EMBEDDER
    assert picker_for(MINILM.name, len(FEATURES) + 384) is not None


def test_the_insight_is_ranked_by_the_sentence_it_rests_on_not_by_a_barred_one() -> None:
    # A summary ranks each answer's insight by its score: a "no lesson here" sentence the
    # picker scored highly, but could never choose, must not lift its answer's rank.
    from reflect.reading.lessons import FEATURES, select

    texts = [
        "Honestly there's no lesson here.",
        "Asking her first made it work.",
        "We had lunch.",
    ]
    rows = [[0.0] * len(FEATURES) for _ in texts]
    rows[0][FEATURES.index("denied")] = 1.0
    insight, chance = select(texts, rows, [0.95, 0.6, 0.1], 0.3, 0.2, 0.3)
    assert insight == "Asking her first made it work."
    assert chance == 0.6
