"""How `reflect eval` scores an insight against the labelled lesson."""

from __future__ import annotations

from reflect.engine.evaluation import lesson_right

GOLD = [
    "Spotting the problem is only half of an intervention.",
    "I prepare to raise a concern but not to defend a recommendation.",
]


def test_a_lesson_in_two_labelled_sentences_is_right() -> None:
    assert lesson_right(GOLD, " ".join(GOLD))


def test_a_lesson_padded_with_the_scene_is_wrong_once_the_scene_is_most_of_it() -> None:
    scene = "Ward round on Tuesday. The consultant asked me in front of the team. He moved on."
    assert lesson_right(GOLD, f"{GOLD[0]} The consultant asked me in front of the team.")
    assert not lesson_right(GOLD, f"{GOLD[0]} {scene}")


def test_no_lesson_is_right_only_when_none_is_labelled() -> None:
    assert lesson_right([], "")
    assert not lesson_right([], "Ward round on Tuesday went fine.")
    assert not lesson_right(GOLD, "")
