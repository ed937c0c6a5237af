"""llama-cpp-python on a GGUF file, behind the LanguageModel interface.

Facts that shape this adapter: one `Llama` is not thread-safe (a lock serialises
calls); `n_threads` defaults to half the cores (we pass `Settings.thread_count()`: one
fewer than the cores, since its threads spin-wait and stall under any other load);
`n_ctx` defaults to 512; there is no cancel API (we stop between tokens); a JSON
shape needs `grammar=LlamaGrammar.from_json_schema(...)`; `close()` frees the model.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .base import Generation, PromptMode
from .gguf import GgufInfo, read_gguf_info

GGUF_MAGIC = b"GGUF"


def check_gguf(path: Path) -> None:
    """Raise ModelError unless `path` is a readable GGUF file."""
    if not path.is_file():
        raise ModelError(f"No model file at {path}; check --model or run `make setup`.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ModelError(f"The model file {path} cannot be read ({exc.strerror}).") from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model file; pass a .gguf file to --model.")


class LlamaModel:
    """A local GGUF model. Loads on first use; `close()` frees it."""

    def __init__(
        self,
        path: Path,
        name: str,
        prompt_mode: PromptMode,
        threads: int,
        n_ctx: int | None = None,
        mode_from_header: bool = False,
    ) -> None:
        self.path = path
        self.name = name
        self.prompt_mode = prompt_mode
        # a person's own file: chat prompts only when its header carries a chat template
        self.mode_from_header = mode_from_header
        self.threads = threads
        self.configured_ctx = n_ctx  # None: choose from the file's trained context
        self.n_ctx = n_ctx or 0  # the size actually used, known once loaded
        self.info: GgufInfo | None = None
        self._llm: Any = None
        self._lock = threading.RLock()
        self._grammars: dict[str, Any] = {}

    def load(self) -> LlamaModel:
        with self._lock:
            if self._llm is None:
                check_gguf(self.path)
                self.info = read_gguf_info(self.path)
                self.n_ctx = self.info.choose_context(self.configured_ctx)
                if self.mode_from_header:
                    self.prompt_mode = self.info.prompt_mode
                check_memory(self.path)
                # llama_cpp costs ~0.3 s to import and the weights ~0.2-1 s to map: lazily.
                from llama_cpp import Llama

                try:
                    with _quiet_native_stderr():
                        self._llm = Llama(
                            model_path=str(self.path),
                            n_ctx=self.n_ctx,
                            n_threads=self.threads,
                            n_threads_batch=self.threads,
                            n_batch=256,
                            seed=7,
                            verbose=False,
                        )
                except Exception as exc:  # llama.cpp reports every load failure as ValueError
                    raise ModelError(
                        f"The model {self.path.name} failed to load ({_reason(exc)}); "
                        "try another model or --no-model."
                    ) from exc
        return self

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def stream(self, request: Generation, cancel: threading.Event | None = None) -> Iterator[str]:
        self.load()
        with self._lock:
            kwargs: dict[str, Any] = {
                "max_tokens": request.max_tokens,
                "temperature": request.temperature,
                "top_p": 0.9,
                "repeat_penalty": 1.15,
                "seed": request.seed,
                "stream": True,
            }
            if request.stop:
                kwargs["stop"] = request.stop
            if request.json_schema is not None:
                kwargs["grammar"] = self._grammar(request.json_schema)
            if self.prompt_mode == "chat" and request.messages:
                chunks = self._llm.create_chat_completion(messages=request.messages, **kwargs)
                key = "delta"
            else:
                chunks = self._llm.create_completion(prompt=request.prompt, **kwargs)
                key = "text"
            try:
                for chunk in chunks:
                    if cancel is not None and cancel.is_set():
                        break
                    choice = chunk["choices"][0]
                    text = choice["delta"].get("content") if key == "delta" else choice["text"]
                    if text:
                        yield text
            finally:
                close = getattr(chunks, "close", None)
                if close:
                    close()

    def _grammar(self, schema: dict[str, Any]) -> Any:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def describe(self) -> str:
        """What `reflect doctor` shows after the model name: what was chosen and why."""
        if self.info is None:
            return ""
        trained = self.info.context_length or "unknown"
        return (
            f"; {self.info.architecture}, n_ctx {self.n_ctx} (trained {trained}), "
            f"{self.threads} threads, {self.prompt_mode} prompts"
        )

    def metadata(self) -> dict[str, str]:
        """GGUF metadata of the loaded model (architecture, context length, chat template)."""
        self.load()
        return dict(getattr(self._llm, "metadata", {}) or {})

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None


QUANTISATIONS = {"q8_0": "LLAMA_FTYPE_MOSTLY_Q8_0"}  # what a catalog `convert` may name


def convert_gguf(source: Path, target: Path, kind: str) -> None:
    """Write `source` re-quantised as `kind` to `target` (llama.cpp's own quantiser)."""
    import ctypes

    import llama_cpp

    if kind not in QUANTISATIONS:
        raise ModelError(
            f"Reflect cannot convert a model to '{kind}'; use one of {sorted(QUANTISATIONS)}."
        )
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, QUANTISATIONS[kind])
    params.allow_requantize = True  # the source is already quantised
    params.nthread = max(1, os.cpu_count() or 1)
    with _quiet_native_stderr():
        failed = llama_cpp.llama_model_quantize(
            str(source).encode(), str(target).encode(), ctypes.byref(params)
        )
    if failed:
        raise ModelError(
            f"Converting {source.name} to {kind} failed; check free disk space in "
            f"{target.parent}, then run `reflect models prepare` again."
        )


def check_memory(path: Path) -> None:
    """ModelError if the weights clearly cannot fit in the memory available now (Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return  # not Linux, or an unusual kernel: let the loader decide
    size = path.stat().st_size
    if size > available:
        raise ModelError(
            f"The model {path.name} needs about {size / 2**30:.1f} GB of memory but only "
            f"{available / 2**30:.1f} GB is free; close other programs or pick a smaller model."
        )


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence what llama.cpp prints straight to fd 2 while a model loads.

    `verbose=False` does not catch every native log line, and in the TUI a stray write
    to the terminal would scribble over the screen. Python-level errors still raise.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
