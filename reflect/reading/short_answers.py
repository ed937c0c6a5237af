"""Answers that say little: a shrug, "same as above", "idk", one word, or "rather not".

A mentor does not answer "not much honestly" with "What feelings come up when you think
about what you learned?": that question presumes the lesson the person just said they
did not have, and the phrase finder has nothing of theirs to build on ("What might make
it hard to time management?"). `said_little` reads what kind of little was said, and
`questions_for` gives the questions a mentor asks then: ones that accept the shrug and
leave the door open, in the person's own words where there are any ("What would have
made it better than fine?", 'You wrote "scrolling" — when does that tend to take over?').
A short answer that does say something is `short_statements`' to read.

A person who declines ("rather not go into it today", "do I have to write something
here") is not asked again: `Little.declined` tells the session to move on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..templates import Stage

SHORT_WORDS = 16  # longer than this and an answer has something of its own to build on
TOPIC_WORDS = 3  # "time management", "patience mostly": a topic named, nothing said of it

_FILLER = re.compile(
    r"\b(?:tbh|to be honest|honestly|really|i guess|i suppose|i think|lol|haha|ha|um+|uh+|"
    r"erm+|well|just|so|yeah|yep|mostly|probably|maybe|tho|though|either|anyway|ngl|"
    r"to be fair|if i'?m honest|at all|i'?d say)\b"
)
_DECLINED = re.compile(
    r"\b(?:(?:i'?d |would )?rather not|prefer not|don'?t (?:want|wanna|feel like)|not today|"
    r"no comment|pass|skip(?: this| it)?|not in the mood|can'?t be (?:bothered|arsed)|"
    r"do (?:i|we) (?:have|need) to|why do (?:i|we) (?:have|need) to|is this (?:necessary|"
    r"needed)|waste of time|pointless|leave it|not going (?:there|into it))\b"
)
_SAME = re.compile(
    r"^(?:same(?: again| here| thing| as (?:above|before|earlier|last time|the last one|"
    r"previous|the other one|what i said))?|ditto|likewise|as (?:above|before|i said)|"
    r"see (?:above|before|previous)|(?:what|like) i (?:said|wrote)(?: above| before)?|"
    r"already (?:said|answered|wrote|covered)(?: (?:it|that|this))?(?: above)?)$"
)
_UNSURE = re.compile(
    r"^(?:idk|dunno|don'?t know|do not know|no idea|not sure|unsure|hard to (?:say|tell)|"
    r"no clue|can'?t (?:say|think|tell)|who knows|not certain|no sure)\b"
)
_NONE = re.compile(
    r"^(?:no+|nope|nah|none|nothing|nada|n/?a|nil|zero|not (?:much|a lot|many|so much|"
    r"anything|really|yet|sure yet)|nothing (?:much|new|special|in particular|major|"
    r"planned|else|to report))\b|^[-–—.?!]+$"
)
_FINE = re.compile(
    r"^(?:(?:it |that |the session |the day |today )?(?:was |went |is |felt )?(?:quite |pretty |"
    r"kinda |kind of |all )?(?P<w>fine|ok|okay|alright|all right|good|meh|so-so|average|"
    r"normal|decent|not bad|nothing special|same old|the usual|as usual|usual))\b"
)
_ROUTINE = re.compile(
    r"\b(?P<a>a |an |the |another |just a |just an )?(?P<adj>normal|usual|ordinary|typical|"
    r"regular|routine|standard|average|quiet|busy|long|slow)\s+(?P<n>day|shift|week|session|"
    r"lesson|meeting|class|call|night|morning|afternoon|visit|round|ward round|job|sprint|"
    r"clinic|surgery)\b"
)
_BUSY = re.compile(r"(?:no time|too busy|no room|(?:been |so )?(?:slammed|swamped|flat out))\b")
_STEADY = ("normal", "usual", "ordinary", "typical", "regular", "routine", "standard", "average")
# A topic is a thing named, not a sentence: any of these and it is more than a topic.
_NOT_TOPIC = frozenset(
    str.split(
        "i me my we us our you your he she they them it its this that there here is was were am "
        "are be been do did does done have has had will would can could should must to not no "
        "went got get made make said told the a an of on in at with for and or but if when "
        "because what why how who which where yes r u ur im ive dont cant its thats"
    )
)
_DETERMINERS = frozenset(("the", "a", "an", "my", "more", "less", "some", "better"))
_WORD = re.compile(r"[a-z][a-z'’-]*")


@dataclass(frozen=True)
class Little:
    """What kind of little an answer says, and the words of theirs a question can carry."""

    kind: str  # declined | same | unsure | none | busy | fine | routine | topic
    words: str = ""

    @property
    def declined(self) -> bool:
        return self.kind == "declined"


def _plain(answer: str) -> str:
    text = answer.lower().replace("’", "'").strip()
    text = re.sub(r"[\s\u00a0]+", " ", text)
    return text


_LOWER_I = re.compile(r"(?<![\w'’.])i(?=(?:['’](?:m|ve|d|ll))?(?![\w'’]|\.\w))")


def capital_i(text: str) -> str:
    """`text` with the writer's lower-case "i" ("i think", "i'm") as "I"."""
    return _LOWER_I.sub("I", text)


def said_little(answer: str) -> Little | None:
    """The kind of little `answer` says, or None when it says enough to build on."""
    text = _plain(answer)
    if not text or len(text.split()) > SHORT_WORDS:
        return None
    if _DECLINED.search(text):
        return Little("declined")
    bare = _FILLER.sub(" ", text)
    bare = re.sub(r"^[\s,.;:!…-]+|[\s,.;:!…]+$", "", re.sub(r"\s+", " ", bare))
    if _SAME.match(bare):
        return Little("same")
    routine = _ROUTINE.search(bare)
    if _UNSURE.match(bare):
        rest = _UNSURE.sub("", bare, count=1)
        if not _WORD.search(rest):
            return Little("unsure")
        topic = _topic(rest)  # "idk, maybe patience"; "idk, that im slow" says something
        return Little("unsure", topic) if topic else None
    if _NONE.match(bare):
        if routine:
            return _routine(routine)
        rest = re.sub(r"^[\s,.;:!-]+", "", _NONE.sub("", bare, count=1))
        fine = _FINE.match(rest)
        if fine and not _WORD.search(rest[fine.end() :]):
            return Little("fine", fine.group("w"))
        if _BUSY.match(rest):
            return Little("busy")  # "nothing, no time": what there is no time for is the story
        # "nothing new" is a shrug; "nothing much, the till broke again" tells a story
        return Little("none") if len(_WORD.findall(rest)) <= 2 else None
    if routine and len(bare.split()) <= 8:
        return _routine(routine)
    fine = _FINE.match(bare)
    if fine and not _WORD.search(bare[fine.end() :]):  # "fine", not "fine, we finished early"
        return Little("fine", fine.group("w"))
    # "time. always time" names a topic; "Match day. The coaches rolled in late." tells more
    topic = _topic(bare) if len(bare.split()) <= TOPIC_WORDS + 2 else ""
    return Little("topic", topic) if topic else None


def _routine(m: re.Match[str]) -> Little:
    noun = m.group("n")
    adj = m.group("adj")
    article = "an" if adj[0] in "aeiou" else "a"
    return Little("routine", f"{article} {adj} {noun}")


def _topic(text: str) -> str:
    """A named topic ("communication", "time management"), or "" when it is more."""
    text = re.split(r"[.;!?\n]", text.strip(" ,.;:!-"), maxsplit=1)[0].strip(" ,:-")
    words = _WORD.findall(text)
    if not words or len(words) > TOPIC_WORDS or len(" ".join(words)) < 4:
        return ""
    if len(words) != len(text.split()):
        return ""
    if any(w in _NOT_TOPIC for w in words[words[0] in _DETERMINERS :]):
        return ""
    return " ".join(words)


# What a stage asks for decides which open question fits: a lesson, a feeling, how it
# went, a plan or the events.
_AIMS = (
    ("feeling", re.compile(r"\bfe(?:el|lt)\w*", re.IGNORECASE)),
    ("lesson", re.compile(r"\b(?:learn\w*|take away|mean|principle|rule|sense|notice)\b", re.I)),
    (
        "went",
        re.compile(r"\b(?:work\w*|helped|got in the way|good|missing|better|why|like)\b", re.I),
    ),
)


_STOP = re.compile(r"\bstop\b", re.IGNORECASE)
_KEEP = re.compile(r"\b(?:keep doing|continue)\b", re.IGNORECASE)


def aim(stage: Stage) -> str:
    """lesson | feeling | went | event | plan | stop | keep: what the stage's prompt asks
    for (the last three are plans: to start, to stop, to keep doing)."""
    prompt = " ".join(stage.prompts.values())
    if stage.depth == "action":
        # "what will you stop doing?" and "what will you keep doing?" ask for other plans
        return "stop" if _STOP.search(prompt) else "keep" if _KEEP.search(prompt) else "plan"
    if stage.depth == "describe":
        return "event"
    return next((name for name, pattern in _AIMS if pattern.search(prompt)), "lesson")


_OPEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("none", "event"): (
        "What did most of your time go on instead?",
        "Which small moment from it, if any, is still on your mind?",
    ),
    ("none", "lesson"): (
        "What would have needed to happen for it to teach you something?",
        "Which small moment from it, if any, would be worth a second look?",
    ),
    ("none", "feeling"): (
        "If you had to put one word to how it left you, what would it be?",
        "What was on your mind while it was going on?",
    ),
    ("none", "went"): (
        "If you could change one thing about how it went, what would it be?",
        "Which small moment from it, if any, would be worth a second look?",
    ),
    ("none", "plan"): (
        "Is that because it feels sorted, or because there's no room for it right now?",
        "What would you like to keep an eye on before next time, if anything?",
        "What would need to change for something to be worth trying?",
    ),
    ("unsure", "event"): (
        "What is the first thing that comes to mind when you think back on it?",
        "Which part of it is still on your mind?",
    ),
    ("unsure", "lesson"): (
        "What would your best guess be, even if it's only a hunch?",
        "What makes it hard to put into words right now?",
    ),
    ("unsure", "feeling"): (
        "If you had to put one word to how it left you, what would it be?",
        "What makes it hard to put into words right now?",
    ),
    ("unsure", "went"): (
        "What would your best guess be, even if it's only a hunch?",
        "If you could change one thing about how it went, what would it be?",
    ),
    ("unsure", "plan"): (
        "What is one small thing you could imagine trying, just as an experiment?",
        "What would help you decide?",
    ),
    ("same", "event"): ("Of what you wrote before, which moment would you like to look at again?",),
    ("same", "lesson"): ("Of what you wrote before, which part matters most to you now?",),
    ("same", "feeling"): ("Of what you wrote before, which part stays with you most?",),
    ("same", "went"): ("Of what you wrote before, which part made the most difference?",),
    ("same", "plan"): ("Of what you wrote before, what would be your first step?",),
    ("busy", "any"): ("What's taking up your time right now?",),
    ("declined", "any"): ("That's fine. What would be most useful to think about instead?",),
}
_WITH_WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("fine", "any"): ("What would have made it better than {w}?",),
    ("fine", "plan"): ("What would make next time better than {w}?",),
    ("routine", "steady"): (
        "What does {w} look like for you at the moment?",
        "What, if anything, was different from {w} this time?",
    ),
    ("routine", "other"): ("What filled {w} like that?",),
    # a topic is said back in quotes: "listen first" and "communication" both fit
    ("topic", "event"): ('You wrote "{w}" — what made that stand out?',),
    ("topic", "feeling"): ('You wrote "{w}" — what part of it stays with you most?',),
    ("topic", "plan"): ('You wrote "{w}" — what would a first small step be?',),
    ("topic", "stop"): ('You wrote "{w}" — when does that tend to take over?',),
    ("topic", "keep"): ('You wrote "{w}" — what makes that worth keeping?',),
    ("topic", "any"): ('You wrote "{w}" — what would that look like in practice?',),
    ("unsure", "plan"): ('You wrote "{w}" — what would a first small step be?',),
    ("unsure", "any"): ('You wrote "{w}" — what makes you think of that?',),
}


def questions_for(little: Little, stage: Stage) -> list[str]:
    """The open questions for an answer that said `little`, best first: in their own words
    where the answer has some, then ones that accept the little that was said."""
    goal = aim(stage)
    plan = "plan" if goal in ("stop", "keep") else goal  # the open questions fit any plan
    found: list[str] = []
    if little.words:
        if little.kind == "routine":
            steady = little.words.split()[1] in _STEADY
            keys = [("routine", "steady" if steady else "other")]
        else:
            keys = [(little.kind, goal), (little.kind, plan), (little.kind, "any")]
        for key in keys:
            found += [q.format(w=little.words) for q in _WITH_WORDS.get(key, ())]
            if found:
                break
    kind = little.kind if little.kind in ("declined", "same", "unsure", "busy") else "none"
    found += _OPEN.get((kind, plan), ()) or _OPEN.get((kind, "any"), ())
    return list(dict.fromkeys(found))
