"""The CLI contract: shapes scripts rely on, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REFLECT = [sys.executable, "-m", "reflect.tui.entry"]


def run(
    *args: str, stdin: str | None = None, home: Path | None = None
) -> subprocess.CompletedProcess:
    cmd = [*REFLECT, *(["--home", str(home)] if home else []), *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=300)


def test_version_and_help_exit_zero() -> None:
    assert run("--version").stdout.startswith("reflect ")
    help_text = run("--help").stdout
    for command in (
        "doctor",
        "templates",
        "followup",
        "summarize",
        "add",
        "search",
        "export",
        "import",
        "reindex",
        "models",
        "eval",
        "demo",
    ):
        assert command in help_text


def test_usage_errors_exit_two() -> None:
    result = run("search")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_add_search_export_import_round_trip(tmp_path: Path) -> None:
    home, other = tmp_path / "one", tmp_path / "two"
    answers = {
        "what": "I presented the quarterly numbers to the leadership team.",
        "learned": "Rehearsing out loud twice the evening before calmed my shaking hands.",
        "next": "Next week I will rehearse the budget update with my mentor by Thursday.",
    }
    added = run(
        "--no-model",
        "add",
        "--template",
        "quick",
        "--with",
        "partner-a",
        "--answers",
        "-",
        stdin=json.dumps(answers),
        home=home,
    )
    assert added.returncode == 0, added.stderr
    entry_id = added.stdout.strip()
    assert len(added.stdout.splitlines()) == 1

    found = json.loads(run("search", "stage fright before presenting", "--json", home=home).stdout)
    assert found[0]["entry_id"] == entry_id
    assert set(found[0]) >= {"entry_id", "date", "partner", "role", "text", "score"}

    export = tmp_path / "export.json"
    assert run("export", "--format", "json", "--out", str(export), home=home).returncode == 0
    imported = run("import", str(export), home=other)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 1 entry, skipped 0." in imported.stdout
    again = run("export", "--format", "json", home=other)
    first = json.loads(export.read_text())["entries"]
    assert json.loads(again.stdout)["entries"] == first
    assert first[0]["summary"]["action_items"][0]["text"].startswith("rehearse the budget")
    assert "Imported 0 entries, skipped 1" in run("import", str(export), home=other).stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "--template", "nope", "--answers", "-"], "{}", "No template 'nope'"),
        (["add", "--template", "quick", "--answers", "-"], "not json", "not valid JSON"),
        (
            ["add", "--template", "quick", "--answers", "-"],
            '{"bogus": "x"}',
            "has no stage 'bogus'",
        ),
        (
            ["add", "--template", "quick", "--answers", "/nonexistent/a.json"],
            None,
            "No answers file",
        ),
        (["import", "/nonexistent/export.json"], None, "No file or folder"),
        (["search", "x", "--since", "yesterday"], None, "is not a date"),
        (["templates", "show", "nope"], None, "No template 'nope'"),
        (["--model", "/nonexistent/m.gguf", "models", "list"], None, "No model file"),
    ],
)
def test_user_errors_are_one_line_exit_one(
    args: list[str], stdin: str | None, message: str, tmp_path: Path
) -> None:
    result = run("--no-model", *args, stdin=stdin, home=tmp_path / "home")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_home_that_is_a_file_is_refused_clearly(tmp_path: Path) -> None:
    home = tmp_path / "file"
    home.write_text("x")
    result = run("search", "x", home=home)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr


def test_models_list_json_shape() -> None:
    rows = json.loads(run("models", "list", "--json").stdout)
    assert {r["id"] for r in rows} >= {"gemma-3-270m", "smollm2-135m-instruct"}
    assert sum(r["default"] for r in rows) == 1
    for row in rows:
        assert set(row) >= {"id", "path", "prompt_mode", "default", "present"}
    embedders = {r["id"]: r for r in rows if r["origin"] == "embedder"}
    assert set(embedders) == {"all-MiniLM-L6-v2", "all-mpnet-base-v2"}
    assert embedders["all-MiniLM-L6-v2"]["in_use"] and embedders["all-MiniLM-L6-v2"]["present"]
    assert not embedders["all-mpnet-base-v2"]["in_use"]


def test_templates_validate_explains_a_problem(tmp_path: Path) -> None:
    bad = tmp_path / "t.toml"
    bad.write_text('id = "x"\ntitle = "X"\nroles = ["mentee"]\ncolour = 1\n')
    result = run("templates", "validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}, line 4, field 'colour'" in result.stderr


def test_summarize_says_so_when_no_sentence_states_a_lesson(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Rota week again. Next week I will send her the draft rota by Friday.\n")
    result = run("--no-model", "summarize", str(note), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Insight: no lesson stated yet" in result.stdout.splitlines()
    assert any(
        line.startswith("Action: send her the draft rota") for line in result.stdout.splitlines()
    ), result.stdout


def test_eval_scores_whole_sessions_as_well_as_single_texts(tmp_path: Path) -> None:
    """`reflect eval` reads a whole session (answers and follow-up replies) the way the
    app summarises one, next to the single texts; its JSON keeps both apart."""
    result = run(
        "--no-model", "eval", "--split", "dev", "--only", "none", "--limit", "2", "--json",
        home=tmp_path / "home",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [m["texts"] for m in report["models"]] == [2]
    (sessions,) = report["sessions"]
    assert sessions["model"] == "no model" and sessions["sessions"] == 2
    assert 0.0 <= sessions["lesson_accuracy"] <= 1.0 and sessions["repeated"] >= 0
    assert report["retrieval"] == []
    table = run("--no-model", "eval", "--split", "dev", "--only", "none", "--limit", "2",
                home=tmp_path / "home")  # fmt: skip
    assert "Whole sessions (2" in table.stdout and "said twice, kept twice" in table.stdout
