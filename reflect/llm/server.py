"""An OpenAI-compatible server (llama.cpp's server, `llama_cpp.server`, Ollama) as a model.

Standard library only (http.client): chat prompts go to `/v1/chat/completions`,
completion prompts to `/v1/completions`, both streamed as server-sent events. Cancel
is checked between chunks, and a watcher closes the socket if cancel is set while the
server is still thinking (prefill can take a while on a big model). Every request gives
up after `connect_timeout` seconds to connect and `read_timeout` seconds without a byte
(settings of the same names), so a server that accepts and never answers is found out
by `check()` within their sum. A generation may think for `model_timeout` seconds before
its first word (it reads the whole prompt first), then `read_timeout` between words.
Every failure a person can fix — server down, wrong URL, HTTP error, a server that hangs
or stalls — is one ModelError.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from ..errors import ModelError
from ..wording import count
from .base import Generation, PromptMode

CONNECT_TIMEOUT_S = 2.0  # loopback or a LAN box: a connection takes milliseconds
READ_TIMEOUT_S = 8.0  # the longest wait for a reply's next byte
MODEL_TIMEOUT_S = 60.0  # the longest wait for a generation's first word (prompt prefill)
WATCH_INTERVAL_S = 0.05
SCHEMA_HINT = "Reply with one JSON object only, matching this JSON schema: "


class ServerModel:
    """A model behind an OpenAI-compatible HTTP API. `check()` before first use."""

    def __init__(
        self,
        url: str,
        model: str | None = None,
        prompt_mode: PromptMode = "chat",
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
        model_timeout: float = MODEL_TIMEOUT_S,
    ) -> None:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ModelError(
                f"The LLM URL '{url}' is not an http address; use http://HOST:PORT/v1."
            )
        self.url = url
        self.host = parsed.hostname
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.https = parsed.scheme == "https"
        path = parsed.path.rstrip("/")
        self.base_path = path if path else "/v1"
        self.preferred = model
        self.model_id = model or ""
        self.name = f"server {self.host}:{self.port}"
        self.prompt_mode = prompt_mode
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.model_timeout = model_timeout
        self.offered: list[str] = []

    # -- reachability -----------------------------------------------------------------

    def check(self) -> ServerModel:
        """Ask the server which models it offers (GET /models); ModelError if it cannot."""
        conn = self._connection(self.connect_timeout)
        try:
            conn.request("GET", f"{self.base_path}/models", headers={"Accept": "application/json"})
            if conn.sock is not None:
                conn.sock.settimeout(self.read_timeout)
            resp = conn.getresponse()
            body = resp.read(1 << 20)
        except (OSError, http.client.HTTPException) as exc:
            raise self._unreachable(exc) from exc
        finally:
            conn.close()
        if resp.status >= 400:
            raise self._http_error(resp.status, body)
        try:
            listed = json.loads(body).get("data") or []
            self.offered = [str(m["id"]) for m in listed if isinstance(m, dict) and "id" in m]
        except (ValueError, AttributeError) as exc:
            raise ModelError(
                f"The server at {self.url} is not an OpenAI-compatible API (its model list "
                "is not JSON); check --llm-url."
            ) from exc
        if self.preferred in self.offered or not self.offered:
            self.model_id = self.preferred or ""
        else:
            self.model_id = self.offered[0]
        if self.model_id:
            self.name = PurePosixPath(self.model_id).name or self.model_id
        return self

    def describe(self) -> str:
        """What `reflect doctor` shows after the model name."""
        return f", via {self.url} ({count(len(self.offered), 'model')} offered)"

    # -- generation -------------------------------------------------------------------

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        chat = self.prompt_mode == "chat" and bool(request.messages)
        path, body = self._request_body(request, chat)
        if cancel is not None and cancel.is_set():
            return
        conn = self._connection(self.connect_timeout)
        done = threading.Event()
        try:
            try:
                conn.request(
                    "POST",
                    self.base_path + path,
                    body=json.dumps(body).encode("utf-8"),
                    headers={"Content-Type": "application/json", "Accept": "text/event-stream"},
                )
                sock = conn.sock
                if sock is not None:  # until the first word: the model reads the prompt
                    sock.settimeout(self.model_timeout)
                if cancel is not None:
                    _watch(cancel, conn, done)
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                if cancel is not None and cancel.is_set():
                    return
                raise self._unreachable(exc, thinking=True) from exc
            if resp.status >= 400:
                raise self._http_error(resp.status, resp.read(4096))
            yield from self._chunks(resp, chat, cancel, sock)
        finally:
            done.set()
            conn.close()

    def _chunks(
        self,
        resp: http.client.HTTPResponse,
        chat: bool,
        cancel: threading.Event | None,
        sock: socket.socket | None = None,
    ) -> Iterator[str]:
        if "text/event-stream" not in (resp.getheader("Content-Type") or ""):
            text = _text_of(self._parse(resp.read()), chat)  # a server that ignored stream=true
            if text:
                yield text
            return
        thinking = True  # no word yet: the model may still be reading the prompt
        while True:
            if cancel is not None and cancel.is_set():
                return
            try:
                line = resp.readline()
            except (OSError, http.client.HTTPException) as exc:
                if cancel is not None and cancel.is_set():
                    return
                raise self._stalled(exc, thinking) from exc
            if not line:
                return
            line = line.strip()
            if not line.startswith(b"data:"):
                continue  # blank separators, comments, event names
            if thinking and sock is not None:
                thinking = False
                with contextlib.suppress(OSError):  # from here on, words come steadily
                    sock.settimeout(self.read_timeout)
            payload = line[5:].strip()
            if payload == b"[DONE]":
                return
            text = _text_of(self._parse(payload), chat)
            if text and not (cancel is not None and cancel.is_set()):
                yield text

    def _request_body(self, request: Generation, chat: bool) -> tuple[str, dict[str, Any]]:
        body: dict[str, Any] = {
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "top_p": 0.9,
            "seed": request.seed,
            "stream": True,
        }
        if self.model_id:
            body["model"] = self.model_id
        if request.stop:
            body["stop"] = request.stop
        if request.json_schema is not None:
            # llama.cpp's servers turn `schema` into a grammar; others at least force JSON.
            body["response_format"] = {"type": "json_object", "schema": request.json_schema}
        if not chat:
            return "/completions", {**body, "prompt": request.prompt}
        messages = [dict(m) for m in request.messages]
        if request.json_schema is not None:
            hint = SCHEMA_HINT + json.dumps(request.json_schema, separators=(",", ":"))
            if messages and messages[0].get("role") == "system":
                messages[0]["content"] = f"{messages[0]['content']}\n{hint}"
            else:
                messages.insert(0, {"role": "system", "content": hint})
        return "/chat/completions", {**body, "messages": messages}

    # -- plumbing ---------------------------------------------------------------------

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return kind(self.host, self.port, timeout=timeout)

    def _parse(self, payload: bytes) -> dict[str, Any]:
        try:
            data = json.loads(payload)
        except ValueError as exc:
            raise ModelError(
                f"The server at {self.url} sent a reply that is not JSON; check that "
                "--llm-url points at an OpenAI-compatible API."
            ) from exc
        if not isinstance(data, dict):
            return {}
        if data.get("error"):
            raise ModelError(
                f"The server at {self.url} reported an error ({_message(data)}); "
                "see the server's log."
            )
        return data

    def _unreachable(self, exc: BaseException, thinking: bool = False) -> ModelError:
        if isinstance(exc, TimeoutError):
            return self._hung(thinking)
        return ModelError(
            f"The language-model server at {self.url} cannot be reached ({_reason(exc)}); "
            "start it, fix --llm-url, or use --no-model."
        )

    def _hung(self, thinking: bool) -> ModelError:
        waited, setting = (
            (self.model_timeout, "model_timeout")
            if thinking
            else (self.read_timeout, "read_timeout")
        )
        return ModelError(
            f"The language-model server at {self.url} did not answer within {waited:g} s; "
            f"restart it or use --no-model (a slow model may need a larger {setting} in "
            "config.toml)."
        )

    def _stalled(self, exc: BaseException, thinking: bool = False) -> ModelError:
        if isinstance(exc, TimeoutError):
            return self._hung(thinking)
        return ModelError(
            f"The language-model server at {self.url} stopped answering ({_reason(exc)}); "
            "check the server, then try again."
        )

    def _http_error(self, status: int, body: bytes) -> ModelError:
        try:
            detail = _message(json.loads(body))
        except ValueError:
            detail = body.decode("utf-8", "replace").strip()[:120] or "no details"
        return ModelError(
            f"The language-model server at {self.url} answered HTTP {status} ({detail}); "
            "check --llm-url and the server's log."
        )

    def close(self) -> None:
        pass  # one connection per request: nothing stays open


def _watch(
    cancel: threading.Event, conn: http.client.HTTPConnection, done: threading.Event
) -> None:
    """Close the socket once `cancel` is set, so a long wait for the next chunk ends too."""

    def run() -> None:
        while not cancel.wait(WATCH_INTERVAL_S):
            if done.is_set():
                return
        sock = conn.sock
        if sock is not None and not done.is_set():
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    threading.Thread(target=run, name="reflect-llm-cancel", daemon=True).start()


def _text_of(data: dict[str, Any], chat: bool) -> str:
    choices = data.get("choices") or []
    if not choices or not isinstance(choices[0], dict):
        return ""
    choice = choices[0]
    if chat:
        part = choice.get("delta") or choice.get("message") or {}
        text = part.get("content") if isinstance(part, dict) else None
    else:
        text = choice.get("text")
    return text if isinstance(text, str) else ""


def _message(data: Any) -> str:
    if isinstance(data, dict):
        error = data.get("error", data.get("detail"))
        if isinstance(error, dict):
            error = error.get("message", error)
        if error:
            return " ".join(str(error).split())[:120]
    return "no details"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:80]
