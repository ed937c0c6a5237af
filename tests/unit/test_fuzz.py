"""Fuzzing the parsers a person's files go through: only Reflect's own errors, never a crash.

Entry front matter, templates and Reflect JSON exports are read from files anyone can
edit by hand; whatever is in them, the reader either returns a value or raises a
`ReflectError` subclass with a clear sentence.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.entry import Entry, Turn
from reflect.errors import ReflectError
from reflect.exchange.reflect_json import FORMAT, VERSION, read_export
from reflect.templates import parse_template

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
FIELDS = [
    "id", "created", "updated", "template", "role", "partner", "title", "origin",
    "shared_by", "tags", "summary", "summary_reviewed", "turns",
]  # fmt: skip
SUMMARY_FIELDS = ["insight", "insight_source", "action_items", "goals", "themes", "mood"]


def entry_like() -> st.SearchStrategy[dict[str, Any]]:
    """Dicts shaped roughly like an entry, with any value in any field."""
    summary = st.fixed_dictionaries({}, optional={k: json_values for k in SUMMARY_FIELDS})
    return st.fixed_dictionaries(
        {},
        optional={
            **{k: json_values for k in FIELDS},
            "created": st.one_of(json_values, st.just("2026-03-01T09:00:00+01:00")),
            "id": st.one_of(json_values, st.just("20260301-090000-abcd")),
            "summary": st.one_of(json_values, summary),
        },
    )


def only_own_errors(call: Any) -> None:
    try:
        call()
    except ReflectError as exc:
        assert str(exc).strip(), "an error without a message"
        assert "\n" not in str(exc).strip(), f"a multi-line error: {exc!r}"


def sample_markdown() -> str:
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns = [Turn("learned", "What did you learn?", "To ask early.")]
    return entry.to_markdown()


SAMPLE = sample_markdown()


@FUZZ
@given(st.text(max_size=400))
@example("---\n")
@example("---\n---\n")
@example("---\nid: [\n---\n")
@example("---\nid: x\ncreated: 2026-01-01\nsummary: [1, 2]\n---\n")
@example("---\nid: x\ncreated: 2026-01-01\nsummary: {action_items: [3]}\n---\n")
@example("---\nid: x\ncreated: 2026-01-01\nsummary: {goals: [{nope: 1}]}\n---\n")
@example("---\nid: x\ncreated: 2026-01-01\ntags: 5\n---\n")
@example("---\nid: x\ncreated: !!python/object:os.system {}\n---\n")
@example('---\nid: x\ncreated: 2026-01-01\n---\n<!-- turn {"rejected": 4} -->\n')
def test_front_matter_reader_raises_only_entry_errors(text: str) -> None:
    only_own_errors(lambda: Entry.from_markdown(text, where="fuzz.md"))


@FUZZ
@given(st.data())
def test_front_matter_reader_survives_damage_to_a_real_entry(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SAMPLE)))
    end = data.draw(st.integers(start, len(SAMPLE)))
    junk = data.draw(st.text(max_size=20))
    only_own_errors(lambda: Entry.from_markdown(SAMPLE[:start] + junk + SAMPLE[end:], "f.md"))


@FUZZ
@given(entry_like())
def test_front_matter_with_any_field_values_raises_only_entry_errors(
    meta: dict[str, Any],
) -> None:
    text = "---\n" + json.dumps(meta) + "\n---\n# body\n"
    only_own_errors(lambda: Entry.from_markdown(text, where="fuzz.md"))


TOML_LINES = st.sampled_from(
    [
        "id = 'mine'", "title = 'Mine'", "roles = ['mentee']", "roles = []", "roles = 3",
        "kind = 'reflect'", "kind = 7", "max_followups = 9", "description = 'd'",
        "[[stages]]", "[stages]", "id = 'a'", "id = 'a'", "title = 'A'", "prompt = 'Why?'",
        "prompt = { mentee = 'Why?' }", "prompt = {}", "hints = ['h']", "hints = 'h'",
        "followups = ['What then?']", "followups = [1]", "depth = 'describe'",
        "depth = 'nope'", "nudge = 'And?'", "max_followups = -1", "[summary]",
        "extract = ['insight']", "extract = 5", "colour = 'blue'", "[[stages.extra]]",
    ]
)  # fmt: skip


@FUZZ
@given(st.lists(TOML_LINES, max_size=25))
def test_template_loader_raises_only_template_errors_for_any_mix_of_fields(
    lines: list[str],
) -> None:
    only_own_errors(lambda: parse_template("\n".join(lines), "fuzz.toml", user=True))


@FUZZ
@given(st.text(max_size=300))
def test_template_loader_raises_only_template_errors_for_any_text(text: str) -> None:
    only_own_errors(lambda: parse_template(text, "fuzz.toml", user=True))


@FUZZ
@given(st.lists(entry_like(), max_size=3), json_values)
def test_export_reader_raises_only_import_errors(entries: list[Any], other: Any) -> None:
    only_own_errors(lambda: read_export(other, "fuzz.json"))
    payload = {"format": FORMAT, "version": VERSION, "entries": entries}
    only_own_errors(lambda: read_export(payload, "fuzz.json"))
    only_own_errors(lambda: read_export({**payload, "entries": other}, "fuzz.json"))
