"""Start a real server on 127.0.0.1 for a test, wait until it answers, stop it after."""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

STARTUP_DEADLINE_S = 180.0  # generous: the test machine may be busy loading other models


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(port: int, path: str) -> bool:
    """True once GET `path` on the loopback port returns HTTP 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@contextmanager
def serving(
    command: Sequence[str], port: int, ready_path: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends; yields the process once `ready_path` answers."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            deadline = time.monotonic() + STARTUP_DEADLINE_S
            while not answers(port, ready_path):
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready in time: {log.read_text()[-2000:]}")
                time.sleep(0.2)  # polling a condition with a deadline, not a fixed wait
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def tcp_sockets(pid: int) -> list[tuple[str, str]]:
    """(local, remote) IP addresses of every TCP socket `pid` holds (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd) if fd.is_symlink() else ""
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for row in (line.split() for line in lines):
            if row[9] in inodes:
                found.append((_ip(row[1]), _ip(row[2])))
    return found


def _ip(field: str) -> str:
    raw = bytes.fromhex(field.split(":")[0])
    # /proc prints each 32-bit word of the address in host (little-endian) order
    swapped = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(swapped))


def only_loopback(sockets: list[tuple[str, str]]) -> bool:
    """True if every socket is bound to loopback and talks to loopback (or listens)."""
    return all(
        ipaddress.ip_address(local).is_loopback
        and (
            ipaddress.ip_address(remote).is_loopback or ipaddress.ip_address(remote).is_unspecified
        )
        for local, remote in sockets
    )
