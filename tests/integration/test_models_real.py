"""The bundled models, for real: they load, generate, and feed the gate and summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.engine.followups import FollowUpWriter
from reflect.engine.summary import Summarizer
from reflect.llm.base import Generation, collect
from reflect.llm.catalog import load_catalog, prepare
from reflect.llm.llama import LlamaModel
from reflect.settings import load_settings
from reflect.templates import TemplateBook

pytestmark = pytest.mark.model
CACHE = load_settings().cache_dir


@pytest.fixture(scope="module")
def default_model():
    spec = next(s for s in load_catalog() if s.default)
    model = LlamaModel(prepare(spec, CACHE), spec.id, spec.prompt_mode, threads=2)
    yield model
    model.close()


@pytest.mark.parametrize("spec", load_catalog(), ids=lambda s: s.id)
def test_each_bundled_model_loads_and_generates(spec) -> None:
    model = LlamaModel(prepare(spec, CACHE), spec.id, spec.prompt_mode, threads=2)
    try:
        text = collect(
            model,
            Generation(
                prompt="A good mentor asks",
                max_tokens=12,
                messages=[{"role": "user", "content": "Say hello."}],
            ),
        )
        assert len(text.split()) >= 2
    finally:
        model.close()


def eval_items() -> list[dict]:
    path = Path(__file__).resolve().parents[2] / "prompts" / "eval" / "reflections.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_real_follow_ups_pass_the_gate_or_fall_back(default_model, real_embedder) -> None:
    writer = FollowUpWriter(default_model, real_embedder)
    quick = TemplateBook().get("quick")
    sources = []
    for item in eval_items()[:5]:
        stage = quick.stage(item["stage"])
        follow = writer.write(stage, item["role"], item["answer"])
        assert follow.question.endswith("?") and 4 <= len(follow.question.split()) <= 30
        if follow.source == "curated":
            assert follow.question in stage.followups
        sources.append(follow.source)
    assert set(sources) <= {"model", "listening", "curated"}


def test_real_summaries_keep_stated_commitments_and_invent_none(
    default_model, real_embedder
) -> None:
    summarizer = Summarizer(default_model, real_embedder)
    items = eval_items()
    with_commitments = [i for i in items if i["action_items"]][:3]
    without = [i for i in items if not i["action_items"]][:3]
    for item in with_commitments:
        summary = summarizer.summarize_text(item["answer"], item["role"])
        assert len(summary.action_items) >= 1
        # the insight is the person's own sentence, or none when no sentence states a lesson
        assert not summary.insight or summary.insight in " ".join(item["answer"].split())
    for item in without:
        assert summarizer.summarize_text(item["answer"], item["role"]).action_items == []
