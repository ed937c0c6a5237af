"""Test-wide guards and fixtures.

- Any socket connection to a non-loopback address fails the test: Reflect never uses
  the network, and the suite proves it.
- Every test gets its own REFLECT_HOME; the model cache is shared (assembling the
  bundled Gemma takes seconds, so `make setup` does it once).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class NetworkBlocked(AssertionError):
    """A test (or the code under test) tried to reach beyond this machine."""


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return isinstance(address, (str, bytes))  # AF_UNIX paths are local
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NetworkBlocked(f"network access to {address!r} attempted during tests")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NetworkBlocked(f"network access to {address!r} attempted during tests")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def reflect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, private home for each test (and no config from the developer's own)."""
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    for var in ("REFLECT_MODEL", "REFLECT_LLM_URL", "REFLECT_STORE", "REFLECT_NO_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(scope="session")
def real_embedder() -> Iterator[object]:
    """The real all-MiniLM-L6-v2 as commands run it (its ONNX copy), loaded once for the
    whole run; sentence-transformers is the reference in test_onnx_embedder.py."""
    from embedding_copy import prepared_cache

    from reflect.llm.embedder import SentenceEmbedder

    yield SentenceEmbedder(threads=2, cache_dir=prepared_cache()).load()


@pytest.fixture
def hashing_embedder() -> object:
    from fakes import HashingEmbedder

    return HashingEmbedder()
