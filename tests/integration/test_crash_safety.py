"""Crash safety: SIGKILL real Reflect writers at random moments; nothing saved is ever lost.

A driver process (crash_driver.py) loads the real embedding model once and forks a
writer per round: the CLI's `add`, `import` and `reindex`, or a Session autosaving
drafts. The test kills it after a random delay from a seeded RNG (the seed and every
delay are printed, so a failing run can be replayed), then reopens the home the way
the app does (build_services + reconcile) and checks:

- every entry the writer reported as saved loads;
- every journal file parses, no temp file is left, every draft parses;
- the index holds exactly the entries the journal holds.

`make test` runs REFLECT_STRESS_KILLS=20 (the default); `make stress` runs 200.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reflect.entry import Entry, Turn
from reflect.exchange.reflect_json import export_json
from reflect.services import build_services
from reflect.settings import load_settings
from reflect.storage.drafts import DraftStore

KILLS = int(os.environ.get("REFLECT_STRESS_KILLS", "20"))
SEED = int(os.environ.get("REFLECT_STRESS_SEED", "20261129"))
MODES = ("add", "add", "autosave", "import", "reindex")  # saves weigh double
DRIVER = Path(__file__).with_name("crash_driver.py")
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


class Driver:
    """The forking driver process, with a reader thread so no read ever blocks the test."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next_line(120) == "ready"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("eof")

    def next_line(self, timeout: float) -> str:
        return self.lines.get(timeout=timeout)

    def start(self, mode: str, home: Path, extra: str = "") -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{mode} {home} {extra}\n")
        self.proc.stdin.flush()
        line = self.next_line(60)
        assert line.startswith("child "), line
        return int(line.split()[1])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    d = Driver()
    yield d
    d.close()


@dataclass
class Tally:
    """What the whole run did and found."""

    kills: int = 0
    saved: set[str] = field(default_factory=set)
    lost: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def export_file(folder: Path, round_no: int, count: int = 15) -> Path:
    entries = []
    for n in range(count):
        entry = Entry.new("quick", "mentee", "partner-b")
        entry.id = f"{entry.id}-r{round_no}n{n}"
        entry.turns = [Turn("learned", "What did you learn?", f"Imported note {n}: ask early.")]
        entries.append(entry)
    path = folder / f"export-{round_no}.json"
    path.write_text(export_json(entries))
    return path


def run_round(
    driver: Driver, home: Path, mode: str, after: int, delay: float, extra: str
) -> list[str]:
    """Start a writer; SIGKILL it `delay` s after its `after`-th report; return its reports.

    Counting reports first makes the kill land inside the save loop however loaded the
    machine is; `after` = 0 kills during start-up (opening, probing, reconciling).
    """
    pid = driver.start(mode, home, extra)
    reported: list[str] = []
    deadline = time.monotonic() + delay if after == 0 else None
    killed = False
    while True:
        if not killed and deadline is not None and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            killed = True
        wait = 120.0 if killed or deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            line = driver.next_line(wait)
        except queue.Empty:
            continue
        if line.startswith(f"ended {pid} "):
            reported.append(line)
            return reported
        assert line != "eof", "the crash driver itself died"
        reported.append(line)
        if deadline is None and len(reported) >= after:
            deadline = time.monotonic() + delay


def check_home(home: Path, embedder: object, tally: Tally, where: str, reported: list[str]) -> None:
    """Reopen as the app does and compare journal, index and drafts."""
    services = build_services(load_settings(home, no_model=True), embedder=embedder)  # type: ignore[arg-type]
    try:
        library = services.library
        library.reconcile()
        journal = library.journal
        for problem in journal.problems:
            tally.corrupt.append(f"{where}: {problem.message}")
        for entry_id in sorted(tally.saved):
            try:
                journal.get(entry_id)
            except Exception as exc:  # any failure to load a saved entry is a loss
                tally.lost.append(f"{where}: {entry_id} ({exc})")
        journal_ids = set()
        for path in journal.files():
            try:
                journal_ids.add(journal.load(path).id)
            except Exception as exc:
                tally.corrupt.append(f"{where}: {path.name} ({exc})")
        index_ids = library.index.entry_ids()
        if index_ids != journal_ids:
            tally.mismatched.append(
                f"{where}: index-only {sorted(index_ids - journal_ids)[:3]}, "
                f"journal-only {sorted(journal_ids - index_ids)[:3]}"
            )
        leftovers = [p.name for p in home.rglob("*.tmp")]
        if leftovers:
            tally.corrupt.append(f"{where}: temp files left: {leftovers[:3]}")
        drafts = services.settings.drafts_dir
        for path in drafts.glob("*.json") if drafts.is_dir() else []:
            try:
                json.loads(path.read_text("utf-8"))
            except ValueError as exc:
                tally.corrupt.append(f"{where}: draft {path.name} ({exc})")
        last_draft = [line.split() for line in reported if line.startswith("draft ")]
        if last_draft:
            _, entry_id, answered = last_draft[-1]
            on_disk = {d.id: d.answered for d in DraftStore(drafts).list()}
            if on_disk.get(entry_id, 0) < int(answered) and not journal.exists(entry_id):
                tally.lost.append(f"{where}: draft {entry_id} lost answers")
    finally:
        services.close()


def test_killed_writers_never_lose_a_saved_entry_or_leave_a_broken_file(
    driver: Driver, tmp_path: Path, real_embedder: object, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    home = tmp_path / "home"
    tally = Tally()
    for round_no in range(1, KILLS + 1):
        mode = rng.choice(MODES)
        after = rng.choice((0, 1, 1, 2, 3))
        delay = round(rng.uniform(0.0, 1.5 if after else 4.0), 2)
        extra = str(export_file(tmp_path, round_no)) if mode == "import" else ""
        reported = run_round(driver, home, mode, after, delay, extra)
        status = int(reported[-1].split()[2])
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            tally.kills += 1
        errors = [line for line in reported if line.startswith("error")]
        assert not errors, f"round {round_no} ({mode}): the writer failed: {errors}"
        tally.saved.update(line.split()[1] for line in reported if line.startswith("saved "))
        where = f"round {round_no}: {mode}, killed {delay}s after report {after}"
        tally.log.append(f"{where}: {len(reported) - 1} lines")
        check_home(home, real_embedder, tally, where, reported)

    summary = (
        f"crash safety (seed {SEED}): {tally.kills} kills, {len(tally.saved)} entries saved, "
        f"{len(tally.lost)} lost, {len(tally.corrupt)} corrupt, "
        f"{len(tally.mismatched)} index mismatches after reopen"
    )
    with capsys.disabled():
        sys.stdout.write("\n" + summary + "\n")
        if os.environ.get("REFLECT_STRESS_VERBOSE"):
            sys.stdout.write("\n".join(tally.log) + "\n")
    assert tally.kills >= KILLS * 0.9, summary
    assert not tally.lost, f"{summary}\n" + "\n".join(tally.lost)
    assert not tally.corrupt, f"{summary}\n" + "\n".join(tally.corrupt)
    assert not tally.mismatched, f"{summary}\n" + "\n".join(tally.mismatched)


def test_a_command_that_fails_half_way_still_closes_the_index_cleanly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hashing_embedder: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not killed but failing: `reflect import` runs out of disk after opening the index.

    The index is still closed the clean way (marked closed, so the next open needs no
    probe; its unused slots zeroed) and the home's lock is released."""
    from reflect.cli import main
    from reflect.fsutil import write_error
    from reflect.storage.library import Library
    from reflect.storage.probe import IndexState

    home = tmp_path / "home"
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda *a, **k: hashing_embedder)
    reflect = ["--home", str(home), "--no-model"]
    assert main([*reflect, "import", str(export_file(tmp_path, 1, count=3))]) == 0
    saved = Library.save

    def disk_fills_up(self: Library, entry: Entry, touch: bool = True) -> Path:
        if entry.id.endswith("n2"):  # the third entry: two were saved and indexed
            raise write_error(self.journal.path_for(entry), OSError(28, "No space left"))
        return saved(self, entry, touch)

    monkeypatch.setattr(Library, "save", disk_fills_up)
    zeroed: list[Path] = []
    clear_slots = sys.modules["reflect.storage.index"].clear_unused_hnsw_slots

    def spy(folder: Path) -> int:
        zeroed.append(folder)
        return int(clear_slots(folder))

    monkeypatch.setattr("reflect.storage.index.clear_unused_hnsw_slots", spy)
    capsys.readouterr()
    assert main([*reflect, "import", str(export_file(tmp_path, 2, count=5))]) == 1
    err = capsys.readouterr().err
    assert "No space left" in err and err.count("\n") == 1, err

    assert json.loads((home / ".index-state.json").read_text())["clean"] is True
    assert IndexState(home, home / "index").needs_probe() is None
    assert zeroed == [home / "index"]
    monkeypatch.setattr(Library, "save", saved)  # the lock is free: the same process goes on
    assert main([*reflect, "import", str(export_file(tmp_path, 3, count=1))]) == 0
    # a command that closed its services itself is closed once, not again on the way out
    assert IndexState(home, home / "index").needs_probe() is None
