"""How a piece of reflective writing is laid out: sections, list items and sentences.

Real reflections are not tidy paragraphs. Gibbs-style ones carry headings ("Feelings:",
"Action plan:"), on their own line or inline; lessons and plans come as bulleted or
numbered lists; principles follow a colon. Everything that reads a reflection (the
commitment finder, the lesson picker, the follow-up phrase picker) reads it through
`segments()`, so each knows which section a sentence sits in and where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Headings people use in structured reflections, mapped to what the section is for.
_HEADINGS: dict[str, str] = {
    "description": "describe",
    "what happened": "describe",
    "background": "describe",
    "context": "describe",
    "situation": "describe",
    "feelings": "feelings",
    "feeling": "feelings",
    "thoughts and feelings": "feelings",
    "evaluation": "evaluate",
    "what went well": "evaluate",
    "what went wrong": "evaluate",
    "analysis": "analyse",
    "why": "analyse",
    "conclusion": "lesson",
    "conclusions": "lesson",
    "learning": "lesson",
    "what i learned": "lesson",
    "what i learnt": "lesson",
    "learned": "lesson",
    "learnt": "lesson",
    "lessons": "lesson",
    "lesson": "lesson",
    "key learning": "lesson",
    "takeaway": "lesson",
    "takeaways": "lesson",
    "insight": "lesson",
    "action plan": "plan",
    "action": "plan",
    "actions": "plan",
    "action points": "plan",
    "next steps": "plan",
    "next time": "plan",
    "plan": "plan",
    "going forward": "plan",
    "to do": "plan",
    "todo": "plan",
    # start / stop / continue, GROW's "will", an after-action review's "improve"
    "start": "plan",
    "stop": "plan",
    "continue": "plan",
    "next": "plan",
    "will": "plan",
    "improve": "plan",
    "what i will do": "plan",
    "what i'll do": "plan",
    "what i am going to do": "plan",
    "what i'm going to do": "plan",
}
_HEADING_WORDS = "|".join(sorted((re.escape(h) for h in _HEADINGS), key=len, reverse=True))
# A heading at the start of a line ("Action plan:", "## Feelings", "FEELINGS -"), or inline
# after a sentence end ("... it went fine. Feelings: I was ...").
_LINE_HEADING = re.compile(
    rf"^\s*(?:#+\s*)?(?:\d+[.)]\s*)?(?P<h>{_HEADING_WORDS})\s*(?::|-|–|—|$)\s*",
    re.IGNORECASE,
)
_INLINE_HEADING = re.compile(rf"(?<=[.!?])\s+(?P<h>{_HEADING_WORDS})\s*:\s+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")
# Inline numbered lists: "principles: 1) ask first 2) ..." or "(1) ..."
_INLINE_NUMBER = re.compile(r"\s(?:\(?\d{1,2}\)|\d{1,2}\.(?=\s+[A-Za-z]))\s+")
# A sentence ends at . ! ? before the next word, capitalised or not (people type in
# lower case), but not after the abbreviations reflections use.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)"
    r"(?<=[.!?])(?:\s+(?=[\"'(\[]?[A-Za-z0-9])"
    # 'is that "any questions?" isn't the same': a quotation closed inside the sentence
    # ends it only when a capital follows
    r"|[\"']+\s+(?=[\"'(\[]?[A-Z0-9])"
    # "the little one (Oscar?) take his skis off": a bracket closed after the stop ends the
    # sentence only when a capital follows
    r"|[\"']*[)\]][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9]))"
)


@dataclass(frozen=True)
class Segment:
    """One sentence or list item of a reflection, with where it stands."""

    text: str
    section: str  # describe | feelings | evaluate | analyse | lesson | plan | "" (none)
    item: bool  # a list item (bulleted, numbered, or after a listing colon)
    position: float  # 0.0 at the start of the text, 1.0 at its end
    after: bool = False  # a list item's second sentence or later ("- Ask Jo. Too late now.")


def heading_kind(word: str) -> str:
    return _HEADINGS.get(" ".join(word.lower().split()), "")


# The plain rule: after every . ! ? and a space. Index chunks and brief excerpts are cut
# with it; the careful rule would move chunk boundaries in every index already built.
_PLAIN_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str, *, plain: bool = False) -> list[str]:
    """The sentences of running text, whitespace collapsed.

    Ends are found after . ! ? followed by the next word, not after "e.g.", "Dr" and the
    like; `plain=True` ends one after every . ! ? followed by a space."""
    flat = " ".join(text.split())
    ends = _PLAIN_END if plain else _SENTENCE_END
    return [s.strip() for s in ends.split(flat) if s.strip()]


def _split_inline_headings(line: str) -> list[tuple[str, str]]:
    """(section, text) pieces of one line that may hold several 'Heading: text' parts."""
    pieces: list[tuple[str, str]] = []
    section = ""
    match = _LINE_HEADING.match(line)
    if match and (line[match.end() :].strip() or line.strip().endswith((":", "-"))):
        section, line = heading_kind(match.group("h")), line[match.end() :]
    elif match and not line[match.end() :].strip():
        return [(heading_kind(match.group("h")), "")]
    last = 0
    for inline in _INLINE_HEADING.finditer(line):
        pieces.append((section, line[last : inline.start()]))
        section, last = heading_kind(inline.group("h")), inline.end()
    pieces.append((section, line[last:]))
    return pieces


def _list_items(sentence: str) -> list[str]:
    """An inline numbered list split into its items; the sentence alone otherwise."""
    parts = _INLINE_NUMBER.split(" " + sentence)
    parts = [p.strip() for p in parts if p.strip()]
    return (
        parts
        if len(parts) > 2 or (len(parts) == 2 and sentence.rstrip().endswith(":"))
        else [sentence]
    )


LISTED_LINE_SENTENCES = 2  # a longer line under a colon is a paragraph, not an item


def segments(text: str) -> list[Segment]:
    """Every sentence and list item of `text`, in order, with its section and position."""
    raw: list[tuple[str, str, bool, bool]] = []
    section = ""
    under_colon = False  # the lines right under "Things we agreed:" are its items
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            under_colon = False
            continue
        bullet = _BULLET.match(line)
        body = line[bullet.end() :] if bullet else line
        listed = bullet or (under_colon and len(sentences(body)) <= LISTED_LINE_SENTENCES)
        under_colon = line.rstrip().endswith(":") or (under_colon and bool(listed))
        for piece_section, piece in _split_inline_headings(body):
            if piece_section:
                section = piece_section
            if not piece.strip():
                continue
            if listed:
                raw += [(section, s, True, k > 0) for k, s in enumerate(sentences(piece))]
                continue
            for sentence in sentences(piece):
                items = _list_items(sentence)
                for n, item in enumerate(items):
                    raw.append((section, item, len(items) > 1 and n > 0, False))
    total = max(1, len(raw) - 1)
    return [Segment(t, s, i, n / total, a) for n, (s, t, i, a) in enumerate(raw)]


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "my",
        "me",
        "i",
        "we",
        "our",
        "on",
        "in",
        "for",
        "with",
        "by",
        "at",
        "it",
        "is",
        "be",
        "this",
        "that",
    ]
)


def stems(text: str) -> set[str]:
    """Content words, crudely stemmed (first five letters), for comparing wordings."""
    return {w[:5] for w in re.findall(r"[a-z0-9'-]+", text.lower()) if w not in _STOP}


def overlap(reference: str, candidate: str) -> float:
    """Share of `reference`'s content words (crudely stemmed) that `candidate` contains."""
    ref = stems(reference)
    return len(ref & stems(candidate)) / max(1, len(ref))
