"""Topical search finds the right entries: recall@5 over labelled queries, real embedder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed import copy_seeded_home

from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.ranking import rank

QUERIES = Path(__file__).resolve().parents[2] / "prompts" / "eval" / "search_queries.json"
# Measured 0.83 (all-MiniLM-L6-v2, 25 queries); the floor leaves room for library drift.
RECALL_FLOOR = 0.78


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Iterator[Services]:
    home = copy_seeded_home(tmp_path_factory.mktemp("recall") / "home", real_embedder)
    services = build_services(
        load_settings(home, no_model=True), embedder=real_embedder, model=NoModel()
    )
    services.library.reconcile()
    yield services
    services.close()


def recall_at_5(services: Services) -> tuple[float, list[str]]:
    scores, misses = [], []
    for case in json.loads(QUERIES.read_text("utf-8")):
        top = [
            r.entry_id for r in rank(services.library.index, services.embedder, case["query"], 5)
        ]
        relevant = set(case["relevant"])
        scores.append(len(relevant & set(top)) / min(len(relevant), 5))
        if scores[-1] < 1:
            misses.append(f"{case['query']!r}: wanted {sorted(relevant)}, got {top}")
    return sum(scores) / len(scores), misses


def test_topical_queries_find_their_entries_in_the_top_5(seeded: Services) -> None:
    recall, misses = recall_at_5(seeded)
    print(f"\nrecall@5 = {recall:.3f} over {QUERIES.name}")
    for miss in misses:
        print("  partial:", miss)
    assert recall >= RECALL_FLOOR, misses


def test_reconcile_of_the_copied_seed_reindexes_nothing(seeded: Services) -> None:
    report = seeded.library.reconcile()
    assert (report.indexed, report.removed, report.unchanged) == (0, 0, 36)
