"""Prep briefs and search on the seeded journal with the real embedder and real chroma."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from seed import copy_seeded_home, seed_records

from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings
from reflect.surfacing.prep import Prep

NOW = datetime.fromisoformat("2026-11-20T12:00:00").astimezone()
REFLECT = [sys.executable, "-m", "reflect.tui.entry"]


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Path:
    return copy_seeded_home(tmp_path_factory.mktemp("prep") / "home", real_embedder)


@pytest.fixture(scope="module")
def seeded(seeded_home: Path, real_embedder: Embedder) -> Iterator[Services]:
    services = build_services(
        load_settings(seeded_home, no_model=True), embedder=real_embedder, model=NoModel()
    )
    services.library.reconcile()
    yield services
    services.close()


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Path:
    """A second copy of the seed, unlocked, for `reflect` subprocesses."""
    return copy_seeded_home(tmp_path_factory.mktemp("prep-cli") / "home", real_embedder)


def partner_of(entry_id: str) -> str:
    return next(r["partner"] for r in seed_records() if r["id"] == entry_id)


@pytest.mark.parametrize(
    ("partner", "topic", "expected"),
    [
        ("partner-a", "building my case for promotion", {"seed-25", "seed-34"}),
        ("partner-a", "nerves before a big talk", {"seed-01", "seed-04"}),
        ("partner-b", "handing work over and letting go", {"seed-11", "seed-29"}),
        ("partner-c", "how the database planner picks a query plan", {"seed-09", "seed-15"}),
        ("partner-c", "leaving engineering for another career", {"seed-27", "seed-36"}),
    ],
)
def test_brief_brings_back_the_right_entries_for_partner_and_topic(
    seeded: Services, partner: str, topic: str, expected: set[str]
) -> None:
    brief = Prep(seeded.library.index, seeded.embedder, NoModel()).brief(partner, topic, now=NOW)
    found = [i.entry_id for i in brief.insights]
    assert expected <= set(found), found
    assert {partner_of(e) for e in found} == {partner}


def test_brief_without_topic_follows_recent_themes(seeded: Services) -> None:
    brief = Prep(seeded.library.index, seeded.embedder, NoModel()).brief("partner-c", now=NOW)
    found = {i.entry_id for i in brief.insights}
    recent = {"seed-27", "seed-30", "seed-33", "seed-36"}  # career change, code review, depth
    assert len(found & recent) >= 2, found


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REFLECT_THREADS": "1"}  # one query embedding: more threads only wait
    return subprocess.run(
        [*REFLECT, "--home", str(home), "--no-model", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_cli_prep_json_has_the_contract_shape(cli_home: Path) -> None:
    result = run(cli_home, "prep", "--with", "partner-a", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["partner"] == "partner-a"
    expected_open = {
        a["text"]
        for r in seed_records()
        if r["partner"] == "partner-a"
        for a in r["action_items"]
        if not a["done"]
    }
    assert {a["text"] for a in data["action_items"]} == expected_open
    for item in data["action_items"]:
        assert set(item) >= {"text", "owner", "due", "entry_id", "date"}
    for insight in data["insights"]:
        assert set(insight) >= {"text", "entry_id", "date"}
        assert partner_of(insight["entry_id"]) == "partner-a"
    assert isinstance(data["goals"], list) and isinstance(data["themes"], list)
    assert 3 <= len(data["agenda"]) <= 5 and all(isinstance(q, str) for q in data["agenda"])


def test_cli_prep_for_an_unknown_partner_is_one_clear_line(cli_home: Path) -> None:
    result = run(cli_home, "prep", "--with", "Partner-A")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "No entries with partner 'Partner-A'" in result.stderr


def test_cli_prep_writes_markdown_to_a_private_file(cli_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = run(cli_home, "prep", "--with", "partner-b", "--topic", "saying no", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert text.startswith("# Prep brief · partner-b") and "## Suggested agenda" in text
    assert (out.stat().st_mode & 0o777) == 0o600


def test_cli_search_since_keeps_only_later_entries(cli_home: Path) -> None:
    result = run(cli_home, "search", "saying no to requests", "--since", "2026-08-01", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and all(r["date"] >= "2026-08-01" for r in found)
    assert {"seed-26", "seed-35"} <= {r["entry_id"] for r in found}
