"""The follow-up request keeps what changes every turn at its end (the bench's turn-10 row)."""

from __future__ import annotations

from reflect.llm.prompting import followup_request


def test_what_they_were_asked_comes_after_their_answer_so_later_turns_reuse_the_prompt() -> None:
    answer = "I dropped the rota talk and asked her what she needed first. It went better."
    first = followup_request("chat", "mentee", "What happened?", answer)
    tenth = followup_request("chat", "mentee", "What made you ask her first?", answer)
    one, ten = first.messages[-1]["content"], tenth.messages[-1]["content"]
    shared = len(one[: one.index(answer) + len(answer)])
    assert one[:shared] == ten[:shared]  # identical through the answer
    assert "What made you ask her first?" in ten[shared:]
