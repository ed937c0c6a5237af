"""Action items: what a person said they will do, and never what they only wished."""

from __future__ import annotations

import pytest

from reflect.commitments import find_commitments


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        (
            "Next week I'm going to count to five after every question.",
            "mentee",
            [("count to five after every question", "mentee", "Next week")],
        ),
        (
            "I'll send the draft to my mentor by Friday.",
            "mentee",
            [("send the draft to my mentor", "mentee", "by Friday")],
        ),
        (
            "We'll both review the plan on the 28th.",
            "peer",
            [("review the plan", "both", "on the 28th")],
        ),
        (
            "My mentee agreed to send me her plan by Wednesday, and I'll give comments.",
            "mentor",
            [("send me her plan", "mentee", "by Wednesday"), ("give comments", "mentor", None)],
        ),
        (
            "We agreed that she would write her thresholds on a card.",
            "mentor",
            [("write her thresholds on a card", "mentee", None)],
        ),
        (
            "By Friday I need to rebuild my forecast.",
            "mentee",
            [("rebuild my forecast", "mentee", "By Friday")],
        ),
    ],
)
def test_stated_commitments_are_found_with_owner_and_due(
    text: str, role: str, expected: list[tuple[str, str, str | None]]
) -> None:
    found = [(c.text, c.owner, c.due) for c in find_commitments(text, role)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Last time I said I would block out mornings, and I did.",
        "If I were braver I would ask my manager for the project.",
        "I wish I had prepared more examples.",
        "My mentor suggested I try writing the discussion first.",
        "I could maybe try that sometime.",
        "I had planned to ask the charge nurse, but I sorted it myself.",
        "I honestly don't know what I'll do next.",
        "Partner-b mentioned she's going to try the format with her team.",
        "We met at ten and went through the results.",
    ],
)
def test_no_action_item_is_invented(text: str) -> None:
    assert find_commitments(text, "mentee") == []
