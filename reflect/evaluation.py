"""`reflect eval`: score language models on Reflect's own labelled evaluation set.

Follow-ups: how often the model's first proposal passes the gate, the share of
follow-ups that come from the model, relevance to the answer, repeats, latency.
Summaries: action-item precision/recall against the labels, false items on texts
that state no commitment, and whether descriptive-only answers are recognised.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from .embedder import Embedder, cosine
from .followups import FollowUpWriter
from .llm.base import LanguageModel
from .session import only_describes
from .summary import Summarizer, overlap
from .templates import TemplateBook

MATCH = 0.5


@dataclass
class Score:
    """One model's row of the evaluation table."""

    model: str
    gate_pass: float
    from_model: float
    relevance: float
    repeats: float
    latency_p50: float
    precision: float
    recall: float
    false_items: int
    no_commitment_texts: int
    nudge_accuracy: float

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in vars(self).items()}


def load_items() -> list[dict[str, Any]]:
    text = files("reflect.prompts").joinpath("eval/reflections.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def match_items(gold: list[dict[str, Any]], predicted: list[Any]) -> int:
    """How many predicted action items match a distinct labelled one (greedy)."""
    used: set[int] = set()
    hits = 0
    for item in predicted:
        said = f"{item.text} {item.due or ''}"
        best = max(
            ((overlap(g["text"], said), n) for n, g in enumerate(gold) if n not in used),
            default=(0.0, -1),
        )
        if best[0] >= MATCH:
            used.add(best[1])
            hits += 1
    return hits


def evaluate(
    name: str,
    model: LanguageModel,
    embedder: Embedder,
    templates: TemplateBook,
    items: list[dict[str, Any]],
    tick: Callable[[], None] | None = None,
) -> Score:
    writer = FollowUpWriter(model, embedder)
    summarizer = Summarizer(model, embedder)
    first_pass = proposals = from_model = 0
    relevance: list[float] = []
    latencies: list[float] = []
    questions: list[str] = []
    tp = predicted = gold_total = false_items = no_commit = nudge_right = 0
    for item in items:
        template = templates.get(item.get("template", "quick"))
        stage = template.stage(item["stage"])
        start = time.perf_counter()
        follow = writer.write(stage, item["role"], item["answer"])
        latencies.append(time.perf_counter() - start)
        attempts = len(follow.rejected) + (follow.source == "model")
        proposals += attempts
        first_pass += follow.source == "model" and not follow.rejected
        from_model += follow.source == "model"
        q, a = embedder.embed([follow.question, item["answer"]])
        relevance.append(cosine(q, a))
        questions.append(follow.question.lower())
        summary = summarizer.summarize_text(item["answer"], item["role"])
        gold = item["action_items"]
        tp += match_items(gold, summary.action_items)
        predicted += len(summary.action_items)
        gold_total += len(gold)
        if not gold:
            no_commit += 1
            false_items += len(summary.action_items)
        nudge_right += only_describes(item["answer"]) == bool(item.get("descriptive_only"))
        if tick:
            tick()
    n = max(1, len(items))
    repeats = (len(questions) - len(set(questions))) / n
    return Score(
        model=name,
        gate_pass=first_pass / max(1, proposals) if proposals else 0.0,
        from_model=from_model / n,
        relevance=statistics.fmean(relevance) if relevance else 0.0,
        repeats=repeats,
        latency_p50=statistics.median(latencies) if latencies else 0.0,
        precision=tp / predicted if predicted else 1.0,
        recall=tp / gold_total if gold_total else 1.0,
        false_items=false_items,
        no_commitment_texts=no_commit,
        nudge_accuracy=nudge_right / n,
    )


def table(scores: list[Score]) -> str:
    head = (
        "| model | gate pass | from model | relevance | repeats | follow-up p50 | "
        "action precision | action recall | false items (texts w/o commitments) | "
        "nudge accuracy |"
    )
    lines = [head, "|" + "---|" * 10]
    for s in scores:
        lines.append(
            f"| {s.model} | {s.gate_pass:.2f} | {s.from_model:.2f} | {s.relevance:.2f} | "
            f"{s.repeats:.2f} | {s.latency_p50:.2f} s | {s.precision:.2f} | {s.recall:.2f} | "
            f"{s.false_items} ({s.no_commitment_texts}) | {s.nudge_accuracy:.2f} |"
        )
    return "\n".join(lines)
