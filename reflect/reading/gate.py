"""The quality gate: a model's follow-up is shown only if it is a good question.

Accepted only if it is one open question (not yes/no), 5-30 words, not advice, not a
repeat of an earlier question, not the stage's own question said back, about what was
written (it carries a content word of the answer, and its embedding is close enough to
the answer's), and names no one the answer did not name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..llm.embedder import Embedder, cosine
from .listening import shares_words
from .passages import overlap, stems

MIN_WORDS = 5
MAX_WORDS = 30
# Tuned on the evaluation set with all-MiniLM-L6-v2: on-topic questions about an answer
# score 0.25-0.7; generic or off-topic ones mostly below 0.2.
RELEVANCE_THRESHOLD = 0.22
REPEAT_THRESHOLD = 0.85
# A question this close to the stage's own prompt asks it again in other words
# ("What did you learn from it?" after "What did you learn, about the work or yourself?").
ECHO_THRESHOLD = 0.72
ECHO_OVERLAP = 0.6

_YES_NO_OPENERS = {
    "am",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "can",
    "could",
    "will",
    "would",
    "shall",
    "should",
    "may",
    "might",
    "must",
    "isn't",
    "aren't",
    "wasn't",
    "didn't",
    "don't",
    "doesn't",
    "won't",
    "wouldn't",
    "couldn't",
    "haven't",
    "hasn't",
    "shouldn't",
    "can't",
}
_ADVICE = re.compile(
    r"\b(you should|you could try|try to|try using|consider|i suggest|i recommend|make sure|"
    r"don't forget|remember to|it might help|it would help|you need to|you must|my advice|"
    r"a good idea|instead,? you)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^\s*(follow[- ]?up( question)?|question|q|coach)\s*[:\-–]\s*", re.IGNORECASE)
_QUOTE_OR_SENTENCE = re.compile(r"[\"“”]|(?<=[.!:])\s+")
_META = re.compile(
    r"\b(the person|the user|the coach|the answer|their answer|your answer|they answered|"
    r"as an ai|reflection coach)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_COMMON_CAPS = {
    "I",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "English",
    "What",
    "How",
    "Which",
    "When",
    "Where",
    "Who",
    "Why",
}


# Words any question may share with the worked examples (question words, pronouns and
# everyday verbs); the rest of an example's words are its own story.
_COMMON = stems(
    "what how which when where who why did do does done you your yours was were about that this "
    "they them their there then than have has had been being would could should will can "
    "notice noticed feel felt feeling think thought make made happen happened differ different "
    "change changed once just also more most some much many next time times first moment other "
    "what's it's don't didn't after before during while since again still really know knew said "
    "say tell told ask asked asking help helped work worked working person people someone back "
    "look looked looking learn learned way something anything everything thing things"
)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def tidy(text: str) -> str:
    """The question as the model meant it: first line, no label, no quotes, one space.

    Small models often wrap the question in narration ('The person was asked: "What…?'):
    keep only the question sentence itself.
    """
    text = text.strip().splitlines()[0] if text.strip() else ""
    text = _PREFIX.sub("", text).strip()
    if "?" in text:
        text = text[: text.index("?") + 1]
        text = _QUOTE_OR_SENTENCE.split(text)[-1]
    text = text.strip().strip("\"'“”*").strip()
    return " ".join(text.split())


def question_complete(text: str) -> bool:
    """Has the model written all that `tidy` keeps: a "?" or the end of its first line?

    Small models run on after the question (a second question, a comment) until the
    token limit; stopping here gives the same tidied question in a fraction of the time.
    """
    text = text.lstrip()
    return "?" in text or "\n" in text


def judge(
    question: str,
    answer: str,
    earlier: Sequence[str],
    embedder: Embedder,
    stage_prompts: Sequence[str] = (),
    grounded: bool = False,
    examples: Sequence[str] = (),
    repeat_threshold: float = REPEAT_THRESHOLD,
    worded: bool = True,
) -> Verdict:
    """Is `question` a good follow-up to `answer`, given the questions already asked?

    `stage_prompts` are the stage's own questions: a follow-up must not ask them again.
    A `grounded` question is built from the answer's own words, so it is about the answer
    by construction; embedding similarity to a long answer would only dilute that.
    `examples` are the worked examples the model was shown: a question that carries their
    words and not the answer's is about the example ("the class", "the worksheet").
    `repeat_threshold`: how close in meaning to an earlier question is asking it again (a
    question built on purpose from another side of the same phrase is allowed closer).
    `worded`: the question must carry a word of the answer; not so for one whose frame the
    answer's shape chose ("that hes more ready than he thinks" → what have you seen in him).
    """
    if not question:
        return Verdict(False, "empty")
    if question.count("?") != 1 or not question.endswith("?"):
        return Verdict(False, "not exactly one question")
    words = question.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return Verdict(False, f"{len(words)} words (want {MIN_WORDS}-{MAX_WORDS})")
    if words[0].lower().strip(",") in _YES_NO_OPENERS:
        return Verdict(False, "yes/no question")
    if _ADVICE.search(question):
        return Verdict(False, "gives advice")
    meta = _META.search(question)
    # "separate what the user needs…" is the person's own subject, said back
    if meta and not (grounded and meta.group(0).lower() in answer.lower()):
        return Verdict(False, "talks about the conversation, not the answer")
    names = {w for w in _WORD.findall(" ".join(words[1:])) if w[0].isupper()} - _COMMON_CAPS
    invented = [n for n in sorted(names) if n.lower() not in answer.lower()]
    if invented:
        return Verdict(False, f"names someone not in the answer ({invented[0]})")
    lowered = question.lower()
    if any(lowered == e.lower() for e in earlier):
        return Verdict(False, "repeats an earlier question")
    if any(min(overlap(p, question), overlap(question, p)) >= ECHO_OVERLAP for p in stage_prompts):
        return Verdict(False, "restates the stage's question")
    if worded and not shares_words(question, answer):
        return Verdict(False, "shares nothing with the answer")
    borrowed = sorted(
        stems(question) & set().union(*(stems(e) for e in examples)) - stems(answer) - _COMMON
    )
    if borrowed and not grounded:
        return Verdict(False, f"borrows from the worked example ({borrowed[0]})")
    vectors = embedder.embed([question, answer, *earlier, *stage_prompts])
    q, a = vectors[0], vectors[1]
    rest, prompts = vectors[2 : 2 + len(earlier)], vectors[2 + len(earlier) :]
    if any(cosine(q, e) >= repeat_threshold for e in rest):
        return Verdict(False, "repeats an earlier question")
    if any(cosine(q, p) >= ECHO_THRESHOLD for p in prompts):
        return Verdict(False, "restates the stage's question")
    relevance = cosine(q, a)
    if not grounded and relevance < RELEVANCE_THRESHOLD:
        return Verdict(False, f"not about the answer (relevance {relevance:.2f})")
    return Verdict(True)
