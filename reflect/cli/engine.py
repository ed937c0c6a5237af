"""`reflect followup | summarize | eval`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from ..engine.followups import FollowUpWriter
from ..engine.summary import Summarizer
from ..entry import Entry
from ..errors import EntryFileError, InputError
from ..services import build_services
from ..wording import NO_LESSON
from . import settings_from
from .journal_cmd import read_input
from .output import emit_json, progress, say, warn


def followup(args: argparse.Namespace) -> int:
    with build_services(settings_from(args), on_notice=warn) as services:
        template = services.templates.get(args.template)
        stage = template.stage(args.stage)
        text = sys.stdin.read() if args.text == "-" else args.text
        if not text.strip():
            raise InputError("The answer is empty; write something to follow up on.")
        # the gate embeds; onnxruntime and llama.cpp both load without the GIL
        services.reader.load_soon()
        writer = FollowUpWriter(services.model, services.reader)
        stream = None
        if not args.json and sys.stdout.isatty():

            def stream(piece: str) -> None:  # show the model thinking, then the final question
                sys.stderr.write(piece)
                sys.stderr.flush()

        result = writer.write(stage, args.role, text, on_token=stream)
        if stream is not None:
            sys.stderr.write("\r\x1b[K")
        status = services.model_status
    if status is not None and status.mode == "no-model" and not services.settings.no_model:
        warn(f"no model in use ({status.detail}); the question is from the curated bank.")
    if args.json:
        emit_json(result.to_json())
    else:
        say(result.question)
    return 0


def summarize(args: argparse.Namespace) -> int:
    raw = read_input(args.file, "text")
    if not raw.strip():
        raise InputError("There is no text to summarise.")
    with build_services(settings_from(args), on_notice=warn) as services:
        summarizer = Summarizer(services.model, services.reader)
        if raw.startswith("---\n"):
            try:
                entry = Entry.from_markdown(raw, where=args.file)
            except EntryFileError:
                entry = None
            summary = summarizer.summarize_entry(entry) if entry else summarizer.summarize_text(raw)
        else:
            summary = summarizer.summarize_text(raw, args.role)
    data = summary.to_dict()
    if args.json:
        emit_json(
            {
                "insight": data["insight"],
                "action_items": [
                    {"text": a["text"], "owner": a["owner"], "due": a["due"]}
                    for a in data["action_items"]
                ],
                "goals": [g["text"] for g in data["goals"]],
                "themes": data["themes"],
                "mood": data["mood"],
            }
        )
        return 0
    say(f"Insight: {summary.insight or NO_LESSON}")  # an empty "Insight:" reads as a bug
    for item in summary.action_items:
        due = f" (due {item.due})" if item.due else ""
        say(f"Action: {item.text} — {item.owner}{due}")
    for goal in summary.goals:
        say(f"Goal: {goal.text}")
    say(f"Themes: {', '.join(summary.themes)}")
    return 0


_T = TypeVar("_T")


def _ticking(label: str, total: int, run: Callable[[Callable[[], None]], _T]) -> _T:
    """`run(tick)` under a progress bar that `tick` moves on by one of `total`."""
    with progress(label) as update:
        counter = iter(range(1, total + 1))
        return run(lambda: update(next(counter), total))


def evaluate(args: argparse.Namespace) -> int:
    from ..engine.evaluation import (
        SEARCH_PARTS,
        evaluate_sessions,
        load_reflections,
        load_sessions,
        session_table,
        table,
    )
    from ..engine.evaluation import evaluate as score_model
    from ..llm.base import LanguageModel
    from ..llm.catalog import ModelSpec, load_catalog, prepare, resolve
    from ..llm.llama import LlamaModel
    from ..llm.nomodel import NoModel

    settings = settings_from(args)
    with build_services(settings, on_notice=warn) as services:
        items = load_reflections(args.split)
        sessions = load_sessions(args.split)
        if args.limit:
            items, sessions = items[: args.limit], sessions[: args.limit]
        specs = [s for s in load_catalog() if not args.only or s.id in args.only]
        chosen = resolve(settings.model) if settings.model else None
        if chosen is not None and chosen.user_path is not None:  # a path, or a model found here
            specs.append(chosen)
        scores = []
        whole = []
        runs: list[tuple[str, ModelSpec | None]] = []
        if not args.only or "none" in args.only:
            runs.append(("no model", None))
        runs += [(spec.id, spec) for spec in specs]
        for name, spec in runs:
            model: LanguageModel
            if spec is None:
                model = NoModel()
            else:
                path = prepare(spec, settings.cache_dir)
                model = LlamaModel(
                    path,
                    spec.id,
                    spec.prompt_mode,
                    settings.thread_count(),
                    settings.n_ctx,
                )
            texts = partial(score_model, name, model, services.reader, services.templates, items)
            scores.append(_ticking(f"Evaluating {name}", len(items), texts))
            over = partial(evaluate_sessions, name, model, services.reader, sessions)
            whole.append(_ticking(f"Evaluating {name} on whole sessions", len(sessions), over))
            model.close()
        # -- retrieval: reflect/engine/retrieval_eval.py (search, related panel, prep share it) --
        from ..engine.retrieval_eval import evaluate_retrieval
        from ..engine.retrieval_eval import table as retrieval_table

        found = []
        if not args.only or "search" in args.only:
            with progress("Scoring search: summarising its journal", "entries") as update:
                total = len(load_reflections("all", SEARCH_PARTS))
                counter = iter(range(1, total + 1))
                found = evaluate_retrieval(
                    NoModel(),
                    services.embedder,
                    services.templates,
                    tick=lambda: update(next(counter), total),
                    reader=services.reader,
                )
        # -- end retrieval --
    if args.json:
        emit_json(
            {
                "models": [s.to_json() for s in scores],
                "sessions": [s.to_json() for s in whole],
                "retrieval": [r.to_json() for r in found],
            }
        )
    else:
        import platform
        from datetime import date

        say(
            f"Reflect evaluation, {args.split} split: {len(items)} labelled reflections "
            f"({date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores)\n"
        )
        if scores:
            say(table(scores))
        if whole:
            say(f"\nWhole sessions ({len(sessions)}: answers and follow-up replies together)\n")
            say(session_table(whole))
        if found:
            say("\n" + retrieval_table(found, services.embedder.name))
    return 0
