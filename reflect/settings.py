"""Where Reflect keeps things and how it is configured.

Settings come from, lowest to highest: defaults, `<home>/config.toml`, environment
variables (`REFLECT_*`), then command-line flags. Nothing here touches the disk
until `load_settings` is called.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import HomeError, InputError
from .wording import count

APP_NAME = "reflect"

OFFLINE_ENV = {
    # Nothing may reach a model hub or phone home, whatever the libraries default to.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}


def enforce_offline() -> None:
    """Set the variables that keep Hugging Face and chromadb libraries off the network."""
    os.environ.update(OFFLINE_ENV)


def default_home() -> Path:
    """`REFLECT_HOME`, else the platform's user data folder."""
    env = os.environ.get("REFLECT_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path  # cheap, but only needed here

    return user_data_path(APP_NAME, appauthor=False)


def default_cache() -> Path:
    """`REFLECT_CACHE`, else the platform's user cache folder (assembled model files)."""
    env = os.environ.get("REFLECT_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class Settings:
    """Everything that decides how Reflect runs. Each field can be set in config.toml."""

    home: Path = field(default_factory=default_home)
    """The folder holding the journal, index, drafts and config."""
    cache_dir: Path = field(default_factory=default_cache)
    """Where a model assembled from its package parts is kept."""
    model: str | None = None
    """A catalog id (`gemma-3-270m`, `smollm2-135m-instruct`) or a path to a GGUF file."""
    llm_url: str | None = None
    """An OpenAI-compatible server (`http://127.0.0.1:8080/v1`) to use instead of a local model."""
    no_model: bool = False
    """Use only the curated follow-up banks and the extractive summary."""
    store_url: str | None = None
    """A chroma server (`http://host:port`) for the index instead of the embedded store."""
    threads: int | None = None
    """CPU threads for the language model; default: one fewer than the cores this process
    may use (at least one)."""
    n_ctx: int | None = None
    """Context window for local models, in tokens; default: the model's trained length,
    at most 4096."""
    ephemeral: bool = False
    """Keep everything in memory and write nothing (demo mode)."""
    author: str = "me"
    """How your own entries are labelled in share files."""
    connect_timeout: float = 2.0
    """Seconds to wait for a server (`store_url`, `llm_url`) to accept a connection."""
    read_timeout: float = 8.0
    """Seconds to wait for a server's reply (and between the words of a generation) before
    saying it is not answering."""
    model_timeout: float = 60.0
    """Seconds an `llm_url` server may think before the first word of a reply: it reads the
    whole prompt first, which a big model on a slow machine takes a while to do."""
    embedder: str | None = None
    """The embedding model search runs on: `all-MiniLM-L6-v2` (default) or, once installed
    with `make embedder-mpnet`, `all-mpnet-base-v2` (slower, finds more); `reflect
    reindex` after a change."""
    encrypt: bool = False
    """Require encryption at rest: a new home is created encrypted, and a plaintext one is
    refused until `reflect init --encrypt` converts it. (A home with a key file is always
    opened encrypted, whatever this says.)"""

    @property
    def journal_dir(self) -> Path:
        return self.home / "journal"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def drafts_dir(self) -> Path:
        return self.home / "drafts"

    @property
    def templates_dir(self) -> Path:
        return self.home / "templates"

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def lock_file(self) -> Path:
        return self.home / ".lock"

    def cores(self) -> int:
        """The cores this process may run on."""
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)

    def thread_count(self) -> int:
        """Threads for the language model: the setting, else one fewer than the cores.

        llama.cpp's threads spin-wait for each other at every step, so one thread per
        core stalls whenever any other program wants a core: on two busy cores a
        follow-up took 60 s instead of ~1 s. Leaving one core free keeps a busy
        machine's follow-ups within about twice the quiet time (`make bench`).
        """
        if self.threads:
            return max(1, self.threads)
        return max(1, self.cores() - 1)

    def embedder_threads(self) -> int:
        """onnxruntime threads for embeddings: half the cores (one on two cores).

        A query embeds in ~10 ms on one thread; more threads only compete with the
        language model the app runs beside it.
        """
        return max(1, self.cores() // 2)

    def thread_reason(self) -> str:
        """What `reflect doctor` says about the thread choice, and why."""
        model = self.thread_count()
        if self.threads:
            why = "as set by `threads` in config.toml or $REFLECT_THREADS"
        else:
            why = (
                "one fewer than the cores, so another busy program slows a follow-up "
                "in proportion instead of stalling llama.cpp's spin-waiting threads"
            )
        return (
            f"{count(model, 'model thread')} of {self.cores()} cores ({why}); "
            f"{count(self.embedder_threads(), 'embedder thread')}, idle threads sleep"
        )


_ENV_KEYS = {
    "model": "REFLECT_MODEL",
    "llm_url": "REFLECT_LLM_URL",
    "no_model": "REFLECT_NO_MODEL",
    "store_url": "REFLECT_STORE",
    "threads": "REFLECT_THREADS",
    "n_ctx": "REFLECT_CTX",
    "author": "REFLECT_AUTHOR",
    "encrypt": "REFLECT_ENCRYPT",
    "embedder": "REFLECT_EMBEDDER",
    "connect_timeout": "REFLECT_CONNECT_TIMEOUT",
    "read_timeout": "REFLECT_READ_TIMEOUT",
    "model_timeout": "REFLECT_MODEL_TIMEOUT",
}


def _coerce(name: str, value: Any, source: str) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = str(kinds[name])
    try:
        if "bool" in kind:
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if "float" in kind:
            seconds = float(value)
            if not 0 < seconds <= 3600:
                raise ValueError(value)
            return seconds
        if "int" in kind:
            return int(value) if value not in (None, "") else None
        if "Path" in kind:
            return Path(str(value)).expanduser()
        return str(value) if value not in (None, "") else None
    except (TypeError, ValueError) as exc:
        raise InputError(f"Setting '{name}' in {source} is not valid ({value!r}); fix it.") from exc


def _read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"Config file {path} is not valid TOML ({exc}); fix or remove it."
        ) from exc
    known = {f.name for f in fields(Settings)} - {"home"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(
            f"Config file {path} has unknown setting '{unknown[0]}'; "
            f"known settings are: {', '.join(sorted(known))}."
        )
    return {k: _coerce(k, v, str(path)) for k, v in data.items()}


def load_settings(home: Path | str | None = None, **overrides: Any) -> Settings:
    """Build Settings from config file, environment and explicit overrides (flags)."""
    base = Settings(home=Path(home).expanduser() if home else default_home())
    if base.home.exists() and not base.home.is_dir():
        raise HomeError(f"{base.home} is a file, not a folder; pass --home with a folder path.")
    values: dict[str, Any] = {} if base.ephemeral else _read_config(base.config_file)
    for name, env in _ENV_KEYS.items():
        if os.environ.get(env):
            values[name] = _coerce(name, os.environ[env], f"${env}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(base, **values)
