"""Language-model rows: follow-up latency, throughput against raw llama_cpp, turn 10 vs 1.

All use the default catalog model with 2 threads (`--threads`), as on a 2-core laptop.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from reflect.engine.followups import FollowUpWriter
from reflect.engine.session import Session
from reflect.llm.llama import LlamaModel
from reflect.llm.prompting import followup_request
from reflect.storage.drafts import DraftStore
from reflect.templates import Stage, Template, TemplateBook

from .harness import OPTIONS, Row, info, reps, row

# Fixed answers of typical length; each says something reflective (no depth nudge).
ANSWERS = [
    "I ran the sprint review on my own for the first time. I was nervous but I realised "
    "people listened more when I asked the team to show their own work.",
    "My mentor and I went through my last code review. I learned that I explain what I "
    "changed but never why, and that makes reviewers guess at my reasons.",
    "The client call went badly at the start because I jumped into details. Once I asked "
    "what they wanted from the meeting it felt much calmer and we agreed a plan.",
    "I felt frustrated that the handover took so long, but I noticed it was because I had "
    "not written anything down. Next time I will keep a short log as I go.",
    "We practised the interview questions together. I think my answers improve when I tell "
    "one concrete story instead of listing everything I have done.",
    "I said no to an extra project this week, which I never do. It felt uncomfortable but "
    "I had more time to finish the work that matters for my goal.",
    "Pairing with a junior colleague showed me that I rush through explanations. Slowing "
    "down and asking them to repeat the plan helped them start on their own.",
    "I was surprised how much the written agenda helped our one-to-one. We covered the "
    "hard topic first instead of leaving it to the last five minutes.",
    "I asked for feedback on my presentation straight after giving it. The main point was "
    "that my slides had too much text, which I want to fix for next month.",
    "Planning the week on Monday morning made me feel in control. I learned that I get "
    "more done when I pick three things rather than writing a long list.",
]


# Answers of about 100 words, as people write them (three of the fixed ones in a row).
LONG_ANSWERS = [" ".join(ANSWERS[(n + k) % len(ANSWERS)] for k in range(3)) for n in range(10)]


def followup_stage(book: TemplateBook) -> Stage:
    """The `quick` template's "what did you learn" stage, as the app asks it."""
    return book.get("quick").stage("learned")


def followup_rows(writer: FollowUpWriter, stage: Stage, repeat: int = 2) -> list[Row]:
    """First shown word and complete time of one follow-up, over ~100-word answers.

    Nothing is shown before the gate has passed a question, so the first word on screen
    comes when a question is ready; both rows measure what the person waits for."""
    repeat = reps(repeat)
    firsts: list[float] = []
    totals: list[float] = []
    sources: dict[str, int] = {}
    for turn in range(repeat + 1):
        answers = LONG_ANSWERS[:3] if OPTIONS.quick else LONG_ANSWERS
        for answer in answers if turn else LONG_ANSWERS[:2]:  # warm-up: two answers
            first: list[float] = []
            start = time.perf_counter()

            def on_token(_: str, first: list[float] = first, start: float = start) -> None:
                if not first:
                    first.append(time.perf_counter() - start)

            follow = writer.write(
                stage, "mentee", answer, [stage.prompt_for("mentee")], None, on_token
            )
            total = time.perf_counter() - start
            if turn:
                totals.append(total)
                firsts.append(first[0] if first else total)
                sources[follow.source] = sources.get(follow.source, 0) + 1
    n = len(totals)
    where = ", ".join(f"{k}: {v}" for k, v in sorted(sources.items()))
    return [
        row(
            f"follow-up first shown word, ~100-word answer ({OPTIONS.threads} threads)",
            statistics.median(firsts),
            "s",
            "<= 1.2",
            f"median of {n}",
        ),
        row(
            f"follow-up complete, ~100-word answer ({OPTIONS.threads} threads)",
            statistics.median(totals),
            "s",
            "<= 2.5",
            f"median of {n}; source {where}; max {max(totals):.2f} s",
        ),
    ]


def _decode_rate(chunks: Any) -> tuple[float, int]:
    """Tokens per second after the first token, and how many tokens came."""
    count = 0
    first = last = 0.0
    for _ in chunks:
        now = time.perf_counter()
        if count == 0:
            first = now
        last = now
        count += 1
    return ((count - 1) / (last - first) if count > 1 and last > first else 0.0), count


def throughput_rows(model: LlamaModel, repeat: int = 5) -> list[Row]:
    """Reflect's LlamaModel.stream vs a raw llama_cpp.Llama, same prompt, same sampling."""
    repeat = reps(repeat)
    from llama_cpp import Llama  # the baseline: the same file, the library's own defaults

    raw = Llama(
        model_path=str(model.path), n_ctx=model.n_ctx, n_threads=OPTIONS.threads, verbose=False
    )
    # The same baseline on one thread: shows whether a second thread pays off on this box.
    single = Llama(model_path=str(model.path), n_ctx=model.n_ctx, n_threads=1, verbose=False)
    request = followup_request(model.prompt_mode, "mentee", "What did you learn?", ANSWERS[0])
    request = replace(request, max_tokens=96, stop=[], temperature=0.7)
    kwargs = {
        "max_tokens": 96,
        "temperature": 0.7,
        "top_p": 0.9,
        "repeat_penalty": 1.15,
        "seed": request.seed,
        "stream": True,
    }

    def ours() -> tuple[float, int]:
        return _decode_rate(model.stream(request))

    def baseline(llm: Any) -> tuple[float, int]:
        if model.prompt_mode == "chat":
            chunks = llm.create_chat_completion(messages=request.messages, **kwargs)
            return _decode_rate(c for c in chunks if c["choices"][0]["delta"].get("content"))
        chunks = llm.create_completion(prompt=request.prompt, **kwargs)
        return _decode_rate(c for c in chunks if c["choices"][0]["text"])

    runs = {"ours": ours, "raw": lambda: baseline(raw), "single": lambda: baseline(single)}
    rates: dict[str, list[float]] = {name: [] for name in runs}
    tokens: dict[str, list[int]] = {name: [] for name in runs}
    try:
        for turn in range(repeat + 1):
            for name, fn in runs.items():
                rate, count = fn()
                if turn:
                    rates[name].append(rate)
                    tokens[name].append(count)
    finally:
        raw.close()
        single.close()
    ours_rate, raw_rate = statistics.median(rates["ours"]), statistics.median(rates["raw"])
    return [
        info(
            "generation throughput, Reflect",
            ours_rate,
            "tok/s",
            f"{statistics.median(tokens['ours']):.0f} tokens per run",
        ),
        info(
            "generation throughput, raw llama_cpp.Llama",
            raw_rate,
            "tok/s",
            f"{statistics.median(tokens['raw']):.0f} tokens per run, {OPTIONS.threads} threads",
        ),
        info(
            "generation throughput, raw llama_cpp.Llama, 1 thread",
            statistics.median(rates["single"]),
            "tok/s",
            "is a second thread worth it here?",
        ),
        row(
            "generation throughput, Reflect / raw llama_cpp",
            ours_rate / raw_rate,
            "x",
            ">= 0.9",
            f"decode rate after the first token, median of {repeat}",
        ),
    ]


def long_session_template(book: TemplateBook) -> Template:
    """`quick` cut to its "learned" stage, allowed a dozen follow-ups: one long session."""
    stage = replace(followup_stage(book), max_followups=12, nudge="")
    return replace(book.get("quick"), stages=(stage,))


def _turn_latency(
    template: Template, writer: FollowUpWriter, drafts: DraftStore, answers: list[str]
) -> float:
    """Latency of the follow-up to the last of `answers`, all given in one session."""
    session = Session.start(template, "mentee", "partner-a", writer, drafts)
    took = 0.0
    for answer in answers:
        session.answer(answer)
        start = time.perf_counter()
        session.next()
        took = time.perf_counter() - start
    session.discard_draft()
    return took


def tenth_turn_rows(
    writer: FollowUpWriter, book: TemplateBook, drafts_dir: Path, repeat: int = 3
) -> list[Row]:
    """The same answer followed up as turn 1 of a session and as turn 10 of another."""
    repeat = reps(repeat)
    template = long_session_template(book)
    drafts = DraftStore(drafts_dir)
    probe = ANSWERS[9]
    first: list[float] = []
    tenth: list[float] = []
    other = ANSWERS[8]  # what turn 10 follows too
    _turn_latency(template, writer, drafts, [probe])  # warm-up
    for _ in range(repeat):
        # Each measured turn follows a follow-up to a different answer, as in real use
        # (a session's first answer is never the one just asked about): without this,
        # turn 1 would find its whole prompt already in llama's cache from the turn-10
        # run before it, and the ratio would compare a cached prompt with a fresh one.
        _turn_latency(template, writer, drafts, [other])
        first.append(_turn_latency(template, writer, drafts, [probe]))
        tenth.append(_turn_latency(template, writer, drafts, [*ANSWERS[:9], probe]))
    one, ten = statistics.median(first), statistics.median(tenth)
    return [
        info("follow-up latency, turn 1", one, "s", f"median of {repeat}"),
        info("follow-up latency, turn 10", ten, "s", "same answer, after nine turns"),
        row("follow-up latency turn 10 / turn 1", ten / one, "x", "<= 1.2"),
    ]
