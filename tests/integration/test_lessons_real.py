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
