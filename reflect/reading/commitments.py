"""Finding what a person said they WILL do — and nothing they only predicted, wished,
regretted, imagined, or heard someone else plan.

Rules, not a model: a small model invents action items; these patterns do not. People
state plans in many shapes ("I'll…", "next time I'd…", "from now on…", "I should even
write it down", "my approach now is…", the lines under an "Action plan:" heading, a list
of principles after a colon), so the finder reads the text's layout through
`passages.segments` and keeps, for each commitment, the exact words it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .passages import Segment, overlap, segments

_ME = r"(?:I|i)"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "Next supervision", "next time", "next shift": when a present-tense plan will happen.
_NEXT_TIME = r"[Nn]ext (?:time|week|shift|session|supervision|meeting|one-to-one|1:1|visit)"
# Verbs a negative plan or a present-tense rule starts with ("I won't leave it a week").
_VERBS_SOON = (
    "leave|let|wait|skip|take|say|ask|tell|send|book|write|raise|check|reply|answer|stay|"
    "keep|go|put|do|make|sit|start|stop|agree|volunteer|accept|apologise|apologize|cancel|"
    "redo|rewrite|fix|jump|interrupt|rescue|chase|touch|change|correct|take over|step in"
)
_SOON = (
    r"(?:,? (?:I think|honestly|probably not|definitely|really|also|then|now|first|just|still))?"
)
# Each cue introduces what someone will do; the action follows it. Longer cues first:
# at one position the first alternative that matches wins.
_CUES = [
    r"\b(?:[Mm]y|[Oo]ur|[Nn]ow my)\b[^:.!?]{0,40}\b(?:approach|principles?|rules?|plans?"
    r"|resolutions?"
    r"|steps)\b[^:.!?]{0,40}:",
    rf"\b(?:[Nn]ext time|[Ii]n (?:the )?future|[Gg]oing forward|[Ff]rom now on|[Ff]rom here on"
    rf"|[Ff]rom today on(?:wards)?|[Tt]he next time)\b,?"
    # a condition before the plan: "Next time I'm asked to size something, I'll…"
    # ("From now on I'm putting the date on it" is the plan itself, not a condition)
    rf"(?: (?:when|if|{_ME}(?:(?:'m| am)(?! going to)"
    rf"(?! (?!feeling|getting|being|having)[a-z]{{3,}}ing\b)| get| have| feel| see| notice)|someone"
    rf"|somebody|anyone"
    rf"|there's|there is|they|he|she|it|a|an|the|we(?! will| shall| should| must)|you|my|our)\b"
    rf"[^,.]{{2,70}}?"
    rf"(?:,|(?= {_ME}(?:'ll| will|'d| would|'m going to| am going to)\b)"
    # "From now on if a customer is shouting I move them to the side desk"
    rf"|(?= {_ME} (?:{_VERBS_SOON}|move|flag|call|ring|email|text|message|read|write|log)\b)))?"
    rf"(?: {_ME}(?=\W)(?:'d| would|'ll| will| shall| want to| need to| should| must| have to"
    rf"|(?:'m| am)(?= [a-z]{{3,}}ing\b)"
    rf"|(?:'m| am) going to| plan to| try to| will try to|'ll try to)?| we(?:'ll| will|'d"
    rf"| would)?)?",
    rf"\b{_ME} promised myself (?:that )?(?:{_ME}(?:'d| would| will|'ll) |to )?",
    # "So what I'm going to do is give the Saturday class back"
    rf"\b[Ww]hat {_ME}(?:(?:'m| am|m) (?:going to|gonna)|'ll| will) do(?: now| next| about it)?"
    rf" is(?: to)?",
    rf"\b{_ME}(?:'ve| have)?(?: also)? decided (?:that )?(?:{_ME}(?:'ll| will|'d| would)|to)",
    rf"\b{_ME}(?:'ve| have)(?: also)? (?:committed|promised|agreed) to",
    rf"\b{_ME}(?:'m| am) committing to",
    rf"\b{_ME} commit to",
    rf"\b{_ME} (?:must|need to|have to|(?:'ve|have) got to) (?:remember to"
    rf"|make sure (?:that )?(?:I )?)",
    rf"\b{_ME}(?:'ll| will)(?: also| then| now| definitely| really| just| first)? try (?:to|and)",
    rf"\b{_ME}(?:'ll| will| shall)(?! not\b){_SOON}",  # "I will not…": a negative plan, below
    rf"\b{_ME}(?:'m| am|m)(?: also| then| now| definitely| really| actually)? (?:going to|gonna)",
    rf"\b{_ME}(?:'m| am)? plan(?:ning)? to",
    rf"\b{_ME} intend to",
    r"\b[Mm]y (?:(?:new|main|only|first) )?(?:plan|goal|aim|target|resolution|intention)"
    r"(?: for [^,.]{1,40}?)?(?: now)? is(?: to)?",
    # not "the plan is only what somebody knew when they wrote it"
    r"(?:^|(?<=[.!?] ))[Pp]lan is to\b|"
    r"\b[Tt]he plan(?: now)? is(?: to)?(?! (?:only|not|just|missing|what|a|an|the|always|never"
    r"|still|so|too|very|quite|really|good|bad|fine|ok|okay|great|wrong|right|done|all)\b)",
    # "The rule I'm making is if I've tried the same fix twice I stop and ping someone."
    rf"\b(?:(?:[Mm]y|[Oo]ur) (?:new )?(?:rule|resolution)(?: for myself| now| from now on)?"
    rf"|[Tt]he (?:new )?(?:rule|resolution) {_ME}(?:'m| am) (?:making|setting)(?: myself)?)"
    rf" is(?: to| that)?",
    r"\b[Mm]y (?:new )?approach(?: to [^:,.]{1,40}?)?(?: now)? is(?: to)?",
    rf"\b{_ME}(?: also| really| still| now| definitely| actually)? (?:must|need to|have to"
    rf"|(?:'ve|have) got to)(?! admit| say| confess| be honest)",
    rf"\b{_ME} should(?! have|'ve| of| n't|n't| not)(?: really| even| also| definitely| just"
    rf"| actually)?",
    # the verb stays in the action: "stop leaving one-word comments" is not "leaving" them
    rf"\b{_ME}(?: also| really| just| still| now)? want to (?=(?:start|stop|keep|try|make sure"
    rf"|get into the habit of|practi[sc]e|remember|build|spend|ask|set|notice|thank|be the one"
    rf"|make (?:it|my|a|the)|bring|write|book|send|prepare|email|block|read|check|learn how)\b)",
    rf"\b{_ME}(?: won't| will not| am not going to|'m not going to)(?= (?:{_VERBS_SOON})\b)",
    rf"\b(?:after that|from then on),? {_ME} (?=(?:{_VERBS_SOON})\b)",
    # a plan in the present tense, as people write in a hurry or a second language:
    # "tomorrow I let him do the whole order", "from now I read feedback two times"
    # ("on Monday I read it properly" tells what happened: a day's plan opens its sentence
    # and leaves out the verbs whose past is the same)
    rf"(?:\b(?:[Tt]omorrow|[Ff]rom now(?: on)?|[Ff]rom today|{_NEXT_TIME}|[Ff]or the next \w+)"
    rf"|(?:^|[,;] |\b(?:[Ss]o|[Aa]nd|[Tt]hen|[Aa]lso) )[Oo]n (?i:{_DAY})"
    rf"(?=,? \w+ (?!read|put|set|let|cut|try)))"
    rf",?(?: (?:also|then))? {_ME}(?: also)? (?=(?:{_VERBS_SOON}|read|talk|speak|buy|"
    rf"practi[sc]e|move|call|ring|email|give|bring|try|use|show|prepare|review|walk|meet|"
    rf"learn|plan|block|note|double-check|look|stand|watch|listen|hand|pair|shadow|teach|explain"
    rf"|text|message|flag|log|print|slow|pause|repeat|wear|set|open|demo|run)\b)",
    # "On Monday I'm asking him for 15 min", "Next supervision I'm opening with that"
    # "From Monday I'm booking the nervous dogs in first"
    rf"\b(?:[Tt]omorrow(?: first thing| morning)?|[Oo]n (?i:{_DAY})"
    rf"|[Ff]rom (?:(?i:{_DAY})|tomorrow|now on|next week)"
    rf"|{_NEXT_TIME}),? {_ME}(?:'m| am) (?=(?!going\b)[a-z]{{2,}}ing\b)",
    # "Also I ask tomorrow if I can sit in": the when after the verb
    rf"\b{_ME} (?=(?:ask|tell(?! myself)|talk to|speak to|call|ring|email|text|message|book"
    rf"|bring|show)\b"
    rf"[^.,;]{{0,30}}?\b(?:tomorrow|on (?i:{_DAY})|this week|next (?:week|time|session|shift))\b)",
    # a diary's plan without its "I": "going to ping Tom this arvo", "want to run it past you"
    rf"(?:^|(?<=[^\w\s] ))(?:(?:[Aa]lso|[Aa]nd|[Tt]hen|[Ss]o),? )?(?:[Gg]oing to|[Gg]onna)"
    rf"(?= (?:{_VERBS_SOON}|ping|ring|call"
    rf"|email|text|message|talk|speak|book|send|go through|run|try|practi[sc]e)\b)",
    rf"(?:(?:^|(?<=[^\w\s] ))(?:(?:[Aa]lso|[Aa]nd|[Hh]onestly|[Tt]hen|[Ss]o),? )?"
    rf"|\b{_ME}(?: also| really| still)? )(?:[Ww]ant|[Ww]anna) to "
    rf"(?=(?:go through|run (?:\w+ ){1, 3}past|let (?:him|her|them) (?:watch|see|try|do|lead|run)"
    rf"|talk to|sit down with|show|check in|follow up|look at|book|ask|tell|bring)\b)",
    # "no more grabbing the scanner": what they will stop
    # (the cue is empty: "no more" stays in the action, which means the opposite without it)
    r"\b(?=[Nn]o more [a-z]{2,}ing\s+\w+)",
    r"\b[Nn]ote to self(?! re\b)(?::|\s*[—–-](?=\s))?",
    rf"\b{_ME} (?=owe (?:her|him|them|you|my \w+|partner-\w+) )",
    # "we agreed Jade would take the counter on Wednesdays": hers
    r"\b[Ww]e(?: both)? agreed (?:that )?(?:I|we|she|he|they|(?-i:[A-Z][a-z]+))"
    r"(?: would|'d|'ll| will)",
    r"\b[Ww]e(?: both)? agreed (?:we'll|we will|we'd|we would|to)",
    # "We agreed she texts me the same evening": hers, said in the present
    r"\b[Ww]e(?: both)? agreed (?:that )?(?:she|he|(?-i:[A-Z][a-z]+)) (?=[a-z]{3,}s\b)",
    # "we said we'd try a few on his calls": an agreement, unless it is a reason
    # ("…since we said we'd share something each month")
    r"(?<!since )(?<!because )(?<!as )\b[Ww]e(?: both)? said (?:that )?we(?:'d| would|'ll| will)",
    # "Leanne's agreed to run the Sunday sorting"
    r"\b(?-i:(?!Everyone|Everybody|Nobody|Someone|Somebody)[A-Z][a-z]+)(?:'s| has)(?: also)?"
    r" agreed to",
    r"\b[Ww]e(?:'ll| will)(?: both| also| each| all)?",
    # "let's both go to the desk at registration"; not "let's see", "let's be honest"
    r"\b[Ll]et'?s(?: both| all)?(?= (?:pick|go|do|book|meet|try|set|agree|plan|sit|talk|swap|put"
    r"|make|get|find|keep|start|write|review|walk|look at|fix|block|share|check in)\b)",
    r"\b[Ww]e(?:'re| are)(?: both)? going to",
    # "me and the reg are going to…", "Sam and I are going to…": a plan of theirs together
    # (a name, not any word: "he can say what he'd change and I'll tell him" is two clauses)
    rf"\b(?:[Mm]e and (?:my |the |our )?[\w-]+|(?:[A-Z][\w-]+|partner-\w+|(?:my|the|our) [\w-]+)"
    rf" and {_ME})"
    r"(?:'ll| will| are going to| are gonna)(?: both| also)?",
    r"\b(?:[Mm]y mentee|[Mm]y mentor|[Ss]he|[Hh]e|[Tt]hey) (?:agreed to|has agreed to"
    r"|have agreed to|has committed to|promised to)",
]
_CUE = re.compile("|".join(f"(?:{c})" for c in _CUES))

# Before a cue: a report of the past, a hypothetical, a hope, a doubt or someone's idea.
_NOT_A_PLAN_BEFORE = re.compile(
    r"\b(?:(?<!I've )(?<!I have )said (?:that )?(?:I|he|she|(?<![Ww]e said )we|they)"
    r"|told (?:him|her|them|me|my \w+)(?: (?!that\b)\w+){0,4} (?:that )?I|"
    # "I know I won't stop", "if it is my shop, I will…", "part of me wants to"
    r"I know (?:that )?I\b|if (?:it|this|that)(?:'s| is| was| were) (?:my|me|up to me)\b"
    r"|part of me|"
    r"had planned|I had thought|thought (?:that )?(?:I|if|when)"
    r"|if (?:I|we) (?:were|was|had|could|did)|"
    r"(?:reckons|thinks|believes|expects|says) (?:that )?I|"
    r"I (?:expect|bet|reckon|imagine|suppose|guess|predict) (?:that )?I\b|"
    # "he said the next time I should tell him earlier": his advice
    r"(?:he|she|they|my \w+) (?:said|says|told me)(?: (?!I\b)[\w']+){1,4} I\b|"
    r"(?<!I )(?<!i )say (?:that )?I|"
    # "I kept thinking I'll sort it, I'll bleed the system…": what they kept meaning to do
    r"(?:keep|keeps|kept) (?:on )?(?:thinking|saying|telling (?:myself|\w+)|promising)|"
    r"(?:they|he|she|everyone|people) knows? (?:that )?I|"
    r"wish|hope|hoping|(?:don't|do not|didn't) know (?:if|whether|what|how)|not sure\b|dunno|"
    r"(?:know|sure|decided) what (?:I|we)|wonder(?:ing)?(?: if| whether)?|maybe|might|possibly|"
    r"perhaps|"
    r"suggested|mentioned|afraid|worried|scared|fear|whether|unless|pretend|probably)\b",
    re.IGNORECASE,
)
# Right after a cue: what will happen to the person, not what they will do.
_PREDICTION = re.compile(
    r"^(?:probably|likely|surely|undoubtedly|maybe|perhaps|possibly|ever|never be|be like|"
    r"nearly|almost|think about (?:it|this|that)(?:[.!]?\s*$|,)|be home\b|"
    r"remember (?:it |this |that )?for a (?:while|long time)|"
    r"never forget|forget|still forget|lose|miss|regret|hate|love|enjoy|struggle|"
    r"be (?:(?:a bit|a little|quite|really|so|very|pretty|super|even|more|less|even more|too) )?"
    r"(?:embarrassed|awkward|weird|scared|upset|annoyed|hard|difficult|nervous|anxious|stressed"
    r"|worried)\b|"
    # "I have to keep reminding myself that…": a thought they hold, not a thing to do
    r"keep (?:reminding|telling) myself\b|remind myself (?:that|how|why)\b|"
    r"be (?:tired|fine|ok|okay|nervous|anxious|late|honest|exhausted|the one|in trouble|judged"
    r"|fired|seen|wrong|back)|feel|find (?:it|out)|end up|get (?:nervous|tired|anxious|used|"
    r"told|asked|blamed|there|the hang|over it|a thicker skin)|have forgotten|admit|confess"
    r"|tell you|see (?:how|what|if)|"
    r"know\b|never know|not\b|hear|be asked|be told|need more|have to wait|want to\b|"
    r"say (?:his|her|their) names?\b|have (?:done|been|had)|keep (?:\w+ )?with me|stay with me"
    r"|remember (?:it|this|that|them) when|"
    r"survive|cope|manage somehow|believe|"
    r"call (?:him|her|them|it|this|that) (?:the|a|an|my|our)\b|"
    r"get (?:a |one |the |no |any |good |bad |low |high |full )?"
    r"(?:marks?|grades?|scores?|results?)\b|"
    r"remember this (?:day|moment|one)|always remember|"
    r"look back|laugh|cry|sleep|die|fail|be able to (?:tell|see)|come back to this|happen"
    # "I need to stop feeling like it is a crime", "I will be next to her": how they will
    # feel or where they will be, not a thing to do
    r"|stop feeling\b|be (?:next to|beside|behind|opposite|in front of)\b"
    r"|take (?:it|that)[.!]?\s*$"  # "He nodded at me on Saturday. I'll take it."
    # "…the cake, which I'll be thinking about for a while"
    r"|be (?:thinking|wondering|worrying|dreaming|replaying|kicking myself|feeling)\b)",
    re.IGNORECASE,
)
_REGRET = re.compile(
    r"\b(?:should|could|would|must|might)(?:'ve| have)\b|\bI'd have\b|\bshould of\b", re.I
)
# "…when we meet, yeah?": a statement with a tag, not a question; the tag is not the plan
_TAG = r",\s*(?:yeah|yes|right|ok|okay|yep|no)\?"
_TRIM_TAIL = re.compile(
    r"(?:,? because\b|,? so that\b|, so\b|, since\b|, which\b|,? in case\b|"
    r", as\b|, though\b|, but\b|:\s+(?=\w+(?:\s+\w+){3})|"
    r",? instead of (?:just )?\w+ing\b.{0,0}(?=$)|, not (?:as|because)\b|"
    r", and (?:I|we) (?:want|think|hope|feel)\b|\s+(?:-|–|—)\s|, just so\b|"
    # "…as a joint group, and if she says no, I'll…": the condition of what comes next
    r",\s+and (?:if|unless|once|in case)\b|"
    r", and (?:I|we)(?:'ve| have| had|'m| am)\b|, (?:the|it|that|this) \w+ (?:was|is|were)\b"
    r"|, (?:it|that|this)(?:'s| is| was| helps| makes| means| feels| seems| works)\b"
    # ", otherwise there isn't time", ", he will not be happy": what follows, not the plan
    r"|,? otherwise\b|, (?:he|she|they|it) (?:will|won't|'ll|is going to)\b"
    r"|\s+so (?:we|I|you|they|she|he|it|that) (?:can|could|don'?t|won'?t|will|have|get|know)\b"
    r"|\s+so (?:I'm|I am|we're|they're|she's|he's|she doesn'?t|he doesn'?t|it doesn'?t)\b"
    # "…in the book cause I didn't", ", we spoke about it already", ", Sue reckons it's…",
    # ", my friend said…", ", its slowing everything down": the story goes on, not the plan
    r"|,?\s+(?:'?cause|cos|coz) (?:I|we|she|he|they|it)\b"
    r"|, (?:I|we|she|he|they) (?:spoke|talked|said|told|did|was|were|had|already"
    r"|(?!(?:need|feed|proceed|exceed|succeed|speed)\b)\w+ed)\b"
    # ", he's ready", ", they're keen": about someone, not the plan
    r"|, (?:he|she)(?:'s| is) (?!going\b)|, they(?:'re| are) (?!going\b)"
    # ", I'm not sure the targets are right": a doubt that follows, not the plan
    r"|, (?:I'm|I am|im) (?:not sure|unsure|still not|worried|nervous|scared|afraid)\b"
    r"|, (?-i:[A-Z][a-z]+) (?:said|says|reckons|thinks|mentioned|told|agreed|offered)\b"
    r"|, (?:my|his|her|our) (?:\w+ )?(?:friend|mentor|manager|boss|colleague|supervisor"
    r"|partner|mum|dad|wife|husband) (?:said|says|reckons|thinks|told|mentioned)\b"
    r"|, (?:its|thats|that (?:\w+ly )?(?:puts|makes|gets|means))\b|, well,"
    # "…since he offered to read it", ", I've been putting it off", ", last time I…",
    # "(not joking, I nearly fainted)": why, or what happened before
    r"|\s+since (?:he|she|they|it|I|we|you)\b|, (?:I|we)(?:'ve| have) (?:been|had|done)\b"
    r"|, last (?:time|week|month|year)\b"
    # ", even if it feels rude", ", maybe the skirt can be shorter", ", just to clear the air",
    # ", see what happens", ", who actually runs it", ", not just the ones I worked on":
    # a condition, a doubt or a contrast added to the plan, not the plan
    r"|, even (?:if|though) (?:it |that |this )?(?:feels|looks|seems|means|costs|I feel|I look"
    r"|I think|I'm|I am|nobody|no one)\b"
    r"|, maybe\b|, just to\b|, (?:to )?see (?:what|how|if|whether)\b"
    # "…by Wednesday if you're ok to look over it": asking leave, not the plan
    r"|,?\s+if (?:you're|you are|that's|that is) (?:ok|okay|alright|all right|fine|happy)\b"
    r"|,\s+if (?:she|he|they)(?:'s|'re| is| are) (?:ok|okay|alright|fine|happy) with (?:it|that)\b"
    r"|, who (?!\w+ing\b)|, not (?:just|like|five|a|an|about|\w+ing)\b"
    r"|\s*\((?=[^()'‘\"“]*\b(?:I|he|she|they|we|it) [a-z]+)[^()'‘\"“]{8,}\)\s*[.!]?\s*$"
    rf"|{_TAG}).*$",
    re.IGNORECASE,
)
DUE = re.compile(
    rf"\b(?:(?:by|before|on|until|after|within|at|into|for|over) "
    rf"(?:the )?(?:end of (?:the |next |this )?"
    rf"(?:day|week|month|term|quarter|year|sprint|rotation|placement)"
    rf"(?: {_DAY})?|end of day(?: {_DAY})?|next \w+(?: \w+)?|this \w+"
    rf"|our next \w+(?: on the \d+\w*)?"
    rf"|the next \w+(?: \w+)?|{_DAY}'s \w+|{_DAY}(?: night| morning| afternoon)?"
    rf"|the \d{{1,2}}(?:st|nd|rd|th)|tomorrow|tonight|half term|\w+'s meeting|the real \w+"
    rf"|the spring intake)"
    rf"|next (?:week|month|session|time|term|quarter|sprint|shift|rotation)|this (?:week"
    rf"|month|term)"
    rf"|tomorrow|tonight|the following week|from now on|{_DAY} lunchtime)\b",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and\s+)?(?=[a-z])|\band\s+(?=[a-z]+\s))\s*")
_NOT_ACTION_START = re.compile(
    r"^(?:I|it|it's|this|that|there|the|he|she|they|we|my|our|his|her|their|a|an|was|were|"
    r"felt|had|did|went|got|when|because|so|but|and|yes|no|also|overall|honestly|today|"
    r"yesterday|then|after|before|in|on|at)\b",
    re.IGNORECASE,
)
MIN_ACTION_WORDS = 2
LEAD_WORDS = 12  # a lead longer than this is read from its last clause
# Stages that ask what the person will do: their imperative sentences are plans.
# Stages that ask what someone could do: what they list there are options.
OPTION_STAGES = frozenset({"options"})
# Stages that ask what to talk about: a list there is of topics ("warranty forms, I don't
# get the boxes"); only an item that starts with a verb of doing is a plan.
TOPIC_STAGES = frozenset({"agenda"})
PLAN_STAGES = frozenset(
    {"next", "action-plan", "now-what", "will", "experimentation", "improve", "agenda", "start",
     "stop", "continue"}
)  # fmt: skip


@dataclass(frozen=True)
class Commitment:
    """One thing someone said they will do, and where it was said."""

    text: str
    owner: str
    due: str | None
    sentence: str
    span: str = ""  # the exact words that state it (what the person sees quoted)


def _owner(cue: str, role: str) -> str:
    lowered = cue.lower()
    other = {"mentee": "mentor", "mentor": "mentee"}.get(role, "both")
    me = role if role in ("mentee", "mentor") else "both"
    if re.match(r"(?:we|me and|let'?s)\b", lowered) or re.search(
        r"\bwe(?:'ll| will|'d| would)?$|\band i (?:are|will)\b", lowered
    ):
        # "we agreed she'd…", and "we agreed she" before "texts me…" said in the present
        if re.search(
            r"agreed (?:that )?(?!i\b|we\b|to\b)[a-z]+(?: would|'d|'ll| will| ?$)", lowered
        ):
            return other
        if re.search(r"agreed (?:that )?i\b", lowered):
            return me
        return "both"
    if re.match(r"(?!i\b)[\w-]+(?:'s| has)(?: also)? agreed to", lowered):
        return other
    if "my mentee" in lowered:
        return "mentee"
    if "my mentor" in lowered:
        return "mentor"
    if re.match(r"(she|he|they)\b", lowered):
        return other
    return me


def _due(*parts: str) -> re.Match[str] | None:
    for part in parts:
        found = DUE.search(part)
        if found:
            return found
    return None


def _due_text(found: re.Match[str] | None) -> str | None:
    """The due as said mid-sentence: "Next time I'll…" is due "next time"; a due that
    starts with a day's name keeps its capital ("Monday lunchtime")."""
    if found is None:
        return None
    said = found.group(0)
    return said if re.match(_DAY, said, re.IGNORECASE) else said[:1].lower() + said[1:]


# "I'll comment with questions — "what's your point?" — rather than rewrite": an aside
# between two dashes is part of the plan; a single dash starts an afterthought.
_ASIDE = re.compile(r"\s[–—]\s[^–—]{1,150}?\s[–—]\s")
_HIDDEN_DASH = {"–": "\x01", "—": "\x02"}


def _trim_tail(text: str) -> str:
    """`text` without its afterthought (", because…", " — which…"), asides kept."""
    hidden = _ASIDE.sub(lambda m: "".join(_HIDDEN_DASH.get(ch, ch) for ch in m.group(0)), text)
    trimmed = _TRIM_TAIL.sub("", hidden)
    for dash, mark in _HIDDEN_DASH.items():
        trimmed = trimmed.replace(mark, dash)
    return trimmed


# What the item says is the plan alone; its quoted span keeps the condition it was made
# with ("…even if the organiser complains") and its purpose (", not to re-argue, just to ask…").
CONDITION = re.compile(r"(?:,? even if\b|, not to\b).*$", re.IGNORECASE)


def _action(body: str, due: re.Match[str] | None) -> str:
    action = CONDITION.sub("", _trim_tail(body))
    if due and due.group(0) in action and not _part_of_object(action, due.group(0)):
        action = action.replace(due.group(0), " ")
    action = re.sub(r"\s+([,;:])", r"\1", re.sub(r"\s+", " ", action))
    action = re.sub(r",{2,}", ",", action).strip(' ,.;:-!"“”')  # "…, by Friday, and…"
    action = _balanced_end(action)
    return re.sub(r"^(?:also|then|both|each|now|really|even|definitely|just|to)\s+", "", action)


# "the essays from this week", "move them to Thursday lunch from next month"
_BOUND_BEFORE = re.compile(r"\b(?:from|of|since|than|during|about|until|till)\s+$", re.IGNORECASE)


def _part_of_object(action: str, due: str) -> bool:
    """Would taking the due's words out of the plan leave a hole ("run next sprint's
    planning", "the essays from this week")? Then the plan keeps them."""
    at = action.find(due)
    return action[at + len(due) :].startswith(("'s", "’s")) or bool(
        _BOUND_BEFORE.search(action[:at])
    )


def _balanced_end(action: str) -> str:
    """`action` with a stray quote mark stripped from its ends, but a quotation it closes
    kept ("say 'not checked yet, I'll find out by ten'")."""
    while action[-1:] in ("'", "’") and _opened_quotes(action[:-1]) % 2 == 0:
        action = action[:-1].rstrip(" ,.;:-!")
    while action[:1] in ("'", "‘") and _opened_quotes(action) % 2 == 1:
        action = action[1:].lstrip()
    return action


def _opened_quotes(text: str) -> int:
    """Single quotes that open or close a quotation (not the apostrophe of "I'll")."""
    return len(re.findall(r"(?<![A-Za-z])['‘]|['’](?![A-Za-z])", text))


# Base forms of the verbs plans start with: an item that starts with one is an imperative
# ("ask first", "keep it short").
ACTION_VERBS = (
    "add|agree|aim|allow|always|answer|apologise|apologize|arrange|ask|avoid|book|bring|build|"
    "block|call|cancel|catch|change|chase|check|choose|clarify|close|come|confirm|count|cut|"
    "decide|delegate|do|"
    "double-check|draft|drop|eat|email|end|escalate|explain|find|finish|fix|flag|follow|get|give|"
    "go|hand|handover|hold|invite|involve|keep|label|learn|leave|let|limit|list|listen|log|look|"
    "make|mark|mention|message|move|name|never|note|notice|offer|open|pair|pause|pick|plan|"
    "practise|practice|prepare|present|print|prioritise|prioritize|protect|push|put|raise|read|"
    "record|re-estimate|reflect|rehearse|remind|reply|report|request|reread|respond|review|ring|"
    "run|say|schedule|see|send|separate|set|share|show|sit|skip|sleep|slow|sort|speak|spend|split|"
    "start|stay|step|stick|stop|suggest|summarise|summarize|switch|take|talk|teach|tell|test|"
    "thank|think|time|track|try|turn|update|use|volunteer|wait|walk|watch|write|don't|do not|"
    "rerun|redo|rewrite|retest|rebook|reschedule|revise|cost|scope|annotate|tag|phone|text|"
    "shadow|observe|swap|rotate|script|lead|chair|host|visit|join|attend|apply|contact|tidy|"
    "fill|prep|study|coach|demo|greet|introduce|breathe|rest|go back|own"
)
_IMPERATIVE = re.compile(
    rf"^(?:(?:when|if|whenever|before|after|once|the moment|as soon as)\b"
    # not a story: "When I started doing my counts he kept saying '…, we do this…'"
    rf"(?! (?:I|we|he|she|they) (?:was|were|had|did|got|went|came|saw|told|said|kept"
    rf"|began|felt|thought|[a-z]+ed)\b"
    # "If we'd found it in a real incident…": what might have been
    rf"| (?:I|we|he|she|they)['’]d (?:been|known|had|done|gone|seen|got|left|taken|made|found"
    rf"|thought|told|said|heard|kept|caught|brought|felt|[a-z]+ed)\b).{{2,120}}?"
    rf"(?:,\s*(?:(?:I|we) )?|\s(?:I|we) ))?"
    # "Lead's review comments…": a noun's possessive, not the verb
    rf"(?:(?:always|never|just|also|still|really|actually|then|first|now)\s+)?(?:{ACTION_VERBS})\b"
    rf"(?!['’]s\b)",
    re.IGNORECASE,
)
# "…, and after that I ask in the channel": a second plan with its own subject.
_COMPOUND = re.compile(
    rf",?\s+and (?:after that|then|also|from then on),? (?:I|i) (?=(?:{ACTION_VERBS})\b)",
    re.IGNORECASE,
)
# After a cue, a second action may drop the subject: "I'll book a slot, and actually listen".
_COMPOUND_CUED = re.compile(
    rf"{_COMPOUND.pattern}|,\s+and (?:actually |also |then )?(?=(?:{ACTION_VERBS})\s)"
    # "…, and I ask Dev to flag each one", "…, and anything I'm unsure about I take to her"
    rf"|,\s+and (?=I (?:{_VERBS_SOON}|flag|hand|ring|call|email|show)\s"
    rf"|(?:anything|everything|whatever|whenever)\b[^,.;]{{0,50}}\bI (?:{_VERBS_SOON})\s)",
    re.IGNORECASE,
)
# Subject dropped, as in a diary: "Going to ask for the list every morning."
_BARE = re.compile(
    rf"^(?:(?:[Aa]lso|[Aa]nd|[Tt]hen|[Ss]o|[Pp]lus|[Aa]nyway|[Oo]k|[Oo]kay|[Rr]ight),? )?"
    rf"(?:[Gg]oing to|[Gg]onna|[Ww]ill|[Nn]eed to"
    rf"|[Mm]ust|[Hh]ave to|[Gg]ot to)\s+(?:try (?:to |and )?)?(?=(?:{ACTION_VERBS})\b)"
)
_QUOTED = re.compile(
    r"(?:^|(?<=\s))['‘\"“](?:[^'’\"”]|(?<=\w)['’](?=\w)){2,200}['’\"”](?=[\s,.;:!?)]|$)"
)
_DESCRIPTIVE_INTRO = re.compile(
    r"\b(?:what happened|what went (?:well|wrong)|description|feelings|the facts|timeline|"
    r"went well|went badly|the good|the bad|symptoms|observations|we did|I did|options|ideas"
    r"|brainstorm\w*|concerns|worries)\b",
    re.IGNORECASE,
)
# A list after a colon is a list of plans when what introduces it says so.
_LIST_INTRO = re.compile(
    r"\b(?:plan|plans|going forward|from now on|next time|principles?|approach|rules?|commit\w*|"
    r"action|actions|to (?:actually |really )?do|resolutions?|steps|try|trying|taking away"
    r"|take away|taking from|"
    r"hold onto|holding onto|improve|differently|change|changes|habits?|promises?|remember|"
    r"I(?:'ll| will| am going to|'m going to)|changes? I(?:'m| am) making|I want to"
    r"|(?:what )?I(?:'m| am) doing(?: about it| next| differently)?|(?:we|I) agreed"
    r"|^agreed(?: actions| next steps)?(?=:?$)|^actions? agreed(?=:?$))\b"
    # "For Thursday:", "Before Monday's session:": what to do by then
    rf"|^(?:for|before|by|on) (?:{_DAY}|tomorrow|next \w+|the next \w+|our next \w+)"
    r"|^so$",  # "So: sit down with her properly on Tuesday"
    re.IGNORECASE,
)


def _reported(sentence: str, before: re.Match[str], cue: re.Match[str]) -> bool:
    """Is this cue what the writer will tell someone ("I'll tell him I want to…")?"""
    between = sentence[before.end() : cue.start()]
    return bool(
        re.search(r"\b(?:tell|ask|say to|explain to|let) (?:\w+ ){0,3}(?:that )?$", between)
    )


def _inside_quotes(sentence: str, at: int) -> bool:
    """Inside a quotation, or after a double quote the sentence opens and never closes
    ('Like "We are doing everything we can, I will come back to you…': what is said)."""
    before = sentence[:at]
    opened = before.count("\u201c") - before.count("\u201d") + before.count('"') % 2
    return opened > 0 or any(q.start() < at < q.end() for q in _QUOTED.finditer(sentence))


_HOW_I_WOULD = re.compile(
    r"\b(?:how|what|where|which|the way)\s+(?:I|we|you|he|she|they)(?:'d|’d| would| could)"
    r" have\b",
    re.IGNORECASE,
)


def _skip(lead: str, cue: str, body: str) -> bool:
    """Is this cue a report, a doubt, a regret, a prediction or a question, not a plan?"""
    # the plan's own clause only: not "…even if I'd have"
    trimmed = _trim_tail(body)
    window = lead + cue + " " + re.split(r",|\beven if\b", trimmed)[0]
    return bool(
        _NOT_A_PLAN_BEFORE.search(lead + cue)
        or re.search(
            r"\b(?:don't|do not|never|not|if|when|once|what|how|why|where|what time|how long"
            # "…, since I'll be away", "though I won't tell her": a reason or an aside (a lead
            # ending in "because", "cos" or "cause" is a reason `_cued` skips before this)
            r"|coz|since|though|although"
            r"|how soon|do|does|did|can"
            r"|could|would|before|after|until|unless)\s*$",
            lead,
            re.IGNORECASE,
        )
        # "I decided to move the bags to manual and I told the team": what they did then
        or (
            re.match(r"[Ii] decided", cue)
            and re.search(r"\band (?:I |then )?(?:told|said|went|did|got|made|\w{3,}ed)\b", body)
        )
        # "…an example of how I'd have answered him": a way, not a regret
        or _REGRET.search(_HOW_I_WOULD.sub("", window))
        or _PREDICTION.match(body)
        # "and I'll, I mean I should send it to Dev": the plan is in what follows
        or re.match(r"\s*,?\s*(?:I mean|sorry|no wait|or rather)\b", body, re.IGNORECASE)
        # a report of what happened ("from then on I realised…"), not a plan
        or re.match(
            r"(?:\w{3,}ed|was|were|did|had|said|went|got|felt|thought|knew|saw|told|made|took"
            r"|came|kept|left|spoke|wrote|found|began)\b",
            body,
        )
        or (
            not re.search(
                r"(?:start|stop|keep|try|sure|of|practi[sc]e|remember|build|spend|ask|set|notice"
                r"|thank|one|(?:rule|resolution)\b.{0,24} is|that)$",
                cue,
            )
            and re.match(r"(?:what|how|why|whether|if|by|with|in|at|when)\b", body, re.I)
        )
        # "…but I probably won't", "…but not yet"; not "…the displays or the cover but not both"
        or re.search(
            r"\bbut (?:I )?(?:probably |likely )?(?:won't|will not)\b"
            r"|\bbut (?:it|that|we|I|he|she|they) (?:never|didn't|did not|hasn't|haven't)\b"
            # "I should say something but I keep quiet", "…when Bev asks, I always do"
            r"|\bbut I (?:keep|always|never|just don't|don't think)\b|,\s*I always do\b"
            r"|\bbut (?:probably|likely) not\b"
            r"|\bbut not(?: (?:yet|really|now|today|this week))?\s*[.!]?$",
            body,
        )
        # "I'm not going to talk to her about it, I don't think": still deciding
        # (not a doubt about what follows its reason: "tell her because she might…, not sure")
        or re.search(r"^[^,.;]{3,80},\s*(?:I don't think|I dunno|not sure)\b", trimmed)
        # a heading's aside cut by the sentence ("Start (things I want to start doing):")
        or body.count(")") > body.count("(")
        # "I'll 'definitely remember' and I never do": a habit mocked, not a plan
        or re.search(r"\b(?:and|but) (?:I )?never (?:do|did|have|will)\b", body)
        # "Note to self so I don't forget before supervision": a reminder of why, not a plan
        or re.match(r"(?:so (?:I|that|we)|because|as|cos|cause)\b", body)
        or re.match(r",?\s*(?:she|he|they|it|we|my \w+|partner-\w+) \w+ed\b", body)
        # "I will actually do this even though…": "this" points at nothing said
        # ("do it for every link hearing" says what it is for)
        or re.match(
            r"(?:actually |really |just )?(?:do|try) (?:this|that|it)\b(?!\s+\w+ing)"
            r"(?!\s+(?:for|on|at|before|after) (?:every|each|all|any)\b)",
            body,
        )
        # "I'm not going to write the details here": about the note, not a plan
        or re.match(r"(?:write|go into|describe|repeat|list|put)\b[^.,;]{0,40}\bhere\b", body)
        # "I'm going to leave it there": the end of the note, not a plan
        or re.match(r"(?:leave it|stop|end it|end) (?:there|at that|here)\b", body)
        # "next time, she said, …": someone else's advice, not the writer's plan
        or re.match(r",?\s*(?:she|he|they|partner-\w+|my \w+) (?:said|says|told|suggested)\b", body)
        or re.search(r"\b(?:she|he|they|partner-\w+) (?:said|says|suggested),?\s*$", cue)
        # "I said sorry, let's sit down, and we went in": what was said then
        or (re.match(r"[Ll]et'?s", cue) and re.search(r"\b(?:said|says|told|asked)\b", lead))
        # "the thing I want to look at is saying yes…": what the sentence is about
        or re.match(r"(?:[a-z]+(?: at| to| on| into| about)? )?(?:is|are|was|were)\b", body)
        # "What worked, and I want to remember this, was…": a thing to keep in mind
        or re.match(r"remember (?:this|that|it)\s*,", body)
        # "I should be saying what I'll try": what the form asks for, not a plan
        or (re.search(r"should$", cue.strip()) and re.match(r"be \w+ing\b", body))
        # "I'll tidy this up later maybe": not decided
        or re.search(
            r"\s(?:maybe|probably|I guess)\s*[.!?]*$|,\s*(?:or not|we'?ll see|who knows)\s*[.!?]*$",
            trimmed,
            re.IGNORECASE,
        )
    )


# "The rules are pretty clear: report every incident the same day…": the workplace's
# rules quoted, not the writer's plan
_SOMEONE_ELSES_RULES = re.compile(
    r"\b(?:the|their|his|her|company|depot|site|trust|school)\s+(?:rules?|policy|procedure)\b",
    re.IGNORECASE,
)
_STORY_SECTIONS = ("describe", "feelings", "evaluate", "analyse", "lesson")
_AGREED_NEXT = re.compile(
    r",\s+(?:and\s+)?(?:she|he|they|we|I)(?:'ll| will|'d| would)\s+(?=[a-z])", re.IGNORECASE
)
# The lead of a sentence that says when the plan applies, with no comma before the cue.
_WHEN_LEAD = re.compile(
    r"^\s*(?:before|after|every|each|at the start of|at the end of|whenever)\b[^,;.:!?]{3,50}$",
    re.IGNORECASE,
)


def _actions(cue: str, body: str, lead: str, sentence: str, role: str) -> list[Commitment]:
    """The commitment(s) a cue introduces: one per action joined by ', and <verb>'."""
    owner = _owner(cue, role)
    parts = [p for p in _COMPOUND_CUED.split(body) if p.strip()]
    if re.search(r"\bagreed\b", cue, re.IGNORECASE):
        # "we agreed she'll use a time check, she'll give each teacher a group, and she'll
        # re-do the plan": each thing agreed is an item, all of them hers
        parts = [q for p in parts for q in _AGREED_NEXT.split(p) if q.strip()]
    found = []
    for n, part in enumerate(parts):
        due = _due(lead, cue, part) if n == 0 else _due(part)
        action = _action(part, due)
        if n == 0 and re.search(r"(?:won't|will not|not going to)$", cue):
            action = "don't " + action  # "I won't leave it a week" → "don't leave it a week"
        if n:
            action = re.sub(r"^I\s+", "", action)  # "…, and I ask Dev to flag…"
        if len(action.split()) < MIN_ACTION_WORDS:
            continue
        span = " ".join(f"{cue} {part}".split()) if n == 0 else part.strip()
        if n == 0 and re.match(r"[Nn]ote to self", cue):  # the note is what follows the label
            span = " ".join(part.split())
        when = _WHEN_LEAD.search(lead) if n == 0 else None
        if when:  # "Before every stakeholder meeting I will write…": when belongs to the plan
            span = f"{when.group(0).strip()} {span}"
        span = _trim_tail(span).rstrip(" ,.;:") or span
        span = re.sub(r"^(?:anyway|ok|okay|right),?\s+", "", span, flags=re.IGNORECASE)
        found.append(Commitment(action, owner, _due_text(due), sentence, span))
    return found


def _cued(segment: Segment, role: str) -> list[Commitment]:
    sentence = segment.text
    cues = [c for c in _CUE.finditer(sentence) if not _inside_quotes(sentence, c.start())]
    cues = [c for n, c in enumerate(cues) if not (n and _reported(sentence, cues[n - 1], c))]
    bare = _BARE.match(sentence)
    if bare and not (cues and cues[0].start() == 0):
        cues = [bare, *cues]
    found: list[Commitment] = []
    skipped = False
    for n, cue in enumerate(cues):
        start = cues[n - 1].end() if n else 0
        end = cues[n + 1].start() if n + 1 < len(cues) else len(sentence)
        lead = sentence[start : cue.start()]
        # "I kept thinking I'll sort it, I'll bleed it, I'll…": a list goes with its first
        if skipped and re.fullmatch(r"[^.;]{1,60}?,\s*(?:and\s+)?", lead):
            continue
        skipped = False
        if n:  # only the words since the previous commitment's clause ended
            lead = re.split(r",|;|\bbut\b|\band\b", lead)[-1]
        elif len(lead.split()) > LEAD_WORDS:
            # a long sentence: what bears on the plan is its own clause ("My supervisor
            # suggested I script it, and I think that's right, so I'll draft one")
            clause = re.split(r"[,;]|\bbut\b|\band\b|\bso\b|\s[-–—]\s", lead)[-1]
            lead = clause if len(clause.split()) >= 4 else " ".join(lead.split()[-4:]) + " "
        # "…because if she moved we will need to repeat", "…in the car park cos I won't write
        # it": inside a reason, not a plan
        if re.search(r"\b(?:because|cos|cause)\b[^,.;]{0,60}$", lead):
            skipped = True
            continue
        # "not sure this is right but I'm going to…", "Sunita said she can share it, I will
        # ask her for it": the doubt or the other person's words are not about the plan
        if re.search(r"\bbut\s*$", lead) or re.search(
            r"\b(?:she|he|they|[A-Z][a-z]+) (?:said|says|mentioned|offered)\b[^,;]*,\s*$", lead
        ):
            lead = ""
        body = sentence[cue.end() : end].strip()
        body = re.sub(r"[,;]?\s*(?:and|so|but|or)\s*$", "", body).strip()
        if _skip(lead, cue.group(0), body):
            skipped = True
            continue
        listing = cue.group(0).rstrip().endswith(":")
        if body.endswith(":") and not listing and not _ACTION_FIRST.match(body):
            continue  # "from now on, a few rules for myself:" introduces the lines after it
        if listing or (": " in body[:80] and _LIST_INTRO.search(cue.group(0))):
            items = _listed(body if listing else body.split(": ", 1)[-1])
            if items:
                owner = _owner(cue.group(0), role)
                found.extend(Commitment(_action(i, None), owner, None, sentence, i) for i in items)
                continue
        found.extend(_actions(cue.group(0), body, lead, sentence, role))
    return found


def _listed(text: str) -> list[str]:
    """Items of an inline list of plans ('ask first, keep it short, and praise one thing')."""
    items = [i.strip(" .") for i in _LIST_SPLIT.split(text) if i and i.strip(" .")]
    return [
        i for i in items if len(i.split()) >= MIN_ACTION_WORDS and not _NOT_ACTION_START.match(i)
    ]


# Words an imperative cannot start with; in a plan's own lines any other bare word may be
# its verb ("carry the bar with the key", "loop and tape every line"), since no list of
# verbs is ever complete.
_NOT_A_VERB = frozenset(
    [
        "not",  # 'Not "can someone sort the transfers"': a contrast, not a step
        # "Action plan: dont really know", "Continue: difficult question for me"
        "dont",
        "difficult",
        "tough",
        "out",
        "unsure",
        "dunno",
        "none",
        "people",
        # what happened: "said yes to the charity brief AND the packaging copy"
        "said",
        "told",
        "gave",
        "took",
        "came",
        "went",
        "did",
        "made",
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "where",
        "why",
        "how",
        "if",
        "because",
        "so",
        "but",
        "and",
        "or",
        "then",
        "now",
        "today",
        "tomorrow",
        "yesterday",
        "tonight",
        "maybe",
        "probably",
        "still",
        "also",
        "just",
        "very",
        "really",
        "some",
        "all",
        "any",
        "every",
        "each",
        "no",
        "yes",
        "ok",
        "okay",
        "one",
        "two",
        "three",
        "first",
        "second",
        "last",
        "next",
        "more",
        "most",
        "less",
        "nothing",
        "everything",
        "something",
        "everyone",
        "someone",
        "nobody",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "did",
        "had",
        "has",
        "with",
        "without",
        "for",
        "from",
        "in",
        "on",
        "at",
        "by",
        "to",
        "of",
        "about",
        "after",
        "before",
        "during",
        "until",
        "since",
        "as",
        "like",
        "than",
        "good",
        "bad",
        "great",
        "fine",
        "nice",
        "hard",
        "easy",
        "overall",
        "honestly",
        "plus",
        "even",
        "only",
        "half",
        "lots",
        "lot",
        "bit",
        "thing",
        "things",
        "same",
        "other",
        "another",
        "both",
        "either",
        "neither",
        "much",
        "many",
        "few",
        "own",
        "new",
        "old",
        "feedback",
        "kit",
        "pick",
        "plan",
    ]
)
_STATEMENT = re.compile(
    r"\b(?:is|are|was|were|isn't|wasn't|went|has|had|did|stayed|seemed|looked|felt|got)\b|'s\b",
    re.IGNORECASE,
)


# A plan in the present tense, its when first: "today I go to Oliver and ask…".
# "Saturday I prep the sauces myself", "Every day I practise knife work for 15 minutes"
_WHEN_I = re.compile(
    rf"^(?:today|tomorrow|tonight|this week|next week|(?:on )?{_DAY}"
    rf"|every (?:day|morning|evening|shift|week|lesson|session))"
    rf"(?: morning| afternoon| evening| night)?,?\s+I\s+(?=[a-z])",
    re.IGNORECASE,
)
# "Monday — ask him…", "by Friday, ask both…": when, then what.
_WHEN_FIRST = re.compile(
    rf"^(?:(?:by|before|on|from) )?(?:{_DAY}|tomorrow|today|tonight|this week|next week"
    rf"|next (?:session|meeting|time|shift|supervision|visit)|end of (?:the )?(?:day|week|sprint)"
    rf"|every (?:\w+ ){{0,2}}\w+(?=:)"
    # "by 30 May, draft…", "by the 14th —"
    rf"|(?:the )?\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?: (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)?)"
    rf"(?:\s*[—–:-]\s*|,\s*)",
    re.IGNORECASE,
)


def verb_first(text: str) -> bool:
    """Does this line of a plan start with what to do, verb list or not?"""
    words = re.sub(r"^(?:(?:always|also|just|then|first)\s+)", "", text, flags=re.I).split()
    first = re.fullmatch(r"[A-Za-z][a-z]{1,14}(?:-[a-z]{2,8})?", words[0]) if words else None
    if len(words) < MIN_ACTION_WORDS + 1 or not first:
        return False
    verb = words[0].lower()
    return not (
        verb in _NOT_A_VERB
        or verb.endswith(("ed", "ly", "ing"))
        or (verb.endswith("s") and not verb.endswith("ss"))
        or _STATEMENT.search(" ".join(words[:7]).split(",")[0])
    )


# "Plan stayed at CP", "Pick rate is down": the first word was the subject, not a verb.
_SUBJECT_FIRST = re.compile(
    r"^\w+\s+(?:\w+ly\s+)?(?:\w+ed|was|is|were|are|went|got|has|had|said|told|can|can't|cannot"
    r"|will|won't|would|should|must|does|doesn't)\b"
    # "Rest of the shift was ok"
    r"|^\w+ of (?:the|my|his|her|our|their|this|that)\b[^,.;]{0,30}?"
    r"\b(?:was|were|is|are|went|got)\b"
    # "Rota comes out Friday", "Funding panel decides on the 3rd": what happens, not a step
    r"|^\w+(?:\s+(?!who\b|what\b|how\b|when\b|whether\b|if\b)\w+)?\s+(?:comes|goes|starts"
    r"|decides|opens|closes|ends|happens|arrives|begins|finishes|depends|kicks off|lands)\b",
    re.I,
)
# "Let's see if it holds": a wait, not a plan.
_WAIT_AND_SEE = re.compile(
    r"^(?:(?:then|and|just|so),? )*(?:let'?s (?:see|hope|wait and see)|(?:watch|see) how it goes"
    # "Don't overthink this": telling themselves how to feel, not what to do
    r"|do(?:n't| not) (?:overthink|worry|panic|stress|beat yourself)|try not to worry)\b",
    re.IGNORECASE,
)


# "Dev wants me to do the next one", "well the commissioner wants every group to…":
# someone else's wish or word, even on a line of the plan
_OTHERS_WISH = re.compile(
    r"^(?:(?:well|so|and|also|but|now|plus|anyway),?\s+)?"
    r"(?:(?:the|my|our|his|her|their)\s+(?:[\w'’-]+\s+){0,2}|(?:he|she|they)\s+"
    rf"|(?!(?:{ACTION_VERBS}|I|we|you)\b)[A-Za-z][a-z]+\s+)(?:really\s+|still\s+|also\s+)?"
    r"(?:wants|want|says|reckons|reckon|expects|expect|would like|'d like|is keen|are keen)\b",
    re.IGNORECASE,
)


def _plain_plan(text: str, loose: bool = False) -> bool:
    """A line under an action-plan heading or in a list of plans that reads as a thing to do;
    `loose`: the line is one of a plan's own, so any verb may start it."""
    text = text.strip()
    asking = re.match(r"(?:ask|check|find out|confirm|clarify|see)\b", text, re.IGNORECASE)
    if text.endswith("?") or _REGRET.search(text):
        return False
    if re.match(r"\w+\s+\(", text):  # "Start (things I want to start doing):": a heading
        return False
    if not asking and _NOT_A_PLAN_BEFORE.search(text[:40]):
        return False  # "ask … whether" is the action; "wonder whether" is not
    if re.search(
        r"\bI (?:suppose|guess)\b|^(?:still )?think\b(?! about| through| ahead)", text, re.I
    ):
        return False  # "If he complains I suppose Helen will…", "Still think it's rubbish"
    if re.match(r"when\b.*\b(?:he|she|they|[A-Z][a-z]+) said\b", text, re.IGNORECASE):
        return False  # "When finally I tell Marek… he said…": a story told in the present
    if (
        _OTHERS_WISH.match(text)
        # the note's label ("Note to self because I'll forget") is not a plan
        or re.match(r"note to self\b", text, re.IGNORECASE)
        # "Lesson from last time: check the day before": what was learned, labelled
        or re.match(
            r"(?:(?:the|my|a|one|main|big|key)\s+)*(?:lessons?|learning|takeaways?|insights?"
            r"|reminders?|realisations?|realizations?)\b[^:]{0,30}:",
            text,
            re.IGNORECASE,
        )
        # "If I have more time I do it": what they might do, no more said
        or re.match(r"if\b[^,]*\bI (?:do|will do|'ll do|would do) (?:it|this|that)\W*$", text, re.I)
    ):
        return False
    if _SUBJECT_FIRST.match(text) or _WAIT_AND_SEE.match(text) or re.match(r"\w+ ?/ ?\w+", text):
        return False
    text = _OPENING_AND.sub("", text)  # "And stop rescuing her"
    text = _WHEN_FIRST.sub("", text)  # "Monday — ask him to run the briefing"
    text = _WHEN_I.sub("", text)  # "today I go to Oliver and ask…"
    if _STOP_START.match(text):  # "stop hinting" under "Stop:"
        return True
    starts = bool(_IMPERATIVE.match(text)) or (
        loose and (verb_first(text) or bool(_DECIDED.match(text)) or _verbless(text))
    )
    return starts and len(text.split()) >= MIN_ACTION_WORDS + 1


_STOP_START = re.compile(r"^(?:stop|start|keep|continue|quit)\s+[a-z]{2,}ing\b", re.IGNORECASE)
# "And stop rescuing her…", "Also print the sheet": a plan's line, read without its "and"
_OPENING_AND = re.compile(r"^(?:and|plus|also),?\s+", re.IGNORECASE)
# "I'm not answering rota texts after 11pm" as a line of a plan: a decision
_DECIDED = re.compile(
    r"^(?:I|i)(?:'m| am)(?: also| just)? (?:not |no longer )?(?!going\b|feeling\b|being\b|getting\b"
    r"|trying\b|still\b|really\b|so\b)[a-z]{3,}ing\b"
)


def _verbless(text: str) -> bool:
    """A principle in a plan's list with no verb at all, set against what it replaces:
    "one thing at a time, not a list", "notes after the call, not during"."""
    return bool(re.search(r", not \w+", text)) and not (
        _STATEMENT.search(text) or re.search(r"\b(?:I|we|he|she|they|it|you)\b|:", text, re.I)
    )


def _planned(text: str, role: str) -> list[Commitment]:
    """An imperative line of a plan ("ask the lead to freeze the account by Friday")."""
    me = role if role in ("mentee", "mentor") else "both"
    found = []
    text = _OPENING_AND.sub("", text.strip())
    for n, part in enumerate(p for p in _COMPOUND.split(text) if p.strip()):
        if n and not _IMPERATIVE.match(part):
            continue
        due = _due(part)
        when = (_WHEN_FIRST.match(part) or _WHEN_I.match(part)) if n == 0 else None
        if when:
            part = part[when.end() :]
        action = _action(part, due)
        if len(action.split()) >= MIN_ACTION_WORDS:
            span = _trim_tail(part).strip().rstrip(" .;:") or part
            found.append(Commitment(action, me, _due_text(due), text, span))
    return found


def find_commitments(
    text: str,
    role: str = "mentee",
    plan: bool = False,
    options: bool = False,
    topics: bool = False,
) -> list[Commitment]:
    """Every commitment stated in `text`, in order, each once; `role` is who wrote it.

    `plan`: the text answers a question about what to do next ("What will you do?"), so
    its imperative sentences are plans too ("Book the practice slot before Friday.").
    `options`: it answers "what could you do?", so its lists are options, not plans (what
    they say they will do still counts). `topics`: it answers "what do you want to talk
    about?", so a listed item is a plan only when it starts with a verb of doing."""
    found: list[Commitment] = []
    in_plan_list = False
    in_options = options
    for segment in segments(text):
        line = segment.text.rstrip()
        if _question(line):
            continue
        cued = _cued(segment, role)
        head, colon, rest = line.partition(":")
        # under a heading that tells the story (Description, Feelings, Evaluation,
        # Analysis) or draws its lesson (Conclusion: "Look at the trend, not only the
        # numbers"), a line is not a plan because the whole answer was asked for one
        planned = (
            segment.section == "plan"
            or (plan and segment.section not in _STORY_SECTIONS)
            or (in_plan_list and segment.item)
        ) and not (in_options and segment.item)
        if cued:
            found.extend(cued)
        elif segment.after and not (
            _IMPERATIVE.match(line)
            and len(line.split()) >= 5
            and not re.match(r"(?:\w+ ){1,2}(?:this|that|it|them)\b", line, re.IGNORECASE)
        ):
            # "- Rebuild the model myself. Aiming for end of June.": the item's aside; a
            # step of its own still counts ("Ask Tunde to sanity check it by 4 April.")
            pass
        elif planned and segment.item and (who := _WHOSE_ITEM.match(line)):
            # "Agreed:\n- Josh: film one lesson and watch it back": Josh's, in a list of who
            # does what ("Me: …" is the writer's)
            body = line[who.end() :]
            mine = who.group(1).lower() in ("me", "i")
            owner = _owner("I" if mine else "she", role)
            stated = _cued(replace(segment, text=body), role)
            if stated:
                found.extend(stated)
            elif _plain_plan(body, loose=True):
                found.extend(replace(c, owner=owner) for c in _planned(body, role))
        elif planned and _plain_plan(
            line, loose=(segment.item or segment.section == "plan") and not topics
        ):
            found.extend(_planned(line, role))
        elif (
            planned
            and _GERUND.match(line[:1].lower() + line[1:])
            and _due(line)
            and not _LETTER_OPENER.match(line)
            # "Funding panel decides on the 3rd…": a noun, then what happens
            and not _SUBJECT_FIRST.match(line)
        ):
            # "Telling Rob by Friday which one I'm handing back": a step with its when
            found.extend(_planned(line, role))
        elif (in_plan_list or segment.section == "plan") and (
            (
                segment.item
                and _GERUND.match(line[:1].lower() + line[1:])
                and not _STATE_ING.match(line)
                and not _STATEMENT.search(line.split(",")[0])  # "Using X isn't a confession"
            )
            or _GERUND.match(line)  # "Start: telling the client the week I know"
        ):
            # "Start: - sending an agenda the day before" is a plan in a plan's list; under
            # "Stop:", "- Picking up every extra shift" is what they will stop doing
            found.extend(_stopping(_planned(line, role), text, line))
        elif segment.item and not in_options and _plain_plan(line) and _ASKING.match(line):
            # "- ask partner-a how she writes her notes so fast" in any list
            found.extend(_planned(line, role))
        elif (
            colon
            and rest.strip()
            and _LIST_INTRO.search(head)
            and not _SOMEONE_ELSES_RULES.search(head)
            and len(head.split()) <= 8
            # "So to improve: the moment I think it's mine, I say so in the channel."
            and (
                _plain_plan(rest) or re.match(r"\s*(?:the moment|when|if|once)\b.*,\s*I \w+", rest)
            )
        ):
            body = rest.strip()
            due = _due(body)
            if body:
                found.append(
                    Commitment(
                        _action(body, due),
                        role if role in ("mentee", "mentor") else "both",
                        _due_text(due),
                        line,
                        body.rstrip(" ."),
                    )
                )
        elif _FROM_NOW_ON.search(line) and (
            _GERUND.match(line[:1].lower() + line[1:]) or _plain_plan(line)
        ):
            # "Doing it every shift from now on.": the plan comes before its cue
            found.extend(_planned(line, role))
        if not segment.item and _OPTIONS_WERE.search(line):
            in_options = True  # "the options we listed were (1) ask Helen… (2) go for…"
        elif line.endswith(":"):
            # "Options (brainstorm, not all good):" lists what they might do, not plans
            in_options = options or bool(_DESCRIPTIVE_INTRO.search(line))
            in_plan_list = not _DESCRIPTIVE_INTRO.search(line) and (
                bool(_LIST_INTRO.search(line)) or segment.section == "plan"
            )
        elif not segment.item:
            in_plan_list = in_plan_list and segment.section == "plan"
            in_options = options
    return once(
        [
            c
            for c in found
            if not (
                _ONLY_WHEN.match(c.text) or _ONLY_WHEN.match(c.span) or _WAIT_AND_SEE.match(c.text)
            )
        ]
    )


# "from next week", "going forward": a when left over from a sentence, not a thing to do
_ONLY_WHEN = re.compile(
    r"^(?:going forward|from (?:now on|now|today|next \w+)|next \w+|this \w+|tomorrow)\W*$",
    re.IGNORECASE,
)
# A gerund that says how they are, not what they will do: "Feeling better about it".
_STATE_ING = re.compile(
    r"(?:feeling|being|getting|going|having|looking|thinking|hoping|wondering|still)\b", re.I
)
_STOP_HEADING = re.compile(r"^[ \t#*-]*(stop|start|continue|keep)\b[^:\n]{0,30}:", re.I | re.M)


def _stopping(items: list[Commitment], text: str, line: str) -> list[Commitment]:
    """Items of a "Stop:" list said as what they will stop ("stop picking up every shift"),
    their quoted span as written."""
    at = text.find(line)
    headings = [h for h in _STOP_HEADING.finditer(text) if at < 0 or h.start() < at]
    if not headings or headings[-1].group(1).lower() != "stop":
        return items
    return [
        Commitment(f"stop {c.text[:1].lower()}{c.text[1:]}", c.owner, c.due, c.sentence, c.span)
        for c in items
    ]


# "just book the room": a body that starts with what to do
_ACTION_FIRST = re.compile(rf"(?:\w+ly |just |also )?(?:{ACTION_VERBS})\b", re.IGNORECASE)
# "Josh: no hands up for the starter", "Me: cover his period 3": who, then what
_WHOSE_ITEM = re.compile(
    r"((?-i:[A-Z][a-z]+|[A-Z]{1,2})|[Mm]e|[Bb]oth|[Uu]s)(?:\s*:\s+|\s+[-–—]\s+)(?=\S)"
)
# "the options we listed were (1) ask Helen… (2) go for…": what they might do
_OPTIONS_WERE = re.compile(r"\b(?:options|ideas|choices)\b[^:]{0,30}\b(?:were|are)$")
# "Following up from our call on Tuesday…": how an email starts, not a step with its when
_LETTER_OPENER = re.compile(r"^(?:following up|further to|circling back|as discussed)\b", re.I)
_FROM_NOW_ON = re.compile(r"\b(?:from now on|going forward|from today on(?:wards)?)[.!]?$", re.I)
# A list item that is a thing to do in gerund form, and requests that are plans anywhere.
_GERUND = re.compile(
    r"^(?:(?:always|also|just|actually|really)\s+)?(?!(?:no|some|any|every)thing\b)[a-z]{2,}ing"
    r"\s+[\"'“‘]?\w+"
)
_ASKING = re.compile(r"^(?:ask|email|message|book|send|chase|call|ring)\s+\w+", re.IGNORECASE)


def _question(line: str) -> bool:
    """A question, not a statement that ends by quoting one ("I'll say 'could you repeat?'")."""
    return (
        line.endswith("?")
        and not re.search(r"(?:^|\s)['‘\"“][^'’\"”]*\?$", line)
        and not re.search(rf"{_TAG}$", line, re.IGNORECASE)
    )


def once(found: list[Commitment]) -> list[Commitment]:
    """The same commitment stated twice (a follow-up's answer and the plan) is one item."""
    kept: list[Commitment] = []
    for item in found:
        twin = next(
            (
                k
                for k in kept
                if k.owner == item.owner
                and min(overlap(k.text, item.text), overlap(item.text, k.text)) >= 0.7
            ),
            None,
        )
        if twin is None:
            kept.append(item)
        elif twin.due is None and item.due is not None:
            kept[kept.index(twin)] = item
    return kept
