"""`reflect share` → `reflect import` → `reflect prep` between two homes, as a pair would.

The commands run in this process with the real embedder and a real chromadb in each
home; the loaded embedder is shared between commands only to save its load time.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reflect.cli import main

CANARY = "CANARY-PURPLE-OTTER"
ANSWERS = [
    {
        "what": "I ran my first retrospective as facilitator.",
        "learned": "Silence after a question is useful; people fill it with real answers.",
        "worked": "Waiting ten seconds before speaking again.",
        "next": "I will try the ten second pause in the planning meeting on Friday.",
    },
    {
        "what": "I gave feedback to a peer about her design review.",
        "learned": "Specific examples land better than general praise.",
        "worked": "Writing the examples down beforehand.",
        "next": "I will prepare two examples before each feedback talk.",
    },
    {
        "what": f"A private worry {CANARY} about my manager.",
        "learned": f"I am not sure I trust my manager {CANARY}.",
        "next": "I will think about it on my own first.",
    },
]


@pytest.fixture(autouse=True)
def shared_embedder(monkeypatch: pytest.MonkeyPatch, real_embedder: object) -> None:
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: real_embedder)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--no-model", *args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def mentee(
    tmp_path_factory: pytest.TempPathFactory, real_embedder: object
) -> Iterator[tuple[Path, list[str]]]:
    """A mentee's home with three entries with mentor-b (the third holds the canary);
    built once, and only read by the tests."""
    folder = tmp_path_factory.mktemp("mentee")
    home = folder / "home"
    ids = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: real_embedder)
        for n, answers in enumerate(ANSWERS):
            source = folder / f"answers-{n}.json"
            source.write_text(json.dumps(answers))
            out = io.StringIO()
            with redirect_stdout(out):
                code = main(["--no-model", "--home", str(home), "add", "--template", "quick",
                             "--with", "mentor-b", "--answers", str(source)])  # fmt: skip
            assert code == 0
            ids.append(out.getvalue().strip())
    yield home, ids


def test_mentee_shares_two_insights_and_the_mentors_prep_brief_shows_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mentee: tuple[Path, list[str]]
) -> None:
    home, ids = mentee
    out_file = tmp_path / "for-mentor.json"
    shown = ok(capsys, "--home", str(home), "share", ids[0], ids[1], "--only", "insights",
               "--as", "mentee-a", "--out", str(out_file), "--yes")  # fmt: skip
    data = out_file.read_bytes()
    assert CANARY.encode() not in data and ids[2].encode() not in data
    # answers are not picked with --only insights (the insight is the person's own sentence)
    assert b"I ran my first retrospective" not in data
    assert b"Writing the examples down beforehand" not in data
    assert (out_file.stat().st_mode & 0o777) == 0o600
    shared = json.loads(data)
    assert [e["ref"] for e in shared["entries"]] == ids[:2]
    for item in shared["entries"]:  # the preview showed every line that went in
        assert item["insight"] in shown
        assert all(a["text"] in shown for a in item["action_items"])

    mentor = ["--home", str(tmp_path / "mentor")]
    assert "Imported 2 entries, skipped 0." in ok(capsys, *mentor, "import", str(out_file))
    assert "Imported 0 entries" in ok(capsys, *mentor, "import", str(out_file))
    brief = json.loads(ok(capsys, *mentor, "prep", "--with", "mentee-a", "--format", "json"))
    insights = {i["text"] for i in brief["insights"]}
    assert insights == {e["insight"] for e in shared["entries"]}
    assert all(i["shared"] for i in brief["insights"])
    assert {a["text"] for a in brief["action_items"]} == {
        a["text"] for e in shared["entries"] for a in e["action_items"]
    }
    markdown = ok(capsys, *mentor, "prep", "--with", "mentee-a")
    assert "2 shared" in markdown and CANARY not in markdown


def test_passphrase_protected_share_shows_no_answer_and_needs_the_passphrase(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mentee: tuple[Path, list[str]]
) -> None:
    home, ids = mentee
    secret, wrong = tmp_path / "pass.txt", tmp_path / "wrong.txt"
    secret.write_text("correct horse battery\n")
    wrong.write_text("wrong horse battery\n")
    out_file = tmp_path / "for-mentor.share"
    ok(capsys, "--home", str(home), "share", ids[0], ids[1], "--as", "mentee-a",
       "--out", str(out_file), "--passphrase-file", str(secret), "--yes")  # fmt: skip
    data = out_file.read_bytes()
    for answers in ANSWERS:
        for text in answers.values():
            for word in text.split()[:4]:
                assert f" {word} ".encode() not in data
    assert b"Silence" not in data and b"mentee-a" not in data and CANARY.encode() not in data

    mentor = ["--home", str(tmp_path / "mentor")]
    code, _, err = run(capsys, *mentor, "import", str(out_file))
    assert code == 1 and "--passphrase-file" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, *mentor, "import", str(out_file), "--passphrase-file", str(wrong))
    assert code == 1 and "passphrase" in err and "wrong" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "Imported 2 entries" in ok(
        capsys, *mentor, "import", str(out_file), "--passphrase-file", str(secret)
    )
    hits = json.loads(ok(capsys, *mentor, "search", "waiting before speaking", "--json"))
    assert hits[0]["partner"] == "mentee-a" and "Waiting ten seconds" in hits[0]["text"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "Nothing was written"),
        (["--yes", "--ask-passphrase"], "needs a terminal"),
        (["--yes", "--as", "me"], "--as NAME"),
    ],
)
def test_share_without_confirmation_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    mentee: tuple[Path, list[str]],
    extra: list[str],
    message: str,
) -> None:
    home, ids = mentee
    out_file = tmp_path / "for-mentor.json"
    args = ["--home", str(home), "share", ids[0], "--out", str(out_file)]
    code, _, err = run(capsys, *args, *(extra if "--as" in extra else ["--as", "mentee-a", *extra]))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert not out_file.exists()
    assert not list(tmp_path.glob(".for-mentor.json.*"))


def test_sharing_an_unknown_entry_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mentee: tuple[Path, list[str]]
) -> None:
    home, ids = mentee
    code, _, err = run(capsys, "--home", str(home), "share", ids[0], "20990101-000000-ffff",
                       "--as", "mentee-a", "--out", str(tmp_path / "x.json"), "--yes")  # fmt: skip
    assert code == 1 and "20990101-000000-ffff" in err
