"""Finding what a person said they WILL do — and nothing they only wished, planned once or
were advised to do.

Rules, not a model: a 135M-parameter model invents action items; these patterns do not.
Each found commitment keeps the sentence it came from so the summary can cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")

_SUBJECT = r"(?P<subj>I|we|We|she|She|he|He|they|They|my mentee|My mentee|my mentor|My mentor)"
# Each cue introduces what someone will do; the verb phrase follows it.
_CUES = [
    r"\bI(?:'ll| will)(?: also| then| now| definitely| first)?",
    r"\bI(?:'m| am)(?: also| then)? going to",
    r"\bI(?:'ve| have)(?: also)? (?:committed|promised|agreed) to",
    r"\bI commit to",
    r"\b[Mm]y plan is to",
    r"\bI intend to",
    r"\bI need to(?= .*\b(?:by|before)\b)",
    r"\b(?:[Bb]y|[Bb]efore) [^,]{2,40}?,? I need to",
    r"\b[Ww]e(?:'ll| will)(?: both| also| each| all)?",
    r"\b[Ww]e(?:'re| are)(?: both)? going to",
    r"\b[Ww]e(?: both)? agreed (?:that )?(?:I|we|she|he|they)(?: would|'d|'ll| will)",
    r"\b[Ww]e(?: both)? agreed (?:we'll|we will|to)",
    r"\b(?:[Ss]he|[Hh]e|[Tt]hey|[Mm]y mentee|[Mm]y mentor)(?:'ll| will| agreed to|'s going to"
    r"| is going to| are going to|'re going to| has agreed to| has committed to)",
]
_CUE = re.compile("|".join(f"(?:{c})" for c in _CUES))

# A cue inside these is a report of the past, a hypothetical, a wish or someone's suggestion.
_NOT_A_COMMITMENT = re.compile(
    r"\b(?:said (?:I|he|she|we|they)(?:'d| would| will)|had planned|I had thought|if I were|"
    r"if I was|wish|mentioned (?:that )?(?:she|he|they)|(?:know|sure|decided) what (?:I|we)'ll|"
    r"what (?:I|we)(?:'ll| will) do next|suggested|might|maybe|I could|would be)\b",
    re.IGNORECASE,
)
_TRIM_TAIL = re.compile(
    r"(?:,? because\b|,? so that\b|, so\b|, since\b|,? even if\b|, which\b|,? in case\b|"
    r", as\b|, though\b|, but\b|, and (?:I|we) (?:want|think|hope|feel)\b).*$",
    re.IGNORECASE,
)
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DUE = re.compile(
    rf"\b(?:(?:by|before|on|until|after|within|at|into|for|over) "
    rf"(?:the )?(?:end of (?:the )?(?:day|week|month|term|quarter|year)(?: {_DAY})?"
    rf"|end of day(?: {_DAY})?|next \w+(?: \w+)?|this \w+|our next \w+(?: on the \d+\w*)?"
    rf"|the next \w+(?: \w+)?|{_DAY}'s \w+|{_DAY}(?: night| morning| afternoon)?"
    rf"|the \d{{1,2}}(?:st|nd|rd|th)"
    rf"|tomorrow|tonight|half term|\w+'s meeting|the real \w+|the spring intake)"
    rf"|next (?:week|month|session|time|term|quarter)|this (?:week|month|term)|tomorrow|tonight"
    rf"|the following week|from now on|{_DAY} lunchtime)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Commitment:
    """One thing someone said they will do, and where it was said."""

    text: str
    owner: str
    due: str | None
    sentence: str


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(" ".join(text.split())) if s.strip()]


def _owner(cue: str, role: str) -> str:
    lowered = cue.lower()
    other = {"mentee": "mentor", "mentor": "mentee"}.get(role, "both")
    if lowered.startswith("we") or "we both" in lowered or "we'll" in lowered:
        if re.search(r"agreed (?:that )?(she|he|they)", lowered):
            return other
        if re.search(r"agreed (?:that )?i\b", lowered):
            return role if role in ("mentee", "mentor") else "both"
        return "both"
    if "my mentee" in lowered:
        return "mentee"
    if "my mentor" in lowered:
        return "mentor"
    if re.match(r"(she|he|they)\b", lowered):
        return other
    return role if role in ("mentee", "mentor") else "both"


def find_commitments(text: str, role: str = "mentee") -> list[Commitment]:
    """Every commitment stated in `text`, in order; `role` is who wrote it."""
    found: list[Commitment] = []
    for sentence in sentences(text):
        cues = list(_CUE.finditer(sentence))
        for n, cue in enumerate(cues):
            start = cues[n - 1].end() if n else 0
            end = cues[n + 1].start() if n + 1 < len(cues) else len(sentence)
            lead = sentence[start : cue.start()]
            if _NOT_A_COMMITMENT.search(lead + cue.group(0)) or re.search(
                r"\b(?:don't|do not|never|not)\s*$", lead, re.IGNORECASE
            ):
                continue
            if n:  # only the words since the previous commitment's clause ended
                lead = re.split(r",|;|\band\b", lead)[-1]
            body = sentence[cue.end() : end].strip()
            body = re.sub(r"[,;]?\s*(?:and|so)\s*$", "", body).strip()
            if _NOT_A_COMMITMENT.search(body.split(",")[0]):
                continue
            due_match = _DUE.search(lead) or _DUE.search(cue.group(0)) or _DUE.search(body)
            due = due_match.group(0) if due_match else None
            action = _TRIM_TAIL.sub("", body)
            if due_match and due_match.group(0) in action:
                action = action.replace(due_match.group(0), " ")
            action = re.sub(r"\s+", " ", action).strip(" ,.;:-")
            action = re.sub(r"^(?:also|then|both|each|now)\s+", "", action)
            if len(action.split()) < 2:
                continue
            found.append(Commitment(action, _owner(cue.group(0), role), due, sentence))
    return found
