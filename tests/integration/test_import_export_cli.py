"""`reflect import` of jrnl and Day One exports, and export → import round trips, via the CLI.

The commands run in this process with the real embedder and a real chromadb in the home;
the loaded embedder is shared between commands only to save its load time.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reflect.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture(autouse=True)
def shared_embedder(monkeypatch: pytest.MonkeyPatch, real_embedder: object) -> None:
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: real_embedder)


def reflect(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["--no-model", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def dayone_zip(tmp_path: Path) -> Path:
    target = tmp_path / "dayone-export.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(SAMPLES / "dayone" / "Journal.json", "Journal.json")
    return target


def test_jrnl_and_dayone_import_cleanly_and_twice_adds_nothing(
    capsys: pytest.CaptureFixture[str], dayone_zip: Path
) -> None:
    jrnl = str(SAMPLES / "jrnl" / "export.json")
    assert "Imported 3 entries, skipped 0." in reflect(capsys, "import", jrnl)
    first = reflect(capsys, "import", str(dayone_zip))
    assert "Imported 2 entries, skipped 1." in first and "photos are not imported" in first
    assert "Imported 0 entries, skipped 3. 3 already in the journal" in reflect(
        capsys, "import", jrnl
    )
    assert "Imported 0 entries" in reflect(capsys, "import", str(dayone_zip))
    hits = json.loads(reflect(capsys, "search", "starting with the quieter people", "--json"))
    assert hits and hits[0]["text"].startswith("The retrospective went better")
    assert len(json.loads(reflect(capsys, "export"))["entries"]) == 5


def test_json_export_import_export_gives_the_same_entries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(["I led the planning meeting.", "Writing the agenda first kept us on time."]),
        encoding="utf-8",
    )
    reflect(capsys, "add", "--template", "quick", "--with", "partner-a", "--answers", str(answers))
    reflect(capsys, "import", str(SAMPLES / "notes"))
    exported = tmp_path / "one.json"
    reflect(capsys, "export", "--out", str(exported))
    other = tmp_path / "other-home"
    reflect(capsys, "--home", str(other), "import", str(exported))
    again = json.loads(reflect(capsys, "--home", str(other), "export"))
    assert again["entries"] == json.loads(exported.read_text(encoding="utf-8"))["entries"]
    assert len(again["entries"]) == 4


def test_markdown_vault_opens_as_notes_and_imports_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reflect(capsys, "import", str(SAMPLES / "jrnl" / "export.json"))
    vault = tmp_path / "vault"
    assert "Exported 3 entries as Markdown" in reflect(
        capsys, "export", "--format", "md", "--out", str(vault)
    )
    notes = sorted(vault.rglob("*.md"))
    assert len(notes) == 3
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert text.startswith("---\nid: ")  # YAML front matter, which Obsidian shows
        assert note.stat().st_mode & 0o777 == 0o600
    assert "tags:\n- mentoring\n- feedback\n- starred\n" in notes[0].read_text(encoding="utf-8")
    original = json.loads(reflect(capsys, "export"))["entries"]
    other = tmp_path / "other-home"
    reflect(capsys, "--home", str(other), "import", str(vault))
    assert json.loads(reflect(capsys, "--home", str(other), "export"))["entries"] == original
