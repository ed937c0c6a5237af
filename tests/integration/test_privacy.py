"""Privacy: a private home, no network at all, no telemetry, and forgetting for real.

The main CLI flows run in a child interpreter whose `sitecustomize` blocks (and records)
any connection or name lookup beyond this machine — the same guard the suite's conftest
installs, applied to a process the app starts the normal way.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reflect.entry import Entry, Turn
from reflect.services import build_services
from reflect.settings import OFFLINE_ENV, load_settings
from reflect.storage.drafts import DraftStore
from reflect.storage.index import ChromaIndex, clear_unused_hnsw_slots
from reflect.storage.snapshot import Recorded
from reflect.surfacing.ranking import rank

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]

GUARD = textwrap.dedent(
    '''
    """Installed by test_privacy: refuse and record any use of the network."""
    import ipaddress, os, socket

    _LOG = os.environ["REFLECT_NET_LOG"]

    def _local(host):
        host = str(host).split("%")[0]
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def _refuse(what):
        with open(_LOG, "a") as log:
            log.write(what + "\\n")
        raise OSError("network use blocked by the privacy test: " + what)

    _connect, _connect_ex, _getaddrinfo = (
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"connect {address!r}")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"connect_ex {address!r}")
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host if isinstance(host, str) else host.decode()):
            _refuse(f"lookup {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    '''
)

# The main flows, each through the real CLI entry point, in one interpreter (each command
# builds its own services, as separate runs would). Exit codes are printed as JSON.
FLOWS = textwrap.dedent(
    """
    import json, sys
    from reflect.cli import main
    home, work = sys.argv[1], sys.argv[2]
    flows = [
        ["add", "--template", "quick", "--with", "partner-a", "--answers", work + "/a.json"],
        ["add", "--template", "quick", "--answers", work + "/b.json"],
        ["search", "asking for help early", "--json"],
        ["followup", "--template", "quick", "--stage", "learned", "I learned to ask early."],
        ["summarize", work + "/note.txt", "--json"],
        ["templates", "list"],
        ["prep", "--with", "partner-a"],
        ["export", "--format", "json", "--out", work + "/export.json"],
        ["import", work + "/export.json"],
        ["reindex"],
    ]
    codes = {" ".join(f[:1]): main(["--home", home, "--no-model", *f]) for f in flows}
    print(json.dumps(codes))
    """
)


def run_flows(home: Path, work: Path) -> tuple[dict[str, int], list[str]]:
    guard_dir = work / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    net_log = work / "network.log"
    net_log.touch()
    (work / "a.json").write_text(
        json.dumps({"learned": "Asking for help early saved the release.", "next": "Pair daily."})
    )
    (work / "b.json").write_text(json.dumps(["Shipped the fix.", "Write the checklist first."]))
    (work / "note.txt").write_text("I will draft the agenda by Friday; I learned to ask early.")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard_dir), str(REPO)]),
        "REFLECT_NET_LOG": str(net_log),
    }
    for name in OFFLINE_ENV:  # the app must set these itself
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", FLOWS, str(home), str(work)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    return codes, net_log.read_text().splitlines()


def test_main_flows_run_without_any_network_and_leave_a_private_home(
    reflect_home: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    codes, attempts = run_flows(reflect_home, work)
    assert attempts == [], f"network use: {attempts}"
    assert all(code == 0 for code in codes.values()), codes

    assert stat.S_IMODE(reflect_home.stat().st_mode) == 0o700
    loose = []
    for path in [reflect_home, *reflect_home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            loose.append(f"{path.relative_to(reflect_home)} {oct(mode)}")
    assert loose == [], f"not private: {loose}"
    assert stat.S_IMODE((work / "export.json").stat().st_mode) == 0o600


def test_no_telemetry_is_configured(reflect_home: Path, hashing_embedder: object) -> None:
    for name in OFFLINE_ENV:
        os.environ.pop(name, None)
    services = build_services(load_settings(reflect_home, no_model=True), embedder=hashing_embedder)  # type: ignore[arg-type]
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    index = services.index
    assert isinstance(index, Recorded)  # the local store, bringing its snapshot along
    assert isinstance(index.inner, ChromaIndex)
    assert index.inner._client.get_settings().anonymized_telemetry is False
    services.close()


CANARY = "quartz-heron-canary-7731"


def test_forgotten_entry_is_found_nowhere_in_the_homes_bytes(
    reflect_home: Path, real_embedder: object
) -> None:
    services = build_services(load_settings(reflect_home, no_model=True), embedder=real_embedder)  # type: ignore[arg-type]
    library = services.library
    library.reconcile()
    kept = Entry.new("quick", "mentee", "partner-a")
    kept.turns = [Turn("learned", "What did you learn?", "Rehearsing the demo calmed me down.")]
    secret = Entry.new("quick", "mentee", "partner-a")
    secret.id += "-s"
    secret.turns = [Turn("learned", "What did you learn?", f"A private worry: {CANARY}.")]
    secret.summary.insight = f"Insight mentioning {CANARY}"
    library.save(kept)
    library.save(secret)
    DraftStore(services.settings.drafts_dir).save(secret.id, {"entry": secret.to_dict()})
    assert homes_holding(reflect_home, CANARY)  # the test can see it before

    services.forget(secret.id)
    hits = rank(library.index, library.embedder, "rehearsing before a demo", 5)
    assert {h.entry_id for h in hits} == {kept.id}
    services.close()

    assert homes_holding(reflect_home, CANARY) == []
    services = build_services(load_settings(reflect_home, no_model=True), embedder=real_embedder)  # type: ignore[arg-type]
    library = services.library
    library.reconcile()
    assert library.index.entry_ids() == {kept.id}
    services.close()
    assert homes_holding(reflect_home, CANARY) == []


def test_unused_vector_slots_never_keep_stray_memory(
    reflect_home: Path, hashing_embedder: object
) -> None:
    """hnswlib saves all the room it allocated, used or not; whatever the process's memory
    held there (a deleted entry's text, once) must not reach the disk."""
    from reflect.storage.chunks import chunk_entry

    folder = reflect_home / "index"
    index = ChromaIndex.persistent(folder)
    entry = Entry.new("quick", "mentee", "partner-a")
    entry.turns = [Turn("learned", "What did you learn?", "Rehearsing the demo calmed me.")]
    chunks = chunk_entry(entry)
    index.add(chunks, hashing_embedder.embed([c.text for c in chunks]))  # type: ignore[attr-defined]
    index.close()
    segments = list(folder.glob("*/data_level0.bin"))
    assert segments, "chromadb wrote an HNSW segment"
    for data in segments:  # stray bytes where the unused slots are, as malloc leaves them
        size = data.stat().st_size
        with data.open("r+b") as handle:
            handle.seek(size - 4096)
            handle.write(CANARY.encode() * (4096 // len(CANARY)))
    assert homes_holding(reflect_home, CANARY)

    # what `ChromaIndex.close()` runs once chromadb has let go of the files
    assert clear_unused_hnsw_slots(folder) == len(segments)
    assert homes_holding(reflect_home, CANARY) == []
    probe = hashing_embedder.embed(["Rehearsing the demo calmed me."])[0]  # type: ignore[attr-defined]
    index = ChromaIndex.persistent(folder)  # and the index still opens and answers
    assert index.query(probe, 1)[0].metadata["entry_id"] == entry.id
    index.close()


def homes_holding(home: Path, phrase: str) -> list[str]:
    """Every file under `home` whose bytes contain `phrase` (like `grep -rl`)."""
    needle = phrase.encode()
    return [str(p) for p in home.rglob("*") if p.is_file() and needle in p.read_bytes()]
