"""Blind-judge packs for the held-out split: Reflect's follow-ups shuffled among the
labelled mentor questions, and Reflect's insight beside the labelled lesson.

    .venv/bin/python -m tests.judge.pack OUT_DIR [--model ID]

writes `followups.json`, `summaries.json` (what the judge sees: no sources) and
`key.json` (which candidate is Reflect's), for a judge that did not build the feature;
`prompts/eval/judge/` keeps the judge's instructions and its tally.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from reflect.engine.evaluation import load_reflections
from reflect.engine.followups import FollowUpWriter
from reflect.engine.summary import Summarizer
from reflect.llm.base import LanguageModel
from reflect.llm.embedder import SentenceEmbedder
from reflect.llm.nomodel import NoModel
from reflect.templates import TemplateBook

# A second stage to ask about each text, so each answer gets two of Reflect's questions.
OTHER_STAGE = {"learned": ("quick", "worked"), "worked": ("quick", "learned")}


def model_for(model_id: str | None, cache: Path) -> LanguageModel:
    if not model_id:
        return NoModel()
    from reflect.llm.catalog import load_catalog, prepare
    from reflect.llm.llama import LlamaModel

    spec = next(s for s in load_catalog() if s.id == model_id)
    return LlamaModel(prepare(spec, cache), spec.id, spec.prompt_mode, 1, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--model", default=None)
    parser.add_argument("--prefix", default="", help="only texts whose id starts so (e.g. wc)")
    parser.add_argument("--split", default="heldout", help="heldout (reported) or dev (tuning)")
    args = parser.parse_args()
    cache = Path.home() / ".cache" / "reflect" / "models"
    embedder = SentenceEmbedder(threads=1, cache_dir=cache)
    model = model_for(args.model, cache)
    writer = FollowUpWriter(model, embedder)
    summarizer = Summarizer(model, embedder)
    book = TemplateBook()
    rng = random.Random(20261130)
    followups, summaries, key = [], [], {"followups": {}, "summaries": {}}
    for item in load_reflections(args.split):
        if not item["id"].startswith(args.prefix):
            continue
        stages = [(item["template"], item["stage"])]
        stages.append(OTHER_STAGE.get(item["stage"], ("quick", "learned")))
        ours = []
        for template_id, stage_id in stages:
            stage = book.get(template_id).stage(stage_id)
            # one session: the second stage knows the question the first one asked
            earlier = [q for _, q, _ in ours]
            follow = writer.write(stage, item["role"], item["text"], earlier)
            ours.append((stage.prompt_for(item["role"]), follow.question, follow.source))
        candidates = [(q, "reflect", src, prompt) for prompt, q, src in ours]
        candidates += [(q, "mentor", "label", "") for q in item["followups"]]
        rng.shuffle(candidates)
        qid = item["id"]
        followups.append(
            {
                "id": qid,
                "writer_role": item["role"],
                "text": item["text"],
                "questions": [{"n": n + 1, "question": c[0]} for n, c in enumerate(candidates)],
            }
        )
        key["followups"][qid] = [
            {"n": n + 1, "who": c[1], "source": c[2], "stage_prompt": c[3]}
            for n, c in enumerate(candidates)
        ]
        summary = summarizer.summarize_text(item["text"], item["role"], stage=item["stage"])
        mine = summary.insight or "(no lesson stated yet)"
        gold = " ".join(item["lesson"]) or "(no lesson stated yet)"
        pair = [("reflect", mine), ("label", gold)]
        rng.shuffle(pair)
        summaries.append(
            {
                "id": qid,
                "text": item["text"],
                "A": pair[0][1],
                "B": pair[1][1],
            }
        )
        key["summaries"][qid] = {"A": pair[0][0], "B": pair[1][0]}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("followups", followups), ("summaries", summaries), ("key", key)):
        (args.out / f"{name}.json").write_text(
            json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8"
        )
    model.close()


if __name__ == "__main__":
    main()
