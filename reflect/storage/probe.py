"""Index health: a cheap "was it closed cleanly?" check, and a probe in a child process.

A damaged HNSW segment can crash (not just fail) the process that loads it, so the real
check — open the store, count, run one query — runs in a child `python -c` with a
timeout. Opening a home only pays for that child when the index may be damaged: the last
close was unclean (a crash, a kill), or its files changed while Reflect was closed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write

STATE_FILE = ".index-state.json"
PROBE_TIMEOUT = 60.0

# Runs in the child: open the store, count, read one stored vector and query with it
# (that loads the HNSW segment). Exit 0 and "ok N" when healthy.
_PROBE = """
import sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
names = [getattr(c, "name", c) for c in client.list_collections()]
total = 0
for name in names:
    col = client.get_collection(name)
    n = col.count()
    total += n
    if n:
        got = col.get(limit=1, include=["embeddings"])
        col.query(query_embeddings=[list(got["embeddings"][0])], n_results=min(3, n))
        col.get(limit=min(n, 2000), include=["metadatas", "documents"])
print("ok", total)
"""


@dataclass(frozen=True)
class ProbeResult:
    """What the child found: healthy or not, why, and how long it took."""

    ok: bool
    detail: str
    seconds: float
    timed_out: bool = False  # inconclusive: a busy machine, not proof of damage


def probe_index(index_dir: Path, timeout: float = PROBE_TIMEOUT) -> ProbeResult:
    """Open the index at `index_dir` in a child process; never crashes this one."""
    started = time.monotonic()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(index_dir)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        took = time.monotonic() - started
        return ProbeResult(False, f"no answer within {timeout:.0f} s", took, timed_out=True)
    took = time.monotonic() - started
    if done.returncode == 0 and done.stdout.startswith("ok"):
        return ProbeResult(True, done.stdout.strip(), took)
    lines = (done.stderr or done.stdout).strip().splitlines()
    why = lines[-1] if lines else f"exit status {done.returncode}"
    return ProbeResult(False, why[:200], took)


def fingerprint(index_dir: Path) -> dict[str, list[int]]:
    """Size and mtime of every file in the index: a handful of stats."""
    found: dict[str, list[int]] = {}
    for path in sorted(index_dir.rglob("*")):
        if path.is_file() and path.name != STATE_FILE:
            st = path.stat()
            found[str(path.relative_to(index_dir))] = [st.st_size, st.st_mtime_ns]
    return found


class IndexState:
    """`<home>/.index-state.json`: whether the index was closed cleanly, and how it looked."""

    def __init__(self, home: Path, index_dir: Path) -> None:
        self.path = home / STATE_FILE
        self.index_dir = index_dir

    def _read(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def needs_probe(self) -> str | None:
        """Why the index should be probed before use, or None when it was closed cleanly."""
        if not self.index_dir.is_dir():
            return None  # nothing to probe: the next open builds it from the journal
        state = self._read()
        if state is None:
            return "no record of the last close"
        if not state.get("clean"):
            return "the last session did not close cleanly"
        if state.get("files") != fingerprint(self.index_dir):
            return "index files changed while Reflect was closed"
        return None

    def mark_open(self) -> None:
        atomic_write(self.path, json.dumps({"clean": False, "pid": os.getpid()}))

    def mark_closed(self) -> None:
        if self.index_dir.is_dir():
            state = {"clean": True, "files": fingerprint(self.index_dir)}
            atomic_write(self.path, json.dumps(state, separators=(",", ":")))
