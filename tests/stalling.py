"""Loopback servers that misbehave in time: one that never answers, one that answers late.

`Silent` accepts connections (the handshake completes) and never sends a byte: a server
that hangs instead of dying. `Delayed` relays to a real server and holds back each reply
for `delay` seconds before passing it on: a slow server that still answers.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _listener() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    return sock


@contextmanager
def _serving(
    listener: socket.socket, accept: Callable[[], None], sockets: list[socket.socket]
) -> Iterator[str]:
    """Run `accept` on a thread while the caller uses the URL; then close everything."""
    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()


@contextmanager
def silent() -> Iterator[str]:
    """http://127.0.0.1:PORT of a server that accepts every connection and never answers."""
    listener = _listener()
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):  # the listener closed: the test is over
            while True:
                conn, _ = listener.accept()
                held.append(conn)  # kept open, never read from or written to

    with _serving(listener, accept, held) as url:
        yield url


@contextmanager
def delayed(target_port: int, delay: float) -> Iterator[str]:
    """http://127.0.0.1:PORT relaying to 127.0.0.1:`target_port`, each reply `delay` s late."""
    listener = _listener()
    open_sockets: list[socket.socket] = []

    def pump(src: socket.socket, dst: socket.socket, waiting: threading.Event, late: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if late and waiting.is_set():
                    time.sleep(delay)  # the point of this server: a reply that comes late
                    waiting.clear()
                elif not late:
                    waiting.set()  # a request went out: its reply will be held back
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                server = socket.create_connection(("127.0.0.1", target_port))
                open_sockets.extend((client, server))
                waiting = threading.Event()
                for args in ((client, server, waiting, False), (server, client, waiting, True)):
                    threading.Thread(target=pump, args=args, daemon=True).start()

    with _serving(listener, accept, open_sockets) as url:
        yield url
