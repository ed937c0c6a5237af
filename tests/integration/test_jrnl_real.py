"""`reflect import` of journals written and exported by the real `jrnl` command (jrnl 4.6).

jrnl runs as a person would run it, in a child process with its own config file, HOME and
XDG folders under the test's tmp_path (the developer's own jrnl is never touched) and no
keyring (`PYTHON_KEYRING_BACKEND` set to keyring's null backend). Its password prompts
read the terminal, or stdin when there is none: the child starts in a session of its own
(no controlling terminal), so the password is typed on stdin.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from reflect.cli import main

JRNL = Path(sys.executable).with_name("jrnl")
PASSWORD = "jrnl pass phrase 7"
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Written:
    """One entry as typed after `jrnl`, and what Reflect should hold after the import."""

    typed: str
    when: str  # the date and time the entry was written for
    tags: frozenset[str]
    text: str  # the text as Reflect keeps it, spacing within lines aside
    piped: bool = False  # typed on stdin (`echo ... | jrnl`) rather than as arguments


WRITTEN = [
    Written(
        "2026-01-05 09:30 *: First session with my new mentor. "
        "We agreed on more @Feedback, sooner, and #mentoring every two weeks.",
        "2026-01-05 09:30",
        frozenset({"feedback", "mentoring", "starred"}),
        "First session with my new mentor.\nWe agreed on more @Feedback, sooner, "
        "and #mentoring every two weeks.",
    ),
    Written(
        "2026-01-12 18:05: Practised the difficult conversation out loud.\n"
        "It felt awkward, but the second run was calmer.\n\n"
        "Écrire d'abord m'aide — writing it down first helps. @équipe",
        "2026-01-12 18:05",
        frozenset({"équipe"}),
        "Practised the difficult conversation out loud.\n"
        "It felt awkward, but the second run was calmer.\n\n"
        "Écrire d'abord m'aide — writing it down first helps. @équipe",
        piped=True,
    ),
    Written(
        "2026-01-19 07:45: Asked for help before I was stuck for a whole day.",
        "2026-01-19 07:45",
        frozenset(),
        "Asked for help before I was stuck for a whole day.",
    ),
    Written(
        "2026-01-26 12:00: Gave the feedback straight away, and kindly. *",
        "2026-01-26 12:00",
        frozenset({"starred"}),
        "Gave the feedback straight away, and kindly.",
    ),
    # jrnl exports times to the minute: two entries of one minute with one title
    Written(
        "2026-02-02 10:00: Standup. Blocked on the review again; asked @sam to pair.",
        "2026-02-02 10:00",
        frozenset({"sam"}),
        "Standup.\nBlocked on the review again; asked @sam to pair.",
    ),
    Written(
        "2026-02-02 10:00: Standup. Unblocked after lunch — shipped it 🎉.",
        "2026-02-02 10:00",
        frozenset(),
        "Standup.\nUnblocked after lunch — shipped it 🎉.",
    ),
]


class Jrnl:
    """The jrnl command with a config, HOME and XDG folders of its own under `root`."""

    def __init__(self, root: Path, encrypted: bool) -> None:
        assert JRNL.is_file(), "jrnl is a test dependency: run `make setup`"
        self.root = root
        root.mkdir()
        self.journal = root / "journal.txt"
        self.encrypted = encrypted
        self.config = root / "jrnl.yaml"
        self.config.write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\n"
            f"encrypt: {'true' if encrypted else 'false'}\n"
            "highlight: false\nindent_character: '|'\n"
            f"journals:\n  default:\n    journal: {self.journal}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
            "timeformat: '%F %r'\nversion: v4.6\n",
            encoding="utf-8",
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("JRNL", "XDG_"))},
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }

    def run(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [str(JRNL), "--config-file", str(self.config), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
            start_new_session=True,  # no controlling terminal: prompts read stdin
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, entry: Written) -> None:
        if not self.encrypted:
            if entry.piped:
                self.run(stdin=entry.typed)
            else:
                self.run(entry.typed)
            return
        # The first write asks for a new password twice, then whether to keep it in the
        # keychain; later ones ask for the password to open the journal.
        first = not self.journal.exists()
        typed = f"{PASSWORD}\n{PASSWORD}\nn\n" if first else f"{PASSWORD}\n"
        self.run(entry.typed, stdin=typed)

    def export(self) -> Path:
        text = self.run("--export", "json", stdin=f"{PASSWORD}\n" if self.encrypted else "")
        target = self.root / "export.json"
        target.write_text(text, encoding="utf-8")
        return target


def reflect(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["--no-model", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def flat(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


@pytest.fixture(autouse=True)
def quick_embedder(monkeypatch: pytest.MonkeyPatch, hashing_embedder: object) -> None:
    # what is under test is reading jrnl's files, not search: hashing embeddings suffice
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda *a, **k: hashing_embedder)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_journal_written_and_exported_by_jrnl_imports_whole_and_once(
    encrypted: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jrnl = Jrnl(tmp_path / "jrnl", encrypted)
    for entry in WRITTEN:
        jrnl.write(entry)
    stored = jrnl.journal.read_bytes()
    assert stored.startswith(b"JRNLv") == encrypted  # jrnl's own encryption, or plain text
    assert (b"Standup" in stored) != encrypted
    export = jrnl.export()
    assert len(json.loads(export.read_text("utf-8"))["entries"]) == len(WRITTEN)

    assert f"Imported {len(WRITTEN)} entries, skipped 0." in reflect(capsys, "import", str(export))
    assert f"Imported 0 entries, skipped {len(WRITTEN)}." in reflect(capsys, "import", str(export))

    entries = json.loads(reflect(capsys, "export"))["entries"]
    assert len(entries) == len(WRITTEN)
    imported = {
        (datetime.fromisoformat(e["created"]).strftime("%Y-%m-%d %H:%M"), flat(text)): e
        for e in entries
        for text in ["\n".join(t["answer"] for t in e["turns"])]
    }
    for entry in WRITTEN:
        found = imported.get((entry.when, flat(entry.text)))
        assert found is not None, f"{entry.when} {entry.text!r} not among {list(imported)}"
        assert set(found["tags"]) == entry.tags
        assert found["origin"] == "import:jrnl"
    paragraphs = next(e for e in entries if "Écrire" in e["turns"][0]["answer"])
    assert "calmer.\n\nÉcrire d'abord" in paragraphs["turns"][0]["answer"]
