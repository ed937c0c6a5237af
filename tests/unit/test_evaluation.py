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


def test_each_writers_search_scores_pool_with_every_query_weighing_the_same() -> None:
    from reflect.engine.retrieval_eval import RetrievalScore, pooled

    small = RetrievalScore("heldout", 2, 1.0, 1.0, 1.0, ("a",))
    large = RetrievalScore("heldout", 6, 0.5, 0.5, 0.25, ("b", "c"))
    both = pooled([small, large], "heldout")
    assert (both.queries, both.journal, both.misses) == (8, "by writer", ("a", "b", "c"))
    assert abs(both.recall_at_5 - 0.625) < 1e-9 and abs(both.mrr - 0.4375) < 1e-9
    assert both.to_json()["journal"] == "by writer"


def test_a_writers_own_journal_holds_only_that_writers_entries_and_queries() -> None:
    """Set a's entries are wa01…, set ae's wae01…: one must not pull in the other."""
    from reflect.engine.evaluation import SEARCH_PARTS, load_queries, load_reflections
    from reflect.engine.retrieval_eval import writer_of

    assert [writer_of(i) for i in ("wa07", "wae12", "wc30", "wai01")] == ["a", "ae", "c", "ai"]
    names = {part.rsplit("_", 1)[-1] for part in SEARCH_PARTS}
    for item in load_reflections("all", SEARCH_PARTS):
        assert writer_of(item["id"]) in names
    for query in load_queries("all"):  # every query's entries are its own writer's
        assert len({writer_of(i) for i in query["relevant"]}) == 1


def test_every_labelled_text_answers_a_stage_its_template_has() -> None:
    """`reflect eval --split dev` asks each text's follow-up at its stage: a stage written
    as "quick/what" (set ad had thirty) stopped the run with a template error."""
    from reflect.engine.evaluation import load_reflections
    from reflect.templates import TemplateBook

    book = TemplateBook(None)
    for item in load_reflections("all"):
        book.get(item["template"]).stage(item["stage"])  # raises on an unknown stage
        for span in [c["span"] for c in item["commitments"]] + item["lesson"]:
            assert span in item["text"], (item["id"], span)


def test_a_commitment_said_twice_and_kept_twice_counts_once_found_once_repeated() -> None:
    """A session may word one plan in a follow-up's reply and again at "next": keeping
    both is a repeat, not a second commitment found."""
    from reflect.engine.evaluation import matched_commitments

    labels = [
        ["ask Dana to watch my first hour on the till", "get Dana to watch me on the till"],
        ["write the allergen list on the board"],
    ]
    said = [
        "ask Dana to watch my first hour on the till",
        "get Dana to watch me on the till",
        "bring biscuits on Friday",
    ]
    assert matched_commitments(labels, said) == (1, 1)
    assert matched_commitments(labels, []) == (0, 0)


def test_every_labelled_session_is_a_template_run_its_labels_quote() -> None:
    """Each session's turns answer stages of its template, and every labelled span and
    lesson sentence is in one of its answers, as `reflect eval` scores them."""
    from reflect.engine.evaluation import load_sessions, session_entry
    from reflect.templates import TemplateBook

    book = TemplateBook(None)
    sessions = load_sessions("all")
    assert {s["split"] for s in sessions} == {"dev", "heldout"}
    for item in sessions:
        template = book.get(item["template"])
        for turn in item["turns"]:
            template.stage(turn["stage"])  # raises on an unknown stage
        answers = [t.answer for _, t in session_entry(item).answers()]
        spans = [s for c in item["commitments"] for s in c["spans"]] + item["lesson"]
        for span in spans:
            assert any(span in a for a in answers), (item["id"], span)
