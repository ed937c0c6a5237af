"""Fit the lesson picker on the evaluation set's dev texts; write reflect/reading/lesson_weights.py.

    .venv/bin/python -m tests.train_lessons [--cv]

Only `dev` texts are read. `--cv` first reports a leave-one-writer-out estimate on dev (each
writer's texts picked by a picker fitted on the other writers'), the figure to compare
before looking at the held-out split with `reflect eval`.
"""

from __future__ import annotations

import argparse
import itertools
import json
from importlib.resources import files
from pathlib import Path

import numpy as np

from reflect.engine.evaluation import PARTS, is_lesson_sentence, lesson_right
from reflect.llm.embedder import SentenceEmbedder
from reflect.reading import lessons
from reflect.reading.passages import segments

STRENGTH = 300.0  # L2 on standardised features; chosen by the leave-one-writer-out estimate
THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
JOINS = [0.3, 0.4, 0.5, 0.6, 0.7, 1.1]
SHORTS = [0.05, 0.1, 0.2, 0.3]
OUT = Path(__file__).resolve().parent.parent / "reflect" / "reading" / "lesson_weights.py"


def load_dev() -> list[dict]:
    items = []
    for name in PARTS:
        text = files("reflect.prompts").joinpath(f"eval/{name}.jsonl").read_text(encoding="utf-8")
        for line in text.splitlines():
            item = json.loads(line)
            if item["split"] == "dev":
                item["writer"] = name.rsplit("_", 1)[1]
                items.append(item)
    return items


def prepare(items: list[dict], embedder: SentenceEmbedder) -> list[dict]:
    line = np.array(lessons._direction(embedder))
    rows = []
    for item in items:
        parts = segments(item["text"])
        if not parts:
            continue
        vectors = np.array(embedder.embed([p.text for p in parts]))
        meaning = list(10 * vectors @ line - 1)
        stage = item["stage"] in lessons.LESSON_STAGES
        x = np.hstack([np.array(lessons.features(parts, stage, meaning)), vectors])
        y = [is_lesson_sentence(item["lesson"], p.text) for p in parts]
        rows.append({**item, "parts": [p.text for p in parts], "x": x, "y": np.array(y, float)})
    return rows


def fit(rows: list[dict]) -> tuple[np.ndarray, float]:
    """Weights and bias on the raw features (standardisation folded in)."""
    x = np.vstack([r["x"] for r in rows])
    y = np.concatenate([r["y"] for r in rows])
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xs = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(xs.shape[1])
    penalty = np.r_[np.full(len(w) - 1, STRENGTH), 0.0]
    for _ in range(100):  # Newton's method
        p = 1 / (1 + np.exp(-xs @ w))
        step = np.linalg.solve(
            (xs * (p * (1 - p))[:, None]).T @ xs + np.diag(penalty), xs.T @ (p - y) + penalty * w
        )
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    weights = w[:-1] / sd
    return weights, float(w[-1] - weights @ mu)


def pick(row: dict, chances: np.ndarray, threshold: float, short: float, join: float) -> str:
    width = len(lessons.FEATURES)
    text, _ = lessons.select(
        row["parts"], row["x"][:, :width].tolist(), chances.tolist(), threshold, short, join
    )
    return text


def chances_of(rows: list[dict], weights: np.ndarray, bias: float) -> list[np.ndarray]:
    return [1 / (1 + np.exp(-np.clip(r["x"] @ weights + bias, -30, 30))) for r in rows]


def accuracy(rows: list[dict], chances: list[np.ndarray], *cut: float) -> float:
    return float(
        np.mean(
            [
                lesson_right(r["lesson"], pick(r, c, *cut))
                for r, c in zip(rows, chances, strict=True)
            ]
        )
    )


def thresholds(rows: list[dict], chances: list[np.ndarray]) -> tuple[float, float, float]:
    """The cut-offs (threshold, short, join), in `lessons.select`'s order."""
    cuts = [(t, s, j) for t, j, s in itertools.product(THRESHOLDS, JOINS, SHORTS)]
    return max(cuts, key=lambda cut: accuracy(rows, chances, *cut))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--cv", action="store_true", help="report a leave-one-writer-out estimate first"
    )
    args = parser.parse_args()
    embedder = SentenceEmbedder(threads=2, cache_dir=Path.home() / ".cache" / "reflect" / "models")
    rows = prepare(load_dev(), embedder)
    writers = sorted({r["writer"] for r in rows})
    if args.cv:
        right = []
        for writer in writers:
            train = [r for r in rows if r["writer"] != writer]
            test = [r for r in rows if r["writer"] == writer]
            weights, bias = fit(train)
            cut = thresholds(train, chances_of(train, weights, bias))
            right += [
                lesson_right(r["lesson"], pick(r, c, *cut))
                for r, c in zip(test, chances_of(test, weights, bias), strict=True)
            ]
        texts = len(load_dev())  # texts with no sentence count as wrong
        print(f"leave-one-writer-out on dev: {sum(right) / texts:.3f} ({len(writers)} writers)")
    weights, bias = fit(rows)
    threshold, short, join = thresholds(rows, chances_of(rows, weights, bias))
    numbers = ",\n".join(f"    {w:.6g}" for w in weights)
    OUT.write_text(
        '"""The lesson picker\'s weights (`lesson_picker.py`), written by\n'
        "`python -m tests.train_lessons` from the evaluation set's dev texts only\n"
        f"({len(rows)} texts, {len(writers)} writers); not edited by hand.\n"
        '"""\n\n'
        f'EMBEDDER = "{embedder.name}"\n'
        f"THRESHOLD = {threshold}\nSHORT_THRESHOLD = {short}\nJOIN_THRESHOLD = {join}\n"
        f"BIAS = {bias:.6g}\n"
        f"WEIGHTS = (\n{numbers},\n)  # lessons.FEATURES, then the sentence's embedding\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT.name}: thresholds {threshold} / short {short} / join {join}")


if __name__ == "__main__":
    main()
