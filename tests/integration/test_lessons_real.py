"""The lesson picker with the real embedder: a lesson said without any cue phrase is found
by what it means, and a story is still not taken for a lesson."""

from __future__ import annotations

from reflect.reading.lessons import pick_lesson


def test_a_lesson_with_no_cue_phrase_is_found_by_its_meaning(real_embedder: object) -> None:
    text = (
        "We had the retro on Thursday in the big room. Nobody spoke for the first ten "
        "minutes. People only open up once they trust that the silence is theirs to fill."
    )
    assert not pick_lesson(text)  # the rules alone hear no lesson in it
    found = pick_lesson(text, embedder=real_embedder)  # type: ignore[arg-type]
    assert found.text == "People only open up once they trust that the silence is theirs to fill."


def test_a_story_without_a_lesson_stays_without_one(real_embedder: object) -> None:
    text = (
        "Long shift. Three admissions before ten, the printer broke, and the relatives in "
        "bay 2 wanted the consultant. We got through it and I went home."
    )
    assert not pick_lesson(text, embedder=real_embedder)  # type: ignore[arg-type]


# The fitted picker (used with this embedder) on the shapes real writing takes: the
# lesson under a heading, in a list, after the scene; none in a story or a denial.
FITTED_CASES = [
    (
        "Description:\nI taught year 9 on my own for the first time.\nFeelings:\nI was "
        "terrified.\nConclusion:\nThe class calmed down when I stopped talking over them, so "
        "silence works better than volume.\nAction plan:\n- Wait for quiet before I start",
        "silence works better than volume",
    ),
    (
        "Let's say there are two people who are waiting for a third person. Nobody knows who "
        "is meant to call. That is what happened on the ward on Tuesday and the bloods were "
        "late. What I took from it is that you repeat the order back before moving on, every "
        "time.",
        "repeat the order back before moving on",
    ),
    (
        "What I'm taking from this:\n- people need the reason before the instructions\n- book "
        "the room earlier",
        "people need the reason before the instructions",
    ),
]


def test_the_fitted_picker_finds_the_lesson_under_a_heading_in_a_list_and_after_the_scene(
    real_embedder: object,
) -> None:
    from reflect.reading.lessons import FEATURES, picker_for

    assert picker_for(real_embedder.name, len(FEATURES) + 384) is not None  # type: ignore[attr-defined]
    for text, lesson in FITTED_CASES:
        found = pick_lesson(text, ["takeaway"], embedder=real_embedder)  # type: ignore[arg-type]
        assert lesson in found.text, text
        assert "book the room" not in found.text and "Wait for quiet" not in found.text


def test_the_fitted_picker_hears_no_lesson_in_a_story_or_a_denial(real_embedder: object) -> None:
    for text in (
        "Stand-up ran over again. The PM talked for twenty minutes about the roadmap and then "
        "we all went back to our desks.",
        "What happened: a caller shouted at me for ten minutes about a car alarm. I don't have "
        "a learning point for this. I just needed to write it down.",
        "I'm not going to pretend there's a learning here. Head office decides and the store "
        "takes the blame, that is how it is.",
    ):
        assert not pick_lesson(text, ["so-what"], embedder=real_embedder), text  # type: ignore[arg-type]


def test_another_embedder_falls_back_to_the_rules() -> None:
    from reflect.reading.lessons import FEATURES, picker_for

    assert picker_for("all-mpnet-base-v2", len(FEATURES) + 768) is None
    assert picker_for("all-MiniLM-L6-v2", len(FEATURES) + 768) is None
