"""Templates are validated data; a broken one gets one line naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.errors import TemplateError
from reflect.templates import TemplateBook, load_template_file, parse_template

SHIPPED = [
    "quick",
    "after-session",
    "gibbs",
    "driscoll",
    "kolb",
    "grow",
    "4ls",
    "start-stop-continue",
    "aar",
    "pair-prep",
]

GOOD = """id = "mine"
title = "Mine"
description = "A test template."
roles = ["mentee"]

[[stages]]
id = "one"
title = "One"
depth = "meaning"
hints = ["Say it."]
followups = ["What stands out most about it?"]

[stages.prompt]
mentee = "What happened?"
"""


def test_every_shipped_template_loads_with_rich_curated_banks() -> None:
    book = TemplateBook()
    ids = [t.id for t in book.all()]
    assert sorted(ids) == sorted(SHIPPED)
    for template in book.all():
        for stage in template.stages:
            assert len(stage.followups) >= 6, (template.id, stage.id)
            for role in template.roles:
                assert stage.prompt_for(role).endswith("?")
    assert [s.id for s in book.get("quick").stages] == ["what", "learned", "worked", "next"]


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        (('roles = ["mentee"]', 'roles = ["mentee"]\ncolour = "blue"'), 5, "colour"),
        (('depth = "meaning"', 'depth = "deep"'), 9, "stages.depth"),
        (
            ('followups = ["What stands out most about it?"]', 'followups = ["Tell me more."]'),
            11,
            "stages.one.followups",
        ),
        (('mentee = "What happened?"', 'mentor = "What happened?"'), 6, "stages.one.prompt.mentee"),
        (('id = "mine"', 'id = "Mine Template"'), 1, "id"),
        (('title = "One"', 'title = "One"\nhint = "x"'), 9, "stages.hint"),
    ],
)
def test_broken_template_names_file_line_and_field(
    change: tuple[str, str], line: int, field: str, tmp_path: Path
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace(*change))
    with pytest.raises(TemplateError) as caught:
        load_template_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}, field '{field}'")
    assert "\n" not in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace('title = "Mine"', 'title = "Mine'))
    with pytest.raises(TemplateError, match=r"bad.toml, line 2"):
        load_template_file(path)


def test_user_template_adds_to_and_overrides_shipped(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(GOOD)
    (tmp_path / "quick.toml").write_text(GOOD.replace('id = "mine"', 'id = "quick"'))
    (tmp_path / "broken.toml").write_text("id = ")
    book = TemplateBook(tmp_path)
    assert book.get("mine").user
    assert book.get("quick").title == "Mine"
    assert len(book.problems) == 1 and "broken.toml" in book.problems[0]


def test_parse_accepts_the_good_template() -> None:
    template = parse_template(GOOD, "mine.toml")
    assert template.stages[0].followups == ("What stands out most about it?",)
