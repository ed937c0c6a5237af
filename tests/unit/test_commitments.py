"""Action items: what a person said they will do, and never what they only wished."""

from __future__ import annotations

import pytest

from reflect.reading.commitments import find_commitments


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        (
            "Next week I'm going to count to five after every question.",
            "mentee",
            [("count to five after every question", "mentee", "next week")],
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
            [("rebuild my forecast", "mentee", "by Friday")],
        ),
        (  # a due opening the sentence reads as said mid-sentence; a day keeps its capital
            "On Tuesday morning I'll ring the supplier about the missing boxes.",
            "mentee",
            [("ring the supplier about the missing boxes", "mentee", "on Tuesday morning")],
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the forms real reflections use
        (
            "Next time I'd write the obs on the board before handover.",
            ["write the obs on the board before handover"],
        ),
        ("I should even write it down.", ["write it down"]),
        ("From now on I ask which comments were useful.", ["ask which comments were useful"]),
        (
            "Going forward, I want to start every 1:1 with their agenda.",
            ["start every 1:1 with their agenda"],
        ),
        ("My approach now is to ask before I fix anything.", ["ask before I fix anything"]),
        (
            "I must double-check the chart before the ward round.",
            ["double-check the chart before the ward round"],
        ),
        ("I have to remember to eat something on nights.", ["eat something on nights"]),
        (
            "The plan is to shadow the triage nurse for two shifts.",
            ["shadow the triage nurse for two shifts"],
        ),
        ("I'm gonna book the room myself this time.", ["book the room myself this time"]),
        (
            "Now my approach to reviews follows a few principles: ask questions instead of "
            "making statements, keep it to three comments, and praise one thing.",
            [
                "ask questions instead of making statements",
                "keep it to three comments",
                "praise one thing",
            ],
        ),
        (
            "Description: the handover ran late.\nAction plan:\n"
            "- Ask for a debrief after every shift\n"
            "- Read the sepsis guideline by Friday",
            ["Ask for a debrief after every shift", "Read the sepsis guideline"],
        ),
        (
            "Evaluation: it went badly. Action plan: I will book a slot with the educator.",
            ["book a slot with the educator"],
        ),
    ],
)
def test_every_form_of_commitment_is_found(text: str, expected: list[str]) -> None:
    assert [c.text for c in find_commitments(text, "mentee")] == expected


@pytest.mark.parametrize(
    "text",
    [
        # predictions and consequences
        "I will forget what he has said by tomorrow.",
        "I will probably be nervous again on Monday.",
        "It will be chaos again next week, the rota is a mess.",
        # hypotheticals
        "If I were in charge I would cancel the stand-up.",
        # regrets, not plans
        "I should have asked for help much earlier.",
        "I could have pushed back on the estimate.",
        # other people's plans
        "My mentor will send me the article.",
        "The ward manager is going to change the rota.",
        "My lead said she'll set up the meeting.",
        # asides and doubts
        "I have to admit it went better than I thought.",
        "I'm not sure if I'll manage it.",
        "What will I do if it happens again?",
    ],
)
def test_predictions_regrets_and_other_peoples_plans_are_not_commitments(text: str) -> None:
    assert find_commitments(text, "mentee") == []


def test_the_same_commitment_written_twice_is_one_item() -> None:
    text = (
        "Next review I will pick the two points that matter most. "
        "So yes: I will pick the two points that matter most next review."
    )
    assert len(find_commitments(text, "mentee")) == 1


def test_each_commitment_keeps_the_words_that_state_it() -> None:
    text = "It was a long week. Next time I'd write the obs on the board before handover."
    (found,) = find_commitments(text, "mentee")
    assert found.span == "Next time I'd write the obs on the board before handover"
    assert found.span in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wants that name an action
        (
            "It keeps drifting. I want to bring the drift itself to the retro on Friday, not as "
            "blame.",
            ["I want to bring the drift itself to the retro on Friday"],
        ),
        # the subject dropped, with "also" in front
        (
            "Also going to try to not spend the first ten minutes apologising.",
            ["Also going to try to not spend the first ten minutes apologising"],
        ),
        # a second action after a comma, its subject dropped
        (
            "Going forward I'm going to wait a day before saying yes to anything, and answer "
            "with a date.",
            [
                "Going forward I'm going to wait a day before saying yes to anything",
                "answer with a date",
            ],
        ),
        # a plan that quotes the question the person will ask
        (
            "I will prepare a sentence like 'Sorry, could you say the question again?",
            ["I will prepare a sentence like 'Sorry, could you say the question again?"],
        ),
        # "ask … whether" in a list is the action, not a doubt
        (
            "Next steps from today:\n- ask my manager in the 1:1 whether I can lead the migration",
            ["ask my manager in the 1:1 whether I can lead the migration"],
        ),
        # a request in any list
        (
            "Things for Thursday:\n- the caseload\n- ask the senior how she writes notes so fast",
            ["ask the senior how she writes notes so fast"],
        ),
        # what it is for is not part of the commitment
        (
            "I'm going to bring the draft report printed so we can look at it together.",
            ["I'm going to bring the draft report printed"],
        ),
    ],
)
def test_more_forms_keep_their_own_words(text: str, expected: list[str]) -> None:
    spans = [c.span for c in find_commitments(text, "mentee")]
    assert spans == expected
    assert all(span in text for span in spans)


def test_an_answer_to_what_next_is_a_plan_in_the_imperative() -> None:
    text = "Book the practice slot before Friday and actually turn up. Also print the sheet."
    assert find_commitments(text, "mentee") == []  # read anywhere else, an instruction
    found = find_commitments(text, "mentee", plan=True)
    assert [(c.span, c.due) for c in found] == [
        ("Book the practice slot before Friday and actually turn up", "before Friday"),
        ("print the sheet", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The check only protects the patient if it comes before I commit to anything.",
        "I'll believe it when I see it.",
        "Things that went well:\n- ask-and-answer rounds were lively",
    ],
)
def test_more_things_that_are_not_commitments(text: str) -> None:
    assert find_commitments(text, "mentee") == []


@pytest.mark.parametrize(
    ("text", "plan", "expected"),
    [
        # a plan's own lines may start with any verb, not only the ones a list knows
        (
            "Improve:\n- carry the hydrant bar with the key, not in the locker\n"
            "- loop and tape every line twice before any move",
            False,
            [
                "carry the hydrant bar with the key, not in the locker",
                "loop and tape every line twice before any move",
            ],
        ),
        # when first, then what
        (
            "For me to do:\n1. Monday — ask him to run the 10pm briefing himself",
            False,
            ["ask him to run the 10pm briefing himself"],
        ),
        (
            "- by Friday, ask both senior agents if they want to take 15 calls each",
            True,
            ["ask both senior agents if they want to take 15 calls each"],
        ),
        # typed in lower case, subject dropped, as in a chat message
        (
            "not happening. will send the revised list tonight so you can check it",
            False,
            ["will send the revised list tonight"],
        ),
        # a plan not to do something, quoted with the condition it was made with
        (
            "I'm not going to redo it afterwards even if it's not how I'd have done it.",
            False,
            ["I'm not going to redo it afterwards even if it's not how I'd have done it"],
        ),
        # an aside between two dashes is part of the plan
        (
            "Going forward I'll comment with questions — \"what's your argument?\" — rather "
            "than rewriting her sentences.",
            False,
            [
                "Going forward I'll comment with questions — \"what's your argument?\" — rather "
                "than rewriting her sentences"
            ],
        ),
    ],
)
def test_plans_in_notes_lists_and_chat_keep_their_words(
    text: str, plan: bool, expected: list[str]
) -> None:
    spans = [c.span for c in find_commitments(text, "mentee", plan=plan)]
    assert spans == expected
    assert all(span in text for span in spans)


@pytest.mark.parametrize(
    "text",
    [
        "It'll probably be the same next week, she will ask and I will say yes.",
        "She's going to try the split next time, she said.",
        "Let's see if it survives the next festival.",
        "Action plan:\n- Plan stayed at CP for another three months",
    ],
)
def test_predictions_waits_and_reports_in_a_plan_are_not_commitments(text: str) -> None:
    assert find_commitments(text, "mentee", plan=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a long sentence: the worry and the suggestion are another clause's
        (
            "My supervisor suggested I script the first two minutes, and honestly I think "
            "that's right, so I'll draft one before Tuesday's clinic.",
            ["draft one"],
        ),
        (
            "ok so she was really frightened and I didn't know what she was worried about and "
            "then the nurse just asked her name and I'm gonna try asking people their name at "
            "the start of every transfer",
            ["try asking people their name at the start of every transfer"],
        ),
        ("I owe her the synthesis template by fri.", ["owe her the synthesis template by fri"]),
        (
            "Flaky again. gonna rerun just the flaky one three times.",
            ["rerun just the flaky one three times"],
        ),
    ],
)
def test_plans_in_long_sentences_and_loose_words_are_found(text: str, expected: list[str]) -> None:
    assert [c.text for c in find_commitments(text, "mentee")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "He reckons I'll be fitting the whole kitchen on the next one.",
        "I'll hate it for the first week, I know that.",
        "She's right that I should n't be both chairing and note-taking.",
    ],
)
def test_beliefs_about_me_and_predictions_of_feelings_are_not_commitments(text: str) -> None:
    assert find_commitments(text, "mentee") == []


def test_a_quotation_in_a_plan_is_kept_whole() -> None:
    text = (
        "From now on I'll say 'not checked yet, I'll find out by ten' instead of guessing, "
        "and I'm going to ask partner-b to listen to my handover on Thursday."
    )
    first, second = find_commitments(text, "mentee")
    assert first.text == "say 'not checked yet, I'll find out by ten'"
    assert second.text == "ask partner-b to listen to my handover"


@pytest.mark.parametrize(
    ("text", "plan", "expected"),
    [
        # present tense, as people write in a hurry or in a second language
        (
            "today again I do the pick myself. tomorrow I let him do the whole order, I just "
            "check at the end. no more grabbing the scanner",
            False,
            [
                "tomorrow I let him do the whole order, I just check at the end",
                "no more grabbing the scanner",
            ],
        ),
        (
            "From now I read feedback two times, and next day I answer.",
            False,
            ["From now I read feedback two times, and next day I answer"],
        ),
        # start / stop / continue headings, their items in gerund form
        (
            'Start / Stop / Continue, after my review.\n\nStop\n- saying "leave it with me" '
            "unless I'm writing it down\n\nContinue\n- running the Friday huddle",
            False,
            ['saying "leave it with me" unless I\'m writing it down', "running the Friday huddle"],
        ),
        # a colon that starts explaining the plan ends its words
        (
            "I'll sit down with her for ten minutes and agree a prompt: I give one verbal cue "
            "first, then I demonstrate one test.",
            False,
            ["I'll sit down with her for ten minutes and agree a prompt"],
        ),
    ],
)
def test_present_tense_plans_and_plan_headings_are_found(
    text: str, plan: bool, expected: list[str]
) -> None:
    spans = [c.span for c in find_commitments(text, "mentee", plan=plan)]
    assert spans == expected


@pytest.mark.parametrize(
    "text",
    [
        # a brainstorm lists what they might do, not what they will
        "Options (brainstorm with my mentor, not all good):\n- keep going and swallow it\n"
        "- send a change request for everything past the original three items",
        # what they will know is a consequence of the plan, not a second plan
        "I want the policy clear, so next time I know the answer.",
    ],
)
def test_options_and_what_they_will_know_are_not_commitments(text: str) -> None:
    assert find_commitments(text, "mentee") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lines right under "Things we agreed:" are its items, verb or not
        (
            "Things we agreed:\nI'm not taking calls on my lunch break any more.\n"
            "Handover notes at the desk, not in the corridor.",
            [
                "I'm not taking calls on my lunch break any more",
                "Handover notes at the desk, not in the corridor",
            ],
        ),
        # a rule for myself, its condition without a comma
        (
            "Plan\n- when a batch fails I ring the supervisor the same hour, even if it is late",
            ["when a batch fails I ring the supervisor the same hour, even if it is late"],
        ),
        (
            "The rule I'm making is if a ticket bounces back twice I hand it to second line.",
            ["The rule I'm making is if a ticket bounces back twice I hand it to second line"],
        ),
        # the cue after the plan, a diary's dropped subject, a lead-in before a bare plan
        (
            "Senior showed me the trick. Checking the seals every morning from now on.",
            ["Checking the seals every morning from now on"],
        ),
        (
            "anyway going to book the refresher course by the end of the month",
            ["going to book the refresher course by the end of the month"],
        ),
        (
            "I keep circling it.\n\nSo: phone her on Monday and ask what she needs from me.",
            ["phone her on Monday and ask what she needs from me"],
        ),
        # a two-word plan under "Stop:", and a list headed by when it is for
        ("Stop:\n- stop apologising. It makes it worse.", ["stop apologising"]),
        (
            "For Friday:\n- check whether he wants me in the room or not, his choice",
            ["check whether he wants me in the room or not, his choice"],
        ),
        (
            "What I'm doing about it:\n1. raise the rota gap at the staff meeting on the 9th",
            ["raise the rota gap at the staff meeting on the 9th"],
        ),
    ],
)
def test_plans_in_the_shapes_people_write_them(text: str, expected: list[str]) -> None:
    assert [c.span for c in find_commitments(text, "mentee")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "My partner has stopped asking what time I'll be home.",
        "Half of the reports I must nearly rewrite myself.",
        "They offered me the course in spring and I should think about it. Not sure.",
        "Note to self so I don't lose it before Thursday.",
        "Ideas we had:\n- a shared calendar, not a spreadsheet",
        # what someone else says I must do, and a habit mocked
        "The rota office say I need to sort the cover myself.",
        "Every handover I'll 'definitely write it down' and I never do.",
    ],
)
def test_musings_and_descriptions_are_not_plans(text: str) -> None:
    assert find_commitments(text, "mentee") == []


def test_will_not_is_a_negative_plan_and_a_lead_that_says_when_stays_with_the_span() -> None:
    found = find_commitments("I will not say 'someone else can explain it better' again.")
    assert [c.text for c in found] == ["don't say 'someone else can explain it better' again"]
    found = find_commitments("Before every client call I will list the three questions I dread.")
    assert found[0].span == "Before every client call I will list the three questions I dread"
    assert found[0].text == "list the three questions I dread"


def test_a_plan_in_the_present_tense_and_its_second_clause_are_both_plans() -> None:
    text = (
        "Tomorrow I stand beside her for the first hour of the rush, and I ask Sam to flag "
        "every ticket she misses. Also before Friday I'll book the room, and anything I can't "
        "answer I take to my supervisor first."
    )
    texts = [c.text for c in find_commitments(text)]
    assert texts[:2] == [
        "stand beside her for the first hour of the rush",
        "ask Sam to flag every ticket she misses",
    ]
    assert "anything I can't answer I take to my supervisor first" in texts
    # a story told in the present is not split into plans
    story = "So I go in, and I think he's fine, and I ask him how he's doing."
    assert find_commitments(story) == []


def test_what_im_doing_introduces_a_list_of_plans() -> None:
    text = "What I'm doing:\n1. Rewrite the summary so the finding is on page one by Thursday\n"
    assert [c.text for c in find_commitments(text)] == [
        "Rewrite the summary so the finding is on page one"
    ]


def test_a_decision_still_being_made_a_hypothetical_and_a_headings_aside_are_not_plans() -> None:
    assert (
        find_commitments(
            "I'm not going to raise it with her, I don't think, it would make it bigger than it is."
        )
        == []
    )
    assert (
        find_commitments(
            "I kept asking my list of questions because I thought if I stop we'll never finish."
        )
        == []
    )
    found = find_commitments(
        "Start (things I want to start doing as her mentor):\n- Start a five-minute check-in "
        "at the end of any hard day.",
        plan=True,
    )
    assert [c.text for c in found] == ["Start a five-minute check-in at the end of any hard day"]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "So what I'm going to do is give the Saturday class back.",
            "give the Saturday class back",
        ),
        ("I've said I'll stay mostly quiet unless she looks at me.", "stay mostly quiet"),
        (
            "I'm going to tell my manager that I can do the rota or the cover but not both.",
            "tell my manager that I can do the rota or the cover but not both",
        ),
        (
            "What I will do now:\n- today I go to the site lead and ask if the schedule can move",
            "go to the site lead and ask if the schedule can move",
        ),
    ],
)
def test_more_forms_of_a_plan(text: str, action: str) -> None:
    assert any(c.text.startswith(action) for c in find_commitments(text)), find_commitments(text)


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        # the condition that opens the next plan is not part of this one
        (
            "I'll put it to the manager as a joint group, and if she says it's out of scope, "
            "I'll run it on my own time on Wednesdays.",
            ["put it to the manager as a joint group", "run it on my own time on Wednesdays"],
        ),
        ("Next time I'll ask him first, and if he says no I'll leave it.", ["ask him first"]),
        # "if" that means "whether" stays with what they will ask
        (
            "I'm going to ask people their name and if they're alright at the start.",
            ["ask people their name and if they're alright at the start"],
        ),
    ],
)
def test_a_plan_ends_where_the_next_ones_condition_starts(text: str, actions: list[str]) -> None:
    assert [c.text for c in find_commitments(text)] == actions


def test_a_due_taken_out_of_a_plan_leaves_no_stray_space() -> None:
    found = find_commitments("I'm going to ring the helpline this week, before I lose my nerve.")
    assert [c.due for c in found] == ["this week"]
    assert found[0].text.startswith("ring the helpline,")


@pytest.mark.parametrize(
    "text",
    [
        "Possibly I'll get some sleep this week and it'll all look different.",
        "Note to self because I'll forget otherwise.",
        "I will actually do this even though it might lose me the job.",
        "Not ready to do options yet. I'm going to leave it there.",
        "I think I will be a bit embarrassed with him on Monday.",
    ],
)
def test_a_hedge_an_aside_a_vague_this_and_the_end_of_a_note_are_not_plans(text: str) -> None:
    assert find_commitments(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a plan in the present tense with its when first, as people write in a hurry
        (
            "On Monday I'm asking him for 15 min to go through them properly.",
            ["asking him for 15 min to go through them properly"],
        ),
        (
            "Next supervision I'm opening with that before we touch any casework.",
            ["opening with that before we touch any casework"],
        ),
        (
            "Action plan: from Monday I'm booking nervous dogs into the first slot when it's"
            " quiet.",
            ["booking nervous dogs into the first slot when it's quiet"],
        ),
        (
            "Tomorrow I buy a notebook for the van and I ask Piotr if we can share it.",
            ["buy a notebook for the van and I ask Piotr if we can share it"],
        ),
        ("Also I ask tomorrow if I can sit in on the family meeting.", ["ask"]),
        # "also" between the person and "need to"
        (
            "I also need to stop taking the report off him and handling it myself.",
            ["stop taking the report off him and handling it myself"],
        ),
        # "how I'd have answered" is the way, not a regret
        (
            "I need to come with an example of how I'd have answered the client.",
            ["come with an example of how I'd have answered the client"],
        ),
        # what follows a plan ("otherwise…", "he will…") stays out of it
        (
            "I have to tell Gareth about the stringers before Friday, he won't be happy.",
            ["tell Gareth"],
        ),
    ],
)
def test_present_tense_and_hedged_plans_are_found(text: str, expected: list[str]) -> None:
    found = find_commitments(text)
    assert len(found) == len(expected), [c.text for c in found]
    for c, words in zip(found, expected, strict=True):
        assert c.text.startswith(words) or words in c.text, c.text
    assert all("otherwise" not in c.span and "won't be happy" not in c.span for c in found)


def test_a_stop_list_keeps_what_they_will_stop() -> None:
    text = (
        "Stop:\n"
        "- Picking up every extra shift the bank office texts me about. I counted.\n"
        "- Apologising for saying no.\n"
        "\n"
        "Continue:\n"
        "- Asking for help early on a late shift."
    )
    found = find_commitments(text, plan=True)
    assert [c.text for c in found] == [
        "stop picking up every extra shift the bank office texts me about",
        "stop apologising for saying no",
        "Asking for help early on a late shift",
    ]
    assert found[0].span == "Picking up every extra shift the bank office texts me about"


@pytest.mark.parametrize(
    "text",
    [
        "On Monday I read it properly. About a third of the comments were fair.",
        "I tell myself I check tomorrow, and then I don't.",
        "Subject: note to self re Whitfield call",
        "What I'm taking from this:\n1. Using someone else's lesson isn't a confession.",
    ],
)
def test_what_happened_and_headings_are_not_present_tense_plans(text: str) -> None:
    assert find_commitments(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a diary's or a chat's plan without its "I"
        (
            "sat on the ticket way too long 🙃 going to ping Tom this arvo before I touch it.",
            "ping Tom",
        ),
        (
            "Also want to go through the shared drive properly at some point.",
            "go through the shared drive",
        ),
        ("I'm actually going to stick them inside the front of my planner.", "stick them inside"),
        (
            "Things to actually do:\n1. Redo the TA lines and send to the FD by Wednesday.",
            "Redo the TA lines",
        ),
        ("Next: Telling Rob by Friday which one I'm handing back.", "Telling Rob"),
    ],
)
def test_plans_without_their_i_or_with_an_adverb_are_found(text: str, expected: str) -> None:
    found = find_commitments(text, plan=text.startswith("Next"))
    assert [c.text for c in found if c.text.startswith(expected)], [c.text for c in found]


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("Don't overthink this.", True),
        ("Then watch how it goes.", True),
        ("Good: she did pick one, and that one's going forward, so the work got made.", True),
        ("Nobody else does it because they know I'll redo it anyway.", False),
        ("So we got the call to Mr um, I won't say his name, the man on Carlton Road.", False),
        ("That is the one lesson I will keep with me.", False),
        ("Next: said yes to the charity brief AND the packaging copy.", True),
        (
            "I decided to move the bags to manual on belt 6 and I told the team at the briefing.",
            False,
        ),
        ("Rules:\n1. People can handle bad news, what they can't handle is not knowing.", False),
    ],
)
def test_asides_waits_and_what_others_expect_are_not_plans(text: str, plan: bool) -> None:
    assert find_commitments(text, plan=plan) == []


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        # what they kept meaning to do, however many times
        ("The tap had dripped for weeks and I kept thinking I'll fix it, I'll get a washer, "
         "I'll do it Saturday, and I never did.", False),
        ("I keep telling myself I'll start the log on Monday.", False),
        ("She waved at me in the corridor today. I'll take it.", False),
        ("Mo says it gets easier and I'll get a thicker skin.", False),
        ("Dunno if the board will pay for the course.", True),
        ("If she complains I suppose the manager will deal with it.", True),
        ("Still think the new booking system is rubbish.", True),
        ("When finally I tell Ana about the printer she said take the spare one.", True),
    ],
)  # fmt: skip
def test_what_they_kept_meaning_to_do_idioms_and_other_peoples_dealings_are_not_plans(
    text: str, plan: bool
) -> None:
    assert find_commitments(text, plan=plan) == []


def test_a_list_of_options_is_not_a_list_of_plans_but_a_choice_in_it_is() -> None:
    text = (
        "Not sure any of these are real.\n"
        "1. Ask Sam to take the Friday clinic.\n"
        "2. Do it all and claim the hours back.\n"
        "I'll ask Sam on Monday."
    )
    found = find_commitments(text, options=True)
    assert [c.text for c in found] == ["ask Sam"]
    assert "Ask Sam to take the Friday clinic" in [c.text for c in find_commitments(text)]


@pytest.mark.parametrize(
    "text",
    ["Me and the reg are going to redo the handover sheet by Friday.",
     "Sam and I are going to redo the handover sheet by Friday."],
)  # fmt: skip
def test_a_plan_made_with_someone_else_is_theirs_together(text: str) -> None:
    found = find_commitments(text, role="mentee")
    assert [(c.text, c.due, c.owner) for c in found] == [
        ("redo the handover sheet", "by Friday", "both")
    ]


def test_a_clause_before_a_second_plan_is_not_cut_in_half_as_a_joint_plan() -> None:
    # "what he'd change and I'll tell him" is two clauses, not "change and I" planning together
    text = (
        "We'll walk it together at the end and he can point out what he'd change "
        "and I'll tell him if it actually matters."
    )
    found = find_commitments(text, role="mentor")
    assert [c.span for c in found] == [
        "We'll walk it together at the end and he can point out what he'd change",
        "I'll tell him if it actually matters",
    ]
    assert [c.owner for c in found] == ["both", "mentor"]


def test_a_question_in_brackets_does_not_end_the_sentence() -> None:
    text = (
        "Stop: I saw you at 3pm, so tired you didn't see the little one (Oscar?) take his "
        "skis off. You are not the same person at 3pm."
    )
    assert find_commitments(text, role="peer", plan=True) == []


def test_an_agenda_lists_topics_and_only_a_thing_to_do_in_it_is_a_plan() -> None:
    text = (
        "For thursday:\n"
        "- carbon frame customer, crack near the BB, how I explain him is not safe\n"
        "- warranty forms, I dont get the boxes\n"
        "- ask her how she writes her notes so fast\n"
        "- I will bring the photos of the frame so we look together\n"
    )
    found = find_commitments(text, plan=True, topics=True)
    assert [c.text for c in found] == [
        "ask her how she writes her notes so fast",
        "bring the photos of the frame so we look together",
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # "what I'll do is", like "what I'm going to do is"
        (
            "I think what I'll do is get Omar to pull the survey data before I decide.",
            "what I'll do is get Omar to pull the survey data before I decide",
        ),
        # a note to self after a dash: the note, not its label
        (
            "Note to self — don't fix everything in the meeting.",
            "don't fix everything in the meeting",
        ),
        # a plan of both, said as "let's", ended with a tag rather than a question
        (
            "I still want to, so let's pick the Saturday on Thursday when we meet, yeah?",
            "let's pick the Saturday on Thursday when we meet",
        ),
        ("I'll ring her first thing tomorrow, no?", "I'll ring her first thing tomorrow"),
        # a doubt before "but" is not about the plan that follows it
        (
            "So, not sure this is right but I'm going to try opening with how she's doing.",
            "I'm going to try opening with how she's doing",
        ),
        # someone's offer before the comma is not the writer's report of a plan
        (
            "Sunita said she can share her checklist, I will ask her for it on Monday.",
            "I will ask her for it on Monday",
        ),
        # the present continuous with its when: "Tomorrow first thing I'm doing…"
        (
            "Tomorrow first thing I'm doing the allergen matrix with Hannah.",
            "Tomorrow first thing I'm doing the allergen matrix with Hannah",
        ),
        (
            "From now on I'm putting the prep date and my initials on every aliquot.",
            "From now on I'm putting the prep date and my initials on every aliquot",
        ),
        # a reason's own doubt does not make the plan a doubt
        (
            "Also need to tell Mrs Okafor because she might want it too, not sure.",
            "Also need to tell Mrs Okafor",
        ),
        # the story goes on after the plan: a reason, someone's view, what happened
        (
            "I'll log the batch numbers in my own book so I'm not relying on the board.",
            "I'll log the batch numbers in my own book",
        ),
        (
            "I need to write up the dressing change cause I didn't do it yesterday.",
            "I need to write up the dressing change",
        ),
        (
            "I'm going to try the shorter handover sheet, Imogen reckons it saves ten minutes.",
            "I'm going to try the shorter handover sheet",
        ),
        (
            "I will tell the drivers to wave before reversing, we spoke about it already.",
            "I will tell the drivers to wave before reversing",
        ),
        (
            "I'm going to stop opening with the figures, that clearly puts people on edge.",
            "I'm going to stop opening with the figures",
        ),
        # a condition, then the plan in the present tense, with no comma between
        (
            "From now on if a caller is crying I ask them what they need first.",
            "From now on if a caller is crying I ask them what they need first",
        ),
        # "going forward" after the plan is its when, and "if" is a word, not "I" + "f"
        (
            "going to keep friday afternoons for filing going forward if that suits everyone",
            "going to keep friday afternoons for filing",
        ),
    ],
)
def test_more_ways_people_state_a_plan(text: str, span: str) -> None:
    assert [c.span for c in find_commitments(text)] == [span]


def test_a_let_us_plan_belongs_to_both() -> None:
    (found,) = find_commitments("Let's both go to the organisers' desk at registration.")
    assert found.owner == "both"


@pytest.mark.parametrize(
    "text",
    [
        "Jordan's going to bring his last five forms next time, he said, so maybe that helps.",
        "What worked, and I want to remember this, was when I stopped talking.",
        'Like "We are doing everything we can, I will come back to you in two minutes.',
        "He'll probably ask me to just tell him what to do, and I'll want to.",
        "Then I stopped and I said sorry, let's sit down, and we went in the family room.",
        "Let's see how it goes.",
        "Ok so the thing I want to look at is saying yes to every new volunteer.",
    ],
)
def test_what_only_sounds_like_a_plan_is_not_one(text: str) -> None:
    assert find_commitments(text) == []


def test_the_aside_after_a_listed_plan_is_not_a_plan_of_its_own() -> None:
    text = (
        "What I'll do:\n"
        "1. Rebuild the last-touch model myself and compare my numbers. Aiming for end of June.\n"
        "2. Taste before talk. Already doing this, it works.\n"
        "3. Book a review with Ruth. Start this from the first week of November.\n"
        "4. Draft the outcomes with Harriet. Ask Tunde in finance to sanity check it by 4 April.\n"
    )
    found = find_commitments(text, plan=True)
    assert [c.text for c in found] == [
        "Rebuild the last-touch model myself and compare my numbers",
        "Taste before talk",
        "Book a review with Ruth",
        "Draft the outcomes with Harriet",
        "Ask Tunde in finance to sanity check it by 4 April",
    ]


@pytest.mark.parametrize(
    ("text", "span", "owner"),
    [
        # an agreement reported as what was said, and a named person's agreement
        (
            "We said we'd swap drafts on the first Friday.",
            "We said we'd swap drafts on the first Friday",
            "both",
        ),
        (
            "Tomasz has agreed to cover the early delivery.",
            "Tomasz has agreed to cover the early delivery",
            "mentor",
        ),
        # a self-correction: the plan is what follows "I mean"
        (
            "and I'll, I mean I should send the draft to Rhea since she offered to read it.",
            "I should send the draft to Rhea",
            "mentee",
        ),
        # what happened before, and an aside in brackets, are not the plan
        (
            "I should book the hearing test this week, I've been putting it off for months.",
            "I should book the hearing test this week",
            "mentee",
        ),
        (
            "I'll start taking a proper lunch break (honestly, I nearly fell asleep on Tuesday).",
            "I'll start taking a proper lunch break",
            "mentee",
        ),
    ],
)
def test_agreements_and_self_corrections_keep_the_plan(text: str, span: str, owner: str) -> None:
    # written by a mentee: someone else's agreement is the mentor's
    assert [(c.span, c.owner) for c in find_commitments(text, "mentee")] == [(span, owner)]


@pytest.mark.parametrize(
    "text",
    [
        "Writing this up since we said we'd each post something monthly.",
        "We said we would meet weekly but it never happened.",
    ],
)
def test_an_old_arrangement_given_as_a_reason_or_left_undone_is_not_a_new_plan(text: str) -> None:
    assert find_commitments(text) == []


def test_a_plan_list_item_may_open_with_when() -> None:
    found = find_commitments("Next meeting, open with the budget question and wait.", plan=True)
    assert [c.text for c in found] == ["open with the budget question and wait"]


def test_each_thing_agreed_in_one_sentence_is_its_own_item() -> None:
    text = (
        "We agreed she'll check the time at the halfway point, she'll give each volunteer "
        "a job before we move, and she'll redo the plan with timings."
    )
    found = find_commitments(text, "mentor")
    assert [(c.text, c.owner) for c in found] == [
        ("check the time at the halfway point", "mentee"),
        ("give each volunteer a job before we move", "mentee"),
        ("redo the plan with timings", "mentee"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # advice passed on, a prediction about myself, a hypothetical, a should I don't do
        "My manager told me after the shift that I should book a debrief every time.",
        "I know I won't stop, I'll take the extra Saturday too when Kay asks, I always do.",
        "If it is my salon, I will never refund a cut that was done right.",
        "I should speak up to Gary when he does it but I keep quiet, every time.",
        "Part of me wants to ring the family but I don't think that's my place.",
        # the workplace's rules quoted, not the writer's
        "The site rules are clear: sign out every key, never leave the gate unlocked.",
        # a feeling to come, a story, an email's opening line
        "We cut the anniversary cake, which I'll be thinking about for a while.",
        'When I started checking the pallets he kept saying "all fine, we do this weekly".',
        "Following up from our meeting on Monday about the late deliveries.",
    ],
)
def test_advice_habits_stories_and_quoted_rules_are_not_plans_even_in_a_plan(text: str) -> None:
    assert find_commitments(text, plan=True) == []


def test_a_story_section_of_a_gibbs_reflection_holds_no_plans() -> None:
    text = (
        "Description: First time I've done a night on my own.\n"
        "Feelings: Check everything twice, that was the mood.\n"
        "Action plan: Ask Priti to go through the escalation list with me on Monday."
    )
    found = find_commitments(text, plan=True)
    assert [c.text for c in found] == ["Ask Priti to go through the escalation list with me"]


@pytest.mark.parametrize(
    "text",
    [
        # someone else's wish or word on a line of the plan
        "Action plan:\nMy supervisor wants me to take the Thursday clinic alone next month.",
        "Action plan: Priya wants to rewrite the rota guidance, and IT say the bug is fixed.",
        "Start: well the area lead wants every team to start using the new tracker in May.",
        # a feeling to come, a thought held, what might have been, the plan's own history
        "I will be even more nervous on Monday, I know myself.",
        "I have to keep reminding myself that her way of working isn't wrong, just different.",
        "Improve: If we'd found the fault on a live job I don't want to think about it.",
        "Honestly the plan is only what we knew in March.",
        # a note's label, a noun that looks like a verb, a plan left open
        "Note to self because I'll forget otherwise.",
        "Lead's comments on my report still stinging tbh.",
        "Sitting in the car, I'll tidy this up later maybe.",
    ],
)
def test_wishes_doubts_and_labels_on_a_plans_lines_are_not_plans(text: str) -> None:
    assert find_commitments(text, plan=True) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # a doubt, a condition, a contrast or an aside after the plan is not the plan
        (
            "I'm going to send you the draft by Wednesday, I'm not sure the goals are right.",
            "I'm going to send you the draft by Wednesday",
        ),
        (
            "From now on I read the handover sheet out loud, even if it looks like I don't know "
            "my own patient.",
            "From now on I read the handover sheet out loud",
        ),
        (
            "I must talk to the props team about the chair, maybe it can be lighter.",
            "I must talk to the props team about the chair",
        ),
        (
            "I'll give written feedback the same day, not a week later like last time.",
            "I'll give written feedback the same day",
        ),
        (
            "I'll ring the landlord this week, just to clear the air.",
            "I'll ring the landlord this week",
        ),
        (
            "I'll redo the timetable with Omar, who actually runs the rooms.",
            "I'll redo the timetable with Omar",
        ),
        (
            "We'll review the plan together in October, see what's changed.",
            "We'll review the plan together in October",
        ),
        # kept: a condition without a comma, and "not only"
        (
            "I'm not going to redo her notes afterwards even if they're not how I'd write them.",
            "I'm not going to redo her notes afterwards even if they're not how I'd write them",
        ),
        (
            "I must learn the booking system properly, not only ask the others every time.",
            "I must learn the booking system properly, not only ask the others every time",
        ),
        (
            "I'm going to send you the draft plan by Wednesday if you're ok to look over it.",
            "I'm going to send you the draft plan by Wednesday",
        ),
        (
            "I'll write it up for the committee, if she's ok with that.",
            "I'll write it up for the committee",
        ),
    ],
)
def test_what_is_said_after_a_plan_is_cut_from_it(text: str, span: str) -> None:
    assert [c.span for c in find_commitments(text)] == [span]


def test_an_agreement_naming_the_other_person_is_theirs() -> None:
    found = find_commitments(
        "We agreed Jade would take the counter on Wednesdays with me in the back.", "mentor"
    )
    assert [(c.span, c.owner) for c in found] == [
        ("We agreed Jade would take the counter on Wednesdays with me in the back", "mentee")
    ]


def test_a_lead_in_that_introduces_a_list_is_not_an_item_but_its_lines_are() -> None:
    text = (
        "So from now on, a few rules for myself:\n"
        "1. Any supplier problem not fixed in a day goes to Lena.\n"
        "2. Tell her what I've already tried."
    )
    assert [c.span for c in find_commitments(text)] == ["Tell her what I've already tried"]


@pytest.mark.parametrize(
    "text",
    [
        # an answer to "what next?" that says there is no plan yet
        "Start: nothing I get to choose. The new software goes live on the 16th anyway.",
        "Action plan: dont really know. The landlord wants me back in May.",
        "Continue: difficult question for me because nobody asked before.",
        "Will: nothing yet. Out of my hands.",
        # what happens to them, not what they do
        "Next - no idea really. Rota comes out Friday and that decides where I am.",
        "Funding panel decides on the 3rd whether he gets the night package, then we'll see.",
        "Rest of the shift was ok.",
        "• customer wants a full report by Monday",
        # a reason, what the form asks for, a prediction about myself
        "Recording this in the car cos I won't write it.",
        "For this bit I should be saying what I'll try differently.",
        "I expect I'll slip back into the old script when I'm nervous.",
        # options listed, none chosen
        "The options we listed were\n(1) ask Helen to move me to the other queue,\n"
        "(2) go for the trainee scheme,\n(3) stay another year.",
    ],
)
def test_a_plan_stage_answered_without_a_plan_has_no_commitment(text: str) -> None:
    assert find_commitments(text, plan=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "My senior said it was fine but he said the next time I should tell him earlier.",
        "Rushing would have made it worse, because if she moved we will need to start again.",
        "She's better at it than I was, though I won't tell her that just yet.",
        "What are the options. I wrote some on the train:\n- Ask Fatima to cover two evenings.",
    ],
)
def test_advice_reasons_and_asides_are_not_plans(text: str) -> None:
    assert find_commitments(text, options="options" in text) == []


def test_a_record_of_who_agreed_to_what_gives_each_item_its_owner() -> None:
    text = (
        "Agreed actions:\n"
        "N - by 30 May, draft the design section using the bridge job.\n"
        "Josh: film one lesson on the iPad before half term.\n"
        "Me - I'm going to speak to Ian this week."
    )
    found = find_commitments(text, "mentor", plan=True)
    assert [(c.text, c.owner) for c in found] == [
        ("draft the design section using the bridge job", "mentee"),
        ("film one lesson on the iPad", "mentee"),
        ("speak to Ian", "mentor"),
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "What I'm trying this week:\n"
            "Saturday I prep the sauce station myself by 4, he's ready.",
            "prep the sauce station myself by 4",
        ),
        ("Every day I practise knife work after my shift.", "practise knife work after my shift"),
        (
            "Action plan:\nEvery medical booking: do the full intro to the doctor first.",
            "do the full intro to the doctor first",
        ),
        (
            "Take the corridor thing to supervision on the 2nd, I handled it ok I think.",
            "Take the corridor thing to supervision on the 2nd",
        ),
    ],
)
def test_a_plan_that_opens_with_when_keeps_its_words(text: str, span: str) -> None:
    assert [c.span for c in find_commitments(text, plan=True)] == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Seating plan - I will think about it, I am not sure to move the two boys.",
        "That call I will remember for a while.",
        "If I have more time I do it.",
    ],
)
def test_thinking_it_over_remembering_and_maybe_are_not_plans(text: str) -> None:
    assert find_commitments(text, plan=True) == []


def test_an_agreed_heading_makes_its_lines_plans_in_any_answer() -> None:
    """`reflect summarize` on a mentor's notes, with no stage asking for a plan."""
    text = "Agreed:\n- Josh: film one lesson and watch it back before we meet.\n"
    found = find_commitments(text, "mentor")
    assert [(c.text, c.owner) for c in found] == [
        ("film one lesson and watch it back before we meet", "mentee")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # what the writer leaves out of the note, how they mean to feel, where they will be
        "Three of the statements were from the victim's kids. I'm not going to write the "
        "details here.",
        "Asking for repetition is allowed, I need to stop feeling like it is a crime.",
        "Victim gives evidence behind a screen and I will be next to her, so the jury see me.",
        # a lesson under its label, in a list of plans
        "Plan for tomorrow:\n- read the report tonight\n"
        "Lesson from last time: everything that can be checked the day before, check it then.",
    ],
)
def test_notes_about_the_note_feelings_and_labelled_lessons_are_not_plans(text: str) -> None:
    found = find_commitments(text)
    assert all("lesson" not in c.text.lower() for c in found)
    assert not any(word in c.text for c in found for word in ("details", "feeling", "next"))


def test_a_conclusions_imperative_is_its_lesson_not_a_plan() -> None:
    text = (
        "Conclusion\nAsking before is part of the assessment. Look at the trend, not only "
        "the numbers of now.\n\nAction plan\n- Check the obs chart before every mobilisation"
    )
    assert [c.text for c in find_commitments(text, plan=True)] == [
        "Check the obs chart before every mobilisation"
    ]


@pytest.mark.parametrize(
    ("text", "role", "action", "owner"),
    [
        (
            "Agreeing the signal before start really helps - from now on I do it for every "
            "link hearing.",
            "mentee",
            "do it for every link hearing",
            "mentee",
        ),
        (
            "Action plan: role-play the repetition request with her. And stop rescuing her in "
            "debriefs before she's said what she thinks.",
            "mentor",
            "stop rescuing her in debriefs before she's said what she thinks",
            "mentor",
        ),
        (
            "We agreed she texts me the same evening after any hard evidence.",
            "mentor",
            "texts me the same evening after any hard evidence",
            "mentee",
        ),
    ],
)
def test_habits_from_now_on_plans_opened_with_and_and_what_she_agreed_to(
    text: str, role: str, action: str, owner: str
) -> None:
    found = find_commitments(text, role)
    assert [c.text for c in found][-1] == action
    assert found[-1].owner == owner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the time says which planning, and the item keeps it whole
        (
            "I'll run next sprint's planning myself.",
            ("run next sprint's planning myself", "next sprint"),
        ),
        # "from this week" says which essays: the item keeps it, with no hole
        (
            "I will go back to the essays from this week and add one more comment to each.",
            ("go back to the essays from this week and add one more comment to each", "this week"),
        ),
        # the whole of "by the end of next week" is the due, not a hole in the plan
        (
            "I'll do the refresher module by the end of next week.",
            ("do the refresher module", "by the end of next week"),
        ),
        # a time the plan starts from stays in it
        (
            "I'm going to move our sessions to Thursday lunch from next month.",
            ("move our sessions to Thursday lunch from next month", "next month"),
        ),
    ],
)
def test_a_time_inside_what_is_done_stays_in_the_item(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert [(c.text, c.due) for c in find_commitments(text, "mentee")] == [expected]
