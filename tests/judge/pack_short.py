"""Blind-judge pack for short answers: Reflect's follow-up to each short answer ("not
much tbh", "idk", "same as above", "communication") shuffled among the two labelled
mentor questions, and, with `--compare`, the question another version of Reflect asked.

    .venv/bin/python -m tests.judge.pack_short OUT_DIR [--split heldout|dev] [--compare Q.json]

writes `followups.json` (what the judge sees) and, beside OUT_DIR where the judge is not
pointed, `OUT_DIR-key.json` (whose each candidate is: reflect, other1…, mentor1, mentor2);
`--save Q.json` keeps this version's questions ({id: question}) to compare against later.
The judge's instructions are in tests/judge/README.md ("Short-answer judge").
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from reflect.engine.followups import FollowUpWriter
from reflect.llm.embedder import SentenceEmbedder
from reflect.llm.nomodel import NoModel
from reflect.templates import TemplateBook

SETS = {"dev": "short_answers_a.jsonl", "heldout": "short_answers_b.jsonl"}
EVAL = Path(__file__).resolve().parents[2] / "prompts" / "eval"


def load_short_answers(split: str) -> list[dict]:
    """The labelled short answers of one split (a is dev, b is held out)."""
    with (EVAL / SETS[split]).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", default="heldout", choices=sorted(SETS))
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        help="another version's questions, by id (may be given again: other1, other2, …)",
    )
    parser.add_argument("--save", type=Path, help="write this version's questions, by id")
    args = parser.parse_args()
    cache = Path.home() / ".cache" / "reflect" / "models"
    writer = FollowUpWriter(NoModel(), SentenceEmbedder(threads=1, cache_dir=cache))
    book = TemplateBook()
    others = [json.loads(path.read_text()) for path in args.compare]
    rng = random.Random(11)
    pieces, key, ours = [], {}, {}
    for item in load_short_answers(args.split):
        stage = book.get(item["template"]).stage(item["stage"])
        ours[item["id"]] = writer.write(stage, item["role"], item["answer"]).question
        named: dict[str, list[str]] = {}
        candidates = [("reflect", ours[item["id"]])]
        candidates += [
            (f"other{n}", other[item["id"]])
            for n, other in enumerate(others, 1)
            if item["id"] in other
        ]
        candidates += [(f"mentor{n}", q) for n, q in enumerate(item["mentor_questions"], 1)]
        for who, question in candidates:
            named.setdefault(question, []).append(who)  # one question asked twice is shown once
        questions = list(named)
        rng.shuffle(questions)
        pieces.append(
            {
                "id": item["id"],
                "writer_role": item["role"],
                "prompt_they_answered": item["prompt"],
                "their_previous_answer": item["before"],
                "answer": item["answer"],
                "questions": [{"n": n, "question": q} for n, q in enumerate(questions, 1)],
            }
        )
        key[item["id"]] = {str(n): named[q] for n, q in enumerate(questions, 1)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "followups.json").write_text(json.dumps(pieces, indent=1, ensure_ascii=False))
    args.out.with_name(f"{args.out.name}-key.json").write_text(json.dumps(key, indent=1))
    if args.save:
        args.save.write_text(json.dumps(ours, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
