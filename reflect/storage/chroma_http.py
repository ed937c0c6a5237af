"""chromadb's HTTP client (`--store URL`) with connect and read timeouts.

chromadb 1.x builds its httpx session with `timeout=None`, so a server that accepts the
connection and never answers would hang Reflect for ever — already inside the client's
constructor, which asks the server who we are before returning. The client below sets
the session's timeouts just before that first request, so every request, the first
included, gives up after `connect` seconds to connect and `read` seconds without a byte.
"""

from __future__ import annotations

from typing import Any

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 8.0


def http_client(
    host: str,
    port: int,
    ssl: bool,
    settings: Any,
    connect: float = CONNECT_TIMEOUT_S,
    read: float = READ_TIMEOUT_S,
) -> Any:
    """A chromadb client for the server at host:port whose requests time out."""
    import httpx  # chromadb's own HTTP library, already imported with it
    from chromadb.api.client import Client
    from chromadb.config import DEFAULT_DATABASE, DEFAULT_TENANT

    timeout = httpx.Timeout(read, connect=connect)

    class TimedClient(Client):
        def get_user_identity(self) -> Any:  # the constructor's first request
            session = getattr(getattr(self, "_server", None), "_session", None)
            if isinstance(session, httpx.Client):
                session.timeout = timeout
            return super().get_user_identity()

    # What chromadb.HttpClient does with its arguments, then our client class.
    settings.chroma_api_impl = "chromadb.api.fastapi.FastAPI"
    settings.chroma_server_host = host
    settings.chroma_server_http_port = port
    settings.chroma_server_ssl_enabled = ssl
    return TimedClient(tenant=DEFAULT_TENANT, database=DEFAULT_DATABASE, settings=settings)


def timed_out(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) is an HTTP timeout rather than a refusal."""
    import httpx

    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, httpx.TimeoutException | TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
