"""Issue 5's acceptance check: on a journal of 200+ varied entries across 3 partners,
`reflect prep --with P` lists exactly P's open action items and cites the entries
behind every bullet.

The journal is the seed fixture (tests/fixtures/journal_seed) plus ~200 entries built
from it: each partner's generated entries reuse that partner's own seed answers,
insights, action items, goals and themes, recombined under every template (with its
real stage ids), all three roles, two years of dates (several on one day), 0-3 action
items with a different share left open per partner, entries without a summary, entries
a partner shared, and private entries with no partner at all. Every entry is saved
through the real services: journal files, a real chromadb on tmp_path, and the real
MiniLM embedder. Reusing the seed's passages keeps the distinct texts to ~300, so the
embedder's memo embeds the home in seconds rather than the minute 2,000 fresh chunks
would cost on two cores.

`reflect prep` runs through the CLI's own `main` (parser, handler, services built from
the home, the real embedder loaded by the command itself) in this process: a subprocess
would spend ~13 s per run importing sentence-transformers, and tests/integration/
test_prep_real.py already runs `reflect prep` as a subprocess.
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from seed import seed_entry, seed_records

from reflect.cli import main
from reflect.entry import ActionItem, Entry, Goal, Summary, Turn
from reflect.llm.embedder import Embedder
from reflect.llm.nomodel import NoModel
from reflect.services import Services, build_services
from reflect.settings import load_settings

PARTNERS = ("partner-a", "partner-b", "partner-c")
GENERATED = {"partner-a": 80, "partner-b": 70, "partner-c": 45}  # plus 12 seed entries each
OPEN_SHARE = {"partner-a": 0.6, "partner-b": 0.35, "partner-c": 0.15}
PRIVATE = 8  # entries with no partner: their open items belong to no brief
OWNERS = ("mentee", "mentor", "both", None)
DUES = (None, None, "by Friday", "next session", "end of the month")
START = datetime.fromisoformat("2024-11-04T08:00:00").astimezone()
CITE = re.compile(r" \((\d{4}-\d{2}-\d{2}) · ([^ )]+)( · shared)?\)$")
PLACEHOLDERS = {"- Nothing open.", "- No goals named yet.", "- None yet.", "- None recur yet."}


@dataclass(frozen=True)
class Pools:
    """One partner's seed material to recombine."""

    answers: list[str]
    insights: list[str]
    actions: list[str]
    goals: list[str]
    themes: list[str]


def pools(partner: str | None) -> Pools:
    records = [r for r in seed_records() if partner is None or r["partner"] == partner]
    return Pools(
        answers=[a for r in records for a in r["answers"].values()],
        insights=[r["insight"] for r in records if r.get("insight")],
        actions=sorted({a["text"] for r in records for a in r["action_items"]}),
        goals=sorted({g for r in records for g in r["goals"]}),
        themes=sorted({t for r in records for t in r["themes"]}),
    )


def generated_entry(
    n: int, partner: str | None, rng: random.Random, services: Services, material: Pools
) -> Entry:
    """The n-th generated entry: a random template, role and date, answers from `material`."""
    template = rng.choice(services.templates.all())
    role = rng.choice(template.roles)
    created = START + timedelta(
        days=rng.randrange(730), hours=rng.randrange(12), minutes=rng.randrange(60)
    )
    turns = [
        Turn(s.id, s.prompt_for(role), rng.choice(material.answers) if rng.random() > 0.1 else "")
        for s in template.stages
    ]
    summary = Summary()
    if rng.random() > 0.12:  # the rest were saved without a summary
        open_share = OPEN_SHARE.get(partner or "", 0.5)
        summary = Summary(
            insight=rng.choice(material.insights) if rng.random() > 0.1 else "",
            action_items=[
                ActionItem(
                    text,
                    rng.choice(OWNERS),
                    rng.choice(DUES),
                    rng.random() >= open_share,
                    rng.randrange(len(turns)),
                )
                for text in rng.sample(material.actions, rng.randint(0, 3))
            ],
            goals=[
                Goal(g, rng.randrange(len(turns)), rng.random() < 0.2)
                for g in rng.sample(material.goals, rng.randint(0, 1))
            ],
            themes=rng.sample(material.themes, rng.randint(1, 2)),
        )
    shared = partner is not None and rng.random() < 0.08
    return Entry(
        id=f"{created:%Y%m%d-%H%M%S}-{n:04x}",
        created=created,
        template=template.id,
        role=role,
        partner=partner,
        turns=turns,
        summary=summary,
        title=f"Generated reflection {n}",
        origin="shared" if shared else "reflect",
        shared_by=partner if shared else None,
    )


def build_journal(services: Services) -> list[Entry]:
    rng = random.Random(5)
    entries = [seed_entry(record, services) for record in seed_records()]
    plan: list[str | None] = [p for p, count in GENERATED.items() for _ in range(count)]
    plan += [None] * PRIVATE
    rng.shuffle(plan)
    material = {p: pools(p) for p in (*PARTNERS, None)}
    entries += [generated_entry(n, p, rng, services, material[p]) for n, p in enumerate(plan)]
    return entries


def open_items(entries: list[Entry], partner: str) -> list[tuple[str, str, int, str]]:
    """(date, entry id, position, text) of the partner's open items, oldest first."""
    return sorted(
        (e.date, e.id, position, item.text)
        for e in entries
        if e.partner == partner
        for position, item in enumerate(e.summary.action_items)
        if not item.done
    )


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> Any:
    """(home, {entry id: entry}) for a home of 200+ entries saved through the services."""
    home = tmp_path_factory.mktemp("prep-large") / "home"
    services = build_services(
        load_settings(home, no_model=True), embedder=real_embedder, model=NoModel()
    )
    started = time.perf_counter()
    try:
        entries = build_journal(services)
        for entry in entries:
            services.library.journal.save(entry, touch=False)
        report = services.library.reconcile()  # one batched embedding pass, as on open
    finally:
        services.close()
    print(f"\nindexed {report.indexed} entries in {time.perf_counter() - started:.1f} s")
    assert report.indexed == len(entries) >= 200 and report.problems == 0
    assert {e.partner for e in entries} == {*PARTNERS, None}
    for partner in PARTNERS:  # the home holds what the acceptance check needs
        done = [i for e in entries if e.partner == partner for i in e.summary.action_items]
        assert open_items(entries, partner) and any(i.done for i in done), partner
    return home, {e.id: e for e in entries}


def prep(home: Path, capsys: pytest.CaptureFixture[str], partner: str, fmt: str) -> str:
    """`reflect --home HOME --no-model prep --with PARTNER --format FMT`: its stdout."""
    code = main(["--home", str(home), "--no-model", "prep", "--with", partner, "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def words(text: str) -> str:
    return " ".join(text.split())


def written_by(entry: Entry, text: str) -> bool:
    """Whether `text` (maybe an excerpt cut with ' …') is the entry's own writing."""
    text = words(text).removesuffix(" …")
    s = entry.summary
    own = [t.answer for t in entry.turns] + [s.insight] + [g.text for g in s.goals]
    return bool(text) and any(text in words(o) for o in own)


@pytest.mark.parametrize("partner", PARTNERS)
def test_prep_json_lists_exactly_the_partners_open_items(
    journal: Any, capsys: pytest.CaptureFixture[str], partner: str
) -> None:
    home, entries = journal
    data = json.loads(prep(home, capsys, partner, "json"))
    listed = [(a["date"], a["entry_id"], a["text"]) for a in data["action_items"]]
    expected = [(d, e, t) for d, e, _, t in open_items(list(entries.values()), partner)]
    assert data["partner"] == partner
    assert listed == expected  # oldest first; no done item, no other partner's, none missing
    for item in data["action_items"]:
        entry = entries[item["entry_id"]]
        source = [(i.text, i.owner, i.due) for i in entry.summary.action_items if not i.done]
        assert (item["text"], item["owner"], item["due"]) in source


@pytest.mark.parametrize("partner", PARTNERS)
def test_prep_json_cites_the_partners_entry_behind_every_line(
    journal: Any, capsys: pytest.CaptureFixture[str], partner: str
) -> None:
    home, entries = journal
    data = json.loads(prep(home, capsys, partner, "json"))
    assert data["insights"] and data["goals"] and data["themes"]

    def cited(line: dict[str, Any]) -> Entry:
        entry = entries.get(line["entry_id"])
        assert entry is not None, line  # an entry that exists in the journal
        assert (entry.partner, entry.date) == (partner, line["date"]), line
        return entry

    for insight in data["insights"]:
        entry = cited(insight)
        assert written_by(entry, insight["text"]), insight
        assert not insight["quote"] or written_by(entry, insight["quote"]), insight
    for goal in data["goals"]:
        assert goal["text"] in [g.text for g in cited(goal).summary.goals], goal
        for evidence in goal["evidence"]:
            assert written_by(cited(evidence), evidence["text"]), evidence
    for theme in data["themes"]:
        for entry_id in {theme["entry_id"], *theme["entry_ids"]}:
            entry = cited({"entry_id": entry_id, "date": entries[entry_id].date})
            assert theme["theme"].lower() in [t.lower() for t in entry.summary.themes]
        assert theme["count"] == len(theme["entry_ids"])


@pytest.mark.parametrize("partner", PARTNERS)
def test_prep_markdown_cites_the_entry_behind_every_bullet(
    journal: Any, capsys: pytest.CaptureFixture[str], partner: str
) -> None:
    home, entries = journal
    text = prep(home, capsys, partner, "md")
    assert text.startswith(f"# Prep brief · {partner}\n")
    section, actions, bullets = "", [], 0
    for line in text.splitlines():
        if line.startswith("## "):
            section = line
        if not line.startswith(("- ", "  - ")):
            continue
        assert line not in PLACEHOLDERS, f"{section}: {line}"
        if line.startswith("  - from: “"):  # the passage under an insight bullet, cited above
            continue
        found = CITE.search(line)
        assert found, f"uncited bullet in {section}: {line}"
        date, entry_id, shared = found.groups()
        entry = entries.get(entry_id)
        assert entry is not None and (entry.partner, entry.date) == (partner, date), line
        if section != "## Recurring themes" and not line.startswith("- **"):
            # action, insight and evidence lines say when their entry came from a partner
            assert bool(shared) == (entry.shared_by is not None), line
        bullets += 1
        if section == "## Open action items":
            assert line.startswith("- [ ] ")
            actions.append((date, entry_id, line[6:].split(" — ")[0]))
    expected = [(d, e, t) for d, e, _, t in open_items(list(entries.values()), partner)]
    assert actions == expected
    assert bullets > len(actions)  # goals, insights and themes were cited too
