"""Short answers that do say something: the word that carries them, asked about.

"she was patient, that helped", "observed my trainee, went fine, bit flat", "we just did
the standup": said back whole in quotes these read as pasted, and the phrase finder's
frames are built for longer writing. A mentor asks about what carries them: what she did
that came across as patient, what made it feel flat, what caught their attention in the
standup. (Answers that say little, a shrug or "same as above", are `short_answers`'.)
"""

from __future__ import annotations

import re

from .short_answers import capital_i

SHORT_ANSWER_WORDS = 12
_VERDICT_WORDS = (
    "flat|rushed|awkward|tense|weird|messy|chaotic|boring|stressful|hectic|intense|slow|"
    "frustrating|overwhelming|exhausting|tiring|draining|uncomfortable|heavy|odd|strange|"
    "useful|helpful|productive|positive|calm|easy|hard|difficult|tough|rough|disappointing|"
    "confusing|stiff|forced|one-sided|long"
)
_FELT = re.compile(
    r"(?:\b(?:it|that|session|meeting|shift|day|class|lesson|call)\s+(?:was|felt|went|got|"
    r"seemed|is)\s+|(?:^|[,;.]\s*)(?:but\s+)?)(?:a |a bit |bit |bit of a |quite |so |really |"
    rf"very |pretty |kinda |kind of |little )?(?P<w>{_VERDICT_WORDS})\b"
    r"(?!\s+(?:to|for|with|about)\b)",
    re.IGNORECASE,
)
_TRAIT = re.compile(
    r"\b(?:(?P<who>she|he|they|people|everyone|the team|my mentor|my mentee|the client|the "
    r"patient|[A-Z][a-z]+)\s+(?:was|were|seemed|got)|(?P<all>people|everyone|they)\s+(?:are|r|"
    r"is))\s+(?:so |really |very |a bit |quite |super )?(?P<w>[a-z]{4,})\b",
)
_JUDGED = re.compile(
    r"(?:^|\b(?:that|think|reckon)\s+)(?P<who>she|he|they)(?:['’]s|s|\s+is|\s+are|['’]re|"
    r"\s+seems)\s+(?!\w+ing\b)\w+",
    re.IGNORECASE,
)
_PARTLY = re.compile(
    r"\b(?:sort of|kind of|kinda|sorta|half|partly|partially|somewhat)\s+(?P<v>worked|helped)\b"
    r"|\b(?P<v2>worked|helped)\s+(?:a bit|a little|sort of|kind of|in places)\b",
    re.IGNORECASE,
)
_TAIL = r"(?:\s+(?:mostly|again|today|lol|tbh|really|i guess|as usual))*\s*[.!]*$"
_ATTENDED = re.compile(
    r"\b(?:did|had|ran|sat through|went to|attended|joined)\s+(?P<x>(?:the|a|an|our|my)\s+"
    rf"(?:\w+\s+)??\w+){_TAIL}",
    re.IGNORECASE,
)
_TALKED = re.compile(
    r"\b(?:talked|spoke|chatted|went)\s+(?:about|through|over)\s+(?P<x>(?:my|the|our|his|her|"
    rf"their)\s+(?:\w+\s+)??\w+){_TAIL}",
    re.IGNORECASE,
)
_SAME_AGAIN = re.compile(
    r"\bsame\s+(?:old\s+)?(?P<x>(?:\w+\s+){0,2}\w+)\s+(?:as\s+(?:usual|always|ever|last time|"
    r"before)|again)\b",
    re.IGNORECASE,
)
_EXPECTED = re.compile(
    r"\b(?:than|like|as)\s+I\s+(?:thought|expected|feared|imagined)\b", re.IGNORECASE
)
_WANTED_SOMEONE = re.compile(r"^(?:just\s+)?(?:someone|somebody|anyone)\s+to\b", re.IGNORECASE)
_DID_NOT = re.compile(
    r"\bI\s+(?:dont|don['’]t|didnt|didn['’]t|did not|do not|never)\s+(?P<v>ask|say|speak up|"
    r"tell|check|stop|push back|answer|explain)(?P<rest>(?:\s+(?:him|her|them|again|back|"
    r"anyone|up))*)\b",
    re.IGNORECASE,
)
_NEEDS_MORE = re.compile(
    r"\bneeds?\s+(?:more|a lot more|some)\s+(?P<x>practi[cs]e|work|experience|confidence)\b",
    re.IGNORECASE,
)
_ING = {"ask": "asking", "say": "saying", "speak up": "speaking up", "tell": "telling",
        "check": "checking", "stop": "stopping", "push back": "pushing back",
        "answer": "answering", "explain": "explaining"}  # fmt: skip
_OBJECT = {"she": "her", "he": "him", "they": "them"}
_YOURS = {"my": "your", "our": "your"}
_NOT_TRAIT = frozenset(("there", "here", "late", "away", "going", "doing", "being", "told"))


def short_questions(answer: str) -> list[str]:
    """Questions on the word that carries a short answer that says something, or none."""
    text = capital_i(answer.strip())
    if not text or len(text.split()) > SHORT_ANSWER_WORDS:
        return []
    found: list[str] = []
    trait = _TRAIT.search(text)
    if trait and trait.group("w").lower() not in _NOT_TRAIT:
        who = trait.group("who") or trait.group("all")
        named = who[0].isupper() and who.lower() not in ("she", "he", "they")  # "Sam was…"
        subject = who if named else who.lower().replace("my ", "your ", 1)
        found.append(f"What did {subject} do that came across as {trait.group('w').lower()}?")
    judged = _JUDGED.search(text)
    if judged and not found:
        # "that hes more ready than he thinks": what they saw in that person
        found.append(
            f"What have you seen in {_OBJECT[judged.group('who').lower()]} that tells you that?"
        )
    felt = _FELT.search(text)
    if felt:
        found.append(f"What made it feel {felt.group('w').lower()}?")
    partly = _PARTLY.search(text)
    if partly:
        found.append(
            f"Which part of it {(partly.group('v') or partly.group('v2')).lower()}, even a little?"
        )
    if _EXPECTED.search(text):
        found.append("What were you expecting it to be like before you tried it?")
    if _WANTED_SOMEONE.match(text):
        found.append("Who would you most want that from?")
    did_not = _DID_NOT.search(text)
    if did_not:
        verb = _ING[did_not.group("v").lower()]
        found.append(f"What stopped you {verb}{did_not.group('rest').lower()}?")
    needs = _NEEDS_MORE.search(text)
    if needs:
        found.append(f"Which part needs the most {needs.group('x').lower()}, do you think?")
    for pattern, frame in (
        (_ATTENDED, "What, if anything, caught your attention in {x}?"),
        (_TALKED, "What about {x} felt most worth talking through?"),
        (_SAME_AGAIN, "What, if anything, was different about the {x} this time?"),
    ):
        m = pattern.search(text)
        if m:
            words = m.group("x").split()
            words[0] = _YOURS.get(words[0].lower(), words[0])
            found.append(frame.format(x=" ".join(words)))
    return found
