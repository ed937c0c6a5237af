"""Questions that listen: built from the person's own words, in frames coaches use.

Clean Language builds a question from the person's exact words in a fixed frame ("And
when X, what would you like to have happen?"); reflective listening says their words
back before asking; laddering asks what made a thing work. Here the salient phrases of
an answer are found with simple syntax (something said and who said it, a moment, a
feeling they named as theirs, a cause, a lesson, a plan, a verdict on how it went),
ranked for the stage's depth, and fitted to a frame. No model needed, so it works with
`--no-model` too; the model is asked only when an answer has none of these phrases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .commitments import (
    ACTION_VERBS,
    CONDITION,
    DUE,
    PLAN_STAGES,
    Commitment,
    find_commitments,
    verb_first,
)
from .passages import Segment, segments, sentences, stems

MAX_PHRASE_WORDS = 12
# A lesson quoted back whole ('You wrote "…"') may be this long; pasted into a sentence of
# ours, no longer than a phrase and two words.
LESSON_WORDS = 18

_FEELINGS = (
    r"nervous|anxious|scared|terrified|afraid|embarrassed|ashamed|proud|relieved|frustrated|"
    r"stupid|useless|overwhelmed|lost|guilty|awkward|confident|calm|exposed|small|stuck|"
    r"exhausted|drained|tired|angry|annoyed|hurt|defensive|panicky|panicked|shaky|flat|sick|"
    r"helpless|invisible|judged|uncomfortable|uneasy|out of my depth|out of place|inadequate|"
    r"incompetent|unprepared|rushed|pressured|stressed|worried|upset|disappointed|happy|"
    r"glad|excited|grateful|satisfied|surprised|shocked|confused|unsure|insecure|vulnerable|"
    r"silly|dumb|slow|isolated|alone|ignored|respected|heard|valued|trusted|nervy|jittery|"
    r"awful|terrible|horrible|rubbish|dreadful|bad|sad|low|numb|on edge|"
    r"intimidated|humiliated|patronised|patronized|dismissed|blindsided|thrown|rattled|"
    r"weird|odd|strange|good|great|better|worse|petty|fake|mean|harsh|bossy|rude|pushy"
)
# Words that name an emotion whatever the verb; with "was"/"got" the others are states
# ("I was alone with the medication round", "I was stuck on the query").
_EMOTIONS = (
    r"nervous|anxious|scared|terrified|afraid|embarrassed|ashamed|proud|relieved|frustrated|"
    r"overwhelmed|guilty|exhausted|angry|annoyed|hurt|defensive|panicky|panicked|shaky|"
    r"helpless|uncomfortable|uneasy|out of my depth|inadequate|stressed|worried|upset|"
    r"disappointed|excited|grateful|shocked|insecure|vulnerable|humiliated|intimidated|"
    r"gutted|devastated|furious|livid|mortified|heartbroken|jealous|envious|resentful|lonely"
)
_ADVERBS = (
    r"(?: (?:actually|just|really|honestly|kind of|sort of|kinda|still|also|then|immediately|"
    r"suddenly|genuinely|definitely|probably))*"
)
_DEGREE = (
    r"(?: (?:so|really|quite|a little bit|a bit|very|kind of|kinda|a little|pretty|totally|"
    r"completely|"
    r"honestly|actually|genuinely|incredibly|super|still|slightly|properly|absolutely))*"
)
# What the feeling was about, when they said: "scared I'd be found out", "nervous about
# the panel".
# What a feeling was about ends at a clause's end, never inside a word or a clause
_WORD_END = r"(?=[,.;:!?)]|$|\s(?:because|so|but|when|and|which|while|as|until|if)\b)"
_ABOUT = (
    rf"(?: (?:about|that|of|for|at) [^,.;!?]{{3,40}}{_WORD_END}| I'd [^,.;!?]{{3,40}}{_WORD_END})?"
)
_FEELING = re.compile(
    rf"\b(?:I|i|and|then|but){_ADVERBS} (?:(?P<felt>felt|feel|started to feel|kept feeling)"
    rf"|was|am|'m|got|get|became|went){_DEGREE}"
    rf" (?P<f>(?:{_EMOTIONS}|(?(felt)(?:{_FEELINGS})|(?!)))"
    rf"(?: and (?:{_EMOTIONS}))?{_ABOUT}"
    rf"|(?(felt)like (?:a |an |the )?[^,.;!?]{{3,60}}(?=[,.;!?]|$)|(?!)))",
)
_DIARY_FELT = re.compile(r"^(Felt|Feel)\b")
_FEELING_WORD = re.compile(f"(?:{_FEELINGS}|{_EMOTIONS})")  # one word that names a feeling
# "Asking her which comments were useful made it work": a gerund or noun phrase that
# made the difference. Causes that start with a pronoun are clauses and read badly in a
# frame, so they are left to the other kinds.
_CAUSE = re.compile(
    r"(?:^|[,;:]\s+|\b(?:that|and|but|so|think|guess|maybe)\s+)"
    r"(?P<c>(?:[A-Za-z]+ing|the|my|our|having|being|that|this)\b[^,;:.!?]{4,70}?)\s+"
    r"(?:really |actually |probably |is what |was what |definitely )?"
    r"(?:made (?:it|the difference|all the difference|a difference|this work|that work|it work)|"
    r"helped(?: me| us| a lot| the most| most)?\b|worked (?:well|best|really well)\b)",
)
_CAUSE_AFTER = re.compile(
    r"\b(?:what (?:really |finally |actually )?(?:helped|worked|made the difference|made it work)"
    r"(?: me| us)?(?: most| best| finally| in the end)?(?: was| is)"
    r"|the key (?:was|is)|the trick (?:was|is)|the difference was|it worked because)"
    r"\s+(?P<c>(?:(?!\s[-–—]\s)[^,;.!?]){6,90})",  # "… of them - turns out…": up to the dash
    re.IGNORECASE,
)
_LEARNED = re.compile(
    r"\b(?:I (?:have |'ve )?(?:learned|learnt|realised|realized|discovered|understood|"
    r"figured out|now (?:know|see|understand))|I (?:know|see|get) now|taught me|showed me|"
    r"reminded me|made me (?:realise|realize|see))(?: that)?\s+(?P<l>[^.;!?]{8,120})"
    # "I've been treating the promotion as a grade": a belief they caught themselves in
    r"|\b(?P<l2>I(?:'ve| have) been (?:treating|seeing|thinking of|using|reading|taking) "
    r"[^,.;!?]{3,60}? as [^,.;!?]{3,50})",
    re.IGNORECASE,
)
# What they wish they could do: "I wish I could just say no without feeling like a bad person".
# What they wish someone else would do: "I wish someone would just say thanks".
_WISH_OTHER = re.compile(
    r"\b(?:I|i) (?:really |just |honestly )?wish (?P<who>someone|somebody|anyone|people|they|he"
    r"|she|my \w+|the \w+) would (?:just |even just |actually )?(?P<w>(?-i:[a-z])[^,.;!?]{3,50})"
)
_WISH = re.compile(
    r"\b(?:I|i) (?:really |just |honestly )?(?:wish (?:I could|I was able to|I knew how to)"
    r"|(?:want|'d like|would like|'d love|would love) to be able to)\s+(?P<w>[^,.;!?]{4,70})"
)
# A first: "first time on my own in someone's house", "the first time I led the huddle".
_FIRST = re.compile(
    r"\b(?:my |the |for the )?first time (?P<f>(?:on my own|alone|by myself|in charge|(?:I|i) "
    r"(?:\w+ed|led|ran|did|gave|went|took|spoke|taught|made|met|drove|wrote|got|sat|had to))"
    r"[^,.;!?]{0,50})"
)
# What they are waiting on: "still waiting on the ethics approval".
_WAITING = re.compile(
    r"\b(?:I'm |I am |we're |we are |still |just )*waiting (?:on|for) "
    r"(?P<w>(?:the|my|our|a|an|his|her|their|partner-\w)\b[^,.;!?]{2,40})"
)
# What they held back from, or wish they had done: "I didn't ask", "I should have said
# something the first time". A mentor asks what made it hard; said back in the base form.
# The old habit a new plan replaces ("…raise it within a few days instead of saving it
# up"), and a habit they caught themselves in ("I was teaching to the back of the room
# rather than to the kids"): what pulls them towards it is the question under the plan.
_INSTEAD = re.compile(r"\s(?:instead of|rather than)\s+(?P<y>[^.;:!?()\n]{4,70})")
_HABIT_NOUN = re.compile(r"\w{3,}ing\b(?!\s+(?:it|that|this)\b\s*$)", re.IGNORECASE)
_CAUGHT = re.compile(
    r"\b(?:I|i)(?:'ve| have)? been (?P<been>\w{3,}ing\b[^.;:!?]{3,70}?)"
    r"\s+(?:instead of|rather than)\s"
    r"|\b(?:I|i) (?:was|am|'m) (?P<was>\w{3,}ing\b[^.;:!?]{3,70}?)\s+(?:instead of|rather than)\s"
)
_BASE_OF = {
    "said": "say", "asked": "ask", "told": "tell", "raised": "raise", "spoken": "speak",
    "checked": "check", "pushed": "push", "questioned": "question", "challenged": "challenge",
    "mentioned": "mention", "flagged": "flag", "escalated": "escalate", "called": "call",
    "rung": "ring", "rang": "ring", "bleeped": "bleep", "looked": "look", "stopped": "stop",
    "interrupted": "interrupt", "sent": "send", "admitted": "admit", "owned": "own",
    "stepped": "step", "spoke": "speak", "shared": "share", "gone": "go", "moved": "move",
}  # fmt: skip
_HELD_BACK_VERBS = (
    "say|ask|tell|raise|speak up|speak|check|push back|question|challenge|mention|flag|escalate"
    "|admit|call|ring|bleep|interrupt|share|own up|step in|stop|know what to (?:say|do)"
)
_HELD_BACK = re.compile(
    rf"\b(?:I|i) (?:didn't|did not|couldn't bring myself to)(?: really| even| actually| just)?"
    rf" (?P<x>(?:{_HELD_BACK_VERBS})\b"
    rf"[^,.;!?]{{0,60}})"
    rf"|\b(?:I|i) (?:should have|should've|could have|could've) (?P<r>(?:"
    + "|".join(_BASE_OF)
    + r")\b[^,.;!?]{0,60})"
)
# Where what they held back ends: "…what to say so mostly I didn't…", "…anything back which…"
_HELD_BACK_TAIL = re.compile(
    r"\s(?:until|till|because|when|and then|before|after|instead of|rather than|so|which)\s"
)
# "…weeks ago", "…on Monday", "…the first time": when, which the frame says in its own way.
_WHEN_AT_END = re.compile(
    r"(?:\s(?:(?:on|in|by|at|last|this|next|that) \w+|\w+ ago|the first time|first|earlier"
    r"|sooner|straight away|at the time|then|at all|after|afterwards|later))+$",
    re.IGNORECASE,
)
_PAST_VERB = r"(?:was|were|did|said|asked|told|went|got|had|came|looked|felt|heard|saw|\w{3,}ed)"
# A moment in the story: "when my lead fixed it in fifteen minutes".
_MOMENT = re.compile(
    rf"\b(?P<m>(?:when|the moment|as soon as|right after|just after|just before) "
    rf"(?:I|he|she|they|we|the|my|our|his|her|their|it"
    rf"|partner-\w)\b[^,;.!?]{{0,60}}?\b{_PAST_VERB}\b"
    rf"[^,;.!?]{{0,50}})",
    re.IGNORECASE,
)
# Words someone said, with who said them: "she said 'I know, and she still felt it'".
_SAID = re.compile(
    r"\b(?:said|says|asked|asks|told (?:me|us|him|her|them)(?: after| later| afterwards)?"
    r"|tells (?:me|us)|replied|goes)(?: to (?:me|us|him|her|them|the (?:whole )?[\w-]+(?: \w+)?))?"
    r"[,:]?\s+"
    # the closing mark matches the opening one: "said 'oh' and then 'sorry'" is two quotes
    r"(?:[\"“](?P<q>[^\"”?]{3,90})[\"”]|[‘'](?P<q2>(?:[^’'?]|(?<=\w)['’](?=\w)){3,90})[’'])"
    r"(?=[\s,.;:!?]|$)",
)
# Words no one said: a wish or a kind of person ("…the kind of person who says 'no'").
_IMAGINED = re.compile(r"\b(?:who|wish|would|could|should|kind of person)\b[^.;!?]*$", re.I)
# Something they did instead of the old habit: "I asked the staff nurse to talk me through it
# instead of pretending I remembered it". A mentor asks what made this time different.
_CHOSE = re.compile(
    r"(?:^|\b(?:I|i) )(?:(?:just|finally|actually) )?(?P<c>(?-i:[a-z]\w{2,}ed|told|spoke|went|took"
    r"|gave|let|sat|stood|made|said|rang)\b[^.;:!?]{3,70}?\s(?:instead of|rather than)\s+"
    r"\w{3,}ing\b(?: (?!and\b|but\b|like\b|because\b|when\b|so\b)[\w'’]+){0,3})",
    re.IGNORECASE,
)
# A name right before the verb, or the subject of its clause: "Deb said", "Irina stopped us
# and said" (not a sentence's first word that is not a name: "Then", "Everyone").
_NAMED = re.compile(
    r"\b(?P<who>(?-i:[A-Z][a-z]{2,}))(?:\s+(?:just|then|also|literally|actually|quietly))?"
    r"(?:\s+(?-i:[a-z])[^,.;!?]{0,30}\s+and)?$"
)
_NOT_A_NAME = frozenset(
    [
        "Then",
        "Everyone",
        "Everybody",
        "Nobody",
        "Someone",
        "Somebody",
        "Anyone",
        "This",
        "That",
        "There",
        "They",
        "And",
        "But",
        "So",
        "Also",
        "Just",
        "Anyway",
        "Honestly",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "When",
        "What",
        "Why",
        "How",
        "Which",
        "After",
        "Before",
        "Still",
        "Maybe",
        "Apparently",
        "Obviously",
        "Basically",
        "Actually",
        "Literally",
        "Instead",
        "Afterwards",
        "Later",
        "Finally",
        "Mum",
        "Dad",
    ]
)


_IRREGULAR = {
    "told": "tell", "spoke": "speak", "went": "go", "took": "take", "gave": "give", "let": "let",
    "sat": "sit", "stood": "stand", "made": "make", "said": "say", "rang": "ring", "kept": "keep",
    "left": "leave", "sent": "send", "brought": "bring", "put": "put", "got": "get", "added": "add",
}  # fmt: skip


def _base(verb: str) -> str:
    """The base form of a past verb: "asked" → "ask", "agreed" → "agree", "stopped" → "stop"."""
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ied"):
        return low[:-3] + "y"
    stem = low[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]  # "stopped", "planned"
    if re.search(r"(?:[cgvz]|(?<!s)s|[^aeiou][aeiou]d|at|[^aeiou]ot|ur|[^aeioul]l)$", stem) or (
        low.endswith("eed")
    ):
        return low[:-1]  # "decided", "used", "agreed", "noted", "created", "handled"
    return stem


def _name_before(before: str) -> re.Match[str] | None:
    named = _NAMED.search(before)
    return named if named and named.group("who") not in _NOT_A_NAME else None


def _who(named: str) -> str:
    """A role at a sentence's start is a role, not a name: "Judge said" → "the judge"."""
    return f"the {named.lower()}" if re.fullmatch(_ROLES, named.lower()) else named


# Who is right before the verb: "my old foreman told me", "Deb said".
_NOT_WHO = r"(?!(?:she|he|they|it|I|we|you|just|then|also|and|but|so|had|was|that|which|who)\b)"
_NEXT_TO_VERB = re.compile(
    rf"(?P<who>\b(?:[Mm]y|[Oo]ur|[Tt]he|[Hh]is|[Hh]er) (?:{_NOT_WHO}\w+ ){{0,2}}{_NOT_WHO}\w+)$"
)
# What they said ends where its clause does, never mid-clause at a length limit ("she said
# she doesn't know if they'll be honest about it but it's…" is said back up to "it").
_CLAUSE_END = r"(?=\s*[,.;:!?\"”)]|\s*$|\s+(?:but|and|so|because|which)\b)"
# Reported speech: "my manager said in standup that we'd ship Monday for sure".
_SAID_THAT = re.compile(
    r"\b(?P<who>(?:[Mm]y|[Tt]he|[Oo]ur) (?:\w+ )?\w+|she|he|they|partner-\w)"
    r" (?:said|told me|told us|kept saying)(?: [^,.;!?\"“]{0,20}?)? that (?P<q>[^,.;!?\"“]{8,80})"
    rf"{_CLAUSE_END}"
    # without "that", what follows must read as a clause: "said accuracy is the floor"
    r"|\b(?P<who2>(?:[Mm]y|[Tt]he|[Oo]ur) (?:\w+ )?\w+|[Ss]he|[Hh]e|partner-\w) (?:said|says)"
    r" (?P<q2>(?!(?:that|to|it|so|yes|no|nothing|something|sorry|thanks)\b)[a-z][\w' -]{2,30}?"
    r" (?:is|are|was|were|isn't|aren't|doesn't|don't|can|can't|has|have|needs?) [^,.;!?\"“]{3,50})"
    rf"{_CLAUSE_END}"
)
# A verdict on how it went: "It went ok I think", "the session was rough".
_VERDICT = re.compile(
    # "one thing that went well" names a kind of thing, not their verdict on the day
    r"(?<!thing )(?<!something )(?<!what )(?<!one )(?<!bit )(?<!part )"
    r"\b(?P<v>(?:it|that|things|the (?:session|meeting|talk|shift|lesson|demo|call|day|week))"
    r" (?:went|was|felt|seemed)(?: (?:really|quite|pretty|very|kind of|mostly))?"
    r" (?:ok|okay|fine|well|good|great|badly|bad|hard|awful|rough|better|worse|smoothly|alright"
    r"|all right|weird|strange|messy|brilliant))\b",
    re.IGNORECASE,
)
# Who said it: the last subject in the few words before the verb.
_ROLES = (
    r"mentor|mentee|manager|lead|supervisor|tutor|teacher|student|patient|nurse|doctor|registrar|"
    r"consultant|colleague|client|customer|PM|boss|junior|senior|hire|intern|peer|educator|"
    r"assessor|examiner|reviewer|designer|engineer|director|stakeholder|coach|buddy|crewmate|"
    r"partner|head|sister|matron|F1|F2|SHO|lecturer|friend|mum|dad|husband|wife|son|daughter|"
    r"editor|gaffer|trainer|instructor|sergeant|officer|chef|owner|principal|headteacher|dean|"
    r"professor|advisor|adviser|counsellor|therapist|vet|pharmacist|midwife|paramedic|foreman|"
    r"coordinator|facilitator|architect|solicitor|barrister|inspector|auditor|apprentice|trainee|"
    r"technician|receptionist|porter|driver|worker|volunteer|officer|governor|chair|founder|"
    r"dentist|surgeon|anaesthetist|radiographer|physio|captain|pilot|caller|guest|tenant|parent|"
    r"carer|resident|landlord|councillor|judge|magistrate|clerk|reviser|grandmother|"
    r"grandfather|neighbour|sponsor|trustee|buyer|producer|stage manager|site manager"
)
# "Dentist just said 'thanks'": a role named without its article, at a sentence's start
_BARE_ROLE = "|".join(
    r.capitalize()
    for r in _ROLES.split("|")
    if r.islower()
    and " " not in r
    # "Mum said", "Head said": a name for one person, or a word with other meanings
    and r
    not in (
        "mum",
        "dad",
        "head",
        "chair",
        "sister",
        "friend",
        "partner",
        "lead",
        "senior",
        "junior",
        "hire",
        "peer",
        "judge",
        "wife",
        "husband",
        "son",
        "daughter",
    )
)
_SPEAKER = re.compile(
    rf"\b(?P<who>I|[Ss]he|[Hh]e|[Tt]hey|[Ww]e|partner-\w|someone|(?:[Mm]y|[Tt]he|[Oo]ur|[Hh]is|[Hh]er)"
    rf"(?: \w+)? (?:{_ROLES})|(?<![\w,] )(?:{_BARE_ROLE}))\b(?!.*\b(?:I|she|he|they|we)\b)"
)
# "the chair said afterwards that was the right thing": the "that" was the clause's subject
_AUX_FIRST = re.compile(r"(?:was|is|were|are|had|has|would|will)\b")
# "when the door's locked", "when she's gone": a state, not a moment
_STATE_S = re.compile(r"\w['’]s\s+(?:\w+ed|been|got|gone|done|not|never|always|still)\b")
# "when I'd said in my interview": said what? The words came in the next clause.
_SAID_NOTHING = re.compile(
    r"\b(?:said|told \w+|thought|knew|realised|realized|decided)"
    r"(?:\s+(?:in|at|on|to|during|before|after)\s+[\w' -]+)?$"
)
_PRESENT_CLAUSE = re.compile(
    r"(?:I|i|we|they|you)\s+(?:know|am|['’]m|are|have|do|don['’]t|can|can['’]t|want|need|think"
    r"|feel|see|like|get)\b|(?:she|he|it)\s+(?:knows|is|has|does|doesn['’]t|can|can['’]t"
    r"|wants|needs|thinks|feels|sees|likes|gets|looks|seems)\b"
)
_NOT_A_THING = re.compile(
    r"(?:(?:just|only|simply)\s+)?to\s|(?:I|i|you|he|she|they|we)\s+\w+"
    r"|(?:the|a|that|this)\s+(?:bit|thing|part|one|stuff)$"
    r"|(?:the|my)\s+(?:lesson|point|thing)\s+(?:is|was)\b",  # "the lesson is that waiting…"
)
_DANGLING_MODAL = re.compile(
    r"\b(?:can|could|would|should|will|must|might)$|\bput (?:it|them|that|this)$", re.IGNORECASE
)
_DANGLING_RELATIVE = re.compile(
    r"\s+(?:(?:of|for|about|on|with)\s+)?(?:what|which|that|who|how)\s+(?:I|i|you|we|they|he|she)"
    r"\s+(?:can|could|would|should|will|must|might)$"
)
_WHO_FIRST = ("said", "said_that", "wish_other")  # "{who}|{their words}"
# A writer's fillers ("I was honestly shocked", "also a bit sensible"): theirs in a quote,
# but said back in a question of ours they read as pasted in
_SAID_FILLER = re.compile(
    r"\s+(?:honestly|basically|literally|tbh|also)\b,?(?=\s)|,\s*(?:sort of|kind of)\b"
    r"|\s+(?:sort of|kind of|tbh|honestly)$",
    re.IGNORECASE,
)
# "the bit that matters is that softening it doesn't protect anyone": the lesson is after "that"
_LESSON_FRAME = re.compile(
    r"^(?:(?:(?:the|my) (?:\w+ )?(?:bit|thing|part|point|lesson|truth)(?: that matters| here)?"
    # "what I keep noticing is that…", "what I understand now is…": theirs, not the lesson
    r"|what (?:I|i|you) (?:keep noticing|understand now|realise now|realize now|see now))"
    r" (?:is|was)(?: that)?"
    # "what I'm clearer on after writing this is that…"
    r"|what (?:I|i|you)\b[\w’' ]{0,40}? (?:is|was) that)\s+",
    re.IGNORECASE,
)
_SAID_WHAT = re.compile(
    r"\b(?:said|asked|told (?:me|us|him|her|them))(?: what| to (?:\w+|the \w+))?$"
)


def _said_nothing(words: str) -> bool:
    """Does `words` end on a verb of saying whose words are not in it ("…she said")?
    ("do what she said" has them: its "what")"""
    return bool(_SAID_WHAT.search(words)) and not re.search(
        r"\b(?:what|as|everything|anything|whatever)\s+(?:\w+\s+){0,2}\w+$", words
    )


# "when you never did plating…", "for weeks": no one moment to have needed something in
_NO_MOMENT = re.compile(r"\bnever\b|\bfor (?:\w+ )?(?:days|weeks|months|years)\b")


def _tidied(p: Phrase) -> Phrase:
    """A phrase ending where its thought does, with the writer's fillers out, and a lesson
    without its own frame."""
    if p.kind in ("said", "said_that"):
        return p  # their quoted words, as written
    head, bar, words = p.words.rpartition("|")
    if p.kind != "echo":
        # "filling it — say it to a person first": the words after a dash are another thought;
        # "make a one-page list of what I can" (and can't request): the list is the step
        words = _DANGLING_RELATIVE.sub("", re.split(r"\s[—–-]\s", words)[0])
    if p.kind != "lesson":
        words = " ".join(_SAID_FILLER.sub("", words).split())
    else:
        words = _LESSON_FRAME.sub("", words)
    return Phrase(p.kind, head + bar + words, p.position)


# "when the patient started deteriorating I froze": the moment ends where the main
# clause begins (a new subject after the fourth word).
_MAIN_CLAUSE = re.compile(r"(?<=\w{2})\s+(?=(?:I|we|you)\s+\w+)")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|isn't|aren't|wasn't|can|can't|need|needs|has|have|doesn't|don't|does"
    r"|do|works|matters|helps|means|makes|gets|takes|feels|comes|goes|lands|counts|been)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(
    r"^(?:I|you|it|it's|the|a|an|my|people|patients|students|he|she|they|we|this|that|there|"
    r"being|what|how|not|nobody|everyone|someone|most|some|asking|saying|[a-z]+ing)\b",
    re.IGNORECASE,
)
# A plan said back must start with what they will do: a verb, or a habit ("asking her…").
# "never at the pass during service" names no step: an adverb must come before a verb
_PLAN_START = re.compile(
    rf"^(?!(?:never|always|just|also)\s+(?:at|in|on|with|for|after|before|the|a|an|my|our)\b)"
    rf"(?:{ACTION_VERBS}|[a-z]+ing)\b",
    re.IGNORECASE,
)
# "the first thing she says she's stuck on": a preposition left at the end by a relative
# clause belongs there; cutting it leaves the question's grammar broken.
_STRANDED = re.compile(
    r"\b(?:thing|things|one|ones|bit|part|stuff|people|person|what|whatever|which|who|where)\b"
    r".*\s(?:\w+)\s(?:on|about|with|for|at|to|in|of|from)$"
    # "with her coat still on": a particle that ends the phrase
    r"|\b(?:still|back|straight|right)\s(?:on|in|at|off)$",
    re.IGNORECASE,
)
_TRAILING_JUNK = re.compile(
    r"(?:\s+(?:and|but|so|or|because|which|that|then|to|of|for|from|with|a|an|the|my|was|is|"
    r"really|just|also|very|in|on|at|partly|mostly|haha|hah|lol|lmao|xd|ha))+$",
    re.IGNORECASE,
)
_SWAP = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "am": "are",
    "we": "you",
    "we'd": "you'd",
    "we're": "you're",
    "we'll": "you'll",
    "we've": "you've",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
}
_GENERIC = frozenset(
    [
        "learn",
        "learned",
        "learnt",
        "lesson",
        "work",
        "worked",
        "working",
        "thing",
        "things",
        "something",
        "feel",
        "felt",
        "think",
        "thought",
        "time",
        "really",
        "happen",
        "happened",
        "bit",
        "lot",
        "good",
        "bad",
        "way",
        "make",
        "made",
        "get",
        "got",
        "know",
        "going",
        "want",
        "like",
        "just",
        "also",
        "still",
        "much",
        "more",
        "very",
        "well",
        "day",
        "week",
        "today",
    ]
)


@dataclass(frozen=True)
class Phrase:
    """A salient piece of the person's answer and what kind of thing it is."""

    kind: str  # said | said_that | verdict | felt_when | feeling | cause | lesson | skill | plan
    # | wish | first | waiting | held_back | regret | moment | topic | pull | caught
    # | caught_now
    words: str  # their words, as written
    position: float


def second_person(words: str) -> str:
    """'I stopped guessing' → 'you stopped guessing': said back to the writer."""
    out: list[str] = []
    tokens = words.split()
    for n, token in enumerate(tokens):
        core = token.strip(",.;:!?\"'“”")
        lower = core.lower()
        swapped = _SWAP.get(lower)
        if lower == "was" and n and tokens[n - 1].lower() in ("i", "you"):
            swapped = "were"
        if lower == "am" and not (n and tokens[n - 1].lower() in ("i",)):
            swapped = None
        if swapped is None:
            out.append(token)
            continue
        out.append(token.replace(core, swapped))
    return " ".join(out)


# What a feeling was about: "I felt sick when she asked me why…", "When the alarm went, I froze".
_TRIGGER_AFTER = re.compile(
    r"^\s*,?\s*(?:when|because|as soon as|after|the moment)\s+(?P<c>[^,.;!?]{6,90})"
)
_TRIGGER_BEFORE = re.compile(
    r"\b(?:[Ww]hen|[Aa]fter|[Tt]he moment|[Aa]s soon as)\s+(?P<c>[^,.;!?]{6,90}),\s*(?:and\s+)?$"
)
_BREAK = re.compile(r",|;|\s(?:because|so that|so|but|which|and then|even though|while)\s")


def _clip(words: str, limit: int = MAX_PHRASE_WORDS, cut: bool = True) -> str:
    """The phrase up to its first natural break (`cut`), or "" when it is still too long to
    say back in a question: a phrase cut mid-clause reads as a pasted fragment."""
    words = "".join(ch for ch in words if not unicodedata.category(ch).startswith("So"))
    words = " ".join(words.split()).strip(" ,.;:-–—\"'“”()")
    if cut and len(words.split()) > limit:
        words = _BREAK.split(words, maxsplit=1)[0]
    previous = None
    while previous != words and not _STRANDED.search(words):
        previous = words
        words = _TRAILING_JUNK.sub("", words).strip(" ,.;:-")
    if (
        len(words.split()) > limit
        or words.count("(") != words.count(")")
        or ":" in words
        or sum(words.count(q) for q in '"“”') % 2
        or re.search(r"(?:^|\s)['‘]|['’](?:\s|$)", words)
    ):
        return ""
    return words


def _theirs_before(text: str) -> bool:
    """Is the last subject before this point someone else ("…and she'll answer rather
    than…")?"""
    subjects = re.findall(r"\b(?:I|i|we|she|he|they|partner-\w+)\b(?!-)", text)
    return bool(subjects) and subjects[-1] not in ("I", "i", "we")


# the people in the scene, not the mentor they talked it over with afterwards
_PERSON = re.compile(
    rf"\b(?:(?:[Mm]y|[Tt]he|[Oo]ur) (?:(?!mentor\b)[a-z]+ )?(?!mentor\b)(?:{_ROLES})"
    rf"|partner-[a-z])\b"
    r"(?!['’-]|\s+(?:office|of)\b)"
)


def _person(answer: str) -> str:
    """The other person the answer is most about ("the registrar", "my mentee"), or ""."""
    counts: dict[str, int] = {}
    for m in _PERSON.finditer(answer):
        who = m.group(0)
        key = who[0].lower() + who[1:]
        counts[key] = counts.get(key, 0) + 1
    if not counts or max(counts.values()) < 2:
        return ""  # named once, they are part of the scenery, not who the answer is about
    return max(counts, key=lambda k: counts[k])  # the first of the most mentioned


def _gerund_of_going(words: str) -> bool:
    """'going to…', 'trying to…': a plan or an attempt, not a habit to ask about."""
    return bool(re.match(r"(?:going|gonna|trying|planning|hoping|meaning)\b", words))


def _lower_determiner(who: str) -> str:
    """'My lead' → 'my lead', to say back mid-sentence ('Our', 'The', 'She'… too)."""
    lowered = ("My", "The", "Our", "She", "He", "They", "We")
    return who[0].lower() + who[1:] if who.split()[0] in lowered else who


def _as_written(p: Phrase, flat: str) -> Phrase:
    """`p` with no word a length limit cut short (`_whole_words`). An echo is
    "{tense}|{clause}": its tense is a label, not words of theirs to look for; who said it
    ("you|it is in the guideline") is said back as a person, not quoted."""
    if p.kind == "echo":
        return p
    if p.kind in _WHO_FIRST:
        who, _, words = p.words.partition("|")
        return Phrase(p.kind, f"{who}|{_whole_words(words, flat)}", p.position)
    return Phrase(p.kind, _whole_words(p.words, flat), p.position)


def _whole_words(words: str, flat: str) -> str:
    """`words` without a last word that a length limit cut short ("you don't kno"): where
    the answer has the phrase only with more letters straight after it, the last word goes.
    Parts of a compound phrase ("feeling|clause") are checked one by one."""
    parts = []
    flat = flat.lower()  # "he said" said back from "He said"
    for part in words.split("|"):
        at = flat.find(part.lower()) if part else -1
        while at >= 0 and flat[at + len(part) : at + len(part) + 1].isalnum():
            at = flat.find(part.lower(), at + 1)
        if part and at < 0 and part.lower() in flat:  # cut short: back to its last break
            whole = _BREAK.split(part, maxsplit=1)[0].strip(" ,")
            part = whole if whole != part else part.rsplit(" ", 1)[0] if " " in part else ""
        parts.append(part)
    return "|".join(parts)


def phrases(answer: str, plan: bool = False) -> list[Phrase]:
    """The salient phrases of an answer, in the order they were written; `plan`: it answers
    "what will you do?", so its imperative sentences are plans."""
    return list(_phrases(answer, plan))


# A follow-up reads the same answer (and, for a short reply, what was written before it in
# the stage) in up to three passes, and the gate's passes read it again: read it once.
@lru_cache(maxsize=32)
def _phrases(answer: str, plan: bool) -> tuple[Phrase, ...]:
    found: list[Phrase] = []
    parts = segments(answer)
    topic = _topic(parts[0].text) if len(parts) > 1 else ""
    if topic:
        found.append(Phrase("topic", topic, 0.0))
    for segment in parts:
        text, pos = segment.text, segment.position
        # a diary's "Felt weird but…" has no subject; "I'm gutted" no space before its verb
        felt_text = _DIARY_FELT.sub(lambda f: "I " + f.group(1).lower(), text)
        felt_text = re.sub(r"\b([Ii])['’]m\b", r"\1 'm", felt_text)
        for m in _FEELING.finditer(felt_text):
            if not _mine(felt_text, m.start()):
                continue  # "partner-c went quiet and felt embarrassed": not theirs to ask about
            if re.search(r"(?:n't|\bnot|\bnever)\s*$", felt_text[: m.start("f")].rsplit(" ", 2)[0]):
                continue  # "I didn't feel unsafe": a feeling they did not have
            # "angry for weeks about something nobody knew": the feeling, not its spell
            feeling = _clip(_SPELL.sub("", m.group("f")), 16)
            # "inside I feel like small" (a second language): said back as "felt small"
            like = re.fullmatch(r"like (\w+)", feeling)
            if like and _FEELING_WORD.fullmatch(like.group(1)):
                feeling = like.group(1)
            if re.search(r"\b(?:will|won't|going to)\b|['’]ll\b", feeling):
                continue  # "scared that one day I will mishear": said as "felt", tenses clash
            trigger = _TRIGGER_AFTER.match(felt_text[m.end() :]) or _TRIGGER_BEFORE.search(
                felt_text[: m.start()]
            )
            clause = _clip(trigger.group("c"), 14) if trigger else ""
            if (
                feeling
                and clause
                and re.match(r"(?:I|i|she|he|they|we|my|the|it|partner-)", clause)
                # "felt ashamed, because I know my role": said as "when you know", tenses clash
                and not _PRESENT_CLAUSE.match(clause)
            ):
                found.append(Phrase("felt_when", f"{feeling}|{clause}", pos))
            else:
                found.append(Phrase("feeling", feeling, pos))
        for m in _CAUSE_AFTER.finditer(text):
            # "doing it with the compass and a pencil line then planing down…": its first step
            cause = re.split(r"\s(?:and then|then|instead of|rather than)\s", m.group("c"))[0]
            found.append(Phrase("cause", _clip(cause), pos))
        for m in _CAUSE.finditer(text):
            cause = m.group("c").strip()
            if (
                len(cause.split()) >= 2
                and not re.match(r"(?:it|this|that|what)\b", cause, re.I)
                and not re.search(r"\b(?:should|would|could|might|may|must)\b", cause)
            ):
                found.append(Phrase("cause", _clip(cause), pos))
        for m in _LEARNED.finditer(text):
            # quoted back whole ('You wrote "…"'), a lesson may be longer than a phrase
            lesson = _clip(m.group("l") or m.group("l2"), LESSON_WORDS, cut=False)
            if _CLAUSE_START.match(lesson) and len(lesson.split()) >= 4 and _FINITE.search(lesson):
                found.append(Phrase("lesson", lesson, pos))
            elif re.match(r"(?:to|how to)\s+\w+\s+\w+", m.group("l") or ""):
                # "I learned to use the debugger, which…": a skill, not a lesson
                said = re.split(r"\s(?:more|better|faster) than\b|[,;:]", m.group("l"))[0]
                skill = _clip(said, 12)
                if skill and not _FINITE.search(skill.split(" ", 2)[-1]):
                    found.append(Phrase("skill", skill, pos))
        for m in _MOMENT.finditer(text):
            moment = _MAIN_CLAUSE.split(m.group("m"), maxsplit=1)[0]
            moment = _clip(moment, 12)
            raw = " ".join(m.group("m").split())
            # the match stopped for room, not at a break, and the moment runs to its end
            cut_short = bool(re.match(r"\s*\w", text[m.end() :])) and (
                raw.startswith(moment) and len(moment.split()) >= len(raw.split()) - 2
            )
            if (
                not re.search(r"(?:'m|'re|\bam|\bis|\bare)\b", moment)  # a state, not a moment
                and not _STATE_S.search(moment)  # "when the door's locked"
                and not _SAID_NOTHING.search(moment)  # "when I'd said in my interview" (what?)
                and not cut_short  # "…with her coat still" (on): the match ran out of room
                and not re.match(r"when it (?:needed|was|had|seemed|looked|felt)\b", moment, re.I)
                and len(moment.split()) >= 4
                and re.search(rf"\b{_PAST_VERB}\b", moment)
            ):
                found.append(Phrase("moment", moment, pos))
        for m in _SAID_THAT.finditer(text):
            who = _lower_determiner(m.group("who") or m.group("who2"))
            said = m.group("q") or m.group("q2")
            opened = len(re.findall(r"(?:^|\s)['‘]", said))
            closed = len(re.findall(r"['’](?=\s|$|[,.;:!?])", said))
            if _AUX_FIRST.match(said):  # "said afterwards that was the right thing"
                said = "that " + said  # its "that" was the clause's subject
            if len(said.split()) <= 14 and _SPEAKER.fullmatch(who) and opened == closed:
                found.append(Phrase("said_that", f"{second_person(who)}|{said}", pos))
        for m in _HELD_BACK.finditer(text):
            done = m.group("x") or m.group("r")
            first, _, rest = done.partition(" ")
            base = f"{_BASE_OF.get(first.lower(), first)} {rest}".strip()
            base = _HELD_BACK_TAIL.split(base, maxsplit=1)[0]
            held = _clip(_WHEN_AT_END.sub("", base))
            if (
                held
                and len(held.split()) >= 2
                and not _VAGUE.search(held)
                and not re.search(r"[\"“”]|\b(?:nothing|no)\b", held)
            ):
                kind = "held_back" if m.group("x") else "regret"
                if kind == "held_back" and _EXPLAINED.search(text[m.start() :]):
                    kind = "held_back_known"  # they said why: ask what would have helped
                found.append(Phrase(kind, held, pos))
        for m in _CHOSE.finditer(_DIARY_PAST.sub(lambda d: d.group(0).lower(), text)):
            chose = _clip(m.group("c"), 16)
            verb, _, rest = chose.partition(" ")
            chose = f"{_base(verb)} {rest}"
            if chose and not _theirs_before(text[: m.start()]):
                found.append(Phrase("chose", chose, pos))
        for m in _WAITING.finditer(text):
            waiting = _clip(m.group("w"), 8)
            if waiting and not re.search(r"\b(?:to|until|till)\b", waiting):
                found.append(Phrase("waiting", waiting, pos))
        for m in _CAUGHT.finditer(text):
            habit = _clip(m.group("been") or m.group("was"), 12)
            if habit and len(habit.split()) >= 3 and not _gerund_of_going(habit):
                found.append(Phrase("caught" if m.group("was") else "caught_now", habit, pos))
        for m in _FIRST.finditer(text):
            first = _clip(m.group("f"))
            if first and len(first.split()) >= 2:
                found.append(Phrase("first", first, pos))
        for m in _WISH_OTHER.finditer(text):
            wished = _clip(m.group("w"), 10)
            if wished and len(wished.split()) >= 2 and not _VAGUE.search(wished):
                who = second_person(_lower_determiner(m.group("who")))
                found.append(Phrase("wish_other", f"{who}|{wished}", pos))
        for m in _WISH.finditer(text):
            wish = _clip(m.group("w"))
            if wish and len(wish.split()) >= 2 and not _VAGUE.search(wish):
                found.append(Phrase("wish", wish, pos))
        for m in _VERDICT.finditer(text):
            found.append(Phrase("verdict", m.group("v")[0].lower() + m.group("v")[1:], pos))
        for m in _SAID.finditer(text):
            before = " ".join(text[: m.start()].split()[-12:])
            speaker_match = _SPEAKER.search(before) or _name_before(before)
            said = " ".join((m.group("q") or m.group("q2")).split()).strip(" ,")  # as written
            if _IMAGINED.search(before):
                continue  # "I wish I were someone who says 'let me check'": no one said it
            if not 1 <= len(said.split()) <= 14:
                continue
            if speaker_match is None:
                continue  # words without a speaker: asking about them misreads too often
            speaker = speaker_match.group("who")
            named = _NEXT_TO_VERB.search(before) or _name_before(before)
            if named and (speaker == "I" or not _SPEAKER.search(before[named.end() :])):
                speaker = _who(named.group("who"))  # "my old foreman told me '…'", "Irina said '…'"
            if re.fullmatch(_BARE_ROLE, speaker):
                speaker = "the " + speaker.lower()  # "Dentist just said" → "the dentist"
            speaker = "you" if speaker == "I" else second_person(_lower_determiner(speaker))
            if not speaker.strip():
                continue  # "…when said 'it is in the guideline'": no one to name
            found.append(Phrase("said", f"{speaker}|{said}", pos))

    found += _echoes(parts)
    if not any(p.kind == "lesson" for p in found):
        stated = _stated_lesson(answer)
        if stated:
            found.append(Phrase("lesson", stated, 1.0))
    person = _person(answer)
    if person:
        found.append(Phrase("person", person, 0.5))
    for c in find_commitments(answer, plan=plan):
        stop = re.match(r"no more\s+(?P<h>[a-z]{2,}ing\b.*)", c.text, re.IGNORECASE)
        if stop:  # "no more grabbing the scanner": the habit they mean to drop
            habit = _clip(stop.group("h"), 10)
            if habit and len(habit.split()) >= 2 and _gerund(habit.split()[0]):
                found.append(Phrase("pull", habit, 1.0))
            continue
        action = _clip(
            re.split(
                r"[,;]|:\s|\s[-–—]\s|\s+and (?:actually |also )?|\s(?:instead of|rather than)\s",
                _with_due(c),
            )[0]
        )
        # "do that more", "take over": a plan this short points at nothing said back
        # a lone letter is a list's label ("raise d"): said back it reads as a typo; a copula
        # means a statement read as a plan ("pick rate on his shift is down")
        if (
            not (_STATE.search(action) and not _CLAUSAL.match(action))
            and (
                _PLAN_START.match(action)
                or (verb_first(action) and _VERB_THEN_OBJECT.match(action))
            )
            and len(action.split()) >= 3
            and not _VAGUE.search(action)
            and not re.match(r"\S+ (?:it|that|this|them|those)\b", action)  # "put it up on Monday"
            and not re.search(r"(?<![\w'’-])(?![aAI]\b)[a-zA-Z](?![\w'’-])", action)
            and not re.match(r"owe\b", action)  # "owe her the template": a debt, not a step
        ):
            # a plan whose reason they gave ("…so he hears how it sounds") is not asked
            # what it is for
            start = c.sentence.lower().find(" ".join(action.split()[:3]).lower())
            after = c.sentence[start + len(action) :] if start >= 0 else ""
            stopping = re.search(
                rf"\b(?:stop|quit)\s+{re.escape(action.split()[0])}", c.sentence, re.I
            )
            if stopping and _gerund(action.split()[0]):  # "stop covering the phones"
                found.append(Phrase("pull", action, 1.0))
            else:
                found.append(Phrase("plan_why" if _REASON.match(after) else "plan", action, 1.0))
        old = _INSTEAD.search(c.sentence)
        if old:
            habit = _clip(old.group("y"), 10)
            if (
                habit
                and len(habit.split()) >= 2
                and _HABIT_NOUN.match(habit)
                and _gerund(habit.split()[0])
                and not re.match(r"(?:going|having|being|doing it|doing that)\b", habit)
                and not _theirs_before(c.sentence[: old.start()])
            ):
                found.append(Phrase("pull", habit, 1.0))
    flat = " ".join(answer.split())
    found = [_as_written(_tidied(p), flat) for p in found]
    return tuple(
        p
        for p in found
        if p.words.strip("|")
        and len(p.words.replace("|", " ").split()) >= (1 if p.kind == "feeling" else 2)
        and not (p.kind == "skill" and _VAGUE.search(p.words))
        # "what was it about just to ask / I did not defend it / the bit that…": not a thing
        and not (p.kind == "cause" and _NOT_A_THING.match(p.words))
        # 'You wrote "…and afterwards she said"': what she said was in the next sentence
        and not (p.kind not in ("said", "said_that") and _said_nothing(p.words))
        # "Lead's review comments on my PR…": a noun that looks like a verb is no step
        and not (p.kind in ("plan", "plan_why") and re.match(r"\w+['’]s\b", p.words))
        # "make a one-page list of what I can": its verb is in the next words (a quote
        # may end so: "if I don't do it nobody will")
        and not (p.kind not in ("said", "said_that") and _DANGLING_MODAL.search(p.words))
        and not (p.kind not in ("said", "said_that") and _SLIP.search(p.words))
        # quoted words are theirs; a headline has no verb ("Kestrel Close")
        and not (p.kind not in ("said", "topic") and _agreement_slip(p.words))
        # "send you the list": their "you" is the reader; said back it would mean them
        # (an echo is said back already, and checked before)
        and not (
            p.kind not in ("said", "said_that", "echo", "wish_other")
            and _READERS_YOU.search(p.words)
        )
    )


# When a sentence about something they did opens: "Yesterday", "On Monday", "In the end".
_WHEN_OPENER = (
    r"(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening|week)"
    r"|[Ll]ast (?:night|week|month|shift)|[Oo]n (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|[Ii]n the end|[Aa]fter that|[Aa]fterwards|[Aa]t first|[Ee]ventually|[Ll]ater(?: on)?"
    r"|[Aa]lso|[Aa]nyway)"
)


# A sentence they wrote about themselves, said back when nothing more telling was found:
# "I had to bite my tongue maybe twenty times", "I'm just tired of being the one who cares".
_ECHO = re.compile(
    r"(?:^|[,;]\s+|\s(?=(?:and|but|so|then)\s))(?:(?i:and|but|so|then|honestly|still|now),?\s+)?"
    # "Yesterday I presented…", "In the end I rang her": a sentence opened by its when
    rf"(?:{_WHEN_OPENER},?\s+)?"
    r"(?P<c>I(?:['’]m|\s+(?:just|really|still|never|always|actually|also))?\s+"
    r"(?P<v>\w+(?:['’]t)?)\b[^.;:!?\"“”]*)"
)
_ECHO_PAST = re.compile(
    r"(?:was|had|felt|kept|did|didn['’]t|couldn['’]t|wasn['’]t|wouldn['’]t|got|went|said|"
    r"thought|knew|saw|told|let|froze|sat|stood|ran|made|took|gave|spent|left|spoke|sent|"
    r"forgot|lost|caught|held|bit|rang|brought|bought|chose|drove|fell|found|hid|hung|led|met|"
    r"paid|shook|slept|stuck|swore|taught|threw|woke|won|ate|began|broke|heard|overheard|"
    r"meant|tore|wept|drew|fought|dealt|overran|overslept|overdid|\w{3,}ed)$"
)
_ECHO_PRESENT = re.compile(r"(?:['’]m|am|feel|keep|don['’]t|can['’]t|hate|need|find|still)$")
_ECHO_HEDGE = re.compile(
    r"^I(?:\s+(?:just|really|still|never|always|actually|also))?\s+"
    r"(?:think|thought|believed|assumed|guess|suppose|mean|know|don['’]t (?:know|think)|"
    r"hope|wonder|wanted to|want|"
    r"would|should|could|will|might|need to|have to|plan|am going|['’]m going|"
    r"said|told|asked|wrote|started|went|got|came|learned|learnt|realised|realized|knew|"
    r"noticed|decided|understood|remembered)\b",
)
_ECHO_WEIGHT = re.compile(
    rf"\b(?:{_FEELINGS}|hard|difficult|weird|strange|odd|petty|mess|strength|weakness|"
    r"bite my tongue|had to|couldn['’]t|didn['’]t|wasn['’]t|never|always|again|"
    r"tired of|sick of|fed up|the one who|on my own|by myself|myself)\b",
    re.IGNORECASE,
)


def _echoes(parts: Sequence[Segment]) -> list[Phrase]:
    """Up to two of their sentences about themselves, weightiest first, as `echo` phrases
    ("{tense}|{clause}"): the last resort before a curated question."""
    scored: list[tuple[float, Phrase]] = []
    flat = " ".join(" ".join(segment.text for segment in parts).split())
    for segment in parts:
        text = " ".join(segment.text.split())
        if "?" in text:
            continue
        for m in _ECHO.finditer(text):
            if not _ECHO_HEDGE.match(m.group("c")):
                scored += _echo(m.group("v"), m.group("c"), segment.position)
        for m in _DONE_TO.finditer(text):
            scored += _done_to(m, segment.position, flat)
        diary = _DIARY_PAST.match(text)  # "Spoke slower on purpose and paused after each…"
        if diary:
            verb = diary.group("v").lower()
            scored += _echo(verb, f"I {verb}{text[diary.end() :]}", segment.position)
    scored.sort(key=lambda item: -item[0])
    return [phrase for _, phrase in scored[:2]]


# Something someone did to them: "Partner-f, who I'm meant to be bringing on, watched me get
# picked apart", "the dad turned to me", "she snapped at me in front of everyone"; or that
# they saw someone do: "the other two coaches rolled in at 9.50 with coffees".
_DONE_TO = re.compile(
    r"(?:^|[,;]\s+|\s(?=(?:and|but|so|then|when|while)\s))"
    r"(?:(?i:and|but|so|then|when|while|honestly|still),?\s+)?"
    r"(?P<who>(?-i:[A-Z][a-z]{2,})|[Pp]artner-\w+|(?:[Mm]y|[Tt]he|[Oo]ur|[Oo]ne of the)"
    r" (?:[a-z][\w-]* ){0,2}[a-z][\w-]*|[Ss]he|[Hh]e|[Tt]hey)"
    r"(?P<aside>,\s+who [^,.;:!?]{3,70},)?"
    r"\s+(?P<v>(?-i:[a-z]{2,}ed)|saw|took|left|caught|held|threw|cut|tore|shot|found|stood|"
    r"went|came|ran|sat|fell|broke|got|gave|walked|turned)"
    r"(?P<rest>(?P<me>\s+(?:(?:up |over |round |back )?(?:to|at|for|past|with|on|over|about|"
    r"behind) )?(?:me|us)\b)?(?:[^.;:!?\"“”,]|(?<=\d)[.:](?=\d))*)"
)
# Verbs that do not make a moment of it, or that other kinds ask about better ("she
# asked me", "he told me": what was said; "she helped me": help, not an event).
_DONE_TO_NOT = re.compile(
    r"(?:asked|told|reminded|needed|wanted|used|seemed|expected|allowed|helped|supported|"
    r"thanked|praised|called|emailed|messaged|texted|paired|assigned|booked|signed|included|"
    r"added|invited|showed|offered|coached|trained|mentored|liked|loved|hated|hoped|"
    r"based|related|supposed|concerned|involved|scheduled|planned|worked|lived|stayed)$",
    re.IGNORECASE,
)


def _done_to(m: re.Match[str], position: float, flat: str) -> list[tuple[float, Phrase]]:
    """Something someone did to them, as a `done` echo, or that they saw someone do, as a
    `seen` one (a last resort, after their own sentences): what went through their mind."""
    who, verb = m.group("who"), m.group("v")
    if who in _NOT_A_NAME or who.lower() in ("the one", "the other") or _DONE_TO_NOT.match(verb):
        return []
    if re.fullmatch(r"(?!(?:She|He|They)$)[A-Z][a-z]+", who) and not re.search(
        rf"(?<![.!?]\s)(?<!^)\b{who}\b", flat
    ):
        return []  # "Security came…", "More worried…": a capital only a sentence's start gave
    person = re.fullmatch(
        rf"[A-Z][a-z]+|[Pp]artner-\w+|[Ss]he|[Hh]e|[Tt]hey|.*\b(?:{_ROLES})(?:e?s)?", who
    )
    if not person and not m.group("me"):
        return []  # "the review missed it too": what happened, not what someone did
    clause = f"{who} {verb}{m.group('rest')}"
    clause = re.split(r"\s+(?:but|which|because|and (?:I|she|he|they|it|we|you))\b\s*", clause)[0]
    clause = _clip(clause, 14)
    cut_short = _CUT_SHORT.search(clause) or re.search(r"\b(?:it|this|them)$", clause)
    if cut_short or not 4 <= len(clause.split()) <= 14 or _READERS_YOU.search(clause):
        return []  # cut short ("…talked over me and"), or too little to be a moment
    lower = who.split()[0] in ("My", "The", "Our", "One", "She", "He", "They")
    who_said = who[0].lower() + who[1:] if lower or who.startswith("Partner-") else who
    clause = who_said + clause[len(who) :]
    clause = _FILLER.sub("", clause)
    telling = len(_ECHO_WEIGHT.findall(clause))
    if m.group("me"):  # a moment that happened to them
        return [(telling + 1 + position, Phrase("echo", f"done|{second_person(clause)}", 2.0))]
    if (
        len(clause.split()) < 5
        or re.search(r"\b(?:I|my|me|you|your)\b", clause, re.IGNORECASE)
        or re.search(r"\bfound it\b", clause)  # "he found it hard to say": how it was for him
    ):
        return []  # too little to be a moment, or theirs told from the side
    return [(telling + position - 2, Phrase("echo", f"seen|{second_person(clause)}", 2.0))]


# A diary's sentence without its "I": "Told her so straight after", "Spoke slower on purpose".
_DIARY_PAST = re.compile(
    r"^(?!(?:Learned|Learnt|Realised|Realized|Noticed|Decided|Wanted|Needed|Planned|Hoped|"
    r"Worked|Seemed|Looked|Used|Added|Based|Related|Mixed|Red|Bed|Shed|Speed|"
    # "Gutted for about a day": how they were, not what they did
    r"Gutted|Stressed|Knackered|Shattered|Relieved|Pleased|Annoyed|Worried|Exhausted|Bored|"
    r"Embarrassed|Scared|Confused|Surprised|Tired|Frustrated|Wrecked|Chuffed|Stuffed|"
    # "Turned out the bit…", "Let's see if…": nobody's deed
    r"Turned|Happened|Let['’]s|Longed|Lacked|Liked|Loved)\b)"
    r"(?P<v>[A-Z][a-z]{2,}ed|Told|Spoke|Felt|Went|Got|Had|Made|Took|Gave|Sat|Kept|Let|Ran|"
    r"Saw|Sent|Left|Stood|Froze|Forgot|Lost|Caught|Held|Said)\b"
)


# A clause said back that ends where it was cut ("I lost where I", "…talked over me and").
_CUT_SHORT = re.compile(
    r"\b(?:and|but|or|so|said|to|the|a|an|of|with|because|that|which|like|where|when|what"
    r"|how|if|whether|I|he|she|they|we)$"
)


def _echo(verb: str, clause: str, position: float) -> list[tuple[float, Phrase]]:
    """The clause (which starts "I …") as a weighted `echo` phrase, or nothing if it tells
    little: a past action needs six words to carry a moment, anything else a telling word."""
    if (
        _ECHO_HEDGE.match(clause)
        or re.match(r"(?:felt|feel|longed)$", verb, re.IGNORECASE)  # a 4Ls "longed for"
        or re.match(r"I\s+(?:[\w'’]+\s+)?(?:feel|felt)\b", clause)  # "I didn't feel unsafe"
    ):
        return []  # a feeling is asked about as one ("when you felt…"), not said back
    tense = "past" if _ECHO_PAST.search(verb) else ""
    if clause.startswith(("I'm", "I’m")) or _ECHO_PRESENT.search(verb):
        tense = "present"
    # one clause: "I handed over at 8.15, left at 8.50…" keeps its first part; "…a bit at
    # the time but it's stuck", "…liked a stage and she really isn't" turn to another
    clause = re.split(r"\s*(?:[,;(—–]|\s-\s)", clause, maxsplit=1)[0]
    clause = re.split(r"\s+(?:but|which|and (?:she|he|they|it|we|you))\b\s*", clause, maxsplit=1)[0]
    if re.match(r"\S+\s+\S+\s+(?:it|them|this|that)\b", clause):
        return []  # "I restocked it out of my own bag": "it" points at nothing said back
    clause = _clip(clause, 14)
    if _CUT_SHORT.search(clause):
        return []  # a clause cut short ("I lost where I")
    if (
        not tense
        or not 4 <= len(clause.split()) <= 14
        # "I didn't even ask" (someone did it unasked), "I didn't do anything wrong" (a
        # claim): said back as an experience they misread
        or re.search(r"\b(?:even|anything wrong|nothing wrong)\b", clause)
        or _READERS_YOU.search(clause)
        or _VAGUE.search(clause)
    ):
        return []
    telling = len(_ECHO_WEIGHT.findall(clause))
    if not telling and not (tense == "past" and len(clause.split()) >= 6):
        return []
    if tense == "past" and not _ECHO_STATE.match(verb) and not _NOT_DONE.match(clause):
        tense = "done"  # "I stood at the pass calling tickets": an action, not a state
    clause = _FILLER.sub("", clause)
    clause = _SHOUTED.sub(lambda m: m.group(0).lower(), clause)  # "…AND Dev's queue"
    return [(telling + position, Phrase("echo", f"{tense}|{second_person(clause)}", 2.0))]


# A past verb of a state or a feeling ("I was…", "I felt…", "I didn't…"), not of a deed.
_ECHO_STATE = re.compile(
    r"(?:was|were|had|felt|kept|thought|knew|\w+n['’]t|seemed|needed|wanted|liked|loved"
    r"|hated|hoped|worried|panicked|struggled|lacked|longed|missed)$",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(r"I(?:\s+\w+)?\s+(?:did not|didn['’]t|never|could not|was not)\b")
# Words that emphasise in writing and read as pasted when said back.
_FILLER = re.compile(r"\s+(?:literally|basically|actually|kind of|sort of|kinda|sorta)\b")
_SHOUTED = re.compile(r"\b(?:AND|OR|BUT|THE|NOT|ALL|EVERY|NEVER|ALWAYS)\b")


# What introduces a lesson, to say back only the lesson: "I think the real lesson is that",
# "What I learned, I think:", "Conclusion for now:".
_LESSON_LEAD = re.compile(
    r"^(?:(?:so|and|but|also|anyway|honestly),?\s+)*"
    r"(?:(?:I think|I guess|I suppose|maybe|probably),?\s+)?"
    r"(?:(?:what|the (?:\w+ )?thing|the (?:\w+ )?bit) I(?:'ve| have| am|'m)?"
    r"(?: actually| really| honestly| think I)? "
    r"(?:learned|learnt|learning|learn"
    r"|realised|realized"
    r"|took away|take away|taking away|took from (?:it|this|that)|take from (?:it|this|that)"
    r"|taking from (?:it|this|that)|keep coming back to|'ve taken from it|have taken from it)"
    r"(?:,? I think)?(?: is)?(?: that)?\s*[:,]?"
    r"|(?:the|my) (?:real |main |big |biggest |key |one )?(?:lesson|takeaway|learning|conclusion"
    r"|point)(?: for now| here)?(?: is| was)?(?: that)?\s*[:,]?"
    r"|(?:conclusion|learned|learnt|takeaway|lesson)(?: for now)?\s*:"
    r"|(?:learned|learnt|realised|realized) that"  # a diary's "Learned that…"
    r"|the (?:\w+ )?thing I (?:didn't|did not) (?:get|see|understand|realise|realize)"
    r"(?: before| until now| till now)? (?:is|was)(?: that)?"
    r"|(?:it )?turns out(?: that)?,?"
    r"|I (?:have |'ve )?(?:learned|learnt|learn|realised|realized|noticed|discovered|understood)"
    r"(?: that)?,?"
    r"|I(?:'m| am) (?:understanding|learning|realising|realizing|seeing)(?: that)?,?"
    r"|what (?:really |actually )?(?:worked|helped)(?: \w+)?(?:,? I think,?)? (?:was|is)(?: that)?"
    r"|what [\w-]+(?: \w+)? (?:helped|got|made) me (?:to )?(?:see|realise|realize|understand|say)"
    r"(?: out loud)?(?: is| was)?(?: that)?,?"
    r"|I (?:think|guess|suppose|realise|realize|see now|know now|now see|now know|understand now)"
    r"(?: that)?,?)\s*",
    re.IGNORECASE,
)


_NOT_A_CLAUSE_START = re.compile(
    r"(?:if|when|because|so|and|but|or|then|to|for|with|in|on|at|by|of|from|about|as|than|now"
    r"|maybe|perhaps|probably|is|are|was|were|which|(?-i:[b-hj-z]))\b"
    # a question tag: "which is backwards isnt it"
    r"|.*\b(?:isn'?t it|innit)\W*$|.*,\s*right\W*$"
    # the tail of a lead-in cut short: "session is that she did not want…"
    r"|\w+ (?:is|was) that\b",
    re.IGNORECASE,
)
_CONTRACTED = re.compile(r"\b\w+['’](?:s|re|d|ve|m)\b|\b(?:done|been|had|seen)\b", re.IGNORECASE)


def _without_when(plan: str) -> str:
    """The plan without its due ("send the quote by Thursday 5pm" → "send the quote")."""
    due = DUE.search(plan)
    cut = (plan[: due.start()] if due else plan).strip(" ,")
    cut = _WHEN_AT_END.sub("", cut).strip(" ,")
    if re.search(r"\b(?:before|by|until|after|on|at|in|your|our|my|the|for)$", cut):
        return plan  # cut mid-phrase: better said whole
    return cut if len(cut.split()) >= 2 else plan


# A lesson written as a rule under its own label: "Lesson: check the cheap stuff first."
_RULE_LABEL = re.compile(
    r"\b(?:lesson|takeaway|learning|learned|learnt)(?: learned| learnt)?\s*:\s*$", re.IGNORECASE
)
_RULE_START = re.compile(rf"(?:always |never |just )?(?:{ACTION_VERBS})\s+\w+", re.IGNORECASE)


def _labelled_rule(answer: str, sentence: str, rest: str) -> bool:
    at = answer.find(sentence.strip())
    return at > 0 and bool(_RULE_LABEL.search(answer[:at])) and bool(_RULE_START.match(rest))


def _stated_lesson(answer: str) -> str:
    """The lesson the answer states (as the summary reads it), its lead-in dropped, short
    enough to say back in a question; "" when it has none or it reads badly said back."""
    # the lesson picker reads commitments too
    from .lessons import best_lesson_sentence, reads_as_lesson

    sentence = best_lesson_sentence(answer, lesson_stage=True)
    if not sentence:
        return ""
    rest = _LESSON_LEAD.sub("", sentence.strip(), count=1).strip(" ,.;:!\"'“”")
    rest = re.sub(r"^(?:also|and|so|but|plus),?\s+", "", rest, flags=re.IGNORECASE)
    if not reads_as_lesson(sentence):
        return ""  # "Dean's a big bloke and I half expected him…": a story, not a lesson
    # long, or two clauses ("the meeting isn't the list, the list is there to help it"): the
    # first is said back, unless the second turns against it
    if len(rest.split()) > LESSON_WORDS or re.search(r",(?! not\b)", rest):
        head, *tail = _BREAK.split(rest, maxsplit=1)
        # "the rewriting feels like help, but…": cut there, it says the opposite
        if tail and _TURN.match(rest[len(head) :].lstrip(", ;")):
            return ""
        rest = head.strip()
    # said back whole or not at all: "being tired is just what nursing is" loses its
    # meaning with its last word
    if _clip(rest, LESSON_WORDS, cut=False) != rest:
        return ""
    if (
        not rest
        or len(rest.split()) < 4
        or _NOT_A_CLAUSE_START.match(rest)
        or not (
            _FINITE.search(rest)
            or _labelled_rule(answer, sentence, rest)  # "Lesson: check the cheap stuff first."
            or _CONTRACTED.search(rest)
            or re.search(_PAST_VERB, rest)
            or re.search(r"\b\w+, not\b", rest)  # "kids copy my energy, not my counts"
        )
        or re.search(r"\b(?:should|would|could|might|will|'ll)\b", rest)
        or _SLIP.search(rest)
        or re.search(r"\s[—–-]\s", rest)  # an aside said back reads as a pasted fragment
        or len(rest.split()) < 5
        or re.match(r"(?:if|when|because|so|and|but|or|then)\b", rest, re.IGNORECASE)
        or re.search(r"\blearn(?:ed|t)? (?:to|how)\b", rest)  # a skill, asked about as one
        or re.search(r"^(?:\S+\s+){0,4}(?:said|says|told|asked|tells|asks)\b", rest)  # reported
        # "the board thing is me"
        or re.search(r"\b(?:is|was|are) (?:me|you|him|her|them|it|us)$", rest)
    ):
        return ""
    return rest


_SELF = re.compile(r"(?:I|i)\b")
_OTHERS = re.compile(r"(?:she|he|they|partner-\w+)\b", re.IGNORECASE)
# "I wanted to be seen…", "I'd done a lot right": what they did then, not a habit now
_SELF_PAST = re.compile(
    r"(?:I|i)(?:'d| had| have|'ve)? (?:always |never |just )?(?:\w+ed|was|were|did|made|thought"
    r"|felt|knew|got|done|saw|said|told|let|left|went|took|gave|kept|lost|spent|forgot|froze)\b"
)
_SELF_HABIT = re.compile(
    r"(?:I|i)(?:['’]ve| have) been \w+ing\b|(?:I|i) (?:always|keep|tend to|usually)\b"
)
_STATE = re.compile(r"\s(?:is|are|was|were)\s")
_CLAUSAL = re.compile(r"(?:check|make sure|ensure|see|tell|ask|remember|say|show|explain)\b", re.I)
_TURN = re.compile(r"(?:but|though|yet|although|not|it's|it is|it was)\b")
# "cost out option two", "annotate every clearance": a verb no list knows, then its object;
# "budget draft to the head" is a noun phrase.
_VERB_THEN_OBJECT = re.compile(
    r"\w+ (?:the|a|an|my|your|her|his|their|our|it|them|him|this|that|these|those|every|each"
    r"|all|some|out|up|down|off|back|in|over|through|more|less)\b",
    re.IGNORECASE,
)
_REASON = re.compile(r"\s*,?\s*(?:so that|so|because|to make sure|in case|which means|since)\b")
_ROUTINE = re.compile(
    r"\b(?:every|each|always|whenever|daily|weekly|from now on|in future|going forward"
    r"|(?:more|less) often)\b",
    re.IGNORECASE,
)
_READERS_YOU = re.compile(r"\byou(?:r|rs)?\b", re.IGNORECASE)
# Said back in a question, a slip of the pen reads as the question's own bad grammar
# ("do same with", "in first meeting", "before to come"); quoted words are theirs.
_SLIP = re.compile(
    r"\b(?:do|in|at|on|for|with|to|of|from)\s+(?:same|first|next|last)\s+(?!of\b|time\b)\w+"
    r"|\bdo same\b|\bbefore to\b|\bwhat (?:I|you) (?:am|are|is) good\b",
    re.IGNORECASE,
)
# A diary's opening headline: "Long day on AMU.", "Parents' evening.", "Sprint demo".
_HEADLINE = re.compile(
    r"^(?!(?:what|why|how|so what|who|when|where|notes?|description|nothing|no|not|same|still"
    r"|just)\b)[A-Za-z][^.!?:]{2,40}$",
    re.IGNORECASE,
)


# The words a template's stage is headed with, which open many answers ("Will. Right.").
_STAGE_WORDS = frozenset((
    "will", "goal", "goals", "reality", "options", "option", "learned", "liked", "lacked",
    "longed", "start", "stop", "continue", "description", "feelings", "evaluation", "analysis",
    "conclusion", "action", "experience", "reflection", "experimentation", "planned",
    "happened", "why", "improve", "agenda", "hopes", "concerns", "takeaway",
))  # fmt: skip


def _topic(first: str) -> str:
    """The answer's opening headline, said back with "that" ("that long day on AMU")."""
    words = first.strip().rstrip(".!")
    # "Sports day debrief, sort of", "Team call again today": the headline, not its aside
    words = re.sub(r"\s+(?:again|today|again today|lol|haha)$", "", words.split(",")[0])
    if not _HEADLINE.match(words) or len(words.split()) > 6 or _FINITE.search(words):
        return ""
    if re.search(rf"\b(?:I|i|we|she|he|they|{_PAST_VERB})\b", words) or any(
        _ECHO_PAST.fullmatch(w) for w in words.lower().split()[1:]
    ):
        return ""  # a sentence with its verb or subject dropped, not a headline
    if re.search(r"\b(?:what|why|how|who)\b", words, re.IGNORECASE):
        return ""  # "Now what.": a question to themselves, not what the day was
    heading = r"[()]|\b(?:session|takeaway|prep|catch-up|notes?|reflection|with my)\b"
    if re.search(heading, words, re.IGNORECASE):
        return ""  # the note's own heading ("Takeaway from session with my mentor")
    if re.fullmatch(
        r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\w*|sorry|thanks|hi|hey|ok|okay"
        r"|yes|no|right|well|lol|ugh|argh|phew|oh|idk|dunno|meh|nah|nope|tbh|same|fine|nothing"
        r"|none|ditto|whatever",
        words,
        re.IGNORECASE,
    ):
        return ""  # "Tues.", "Sorry!", "idk.": a date or a word to the reader, not the day
    if re.search(r"\b(?:um+|uh+|erm+|er|hm+)\b", words, re.IGNORECASE):
        return ""  # "ok so um": someone speaking a voice note finding their words
    lead = words.split()[0].lower()
    if re.fullmatch(ACTION_VERBS, lead) and re.match(
        r"\w+ (?:it|them|this|that|him|her|everything|more|less|up|out|back|first)\b",
        words,
        re.IGNORECASE,
    ):
        return ""  # "check it twice.": a step to take, not what the day was ("book club" is)
    if lead.endswith("ing") or lead in _STAGE_WORDS:
        return ""  # "Reflecting on the readout", "Will.": what the note does, not its day
    if lead in ("the", "my", "our", "a", "an", "this", "that", "today's", "yesterday's"):
        return second_person(words[0].lower() + words[1:])
    # "Kestrel Close", "Jamie's third sale day": a name opens the headline
    named = re.match(r"[A-Z][a-z]+(?:['’]s\b|\s+[A-Z][a-z]+\b)", words)
    if words[:2].isupper() or named:
        return "that " + words  # "Kestrel Close": a name keeps its capitals
    return "that " + words[0].lower() + words[1:]


# "learn how to pack it": said back, a skill this short points at nothing.
_VAGUE = re.compile(r"^(?:\S+\s+){0,3}(?:it|that|this|them|so|more|again)$", re.IGNORECASE)


def _with_due(c: Commitment) -> str:
    """The action in the person's own words, its when kept ("send it by Sunday morning"):
    the action alone has a hole where the due was."""
    first = c.text.split()[0] if c.text.split() else ""
    at = c.span.lower().find(first.lower()) if first else -1
    return CONDITION.sub("", c.span[at:]) if at >= 0 and c.due else c.text


# A lesson quoted back whole: it reads as theirs, where pasted into a frame it can read as
# a fragment. What it will change, a plan they wrote has usually said: a rule of theirs is
# asked when it will be hardest to remember (a blind reviewer of 40 dev texts rated it
# well for 33, "what will that change for you next time?" 18, "what would help you hold on
# to that when things get busy?" 24). A frame's tail is said once a session (`_TAIL`).
_QUOTED_LESSON = 'You wrote "{q}" — what will that change for you next time?'
_QUOTED_RULE = 'You wrote "{q}" — when might that be hardest to remember?'
_TAIL = re.compile(r"(?<=\" — ).*$")

# Steps that do not read after "when you come to…" ("come to stop giving vendors your
# mobile", "come to try writing it down", "come to go to Oliver").
_NOT_AFTER_COME_TO = re.compile(r"(?:stop|try|go|keep|don['’]t|do not)\b", re.IGNORECASE)
_DONT = re.compile(r"^(?:don['’]t|do not)\s+", re.IGNORECASE)
# What someone did not do, said as what would have helped them do it: "say anything" in
# "I didn't say anything" is "say something" there (a reviewer: "'say anything' is awkward").
_ASSERTIVE = re.compile(r"(?<![\w'’])any(thing|one|body|where)\b")

# A step they plan, asked from the side of what they expect (a blind judge rated it
# mentor-like for 16 of 20 dev texts, "what would it look like to…?" for 5).
_EXPECTED = "What do you expect to happen when you {x}?"

# Frames per kind and depth; {x} is the phrase said back in second person, {q} quoted as
# written. Each reads as a whole, natural question with any phrase of its kind.
_FRAMES: dict[str, dict[str, list[str]]] = {
    "feeling": {
        "describe": [
            "What was happening just before you felt {x}?",
            "When you felt {x}, what did you do next?",
        ],
        "meaning": [
            "When you felt {x}, what was going on for you?",
            "What was it about that moment that left you feeling {x}?",
        ],
        # why they felt a hard feeling they have usually said ("a generic feelings prompt"
        # to judges): what they needed then they have not (a blind judge chose it as the
        # best of three for 10 of 14 dev texts; what they would like next time, 2)
        "hard": [
            "When you felt {x}, what did you need right then?",
            "Next time you start to feel {x}, what would you like to have happen?",
        ],
        "action": [
            "Next time you start to feel {x}, what would you like to have happen?",
            "What would help you notice early when you are starting to feel {x}?",
        ],
    },
    "cause": {
        "describe": ["How did {x} come about in the first place?"],
        "meaning": [
            "What was it about {x} that made the difference?",
            "What made {x} possible this time, when it had not been before?",
        ],
        "action": [
            "How could you make sure {x} happens again, even on a harder day?",
        ],
    },
    "lesson": {
        # how they came to see it they have usually just told ("what happened that first
        # showed you…?" read to judges as already answered)
        "describe": [_QUOTED_RULE, _QUOTED_LESSON],
        # how they came to see it they have usually just told; a lesson pasted into a
        # sentence of ours read to judges as a fragment, quoted it reads as theirs
        "meaning": [
            _QUOTED_RULE,
            _QUOTED_LESSON,
            "What will you do differently now that you know {x}?",
        ],
        # what they noticed about themselves: where else it shows, not where it matters
        # ("where else do you notice that…" read to a copy editor as a pasted clause, 3 of 3)
        "self": ["What do you make of the fact that {x}?"],
        # a habit they caught ("I've been treating not knowing as…"): where else it shows
        "self_habit": ["Where else do you notice that {x}?"],
        "self_then": ["What do you make now of the fact that {x}?"],
        # about someone else ("she does hers by system"): what it means to them
        "theirs": ["What do you make of the fact that {x}?"],
        # at a "what next?" stage too: rated well for 6 of 8 dev texts, the question of
        # what they will do differently for 3 of 23 ("already answered by the plan")
        "action": [
            _QUOTED_RULE,
            "What will you do differently now that you know {x}?",
        ],
    },
    "skill": {
        "describe": ["What helped you learn {x}?"],
        "meaning": ["What helped you learn {x}?", "What made it the right time to learn {x}?"],
        "action": ["Where will you need to know {bare_skill} next?"],
    },
    "topic": {
        "describe": ["What stands out most for you from {x}?"],
        "meaning": ["Looking back on {x}, what stays with you most?"],
        "action": ["Looking back on {x}, what would you want to do differently?"],
    },
    "felt_when": {
        "describe": ["What was going on for you when {c} and you felt {f}?"],
        "meaning": [
            "What was going on for you when {c} and you felt {f}?",
            "What was it about that moment, when {c}, that left you feeling {f}?",
        ],
        "action": ["What was going on for you when {c} and you felt {f}?"],
    },
    "plan": {
        "describe": [_EXPECTED],
        # what the step is for they have usually said: what stands in its way they have not
        "meaning": [
            "What might make it hard to {x}?",
            "What could get in the way when you come to {x}?",
        ],
        # "how will you know it is working once you…?" read to blind reviewers as a generic
        # success check, for a change of habit too (10 of 56 rated well on dev texts, "what do
        # you expect to happen…?" 12 of 20): what they expect is asked instead
        "routine": [
            "What might make it hard to {x}?",
            _EXPECTED,
        ],
        "habit": [
            "How will you notice whether {x} is making a difference?",
        ],
        "action": [
            "What might make it hard to {x}?",
            "What could get in the way when you come to {x}?",
            _EXPECTED,
        ],
    },
    "plan_why": {
        "describe": [_EXPECTED],
        "meaning": ["What might make it hard to {x}?"],
        "habit": ["How will you notice whether {x} is making a difference?"],
        "routine": [
            "What might make it hard to {x}?",
            _EXPECTED,
        ],
        "action": [
            "What might make it hard to {x}?",
            _EXPECTED,
        ],
    },
    "moment": {
        "describe": [
            "What was going through your mind {x}?",
            "What happened just before that moment, {x}?",
        ],
        "meaning": [
            "What was going through your mind {x}?",
            "Looking back, what do you notice about the moment {bare}?",
        ],
        "action": [
            # "if that happens again … when she started crying": a clash of tenses to a reader
            "Thinking of the moment {bare}, what would you like to be different next time?",
        ],
    },
    "said": {
        "describe": ['What went through your mind when {who} said "{q}"?'],
        "meaning": [
            'What went through your mind when {who} said "{q}"?',
            'What do you make now of {whom} saying "{q}"?',
        ],
        "action": ['When {who} said "{q}", what would you like to have happened next?'],
    },
    "said_that": {
        "describe": ["What went through your mind when {who} said {sq}?"],
        "meaning": ["What went through your mind when {who} said {sq}?"],
        "action": ["When {who} said {sq}, what would you have liked to say back?"],
    },
    "held_back": {
        "describe": ["What made it hard, in that moment, to {x}?"],
        "meaning": [
            "What made it hard, in that moment, to {x}?",
            "What would have helped you {x} then?",
        ],
        "action": ["Next time, what would help you {x} sooner?"],
    },
    "held_back_known": {
        "describe": ["What would have helped you {x} then?"],
        "meaning": ["What would have helped you {x} then?"],
        "action": ["Next time, what would help you {x} sooner?"],
    },
    "regret": {
        "describe": ["What made it hard to {x} back then?"],
        "meaning": ["What made it hard to {x} back then?"],
        "action": ["Next time, what would help you {x} sooner?"],
    },
    "pull": {
        "describe": ["What usually pulls you towards {x}?"],
        "meaning": [
            "What usually pulls you towards {x}?",
            "What has made {x} the easier option until now?",
        ],
        "action": [
            "What usually pulls you towards {x}?",
            "What has made {x} the easier option until now?",
        ],
    },
    "caught": {
        "describe": ["What do you think pulled you towards {x}?"],
        "meaning": ["What do you think pulled you towards {x}?"],
        "action": ["What do you think pulled you towards {x}?"],
    },
    "caught_now": {
        "describe": ["What do you think keeps pulling you towards {x}?"],
        "meaning": ["What do you think keeps pulling you towards {x}?"],
        "action": ["What do you think keeps pulling you towards {x}?"],
    },
    "person": {
        "describe": ["How do you think it looked from {x}'s side?"],
        "meaning": ["How do you think it looked from {x}'s side?"],
        "action": ["What would you like {x} to notice next time?"],
    },
    "chose": {  # {x}: "tell Mick straight away instead of binning them quietly"
        "describe": ["What made it possible this time to {x}?"],
        "meaning": ["What made it possible this time to {x}?"],
        "action": ["What made it possible this time to {x}?"],
    },
    "waiting": {
        "describe": ["What is waiting on {x} costing you at the moment?"],
        "meaning": ["What is waiting on {x} costing you at the moment?"],
        "action": ["What could you move forward while you wait on {x}?"],
    },
    "first": {
        "describe": ["What was that first time {x} like for you?"],
        "meaning": ["What was that first time {x} like for you?"],
        "action": ["Looking back on that first time {x}, what would you do again?"],
    },
    "wish_other": {
        "describe": ["What would it mean to you if {who} did {sq}?"],
        "meaning": ["What would it mean to you if {who} did {sq}?"],
        "action": ["What would it mean to you if {who} did {sq}?"],
    },
    "wish": {
        "describe": ["What makes it hard at the moment to {x}?"],
        "meaning": [
            "What would it take for you to {x}?",
            "What makes it hard at the moment to {x}?",
        ],
        "action": ["What is one small step towards being able to {x}?"],
    },
    "verdict": {
        "describe": ["When you say {x}, which part of it stands out most?"],
        "meaning": ["When you say {x}, which part of it stands out most for you?"],
        "action": ["When you say {x}, what would you keep and what would you change?"],
    },
}
# Which kinds a question should engage with first, for each depth of stage.
_PREFERENCE = {
    "describe": [
        "said",
        "said_that",
        "held_back",
        "held_back_known",
        "chose",
        "regret",
        "caught",
        "caught_now",
        "pull",
        "verdict",
        "moment",
        "first",
        "felt_when",
        "wish",
        "wish_other",
        "cause",
        "lesson",
        "skill",
        "plan",
        "plan_why",
        "waiting",
        "feeling",
        "person",
        "topic",
        "echo",
    ],
    # what made it work, and what they learned, are what a "so what?" stage is about
    "meaning": [
        "cause",
        "chose",
        "held_back",
        "held_back_known",
        "regret",
        "caught",
        "caught_now",
        "pull",
        "lesson",
        "felt_when",
        "said",
        "said_that",
        "moment",
        "first",
        "wish",
        "wish_other",
        "skill",
        "verdict",
        "plan",
        "plan_why",
        "waiting",
        "feeling",
        "person",
        "topic",
        "echo",
    ],
    "action": [
        "pull",
        "plan",
        "plan_why",
        "held_back",
        "held_back_known",
        "regret",
        "chose",
        "caught",
        "caught_now",
        "wish",
        "wish_other",
        "said",
        "said_that",
        "felt_when",
        "moment",
        "first",
        "cause",
        "lesson",
        "skill",
        "verdict",
        "waiting",
        "feeling",
        "person",
        "topic",
        "echo",
    ],
}


# Clean Language's frames for a sentence said back whole, by its tense and the stage's depth.
_ECHO_FRAMES = {
    # something they did: what went through their mind then (judges read "what was that
    # like" after an action as a template, and what they thought as the mentor's question)
    "done": {
        "describe": [
            "What was going through your mind when {x}?",
            "What was happening for you when {x}?",
        ],
        "meaning": [
            "What was going through your mind when {x}?",
            "When {x}, what was that like for you?",
        ],
        "action": [
            "What was going through your mind when {x}?",
            "When {x}, what would you have liked to happen?",
        ],
    },
    # something they saw someone do: what went through their mind then, and what they did
    "seen": {
        "describe": [
            "What was going through your mind when {x}?",
            "When {x}, what did you do next?",
        ],
        "meaning": [
            "What was going through your mind when {x}?",
            "When {x}, what did you make of it?",
        ],
        "action": [
            "What was going through your mind when {x}?",
            "When {x}, what would you have liked to happen?",
        ],
    },
    # how they were: what they needed then (a blind judge preferred it to "what was that
    # like" for 19 of 46 dev texts against 6, and rated both mentor-like as often)
    "past": {
        "describe": [
            "What was happening for you when {x}?",
            "When {x}, what did you need right then?",
        ],
        "meaning": [
            "When {x}, what did you need right then?",
            "What was happening for you when {x}?",
        ],
        "action": [
            "When {x}, what would you have liked to happen?",
            "What was happening for you when {x}?",
        ],
    },
    "present": {
        "describe": [
            "When you say {x}, what would you like to have happen?",
            "When you say {x}, what is that like for you?",
        ],
        "meaning": [
            "When you say {x}, what would you like to have happen?",
            "When you say {x}, what is that like for you?",
        ],
        "action": [
            "When you say {x}, what would you like to have happen?",
            "When you say {x}, what is that like for you?",
        ],
    },
}


# Something they did, asked about once (what went through their mind): now what it showed them.
_ECHO_AGAIN = "When {x}, what did you notice about yourself?"


# Feelings that are no trouble ("next time you start to feel proud…" would read oddly), and
# states said as a complaint ("I'm tired of it"), which ask what they would like to happen.
_GOOD_FEELING = re.compile(
    r"\b(?:better|proud|good|great|relieved|happy|calm|confident|glad|pleased|excited|fine|ok"
    r"|okay|chuffed|buzzing|grateful|lighter)\b",
    re.IGNORECASE,
)
_HARD_STATE = re.compile(
    rf"\b(?:{_FEELINGS}|tired|sick|fed up|angry|worried|nervous|scared|stressed|not sure|can['’]t"
    r"|don['’]t know|never|always|still)\b",
    re.IGNORECASE,
)


def _said_back(phrase: Phrase) -> str:
    words = phrase.words
    if phrase.kind in (
        "chose",
        "moment",
        "lesson",
        "plan",
        "plan_why",
        "cause",
        "feeling",
        "wish",
        "wish_other",
        "first",
        "waiting",
        "held_back",
        "held_back_known",
        "regret",
        "pull",
        "caught",
        "caught_now",
        "person",
    ):
        words = second_person(words)
    if (
        phrase.kind not in ("said", "said_that")
        and words[:1].isupper()
        and not re.match(r"(?:I|PM|[A-Z]{2,})\b", words.split()[0])
    ):
        words = words[0].lower() + words[1:]
    return words


# A reason given with what they held back ("I didn't say anything because I thought…"):
# asking what made it hard asks what they just told.
_EXPLAINED = re.compile(
    r"\b(?:because|cause|since|in case|I was (?:too|scared|afraid|worried|embarrassed)"
    r"|I didn't want|I thought|I was hoping)\b",
    re.IGNORECASE,
)
# "for three days", "for weeks": a stretch of time, not a moment
_SPELL = re.compile(r"\s+for (?:\w+ )?(?:days|weeks|months|hours|ages|so long)\b.*$")


def _sayable_lesson(words: str) -> bool:
    """A lesson said back inside a question must read as one clause of theirs: not a
    list ("it isn't optional, that's why"), not a lead-in ("the thing is…", "that was
    my takeaway"), not a feeling without its subject ("felt like a kid…")."""
    return (
        len(words.split()) <= 16
        # one comma may set the lesson against what it is not: "my energy, not my counts"
        and not re.search(r"[;:]|,(?! not\b)|\s[-–—]\s", words)
        and not re.match(
            r"(?:that|this|it|felt|feel|the thing is|the problem is|the point is|so)\b", words, re.I
        )
        and not re.search(r"\b(?:takeaway|lesson|learning)\b", words, re.I)
        # "The faster it has to go" is half of "the faster…, the more…"
        and not re.match(r"the (?:more|less|\w+er)\b", words, re.I)
        # "I'm not trying to learn anything from this": no lesson, said so
        and not re.search(r"\b(?:not|n't|nothing)\b[^.]{0,30}\blearn", words, re.I)
        # "…the bit I'm taking is that when I stop hovering": its main clause was cut off
        and not re.search(r"\b(?:is|was) that (?:when|if|because|once|as soon as)\b", words, re.I)
    )


def _mine(text: str, at: int) -> bool:
    """Is the subject of the clause at `at` the writer ("I … and felt", not "she … and felt")?"""
    if re.match(r"(?:I|i)\b", text[at:]):
        return True
    before = re.findall(
        r"\b(?:I|i|she|he|they|we|you|partner-\w|my \w+|the \w+)\b", text[:at].split(",")[-1]
    )
    return bool(before) and before[0] in ("I", "i")


def _gerund(word: str) -> bool:
    """'asking', not 'bring' or 'sing'."""
    return len(word) > 5 and word.endswith("ing") and not re.fullmatch(ACTION_VERBS, word)


# "ring her", "call Dean back": a call to someone, not "call the orders".
_TO_SOMEONE = r"(?= (?:him|her|them|back|my\b|(?-i:[A-Z])))"
# Steps that involve facing someone or letting go: where a plan usually meets resistance,
# and what a mentor asks about before booking a room or reading a procedure.
_HARD_STEP = re.compile(
    r"(?:tell|ask|say|speak|talk|raise|admit|stop|let|give|flag|challenge|apologi[sz]e|hand"
    rf"|share|own up|push back|say no|(?:call|ring){_TO_SOMEONE}"
    r"|confront|delegate|leave)\b",
    re.IGNORECASE,
)


def _hard_step(phrase: Phrase) -> bool:
    return phrase.kind in ("plan", "plan_why") and bool(_HARD_STEP.match(phrase.words))


# Errands a plan may hold beside its real step ("bring the photo", "print a sheet", "book a
# block"): judges read what might make them hard as trivial, so any other phrase comes first.
_ERRAND = re.compile(
    r"(?:bring|print|book|read|re-?read|learn|re-?run|look up|google|download|buy|order|put|set"
    # "write the sentence on a post-it", "look out the contacts list": blind reviewers rated
    # what might make those hard well for 3 of 25 and 2 of 6 ("trivial admin step")
    r"|write(?! to\b)|look (?:out|at|through|over)|compare"
    r"|write up|do the \w+(?: \w+){0,3} course"
    r"|add|sit down|do a practice|make (?:printed|a list|labels|a note))\b",
    re.IGNORECASE,
)


def _errand(phrase: Phrase) -> bool:
    return phrase.kind in ("plan", "plan_why") and bool(_ERRAND.match(phrase.words))


def _weak(phrase: Phrase) -> bool:
    """A one-word feeling ("tired") says less than one in their words ("like a fraud")."""
    return phrase.kind == "feeling" and len(phrase.words.split()) == 1


# What someone said, followed by how the writer took it ("I nodded… couldn't hear anything
# over my own heartbeat", "I was properly gutted"): what went through their mind they have
# told; judges called asking it again "already answered".
_REACTION = re.compile(
    r"\b(?:I|i)(?: was| felt| feel| just| went| got| kept| stood| sat)? (?:was|felt|nodded|froze"
    r"|blanked|flushed|went (?:red|quiet|blank|cold|hot)|couldn['’]t|wanted to|heard|laughed"
    r"|cried|panicked|shut down|said nothing|didn['’]t say)\b"
    r"|\bmy (?:first )?(?:thought|reaction|stomach|face|heart|head)\b|\bit felt\b"
    # "…but I feel very small", "and I realised that's what we trained her to say"
    r"|\b(?:I|i) (?:feel|realised|realized|remember(?:ed)?|knew|thought)\b",
)
REACTION_SENTENCES = 3  # how far after the words said the writer's reaction is looked for


def _reaction_told(phrase: Phrase, answer: str) -> bool:
    """Did the writer say how they took the words this phrase quotes, right after them?"""
    who, _, said = phrase.words.partition("|")
    if phrase.kind not in ("said", "said_that") or who in ("you", "I"):
        return False  # their own words: what was going on in them as they said it is asked
    flat = " ".join(answer.split())
    at = flat.find(said)
    if not said or at < 0:
        return False
    after = sentences(flat[at + len(said) :])
    return bool(_REACTION.search(" ".join(after[: REACTION_SENTENCES + 1])))


# A verb that does not agree with its subject, as people writing in a second language
# often leave it ("he explain second time", "the coordinator don't know"): like `_SLIP`,
# fine in their words, but said back unquoted it reads as the question's own mistake.
_SAME_IN_PAST = frozenset(
    ["put", "set", "cut", "read", "let", "hit", "cost", "split", "shut", "quit"]
)
_BASE_VERB = "|".join(
    v
    for v in ACTION_VERBS.split("|")
    if " " not in v and v not in _SAME_IN_PAST and v not in ("always", "never", "don't")
)
_DISAGREEING = re.compile(
    rf"\b(?P<subject>he|she|it|(?-i:[A-Z][a-z]{{2,}}))\s+(?:(?:{_BASE_VERB}|have|want|need|know|like|feel|don['’]t)\b)"
    r"|\b(?P<noun>(?:the|my|our|his|her|their|this|that) [a-z]+)\s+don['’]t\b",
    re.IGNORECASE,
)
_BEFORE_SUBJECT = re.compile(
    r"\b(?:can|could|will|would|should|shall|did|does|do|might|must|may|let|make|made|help"
    r"|helped|watch|watched|saw|see|seen|heard|hear|have|had|let's|till|until)\s*$",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(r"(?:s|team|staff|family|crew|management|people|police|kids)$")


def _agreement_slip(words: str) -> bool:
    """Does `words` hold a verb that does not agree with its subject?"""
    words = words.rpartition("|")[2]
    for slip in _DISAGREEING.finditer(words):
        subject, before = slip.group("subject"), words[: slip.start()]
        if subject is None:  # "the coordinator don't", not "the staff don't"
            if not _COLLECTIVE.search(slip.group("noun")):
                return True
        elif _BEFORE_SUBJECT.search(before):
            continue  # "did he explain", "let her go"
        elif subject[0].islower() or (
            subject not in _NOT_A_NAME and re.search(r"[a-z]\s+$", before)
        ):
            return True  # "he explain", "what Ricardo show you"; not "Every time I…"
    return False


def last_resort(phrase: Phrase) -> bool:
    """Asked only when the model has nothing better: a sentence said back whole, and what
    judges found fits any text ("When you felt worried, what was going on for you?",
    "When you say it went well, which part stands out most for you?", "Looking back on
    the backlog Friday, what stays with you most?")."""
    return (
        (phrase.kind == "echo" and not _deed(phrase))
        or phrase.kind in ("verdict", "topic")
        or _weak(phrase)
    )


def _hard_said_back(clause: str) -> bool:
    """A clause said back in the second person weighs as it did in theirs ("on your own")."""
    return bool(
        _ECHO_WEIGHT.search(clause.replace("your own", "my own").replace("yourself", "myself"))
    )


def _witnessed(phrase: Phrase) -> bool:
    """Something they saw someone else do ("when Tom took it down and reposted it")."""
    return phrase.kind == "echo" and phrase.words.startswith("seen|")


def _deed(phrase: Phrase) -> bool:
    """Something they did, said back ("when you skipped the whole bit about the mash tun"):
    judges took what went through their mind then as a mentor's question, more often than
    what might make a routine step hard, so it is no last resort."""
    return phrase.kind == "echo" and phrase.words.startswith("done|")


# A plan asked about once ("what might make it hard…?") is asked about from another side:
# what they expect to happen, or what they will say first when it means speaking to someone.
_SPEAKING = re.compile(
    rf"(?:tell|ask|(?:ring|call|phone){_TO_SOMEONE}|raise|speak to|talk to"
    r"|message|email|text|say|apologi[sz]e"
    r"|flag|bring up|have (?:a|the) (?:chat|talk|conversation|word))\b",
    re.IGNORECASE,
)


_OBJECT = {"he": "him", "she": "her", "they": "them", "we": "us", "I": "me"}


# A lesson said as a rule in the present ("praise works better when…", "X isn't weakness").
_GENERAL_RULE = re.compile(
    r"\b(?:is|isn['’]t|are|aren['’]t|works?|doesn['’]t|don['’]t|matters?|needs?|takes?|helps?"
    r"|makes?|means?|lands?|copy|copies|can|can['’]t|has to|have to)\b",
    re.IGNORECASE,
)
# A lesson told as what happened: "chef showed me…", "I half expected…", "letting him finish
# took less time".
_TOLD_AS_STORY = re.compile(
    r"\b(?:\w{3,}ed|showed|told|said|was|were|did|had|took|made|got|went|saw|thought|knew)\b",
    re.IGNORECASE,
)


def _rule_like(words: str) -> bool:
    """A lesson said as a rule in the present ("praise works better when…"), which reads
    whole after "now that you know", not a story or a fragment ("told him the client…")."""
    rule, story = _GENERAL_RULE.search(words), _TOLD_AS_STORY.search(words)
    return bool(rule and (not story or rule.start() < story.start()))


def _again_frames(phrase: Phrase, frames: list[str]) -> list[str]:
    """The frames for a phrase an earlier question was about: its other sides, not the same
    question in other words ("what could get in the way…" after "what might make it hard…")."""
    if phrase.kind in ("plan", "plan_why"):
        ahead = ["What will you say first when you {x}?"] if _SPEAKING.match(phrase.words) else []
        # "telling Rob" (a habit said as a gerund) does not read after "when you"
        expected = [] if _gerund(phrase.words.split()[0]) else [_EXPECTED]
        return [*ahead, *expected]
    if phrase.kind == "lesson":  # how they came to see it they have usually just told
        # a rule of theirs ("calling the reg early isn't weakness"): what they believed
        # before it; not a story ("chef showed me…") or something said of themselves
        rule = _rule_like(phrase.words)
        before = (
            ["Before you saw that {x}, what had you been telling yourself?"]
            if rule and not _SELF.match(phrase.words)
            else []
        )
        more = [f for f in _FRAMES["lesson"]["meaning"] if f in frames or rule]
        return list(dict.fromkeys([*before, *frames, *more]))
    if phrase.kind == "chose":  # what made it possible, then what they braced for
        return ["What were you expecting to happen when you decided to {x}?"]
    other = (f for d in ("describe", "meaning", "action") for f in _FRAMES[phrase.kind][d])
    return list(dict.fromkeys([*frames, *other]))


def grounded_questions(
    answer: str,
    depth: str,
    earlier: Sequence[str] = (),
    stage_id: str = "",
    echo: bool | None = None,
    again: bool = False,
) -> list[str]:
    """Questions built from the answer's own words, best first, none already asked.

    `echo`: True for only the last resorts (a whole sentence said back, a one-word feeling,
    a verdict; see `last_resort`), False for all but those, None for all. `again`: only
    phrases an earlier question was about, in the frames it did not use (when he said
    "fine": what went through your mind, then what you would have liked to say back)."""
    depth = depth if depth in _PREFERENCE else "meaning"
    if stage_id in ("feelings",):
        order = ["felt_when", "feeling", "said", "said_that", "held_back", "held_back_known"]
        order += ["regret", "moment"]
        order += ["caught", "caught_now", "pull"]
        order += ["first"]
        order += ["wish", "wish_other", "cause", "chose"]
        order += ["verdict", "lesson", "skill", "plan", "plan_why", "waiting", "person", "topic"]
        order += ["echo"]
    else:
        order = _PREFERENCE[depth]
    asked = " ".join(earlier).lower()
    # a frame already used for an earlier question is used again only as a first resort
    used_frames = {tuple(e.split(" ")[:3]) for e in earlier}
    found = [
        p
        for p in phrases(answer, plan=stage_id in PLAN_STAGES)
        if echo is None or echo == last_resort(p)
    ]

    # what a lesson will change, a plan they wrote already says: blind reviewers read "what
    # will that change for you next time?" beside a plan as answered (1 in 19 rated well,
    # against 19 in 33 for the plan's own questions, on dev texts)
    planned = any(p.kind in ("plan", "plan_why") and not _errand(p) for p in found)

    def rank(p: Phrase) -> tuple[float, float]:
        if echo:  # among the last resorts, a sentence of theirs says most, then what they saw
            return (0.5 if _witnessed(p) else 0.0 if p.kind == "echo" else 1.0, order.index(p.kind))
        kind = order.index(p.kind) + (1.5 if _weak(p) else 0) - (0.5 if _hard_step(p) else 0)
        if p.kind == "lesson" and planned:
            kind = max(kind, order.index("plan_why") + 0.5)
        if _errand(p):
            kind = order.index("person") - 0.5
        if _deed(p):  # before a plan's step when the stage looks back, after it when ahead
            kind = order.index("plan") - 0.5 if depth != "action" else order.index("plan_why") + 0.5
        if p.kind == "echo":
            return (kind, 0.0)  # echoes come weightiest first already (`_echoes`)
        return (kind, -p.position if depth != "describe" else p.position)

    ranked = sorted(found, key=rank)
    questions: list[str] = []
    seen_words: set[str] = set()
    for phrase in ranked:
        key = phrase.words.lower()
        if again:
            said = _said_back(phrase).lower().rpartition("|")[2]  # "he|fine": the words said
            if phrase.kind == "echo":
                tense, _, clause = phrase.words.partition("|")
                if (
                    tense not in ("done", "seen")
                    or clause.lower() not in asked
                    or key in seen_words
                ):
                    continue
                seen_words.add(key)
                question = _ECHO_AGAIN.format(x=clause)
                if question.lower() not in asked:
                    questions.append(" ".join(question.split()))
                continue
            if key in seen_words or not (key in asked or (said and said in asked)):
                continue
        elif key in seen_words or (key and key in asked):
            continue
        if phrase.kind == "lesson" and not _sayable_lesson(phrase.words):
            continue
        long_lesson = phrase.kind == "lesson" and len(phrase.words.split()) > MAX_PHRASE_WORDS + 2
        seen_words.add(key)
        if phrase.kind == "echo":
            tense, _, clause = phrase.words.partition("|")
            frames = _ECHO_FRAMES[tense][depth]
            if tense == "present" and not _HARD_STATE.search(clause):
                # a state, not a complaint: what it is like, not what they would like
                frames = sorted(frames, key=lambda f: "what is that like" not in f)
            if tense in ("past", "done") and _NO_MOMENT.search(clause):
                continue  # "when you never did plating…, what did you need right then?"
            if tense == "past" and not (_HARD_STATE.search(clause) or _hard_said_back(clause)):
                # "when you had more time to finish…": nothing they were short of
                frames = sorted(frames, key=lambda f: "need right then" in f)
            for frame in frames:
                question = frame.format(x=clause)
                question = question[0].upper() + question[1:]
                first_words = tuple(question.split(" ")[:3])
                if question.lower() not in asked and first_words not in used_frames:
                    questions.append(" ".join(question.split()))
                    used_frames.add(first_words)  # its twin frame for the next echo
            continue
        frames = _FRAMES[phrase.kind][depth]
        if phrase.kind in ("held_back", "held_back_known") and _SPELL.search(phrase.words):
            # "say anything for three days": not one moment
            frames = ["What made it hard to {x}?"]
        if (
            phrase.kind == "feeling"
            and depth == "meaning"
            and not _GOOD_FEELING.search(phrase.words)
        ):
            frames = _FRAMES["feeling"]["hard"]
        if phrase.kind == "feeling" and re.search(r"['’]d\b|\bhad\b", phrase.words):
            # "next time you start to feel like you'd lost control": a clash of tenses
            frames = [f for f in frames if "Next time" not in f] or frames
        planned = phrase.kind in ("plan", "plan_why")
        if planned and _gerund(phrase.words.split()[0]):
            frames = _FRAMES[phrase.kind]["habit"]
        elif planned and depth == "meaning" and _ROUTINE.search(phrase.words):
            frames = _FRAMES[phrase.kind]["routine"]
        elif phrase.kind == "lesson" and depth == "meaning" and _OTHERS.match(phrase.words):
            frames = _FRAMES["lesson"]["theirs"]
        elif phrase.kind == "lesson" and depth == "meaning" and _SELF.match(phrase.words):
            past = _SELF_PAST.match(phrase.words)
            habit = _SELF_HABIT.match(phrase.words)
            frames = _FRAMES["lesson"]["self_habit" if habit else "self_then" if past else "self"]
        if phrase.kind == "lesson" and not _rule_like(phrase.words):
            # "…now that you know chef showed you…": a story pasted into a rule's frame
            frames = [f for f in frames if "now that you know" not in f and f != _QUOTED_RULE] or [
                _QUOTED_LESSON
            ]
        if _reaction_told(phrase, answer):  # how they took it they have told: what now?
            frames = (
                [f for f in frames if "went through your mind" not in f]
                or [f for f in _FRAMES[phrase.kind]["meaning"] if "went through your mind" not in f]
                or frames
            )
        if again:  # another side of the same moment or step
            frames = _again_frames(phrase, frames)
        if long_lesson:
            frames = [f for f in frames if '"{q}"' in f]
        who, _, said = (
            phrase.words.partition("|")
            if phrase.kind in ("said", "said_that", "wish_other")
            else ("", "", "")
        )
        felt, _, clause = (
            phrase.words.partition("|") if phrase.kind == "felt_when" else ("", "", "")
        )
        c, f = second_person(clause), second_person(felt)
        x = _said_back(phrase)
        bare = re.sub(r"^(?:when|the moment|as soon as)\s+", "", x, flags=re.IGNORECASE)
        sq = second_person(said) if said else ""
        # "…said the tooling should have caught it and I agree": their words end at "and I"
        sq = re.sub(r"\s+and (?:you|I) (?:agree|think|thought|know|knew|felt)\b.*$", "", sq)
        for frame in frames:
            bare_skill = re.sub(r"^(?:to|how to)\s+", "how to ", x)
            # "…once you send the quote by Thursday 5pm" clashes: "once" is its own when
            xx = x
            if "once you {x}" in frame or frame == _EXPECTED:
                xx = _said_back(Phrase(phrase.kind, _without_when(phrase.words), phrase.position))
            if "come to {x}" in frame and _NOT_AFTER_COME_TO.match(x):
                continue  # "when you come to stop giving…", "…come to go to Oliver"
            if "to {x}" in frame and _DONT.match(xx):  # not "hard to don't tell her yet"
                frame, xx = frame.replace("to {x}", "not to {x}"), _DONT.sub("", xx)
            if "help you {x}" in frame or "helped you {x}" in frame:
                # "I didn't say anything": what would have helped them say something
                xx = _ASSERTIVE.sub(lambda m: "some" + m.group(1), xx)
            question = frame.format(
                x=xx,
                q=said or phrase.words,
                who=who,
                whom=_OBJECT.get(who, who),
                bare=bare,
                sq=sq,
                c=c,
                f=f,
                bare_skill=bare_skill,
            )
            question = question[0].upper() + question[1:]
            if tuple(question.split(" ")[:3]) in used_frames and questions:
                continue
            tail = _TAIL.search(question)
            if tail and tail[0].lower() in asked:
                continue  # "— what will that change for you next time?" after every lesson
            if "{whom}" in frame and who == "you":
                continue  # "what do you make now of you saying…"
            if question.lower() in asked:
                continue
            questions.append(" ".join(question.split()))
    return questions


_GENERIC_STEMS = frozenset(g[:5] for g in _GENERIC)


def shares_words(question: str, answer: str) -> bool:
    """Does the question carry a content word of the answer (not a generic one)?"""
    return bool((stems(question) & stems(answer)) - _GENERIC_STEMS)


# The last resort before the curated bank: one of their own sentences, quoted as written.
# The bank's questions were never rated mentor-like by a blind reviewer (0 of 18 on sets z
# and x); most of the answers that reached it had no phrase any rule hears ("Holding back
# was harder for me than for him.", "Nobody elses problem apparently.").
QUOTE_OPENING = 'You wrote "'  # how every question that quotes their words begins
_QUOTED_FRAMES = (
    QUOTE_OPENING + '{q}" — what is behind that for you?',
    QUOTE_OPENING + '{q}" — what do you make of that now?',
)
_QUOTE_WEIGHT = re.compile(
    rf"\b(?:{_FEELINGS}|hard(?:er|est)?|difficult|bad|worse|worst|rubbish|awful|good|better"
    r"|best|great|wrong|right|mistake|problem|fault|tired|sick of|fed up|again|never|always"
    r"|nobody|no one|everyone|finally|too much|idiot|useless|stupid|proud|glad|relief|lucky"
    r"|holding|held|froze|couldn['’]t|didn['’]t|wasn['’]t|won['’]t|still|same|only)\b",
    re.IGNORECASE,
)
_MINE = re.compile(r"\b(?:I|me|my|myself)\b")  # "I" is whole in "I'm", "I've"
QUOTE_WORDS = (4, 16)
_NOT_NOW = re.compile(
    r"\b(?:don['’]t|do not|didn['’]t)\s+(?:really\s+)?(?:want|feel like)\s+(?:to\s+)?"
    r"(?:write|talk|think|go into|get into)",
    re.IGNORECASE,
)


def _said_before(text: str, asked: set[str]) -> bool:
    """Half or more of the sentence's words (`asked`: the stems of the earlier questions)
    already asked about: quoted back, it asks about the same thing again ("When you say it
    went ok…", then "It went ok")."""
    words = {w for w in stems(text) if len(w) > 2}
    return bool(words) and len(words & asked) * 2 >= len(words)


# Asked "what is behind that for you?", a sentence the writer explains straight after was
# "already answered" to blind reviewers ("I'd just never told her. I think I'd assumed…"),
# as was a short one that leans on the sentence before it ("It wasn't small stuff", "That's
# the bit I got wrong") or a clause cut from one ("which is on me really").
_EXPLAINS = re.compile(
    r"^(?:(?:I|we)\s+(?:think|thought|guess|suppose|realised|realized)\b|(?:\S+\s+){0,4}because\b)",
    re.IGNORECASE,
)
_CUT_CLAUSE = re.compile(r"^(?i:which|because|cause|whereas|whereby)\b|^(?:and|but|so|or)\b")
_LEANS_BACK = re.compile(r"^(?:it|that|this|those|these)\b", re.IGNORECASE)
LEANING_WORDS = 7  # shorter than this and opening on "it"/"that": it needs the sentence before
# A plan is asked about by the plan's own frames: "what is behind that for you?" after "I'll
# leave half those channels by Friday" asks for the reason they just gave, and after "She's
# going to send me the slides" about someone else's errand. A sentence that gives its own
# reason ("…, because nobody says it") is answered already, and a spoken note's run-up
# ("Okay um so recording this in the car") carries nothing.
_PLAN_SAID = re.compile(
    r"^(?:(?:I|we|she|he|they)(?:['’]ll| will|['’]m going to| am going to|['’]s going to"
    r"| is going to|['’]re going to| are going to)|going to|next time|from now on)\b",
    re.IGNORECASE,
)
_OWN_REASON = re.compile(r"\b(?:because|that['’]s why|which is why)\b", re.IGNORECASE)
_RUN_UP = re.compile(r"^(?:ok(?:ay)?|um+|uh+|erm+|anyway|anyhow|right so)\b", re.IGNORECASE)


def quoted_sentences(
    answer: str, earlier: Sequence[str] = (), *, answered: bool = True
) -> list[str]:
    """Sentences of the answer fit to be quoted back whole, weightiest first: not a
    question, a heading or a list of words, no reader's "you", none quoted already. Those
    the text already answers (a plan, a reason given, a short one leaning on the sentence
    before) come last, and only with `answered`: they still say more than the bank."""
    asked = stems(" ".join(earlier))
    scored: list[tuple[bool, float, str]] = []
    pieces = segments(answer)
    for n, segment in enumerate(pieces):
        text = " ".join(segment.text.split()).rstrip(" .!…")
        words = text.split()
        if (
            not QUOTE_WORDS[0] <= len(words) <= QUOTE_WORDS[1]
            or re.search(r"[?\"“”:;()]|\s-\s|['‘](?:\s|$)|(?:^|\s)['‘]", text)
            or _READERS_YOU.search(text)
            or _ECHO_HEDGE.match(text)
            or not any(ch.isalpha() for ch in text)
            # what someone else said ("Said I always look after the day lads"), and a line
            # drawn ("Don't really want to write about it right now") are not probed
            or re.match(r"(?:said|says|told|asked)\b", text, re.IGNORECASE)
            or _NOT_NOW.search(text)
            or _said_before(text, asked)
            or _CUT_CLAUSE.match(text)
            or _RUN_UP.match(text)
            # "And I was like." leads into what they said or felt next; it says nothing
            or re.search(r"\b(?:was|were|is|am|are|['’]m)\s+(?:just\s+)?like$", text, re.I)
        ):
            continue
        explained = bool(
            (len(words) < LEANING_WORDS and _LEANS_BACK.match(text))
            or _PLAN_SAID.match(text)
            or _OWN_REASON.search(text)
            or (n + 1 < len(pieces) and _EXPLAINS.match(pieces[n + 1].text.lstrip()))
        )
        if explained and not answered:
            continue
        weight = len(_QUOTE_WEIGHT.findall(text)) + (1.0 if _MINE.search(text) else 0.0)
        if weight >= 1:
            # later sentences are more often the writer's own view of what happened
            scored.append((explained, weight + segment.position, text))
    scored.sort(key=lambda item: (item[0], -item[1]))  # those already answered last
    return [text for _, _, text in scored]


# Frames a blind reviewer rated below one of the writer's sentences quoted back, on the same
# dev texts (90 texts, three reviewers): the moment they acted ("what was going through your
# mind when you…"), a scene, a topic, a person's side, what they held back — rated
# mentor-like and natural 4 times in 22, the quote 15 in 22. A plan's obstacle, someone's
# words, a pull, a quoted lesson held their own (45 in 68, the quote 33 in 65) and stay first.
_WEAKER_THAN_A_QUOTE = re.compile(
    r"^(?:What was going through your mind|What was happening (?:for you when|just before)"
    r"|What was going on for you when|What stands out most for you from"
    r"|How do you think it looked from|What made it hard(?:, in that moment,)? to"
    r"|Looking back on .*, what stays with you most)"
)


# A plan's step asked about is the exception when the step is an errand (`_ERRAND`: "bring
# the list", "write up the feedback"): rated well 2 times in 9 on dev, the quote 6 in 9.
_STEP_ASKED = re.compile(
    r"^(?:What might make it hard to|What could get in the way when you come to"
    r"|What do you expect to happen when you) (?P<step>.+)\?$"
)


def weaker_than_a_quote(question: str) -> bool:
    """Is `question` in a frame that read as less of a mentor's question than one of the
    writer's sentences quoted back?"""
    step = _STEP_ASKED.match(question)
    return bool(_WEAKER_THAN_A_QUOTE.match(question) or (step and _ERRAND.match(step["step"])))


def quoted_questions(
    answer: str, earlier: Sequence[str] = (), *, answered: bool = True
) -> list[str]:
    """`quoted_sentences` in the first quoted frame whose tail no earlier question said
    (`_TAIL`, as for the lesson's quoted frames), weightiest first."""
    asked = " ".join(earlier).lower()
    for frame in _QUOTED_FRAMES:
        tail = _TAIL.search(frame)
        if not (tail and tail[0] in asked):
            found = quoted_sentences(answer, earlier, answered=answered)
            return [frame.format(q=sentence) for sentence in found]
    return []
